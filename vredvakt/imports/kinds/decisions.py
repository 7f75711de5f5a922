"""Care decisions (biståndsbeslut): the periods that give a client lock access (R4)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vredvakt.clients.models import CareDecision, Client
from vredvakt.imports.base import Column, ImportKind, References, ReferenceSource, Row, pks_by

MISSING_CLIENT = _("client: there is no client with the reference “%(value)s”")


class DecisionImport(ImportKind[CareDecision]):
    name = "decisions"
    label = _("Care decisions")
    model = CareDecision
    key_fields = ("reference",)
    columns = (
        Column("reference"),
        Column("client"),
        Column("valid_from"),
        Column("valid_until"),
        Column("assessor", required=False),
    )

    def references(self, rows: ReferenceSource) -> References:
        users = pks_by(get_user_model(), "username", rows.values_of("assessor"))
        return {"client": pks_by(Client, "reference", rows.values_of("client")), "assessor": users}

    def parse(self, row: Row, refs: References) -> dict[str, Any]:
        values: dict[str, Any] = {
            "reference": row.text("reference"),
            "client_id": row.reference(
                "client", refs["client"], missing=MISSING_CLIENT, required=True
            ),
            "valid_from": row.date("valid_from"),
            "valid_until": row.date("valid_until"),
        }
        if row.has("assessor"):
            values["assessor_id"] = row.reference(
                "assessor",
                refs["assessor"],
                missing=_("assessor: there is no user named “%(value)s”"),
                required=False,
            )
        start, end = values["valid_from"], values["valid_until"]
        if start and end and end < start:
            row.fail(gettext("valid_until must be the same day as valid_from or later"))
        return values


kind = DecisionImport()

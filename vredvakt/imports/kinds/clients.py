"""Clients (brukare): one row per client, matched on the municipality's reference."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.models import Unit
from vredvakt.clients.models import Client
from vredvakt.imports.base import Column, ImportKind, References, ReferenceSource, Row


class ClientImport(ImportKind[Client]):
    name = "clients"
    label = _("Clients")
    model = Client
    key_fields = ("reference",)
    columns = (
        Column("reference"),
        Column("first_name"),
        Column("last_name"),
        Column("street_address"),
        Column("postal_code"),
        Column("city"),
        Column("unit"),
        Column("contact_notes", required=False),
    )

    def references(self, rows: ReferenceSource) -> References:
        return {"unit": dict(Unit.objects.values_list("code", "pk"))}

    def parse(self, row: Row, refs: References) -> dict[str, Any]:
        values: dict[str, Any] = {
            "reference": row.text("reference"),
            "first_name": row.text("first_name"),
            "last_name": row.text("last_name"),
            "street_address": row.text("street_address"),
            "postal_code": row.postal_code("postal_code"),
            "city": row.text("city"),
            "unit_id": row.reference(
                "unit",
                refs["unit"],
                missing=_("unit: there is no unit with the code “%(value)s”"),
                required=True,
            ),
        }
        if row.has("contact_notes"):
            values["contact_notes"] = row.text("contact_notes", required=False)
        return values


kind = ClientImport()

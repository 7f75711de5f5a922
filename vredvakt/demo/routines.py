"""The routine's two versions in the demo (R16): the original, now expired, and its renewal."""

from datetime import date
from typing import Any

from vredvakt.demo.organisation import EMAIL_DOMAIN
from vredvakt.routine.parameters import RoutineParameters

TITLE = "Elektroniska låsvred ur funktion – driftstopp"
DECIDED_BY = "Verksamhetschef Hemtjänst"
OWNER = "Verksamhetsutvecklare hemtjänst"
ORIGINAL_CODE = "2020:1"


def original_version() -> dict[str, Any]:
    # The routine as decided: valid its full 5 years, so it expired on 2025-12-21.
    return _version(ORIGINAL_CODE, date(2020, 12, 21), date(2020, 12, 21), date(2025, 12, 21))


def renewed_version(replaces_id: int) -> dict[str, Any]:
    row = _version("2025:1", date(2025, 12, 15), date(2025, 12, 21), date(2030, 12, 15))
    row["replaces_id"] = replaces_id
    return row


def _version(code: str, decided_on: date, valid_from: date, valid_until: date) -> dict[str, Any]:
    return {
        "code": code,
        "title": TITLE,
        "decided_by": DECIDED_BY,
        "decided_on": decided_on,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "owner": OWNER,
        "owner_email": f"verksamhetsutveckling@{EMAIL_DOMAIN}",
        "replaces_id": None,
        "parameters": RoutineParameters().to_json(),
    }

"""How to call each page and API operation of the matrix on the access world's objects.

A refused write must be refused for who the caller is, not for what they sent, so
each write carries a body the allowed roles could send for real. A new write without
a body here is sent empty: add one, or its refusals may only be the form's.
"""

import json
from collections.abc import Callable
from typing import Any

from django.test import Client as HttpClient
from django.urls import NoReverseMatch, reverse

from tests.access.world import NOW, AccessWorld

Body = Callable[[AccessWorld], dict[str, Any]]


def url_kwargs(aw: AccessWorld) -> dict[str, dict[str, Any]]:
    """The arguments of each parametrised page: Tumba's objects."""
    w = aw.world
    case = {"pk": aw.case.pk}
    outage = {"pk": aw.outage.pk}
    draft = {"pk": aw.draft_report.pk}
    return {
        "cases:night_patrol": {"unit_pk": w.tumba.pk},
        "cases:detail": case,
        "cases:reported": case,
        "cases:night_patrol_one": case,
        "cases:step_done": {**case, "code": "document_fault"},
        "cases:inform": case,
        "cases:acknowledge": case,
        "cases:note": case,
        "cases:fixed": case,
        "cases:restore": case,
        "cases:close": case,
        "cases:deviation": case,
        "cases:correct": {**case, "entry_pk": aw.entry.pk},
        "keys:return": {"pk": aw.loan.pk},
        "keys:hand_over": {"pk": aw.loan.pk},
        "keys:storage": {"pk": w.tumba_cabinet.pk},
        "oncall:unit": {"pk": w.tumba.pk},
        "oncall:slot_set": {"pk": w.tumba.pk},
        "oncall:slot_remove": {"pk": w.tumba.pk, "slot_pk": aw.slot.pk},
        "oncall:exception_add": {"pk": w.tumba.pk},
        "oncall:exception_remove": {"pk": w.tumba.pk, "exception_pk": aw.exception.pk},
        "outages:detail": outage,
        "outages:clients": outage,
        "outages:notify": outage,
        "outages:notify_preview": outage,
        "outages:update": outage,
        "outages:restore": outage,
        "outages:restore_preview": outage,
        "outages:deviation": outage,
        "outages:battery_done": {"pk": aw.battery.pk},
        "locks:history": {"pk": w.karin_lock.pk},
        "front:client_detail": {"pk": w.karin.pk},
        "front:lock_detail": {"pk": w.karin_lock.pk},
        "front:key_detail": {"pk": w.karin_unit_key.pk},
        "accounts:token_revoke": {"pk": aw.token.pk},
        "deviations:detail": draft,
        "deviations:save": draft,
        "deviations:export": {**draft, "fmt": "json"},
        "deviations:follow_up": {"pk": aw.submitted_report.pk},
        "deviations:for_case": {"case_id": aw.case.pk},
        "deviations:for_outage": {"outage_id": aw.outage.pk},
        "retention:client_export": {"pk": w.karin.pk},
        "reports:csv": {"name": "cases-by-cause"},
    }


def api_params(aw: AccessWorld) -> dict[str, Any]:
    """The path parameters of the API's operations: Tumba's objects."""
    w = aw.world
    return {
        "unit_id": w.tumba.pk,
        "membership_id": w.anna.memberships.get().pk,
        "client_id": w.karin.pk,
        "decision_id": w.karin.care_decisions.get().pk,
        "lock_id": w.karin_lock.pk,
        "storage_id": w.tumba_cabinet.pk,
        "key_id": w.karin_unit_key.pk,
        "loan_id": aw.loan.pk,
        "version_id": w.routine.pk,
        "case_id": aw.case.pk,
        "code": "document_fault",
        "entry_id": aw.entry.pk,
        "outage_id": aw.outage.pk,
        "report_id": aw.draft_report.pk,
        "fmt": "json",
    }


# Operations that need another object than api_params() gives: the follow-up needs a
# submitted report.
API_PARAMS_FOR: dict[str, Body] = {
    "POST /api/v1/deviations/{report_id}/follow-up": lambda aw: {
        "report_id": aw.submitted_report.pk
    },
}


# Form posts of the pages, with what an allowed user would send.
PAGE_BODIES: dict[str, Body] = {
    "POST cases:report": lambda aw: {"client": aw.world.karin.pk, "kind": "app", "note": "x"},
    "POST cases:close_restored": lambda aw: {"case": [aw.case.pk]},
    "POST cases:night_patrol": lambda aw: {"cases": [aw.case.pk], "text": "Natt"},
    "POST cases:note": lambda aw: {"text": "Omstart gjord"},
    "POST cases:fixed": lambda aw: {"note": "Bytt batteri"},
    "POST cases:restore": lambda aw: {"note": "Fungerar"},
    "POST cases:deviation": lambda aw: {"reference": "AV-1"},
    "POST cases:correct": lambda aw: {"text": "Rättelse"},
    "POST keys:sign_out": lambda aw: {"key": aw.world.karin_night_key.pk, "reason": "Besök"},
    "POST keys:return": lambda aw: {"place": aw.world.tumba_cabinet.pk},
    "POST keys:hand_over": lambda aw: {"to": aw.world.kim.pk},
    "POST oncall:slot_set": lambda aw: {
        "person": aw.world.ulla.pk,
        "weekday": 0,
        "starts": "17:00",
        "end_weekday": 1,
        "ends": "07:00",
    },
    "POST oncall:exception_add": lambda aw: {
        "person": aw.world.kim.pk,
        "starts_at": "2026-03-20 17:00",
        "ends_at": "2026-03-21 07:00",
    },
    "POST outages:declare": lambda aw: {"description": "Appen nere", "vendors": ["Phoniro"]},
    "POST outages:update": lambda aw: {"text": "Leverantören felsöker"},
    "POST outages:restore": lambda aw: {"note": "Åter"},
    "POST outages:deviation": lambda aw: {"reference": "AV-2"},
    "POST notifications:preferences": lambda aw: {"language": "en"},
    "POST set_language": lambda aw: {"language": "en", "next": "/"},
    "POST imports:run": lambda aw: {"kind": "clients", "check_only": "on"},
    "POST accounts:token_create": lambda aw: {"name": "Ny", "scope": "read", "days": 30},
    "POST deviations:save": lambda aw: {"account": "Dörren öppnades", "action": "save"},
    "POST deviations:follow_up": lambda aw: {"analysis": "Batteriet", "actions": "Byte"},
}

# Query strings of pages that need one to show anything.
PAGE_QUERIES: dict[str, Body] = {
    "GET keys:sign_out": lambda aw: {"key": aw.world.karin_night_key.pk},
    # The log review of one client: the page then shows the client and who read them.
    "GET front:access_review": lambda aw: {"client": aw.world.karin.pk},
}

# JSON bodies of the API's writes.
API_BODIES: dict[str, Body] = {
    "POST /api/v1/units": lambda aw: {"code": "ny", "name": "Ny enhet", "kind": "home_care"},
    "PATCH /api/v1/units/{unit_id}": lambda aw: {"phone": "08-1"},
    "POST /api/v1/memberships": lambda aw: {
        "user": aw.world.otto.pk,
        "unit": aw.world.tumba.pk,
        "role": "care_worker",
    },
    "POST /api/v1/clients": lambda aw: {
        "reference": "C-9",
        "first_name": "Nora",
        "last_name": "Ny",
        "street_address": "Nygatan 1",
        "postal_code": "147 30",
        "city": "Tumba",
        "unit": aw.world.tumba.pk,
    },
    "PATCH /api/v1/clients/{client_id}": lambda aw: {"contact_notes": "Ring först"},
    "POST /api/v1/care-decisions": lambda aw: {
        "reference": "D-9",
        "client": aw.world.karin.pk,
        "valid_from": "2026-01-01",
        "valid_until": "2026-12-31",
    },
    "PATCH /api/v1/care-decisions/{decision_id}": lambda aw: {"valid_until": "2028-01-01"},
    "POST /api/v1/locks": lambda aw: {
        "vendor": "Phoniro",
        "vendor_lock_id": "PH-9",
        "client": aw.world.karin.pk,
    },
    "PATCH /api/v1/locks/{lock_id}": lambda aw: {"area": "Tumba C"},
    "POST /api/v1/key-storages": lambda aw: {
        "code": "skap-2",
        "name": "Skåp 2",
        "kind": "unit_cabinet",
        "unit": aw.world.tumba.pk,
    },
    "PATCH /api/v1/key-storages/{storage_id}": lambda aw: {"address": "Tumbavägen 2"},
    "POST /api/v1/keys": lambda aw: {
        "code": "K-9",
        "kind": "unit_key",
        "client": aw.world.karin.pk,
    },
    "PATCH /api/v1/keys/{key_id}": lambda aw: {"hook": "15"},
    "POST /api/v1/key-loans": lambda aw: {"key": aw.world.karin_night_key.pk, "reason": "Besök"},
    "POST /api/v1/key-loans/{loan_id}/hand-over": lambda aw: {"to": aw.world.kim.pk},
    "POST /api/v1/key-loans/{loan_id}/return": lambda aw: {},
    "POST /api/v1/routine-versions": lambda aw: {
        "code": "2026:1",
        "title": "Ny rutin",
        "decided_by": "Nämnden",
        "decided_on": "2026-03-01",
        "valid_from": "2026-04-01",
        "valid_until": "2028-12-31",
        "owner": "Verksamhetschef",
        "replaces": aw.world.routine.pk,
    },
    "POST /api/v1/cases/night-patrol/messages": lambda aw: {
        "unit": aw.world.tumba.pk,
        "case_ids": [aw.case.pk],
    },
    "POST /api/v1/cases": lambda aw: {"client": aw.world.karin.pk, "kind": "app"},
    "POST /api/v1/cases/{case_id}/notes": lambda aw: {"text": "Omstart gjord"},
    "POST /api/v1/cases/{case_id}/deviation": lambda aw: {"reference": "AV-1"},
    "POST /api/v1/cases/{case_id}/timeline/{entry_id}/corrections": lambda aw: {"text": "Rätt"},
    "POST /api/v1/outages": lambda aw: {"description": "Appen nere", "vendors": ["Phoniro"]},
    "POST /api/v1/outages/{outage_id}/updates": lambda aw: {"text": "Felsöker"},
    "POST /api/v1/outages/{outage_id}/deviation": lambda aw: {"reference": "AV-2"},
    "POST /api/v1/deviations/{report_id}/draft": lambda aw: {"account": "Dörren öppnades"},
    "POST /api/v1/deviations/{report_id}/submit": lambda aw: {
        "account": "Dörren öppnades",
        "serious": "no",
        "reference": "AV-3",
    },
    "POST /api/v1/deviations/{report_id}/follow-up": lambda aw: {
        "analysis": "Batteriet",
        "actions": "Byte",
    },
}


# Pages about one's own message: each persona opens their own (another's is tested apart).
OWN_MESSAGE_PAGES = {"notifications:detail", "notifications:mark_read"}


def message_of(aw: AccessWorld, role: str) -> int:
    # Nobody signed in has no inbox: they try the coordinator's message.
    return aw.messages.get(role, aw.messages["coordinator"]).pk


def send(http: HttpClient, aw: AccessWorld, entry: str, role: str, *, htmx: bool = False) -> Any:
    """Make the request an entry of the matrix names ("GET cases:desk", "POST /api/v1/…").

    With `htmx`, a page is asked as htmx asks for its fragments (HX-Request).
    """
    headers = {"HX-Request": "true"} if htmx else None
    method, target = entry.split(" ", 1)
    if target.startswith("/"):
        try:
            params = {**api_params(aw), **API_PARAMS_FOR.get(entry, lambda aw: {})(aw)}
            path = target.format(**params)
        except KeyError as missing:
            raise AssertionError(f"{entry}: give {missing} a value in api_params()") from None
        body = API_BODIES.get(entry, lambda aw: {})(aw)
        if method == "GET":
            return http.get(path)
        data = json.dumps(body)
        return getattr(http, method.lower())(path, data, content_type="application/json")
    kwargs = url_kwargs(aw).get(target)
    if target in OWN_MESSAGE_PAGES:
        kwargs = {"pk": message_of(aw, role)}
    try:
        path = reverse(target, kwargs=kwargs)
    except NoReverseMatch:
        raise AssertionError(f"{entry}: give its URL arguments in url_kwargs()") from None
    if method == "GET":
        return http.get(path, PAGE_QUERIES.get(entry, lambda aw: {})(aw), headers=headers)
    return http.post(path, PAGE_BODIES.get(entry, lambda aw: {})(aw), headers=headers)


__all__ = ["NOW", "send"]

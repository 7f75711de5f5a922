"""Kinds of message: what a person may choose, and what the routine requires.

In-app is always on. `default` are the outbound channels a person gets until
they choose; `required` cannot be switched off, because the routine depends on
the message reaching a phone or a mailbox in time. These are the routine's
defaults; when a routine version carries its own requirements they belong in
RoutineParameters (R16).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

OUTBOUND = ("email", "sms")


@dataclass(frozen=True)
class Kind:
    code: str
    label: StrOrPromise
    rule: str
    default: frozenset[str]
    required: frozenset[str] = frozenset()

    def channels(self, chosen: list[str] | None) -> frozenset[str]:
        picked = self.default if chosen is None else frozenset(chosen)
        return (picked & frozenset(OUTBOUND)) | self.required


def _kind(code: str, label: StrOrPromise, rule: str, default: str, required: str = "") -> Kind:
    return Kind(code, label, rule, frozenset(default.split()), frozenset(required.split()))


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in [
        # R3: the coordinator is told at once.
        _kind("case_opened", _("New fault case"), "R3", "email sms"),
        # R9/R10: the night patrol must prepare for the night; they live on their phones.
        _kind("night_patrol_message", _("Message to the night patrol"), "R9", "sms email", "sms"),
        # R8/R10: the alarm group takes the case.
        _kind("alarm_group_informed", _("Case for the alarm group"), "R8", "sms email", "sms"),
        # R11/R13: unit managers are told by email.
        _kind("major_outage", _("Major outage"), "R11", "email sms", "email"),
        _kind("outage_update", _("Outage update"), "R12", "email", "email"),
        _kind("deadline_reminder", _("Deadline reminder"), "R9", "email"),
        _kind("deadline_missed", _("Deadline missed"), "R9", "sms email", "sms"),
        # R4: the client's lock refuses staff because the care decision has ended.
        _kind("decision_expired", _("Care decision expired"), "R4", "email"),
        # R4 (#13): a decision about to end, before the lock refuses staff.
        _kind("decision_expiring", _("Care decision expiring"), "R4", "email"),
        # R14: the reporter files the deviation once the case is closed.
        _kind("deviation_requested", _("Report the deviation"), "R14", ""),
        # R14, R15 (#15): the report's owner is asked once the client has been helped.
        _kind("deviation_report_due", _("Deviation report to write"), "R14", "email"),
        _kind("deviation_submitted", _("Deviation report to follow up"), "R14", "email"),
        _kind("deviation_reminder", _("Deviation report waiting"), "R14", "email"),
        _kind("key_overdue", _("Key not returned"), "R5", "email"),
        # #12: a unit manager hears of an out-of-hours stretch with nobody on call.
        _kind("oncall_gap", _("Nobody on call"), "", "email"),
        _kind("delivery_escalation", _("Message not delivered"), "", "email sms", "email"),
    ]
}


def kind_of(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f"unknown kind of message: {code!r}") from None

"""Sample contexts for every kind: admin previews and template tests."""

from datetime import UTC, datetime

from django.utils.translation import gettext_lazy as _

from vredvakt.notifications.rendering import MessageContext

AT = datetime(2026, 3, 30, 8, 42, tzinfo=UTC)  # 10:42 in Stockholm
DUE = datetime(2026, 4, 6, 6, 0, tzinfo=UTC)  # next working day 08:00

SAMPLES: dict[str, MessageContext] = {
    "case_opened": MessageContext(
        public={"unit": "Enhet Tumba", "what": _("the lock"), "reported_at": AT},
        personal={
            "client": "Karin Lund",
            "address": "Storgatan 4, 147 30 Tumba",
            "description": "Låset svarar inte i appen.",
        },
        path="/cases/1/",
    ),
    "night_patrol_message": MessageContext(
        public={"unit": "Enhet Tumba", "count": 2},
        personal={
            "clients": [
                {
                    "name": "Karin Lund",
                    "address": "Storgatan 4",
                    "key": "N-1",
                    "key_place": "Orrens servicehus, krok N14",
                },
                {
                    "name": "Bengt Sjö",
                    "address": "Ekvägen 12",
                    "key": "N-2",
                    "key_place": "Orrens servicehus, krok N15",
                },
            ]
        },
        path="/cases/",
    ),
    "alarm_group_informed": MessageContext(
        public={
            "unit": "Enhet Tumba",
            "count": 1,
            "locks": ["Phoniro PH-1"],
            "weekend": True,
            "later": True,
            "due": DUE,
        },
        personal={"addresses": ["Storgatan 4, 147 30 Tumba"]},
        path="/cases/1/",
    ),
    "major_outage": MessageContext(
        public={
            "count": 48,
            "units": ["Enhet Tumba", "Enhet Alby"],
            "started_at": AT,
            "platform_vendors": ["Phoniro"],
        },
        path="/outages/1/",
    ),
    "outage_update": MessageContext(
        public={"count": 12, "at": AT, "restored": False, "status": "Leverantören felsöker."},
        path="/outages/1/",
    ),
    "deadline_reminder": MessageContext(
        public={"task": _("Message the night patrol"), "deadline": AT, "unit": "Enhet Tumba"},
        path="/cases/1/",
    ),
    "deadline_missed": MessageContext(
        public={"task": _("Message the night patrol"), "deadline": AT, "unit": "Enhet Tumba"},
        path="/cases/1/",
    ),
    "decision_expired": MessageContext(
        public={"unit": "Enhet Tumba", "expired_on": DUE.date()},
        personal={"client": "Karin Lund", "address": "Storgatan 4, 147 30 Tumba"},
        path="/cases/1/",
    ),
    "decision_expiring": MessageContext(
        public={"unit": "Enhet Tumba", "expires_on": DUE.date()},
        personal={"client": "Karin Lund", "address": "Storgatan 4, 147 30 Tumba"},
        path="/cases/1/",
    ),
    "deviation_requested": MessageContext(
        public={"unit": "Enhet Tumba", "opened_at": AT},
        path="/cases/1/",
    ),
    "deviation_report_due": MessageContext(
        public={"unit": "Enhet Tumba", "outage": False, "own": True, "created_at": AT},
        personal={"client": "Karin Lund"},
        path="/deviations/1/",
    ),
    "deviation_submitted": MessageContext(
        public={"unit": "Enhet Tumba", "outage": False, "submitted_at": AT, "serious": True},
        personal={"client": "Karin Lund"},
        path="/deviations/1/",
    ),
    "deviation_reminder": MessageContext(
        public={"unit": "Enhet Tumba", "outage": False, "stage": "draft", "since": AT},
        personal={"client": "Karin Lund"},
        path="/deviations/1/",
    ),
    "key_overdue": MessageContext(
        public={"key": "K-1", "due_back": AT, "place": "Nyckelskåpet Tumba"},
        personal={"client": "Karin Lund", "address": "Storgatan 4", "signed_out_by": "Anna"},
        path="/keys/",
    ),
    "oncall_gap": MessageContext(
        public={"unit": "Enhet Tumba", "starts_at": AT, "ends_at": DUE},
        path="/oncall/1/",
    ),
    "delivery_escalation": MessageContext(
        public={
            "recipient": "Kim Koordinator",
            "kind": _("New fault case"),
            "title": "Nytt ärende på Enhet Tumba",
            "queued_at": AT,
            "error": "connection refused",
        },
        path="/messages/",
    ),
}

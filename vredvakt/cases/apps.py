from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "vredvakt.cases"
    label = "cases"

    def ready(self) -> None:
        # Registers the deadline reminder and escalation job handlers (R9, R10), and
        # the open cases on /metrics.
        from vredvakt.cases import metrics  # noqa: F401
        from vredvakt.cases.services import reminders  # noqa: F401

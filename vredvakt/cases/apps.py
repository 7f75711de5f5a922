from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "vredvakt.cases"
    label = "cases"

    def ready(self) -> None:
        # Registers the deadline reminder and escalation job handlers (R9, R10).
        from vredvakt.cases.services import reminders  # noqa: F401

from django.apps import AppConfig


class DeviationsConfig(AppConfig):
    name = "vredvakt.deviations"
    label = "deviations"

    def ready(self) -> None:
        # Registered with the lower apps, which import no deviations (docs/architecture.md).
        from vredvakt.deviations import hooks, reminders  # noqa: F401

from django.apps import AppConfig


class LocksConfig(AppConfig):
    name = "vredvakt.locks"
    label = "locks"

    def ready(self) -> None:
        # Locks per status on /metrics.
        from vredvakt.locks import metrics  # noqa: F401

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "vredvakt.notifications"
    label = "notifications"

    def ready(self) -> None:
        # Register the worker's delivery and escalation steps, the /healthz section and
        # the /metrics figures.
        from vredvakt.notifications import (  # noqa: F401
            delivery,
            delivery_health,
            escalation,
            metrics,
        )

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "vredvakt.notifications"
    label = "notifications"

    def ready(self) -> None:
        # Register the worker's delivery and escalation steps and the /healthz section.
        from vredvakt.notifications import delivery, delivery_health, escalation  # noqa: F401

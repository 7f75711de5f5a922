from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "vredvakt.jobs"
    label = "jobs"

    def ready(self) -> None:
        # Registers the "scheduled jobs" due-work handler with the worker loop, and
        # the backlog and heartbeat figures of /metrics.
        from vredvakt.jobs import metrics, runner  # noqa: F401

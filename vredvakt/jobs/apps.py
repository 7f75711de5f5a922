from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "vredvakt.jobs"
    label = "jobs"

    def ready(self) -> None:
        # Registers the "scheduled jobs" due-work handler with the worker loop.
        from vredvakt.jobs import runner  # noqa: F401

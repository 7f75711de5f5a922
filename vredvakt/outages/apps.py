from django.apps import AppConfig


class OutagesConfig(AppConfig):
    name = "vredvakt.outages"
    label = "outages"

    def ready(self) -> None:
        # The worker's sweep and telemetry steps, the outage's reminder jobs, and the
        # ingest hook that records which locks changed (docs/outages.md).
        from vredvakt.outages import inbox, night_patrol, release, reminders, watch  # noqa: F401

from django.apps import AppConfig


class OutagesConfig(AppConfig):
    name = "vredvakt.outages"
    label = "outages"

    def ready(self) -> None:
        # The worker's sweep and telemetry steps, the outage's reminder jobs, and the
        # ingest hook that records which locks changed (docs/outages.md).
        # Open outages and unhandled lock signals on /metrics.
        # The desk's block for an outage's cases (cases/pages/outage_blocks.py, #13).
        from vredvakt.outages import (  # noqa: F401
            banner,
            inbox,
            metrics,
            night_patrol,
            release,
            reminders,
            watch,
        )

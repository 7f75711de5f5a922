from django.apps import AppConfig


class OncallConfig(AppConfig):
    name = "vredvakt.oncall"
    label = "oncall"

    def ready(self) -> None:
        from vredvakt.oncall import gap_watch  # noqa: F401  (registers the roster-gap check)

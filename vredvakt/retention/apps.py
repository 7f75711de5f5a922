from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "vredvakt.retention"
    label = "retention"

    def ready(self) -> None:
        from vredvakt.retention import job  # noqa: F401  (registers the daily purge)

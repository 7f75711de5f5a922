from django.apps import AppConfig


class OpsConfig(AppConfig):
    # Running it in production: request ids, JSON logs, /metrics. No models, low in
    # the layers so that the worker loop and the ingest can count what they do.
    name = "vredvakt.ops"
    label = "ops"

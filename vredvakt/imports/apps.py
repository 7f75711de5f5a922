from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "vredvakt.imports"
    label = "imports"

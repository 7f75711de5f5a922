from django.apps import AppConfig


class LocksConfig(AppConfig):
    name = "vredvakt.locks"
    label = "locks"

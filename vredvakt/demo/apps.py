from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "vredvakt.demo"
    label = "demo"

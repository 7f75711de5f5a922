from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "vredvakt.front"
    label = "front"

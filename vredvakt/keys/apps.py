from django.apps import AppConfig


class KeysConfig(AppConfig):
    name = "vredvakt.keys"
    label = "keys"

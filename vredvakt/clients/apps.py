from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "vredvakt.clients"
    label = "clients"

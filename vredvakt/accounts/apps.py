from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vredvakt.accounts"
    label = "accounts"

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vredvakt.accounts"
    label = "accounts"

    def ready(self) -> None:
        from vredvakt.accounts import signin_audit

        signin_audit.connect()

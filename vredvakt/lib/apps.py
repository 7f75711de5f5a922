from django.apps import AppConfig
from django.core import checks
from django.urls import register_converter


class LibConfig(AppConfig):
    # An app only so that its strings (human times) have a Swedish catalogue of
    # their own that makemessages and tests/test_translations.py check; no models.
    name = "vredvakt.lib"
    label = "lib"

    def ready(self) -> None:
        # Before any URLconf is read: its routes name the converter.
        from vredvakt.lib.ids import IdConverter

        register_converter(IdConverter, "id")

        from vredvakt.lib.client_address import check_proxy_counted

        checks.register(check_proxy_counted, checks.Tags.security, deploy=True)

from django.apps import AppConfig


class LibConfig(AppConfig):
    # An app only so that its strings (human times) have a Swedish catalogue of
    # their own that makemessages and tests/test_translations.py check; no models.
    name = "vredvakt.lib"
    label = "lib"

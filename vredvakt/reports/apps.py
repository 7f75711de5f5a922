from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "vredvakt.reports"
    label = "reports"

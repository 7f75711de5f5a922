from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "vredvakt.audit"
    label = "audit"

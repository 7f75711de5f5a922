from django.apps import AppConfig


class RoutineVersionsConfig(AppConfig):
    name = "vredvakt.routine_versions"
    label = "routine_versions"

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "vredvakt.notifications"
    label = "notifications"

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "zhongshu.notifications"
    label = "notifications"

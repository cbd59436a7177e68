from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "zhongshu.access"
    label = "access"

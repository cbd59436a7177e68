from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zhongshu.web"
    label = "web"

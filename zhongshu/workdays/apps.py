from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "zhongshu.workdays"
    label = "workdays"

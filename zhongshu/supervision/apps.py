from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "zhongshu.supervision"
    label = "supervision"
    verbose_name = "督查督办"

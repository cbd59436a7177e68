from django.apps import AppConfig


class QuotasConfig(AppConfig):
    name = "zhongshu.quotas"
    label = "quotas"
    verbose_name = "额度"

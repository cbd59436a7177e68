from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "zhongshu.search"
    label = "search"
    verbose_name = "检索"

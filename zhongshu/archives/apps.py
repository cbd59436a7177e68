from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "zhongshu.archives"
    label = "archives"
    verbose_name = "档案"

from django.apps import AppConfig


class MaterialsConfig(AppConfig):
    name = "zhongshu.materials"
    label = "materials"
    verbose_name = "素材库"

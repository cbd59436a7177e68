from django.apps import AppConfig


class ProofreadingConfig(AppConfig):
    name = "zhongshu.proofreading"
    label = "proofreading"
    verbose_name = "校对"

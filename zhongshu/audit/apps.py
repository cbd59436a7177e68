from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zhongshu.audit"
    label = "audit"

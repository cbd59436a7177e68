from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "zhongshu.attachments"
    label = "attachments"

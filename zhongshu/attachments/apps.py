from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "zhongshu.attachments"
    label = "attachments"
    verbose_name = "附件"

    def ready(self) -> None:
        from zhongshu.attachments import ciphers  # noqa: F401 - registers sm4-gcm

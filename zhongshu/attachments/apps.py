from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "zhongshu.attachments"
    label = "attachments"
    verbose_name = "附件"

    def ready(self) -> None:
        from zhongshu.attachments import bench, ciphers  # noqa: F401 - register sm4-gcm and the bench

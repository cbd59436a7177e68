from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "zhongshu.notifications"
    label = "notifications"
    verbose_name = "消息提醒"

    def ready(self) -> None:
        from zhongshu.core.navigation import register_nav
        from zhongshu.notifications import tasks

        tasks.register()
        register_nav("消息", "notifications:list", lambda user: user.is_authenticated, order=90)

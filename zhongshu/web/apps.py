from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zhongshu.web"
    label = "web"
    verbose_name = "工作台"

    def ready(self) -> None:
        from zhongshu.core.navigation import register_nav

        register_nav("工作台", "web:workbench", lambda user: user.is_authenticated, order=10)

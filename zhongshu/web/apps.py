from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "zhongshu.web"
    label = "web"
    verbose_name = "工作台"

    def ready(self) -> None:
        from zhongshu.base.roles import Role
        from zhongshu.core.navigation import register_nav
        from zhongshu.core.workbench import register_schedule_audience

        register_nav("工作台", "web:workbench", lambda user: user.is_authenticated, order=10)
        # A leader's workbench has the week's schedule; nobody else's does.
        register_schedule_audience(lambda user: user.has_role(Role.LEADER))

from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "zhongshu.workdays"
    label = "workdays"
    verbose_name = "工作日历"

    def ready(self) -> None:
        # The registry lives in core so that this app need not import the web shell.
        from zhongshu.core.navigation import register_nav
        from zhongshu.workdays.services import may_manage_calendar

        register_nav("工作日历", "workdays:calendar", allowed=may_manage_calendar, order=85)

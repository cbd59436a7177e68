from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The sample county 示例县: no models, only the `zhongshu demo` command, which builds records through every
    module's services (so it sits above them all, and core never imports it)."""

    name = "zhongshu.demo"
    label = "demo"
    verbose_name = "示例数据"

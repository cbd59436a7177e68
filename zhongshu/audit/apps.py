from django.apps import AppConfig

from zhongshu.base.roles import Power


class AuditConfig(AppConfig):
    name = "zhongshu.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from zhongshu.audit import bench  # noqa: F401  (registers `zhongshu bench audit`)
        from zhongshu.core.navigation import register_nav

        register_nav(
            "审计日志",
            "audit:list",
            allowed=lambda u: bool(u.is_authenticated and u.has_power(Power.READ_AUDIT)),
            order=90,
        )

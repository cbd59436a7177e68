from django.apps import AppConfig

from zhongshu.base.roles import Power


class AuditConfig(AppConfig):
    name = "zhongshu.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from zhongshu.audit import (
            anchor,
            bench,  # noqa: F401  (registers `zhongshu bench audit`)
        )
        from zhongshu.audit.guard import register_function
        from zhongshu.core.jobs import register_tick
        from zhongshu.core.navigation import register_nav

        # The chain's head goes out of the database periodically (a cut of the newest rows shows then).
        register_tick("audit.anchor", anchor.tick)
        connection_created.connect(register_function, dispatch_uid="zhongshu.audit.guard")

        register_nav(
            "审计日志",
            "audit:list",
            allowed=lambda u: bool(u.is_authenticated and u.has_power(Power.READ_AUDIT)),
            order=90,
        )

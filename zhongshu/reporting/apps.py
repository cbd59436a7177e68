from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "zhongshu.reporting"
    label = "reporting"
    verbose_name = "请示报告"

    def ready(self) -> None:
        from zhongshu.core.navigation import register_nav
        from zhongshu.reporting import (
            views_checklist,
            views_compliance,
            views_filings,
            views_major,
        )
        from zhongshu.reporting.roles import may_use_reporting

        register_nav("请示报告", "reporting:home", allowed=may_use_reporting, order=34)
        # Each part registers its tab on the module's pages and the rest of its registries (to-dos, ticks,
        # search, filing, workflow subject, instructions, workbench panels, benches) from its own register().
        for part in (
            views_checklist,
            views_filings,
            views_compliance,
            views_major,
        ):
            part.register()
        from zhongshu.reporting import bench

        bench.register()  # its part of `zhongshu bench information`

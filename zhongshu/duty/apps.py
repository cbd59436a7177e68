from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "zhongshu.duty"
    label = "duty"
    verbose_name = "值班应急"

    def ready(self) -> None:
        from zhongshu.core.navigation import register_nav
        from zhongshu.duty import (
            views_incidents,
            views_logbook,
            views_plans,
            views_rosters,
            views_spotchecks,
            views_swaps,
            views_whereabouts,
        )
        from zhongshu.duty.roles import may_use_duty

        register_nav("值班", "duty:home", allowed=may_use_duty, order=30)
        # Each part registers its tab on the duty pages and the rest of its registries (to-dos, ticks,
        # search, filing, workflow subject, instructions, workbench panels, benches) from its own register().
        for part in (
            views_rosters,
            views_swaps,
            views_logbook,
            views_spotchecks,
            views_incidents,
            views_plans,
            views_whereabouts,
        ):
            part.register()
        from zhongshu.duty import bench

        bench.register()  # `zhongshu bench duty`

from django.apps import AppConfig


class InformationConfig(AppConfig):
    name = "zhongshu.information"
    label = "information"
    verbose_name = "信息报送"

    def ready(self) -> None:
        from zhongshu.core.navigation import register_nav
        from zhongshu.information import (
            views_commissions,
            views_instructions,
            views_publications,
            views_scoring,
            views_screening,
            views_submissions,
        )
        from zhongshu.information.roles import may_use_information

        register_nav("信息", "information:home", allowed=may_use_information, order=32)
        # Each part registers its tab on the module's pages and the rest of its registries (to-dos, ticks,
        # search, filing, workflow subject, instructions, workbench panels, benches) from its own register().
        for part in (
            views_submissions,
            views_screening,
            views_publications,
            views_scoring,
            views_commissions,
            views_instructions,
        ):
            part.register()
        from zhongshu.information import bench

        bench.register()  # `zhongshu bench information`

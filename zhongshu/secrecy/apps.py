from django.apps import AppConfig


class SecrecyConfig(AppConfig):
    name = "zhongshu.secrecy"
    label = "secrecy"
    verbose_name = "机要保密"

    def ready(self) -> None:
        from zhongshu.core.navigation import register_nav
        from zhongshu.secrecy import (
            views_carriers,
            views_classification,
            views_duties,
            views_inspection,
            views_inventory,
            views_personnel,
            views_publication,
            views_secondees,
        )
        from zhongshu.secrecy.roles import may_use_secrecy

        register_nav("保密", "secrecy:home", allowed=may_use_secrecy, order=36)
        # Each part registers its tab on the module's pages and the rest of its registries (to-dos, ticks,
        # search, links, workflow subject, printed copies, publication gate, workbench panels) from its register().
        for part in (
            views_classification,
            views_carriers,
            views_inventory,
            views_personnel,
            views_secondees,
            views_publication,
            views_inspection,
            views_duties,
        ):
            part.register()
        from zhongshu.secrecy import bench

        bench.register()  # `zhongshu bench secrecy`

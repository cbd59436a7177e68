from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "zhongshu.search"
    label = "search"
    verbose_name = "检索"

    def ready(self) -> None:
        # Every business person searches; the three administrators (三员) see no business record at all.
        from zhongshu.access.policy import is_business_person
        from zhongshu.core.jobs import register_tick
        from zhongshu.core.navigation import register_nav
        from zhongshu.search import bench
        from zhongshu.search.indexing import connect, connect_grants, reconcile
        from zhongshu.search.registry import on_register

        on_register(connect)
        connect_grants()
        register_nav("检索", "search:home", allowed=is_business_person, order=15)
        register_tick("search.reconcile", reconcile)
        bench.register()

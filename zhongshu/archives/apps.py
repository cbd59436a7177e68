from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "zhongshu.archives"
    label = "archives"
    verbose_name = "档案"

    def ready(self) -> None:
        from zhongshu.access.policy import register_scope
        from zhongshu.archives import fixed_copies, todos
        from zhongshu.archives.models import ArchiveUse
        from zhongshu.archives.roles import may_use_archives
        from zhongshu.archives.search import register_search_source
        from zhongshu.core.navigation import register_nav
        from zhongshu.core.todos import register_todo_source

        register_search_source()
        fixed_copies.register()
        register_scope(ArchiveUse, todos.use_scope)
        register_todo_source("archives", todos.archives_todos)
        register_nav("档案", "archives:home", allowed=may_use_archives, order=60)

from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "zhongshu.supervision"
    label = "supervision"
    verbose_name = "督查督办"

    def ready(self) -> None:
        from django.db.models import Q

        from zhongshu.core.jobs import register_tick
        from zhongshu.core.navigation import register_nav
        from zhongshu.core.todos import register_done_source, register_todo_source
        from zhongshu.supervision.models import SupervisionItem
        from zhongshu.supervision.reminders import escalation_tick, look_back_tick
        from zhongshu.supervision.roles import may_use_supervision
        from zhongshu.supervision.states import OPEN_STATES
        from zhongshu.supervision.todos import supervision_done, supervision_todos
        from zhongshu.supervision.wall import wall_snapshot_rebuild
        from zhongshu.workdays.recount import register_workday_deadlines

        register_tick("supervision.escalation", escalation_tick)
        register_tick("supervision.look_back", look_back_tick)
        register_tick("supervision.wall_snapshot", wall_snapshot_rebuild)
        register_todo_source("supervision", supervision_todos)
        register_done_source("supervision", supervision_done)
        register_nav("督查督办", "supervision:home", allowed=may_use_supervision, order=30)
        register_workday_deadlines(
            SupervisionItem,
            recipients=lambda item: [p.user for p in _liaisons(item)],
            describe=lambda item: f"督查事项：{item.title}",
            link=lambda item: f"/supervision/items/{item.pk}/",
            active=Q(state__in=OPEN_STATES),
        )
        from zhongshu.supervision import bench

        bench.register()
        from zhongshu.supervision import (
            filing,
            instructions,
            links,
            rectification_follow_up,
            search,
            workbench,
        )

        workbench.register()
        search.register()
        filing.register()
        instructions.register()
        links.register()
        rectification_follow_up.register()


def _liaisons(item):  # type: ignore[no-untyped-def]
    from zhongshu.supervision.services import liaisons_of

    return liaisons_of(item.lead_unit_id) if item.lead_unit_id else []

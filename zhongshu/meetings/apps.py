from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "zhongshu.meetings"
    label = "meetings"
    verbose_name = "办会"

    def ready(self) -> None:
        from zhongshu.core.navigation import register_nav
        from zhongshu.meetings import (
            views_agenda,
            views_application,
            views_minutes,
            views_notice,
            views_schedule,
            views_scheduling,
            views_seating,
            views_secrecy,
            views_signin,
        )
        from zhongshu.meetings.roles import may_use_meetings

        register_nav("会议", "meetings:home", allowed=may_use_meetings, order=25)
        # Each part registers its section of the meeting page; the rest of its registries (to-dos, search,
        # filing, workflow subject, quota kinds, ticks, benches, links, schedule) it adds below, one line each.
        for part in (
            views_application,
            views_scheduling,
            views_notice,
            views_seating,
            views_signin,
            views_agenda,
            views_secrecy,
            views_minutes,
            views_schedule,
        ):
            part.register()
        from zhongshu.core.jobs import register_tick
        from zhongshu.core.todos import register_todo_source
        from zhongshu.meetings import approval, reduction, replies, todos_application

        register_tick("meetings.reply_reminders", replies.reply_reminders_tick)  # notice: 回执提醒
        register_todo_source("meetings.replies", replies.reply_todos)  # notice: 会议回执

        approval.register()  # application: the workflow subject (批准, 退回, 撤回 from whichever page)
        reduction.register()  # application: one quota kind per meeting type (精文减会)
        register_todo_source("meetings.returned", todos_application.returned_todos)  # application: 退回修改
        from zhongshu.meetings import decisions, search

        decisions.register()  # minutes part: the decisions' access scope and their links (access.links)
        search.register()  # minutes part: meetings as a search source
        from zhongshu.meetings import bench

        bench.register()  # scheduling: `zhongshu bench meetings`

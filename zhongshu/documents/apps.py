from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "zhongshu.documents"
    label = "documents"
    verbose_name = "办文"

    def ready(self) -> None:
        from django.db.models import Q

        from zhongshu.access.policy import is_business_person
        from zhongshu.core.navigation import register_nav
        from zhongshu.core.todos import register_todo_source
        from zhongshu.documents.bench import register
        from zhongshu.documents.models import Handling
        from zhongshu.documents.todos import document_todos
        from zhongshu.workdays.recount import register_workday_deadlines

        register_nav("办文", "documents:home", allowed=is_business_person, order=20)
        register_todo_source("documents", document_todos)
        register_workday_deadlines(
            Handling,
            recipients=lambda handling: [handling.assigned_by],
            describe=lambda handling: f"承办期限：{handling.document.title}",
            link=lambda handling: f"/documents/{handling.document_id}/",
            active=Q(completed_at__isnull=True),
            record=lambda handling: handling.document,
        )
        register()
        from zhongshu.core.jobs import register_tick
        from zhongshu.documents.reminders import handling_deadline_tick

        register_tick("documents.handling_deadlines", handling_deadline_tick)
        from zhongshu.documents import filing, links, publication, quotas, search, workbench

        quotas.register()  # the 发文 kind of yearly quota (精文减会)
        workbench.register()
        search.register()
        filing.register()
        links.register()
        publication.register()  # 主动公开 documents, for the secrecy office's 公开审查 (core.publication)
        from zhongshu.documents import services
        from zhongshu.documents.models import OfficialDocument
        from zhongshu.workflow.subjects import SubjectHooks, register_subject

        register_subject(
            OfficialDocument,
            SubjectHooks(
                on_approved=services.document_workflow_approved,
                on_returned=services.document_workflow_returned,
                on_resubmitted=services.document_workflow_resubmitted,
                on_cancelled=services.document_workflow_cancelled,
            ),
        )

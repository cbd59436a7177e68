from django.apps import AppConfig
from django.db.models import Q


class WorkflowConfig(AppConfig):
    name = "zhongshu.workflow"
    label = "workflow"
    verbose_name = "流程"

    def ready(self) -> None:
        from zhongshu.workdays.recount import register_workday_deadlines
        from zhongshu.workflow.models import Step
        from zhongshu.workflow.states import StepState

        register_workday_deadlines(
            Step,
            recipients=lambda step: [step.assignee.user],
            describe=lambda step: f"{step.get_kind_display()}：{step.workflow.title}",
            link=lambda step: f"/workflow/steps/{step.pk}/",
            active=Q(state=StepState.OPEN),
            record=lambda step: step.workflow.subject,
        )
        from zhongshu.core.todos import register_done_source, register_todo_source
        from zhongshu.workflow.todos import done_steps, open_steps

        register_todo_source("workflow.steps", open_steps)
        register_done_source("workflow.steps", done_steps)
        from zhongshu.workflow import workbench

        workbench.register()

        from zhongshu.core.jobs import register_tick
        from zhongshu.workflow.reminders import step_deadline_tick

        register_tick("workflow.step_deadlines", step_deadline_tick)

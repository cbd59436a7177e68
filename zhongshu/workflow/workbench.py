"""The workflow on the workbench (`core.workbench`): 待我签发, the open 签发 steps waiting for the viewer.

Shown to every leader (saying so when nothing waits) and to anyone else with a sign-off step open. The same
steps are in the 待办 too; the panel puts what waits for a leader's signature first, apart from the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from zhongshu.access.policy import viewer_of
from zhongshu.base.roles import Role
from zhongshu.core.workbench import Panel, PanelRow
from zhongshu.workflow.models import Step
from zhongshu.workflow.selectors import open_steps_for
from zhongshu.workflow.states import StepKind
from zhongshu.workflow.todos import with_subjects


def sign_off_steps(user: Any) -> QuerySet[Step]:
    """The open 签发 steps waiting for the viewer, in the to-dos' order."""
    viewer = viewer_of(user)
    if viewer.person_id is None:
        return Step.objects.none()
    return open_steps_for(viewer.person_id).filter(kind=StepKind.SIGN_OFF)


def sign_off_rows(steps: Iterable[Step]) -> list[PanelRow]:
    return [
        PanelRow(
            **subject,
            title=step.workflow.title,
            url=reverse("workflow:step", args=[step.pk]),
            due=step.deadline,
            overdue=step.overdue,
            at=step.opened_at,
        )
        for step, subject in with_subjects(steps)
    ]


def sign_off_panel(user: Any, today: date) -> Panel | None:
    if not viewer_of(user).is_business_person:
        return None
    steps = sign_off_steps(user)
    if not user.has_role(Role.LEADER) and not steps.exists():
        return None
    return Panel.cut(
        steps,
        sign_off_rows,
        key="workflow.sign_off",
        title="待我签发",
        empty="暂无待签发文件。",
        columns=("due", "at"),
        order=10,
        # Every open step is in the 待办 too: the panel's full list is there.
        more_url=f"{reverse('web:workbench')}#todo-heading",
        more_label="在待办中查看全部",
    )


def register() -> None:
    from zhongshu.core.workbench import register_panel_source

    register_panel_source("workflow.sign_off", sign_off_panel)

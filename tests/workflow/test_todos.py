from __future__ import annotations

from datetime import date

import time_machine

from zhongshu.workflow.services import StepSpec, step_approve, workflow_start
from zhongshu.workflow.todos import done_steps, open_steps


@time_machine.travel("2025-03-07 10:00 +0800", tick=False)
def test_open_steps_are_to_dos_and_decided_ones_are_done(subject, people):
    workflow = workflow_start(
        subject=subject,
        title="关于春季防火的通知",
        kind="document.outgoing",
        stages=[[StepSpec("review", people["核稿甲"], 1)]],
        by=people["拟稿人"].user,
    )
    user = people["核稿甲"].user

    (item,) = list(open_steps(user))
    assert (item.title, item.kind, item.source_label, item.due, item.overdue) == (
        "核稿：关于春季防火的通知",
        "workflow.review",
        "核稿",
        date(2025, 3, 10),
        False,
    )
    assert item.url == f"/workflow/steps/{workflow.steps.get().pk}/"

    step_approve(step=workflow.steps.get(), by=user)

    assert list(open_steps(user)) == []
    assert [done.source_label for done in done_steps(user)] == ["已同意"]


def test_an_account_without_a_person_has_no_steps(system_admin):
    assert list(open_steps(system_admin)) == []

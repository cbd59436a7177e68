"""Open steps as the workbench's to-do source, and decided steps as its done source.

`source(user) -> Iterable[TodoItem]`; registered with `zhongshu.core.todos` from the AppConfig.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from zhongshu.workflow.selectors import open_steps_for, steps_done_by


def _person(user: Any) -> Any:
    from zhongshu.org.selectors import person_of_user

    return person_of_user(user)


def open_steps(user: Any, limit: int = 200) -> Iterator[Any]:
    from zhongshu.core.todos import TodoItem

    person = _person(user)
    if person is None:
        return
    for step in open_steps_for(person)[:limit]:
        yield TodoItem(
            title=f"{step.get_kind_display()}：{step.workflow.title}",
            url=reverse("workflow:step", args=[step.pk]),
            kind=f"workflow.{step.kind}",
            source_label=step.get_kind_display(),
            due=step.deadline,
            overdue=step.overdue,
            note=step.deadline_counted.note if step.deadline_counted else "",
            at=step.opened_at,
        )


def done_steps(user: Any, limit: int = 50) -> Iterator[Any]:
    from zhongshu.core.todos import TodoItem

    person = _person(user)
    if person is None:
        return
    for step in steps_done_by(person)[:limit]:
        yield TodoItem(
            title=f"{step.get_kind_display()}：{step.workflow.title}",
            url=reverse("workflow:step", args=[step.pk]),
            kind=f"workflow.{step.kind}",
            source_label=step.get_state_display(),
            at=step.closed_at,
        )

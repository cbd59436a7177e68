"""Open steps as the workbench's to-do source, and decided steps as its done source.

`source(user) -> Iterable[TodoItem]`; registered with `zhongshu.core.todos` from the AppConfig.

A step's title is its subject's (a document's title): each item carries the subject's level and reference for
the audit of the state secrets the workbench shows. The workflow stores neither, so the subjects' levels are
read in one query per subject type among the steps (not one per step).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from zhongshu.access.models import Classified
from zhongshu.workflow.selectors import open_steps_for, steps_done_by


def _person(user: Any) -> Any:
    from zhongshu.org.selectors import person_of_user

    return person_of_user(user)


def with_subjects(steps: Iterable[Any]) -> list[tuple[Any, dict[str, Any]]]:
    """Each step with its subject's fields for a `TodoItem` or a `PanelRow` (classification, record): the
    subjects' levels are read in one query per subject type among the steps, not one per step."""
    steps = list(steps)
    by_type: dict[int, set[int]] = {}
    for step in steps:
        by_type.setdefault(step.workflow.content_type_id, set()).add(step.workflow.object_id)
    subjects: dict[tuple[int, int], dict[str, Any]] = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        label = model._meta.label_lower
        if issubclass(model, Classified):
            levels = dict(model._base_manager.filter(pk__in=ids).values_list("pk", "classification"))
        else:
            levels = {}
        for object_id in ids:
            subjects[(type_id, object_id)] = {
                "classification": levels.get(object_id, 0),
                "record": (label, str(object_id)),
            }
    return [
        (step, subjects.get((step.workflow.content_type_id, step.workflow.object_id), {})) for step in steps
    ]


def open_steps(user: Any, limit: int = 200) -> Iterator[Any]:
    from zhongshu.core.todos import TodoItem

    person = _person(user)
    if person is None:
        return
    for step, subject in with_subjects(open_steps_for(person)[:limit]):
        yield TodoItem(
            **subject,
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
    for step, subject in with_subjects(steps_done_by(person)[:limit]):
        yield TodoItem(
            **subject,
            title=f"{step.get_kind_display()}：{step.workflow.title}",
            url=reverse("workflow:step", args=[step.pk]),
            kind=f"workflow.{step.kind}",
            source_label=step.get_state_display(),
            at=step.closed_at,
        )

"""Documents on the workbench (`core.workbench`): the 批示 a leader gave, and the office's figures of the day.

- 我的批示: the incoming documents the viewer instructed on (领导批示), newest first, with the words of the
  批示 and the document's state, read through the access policy.
- 今日收文 and 今日发文, for the office director: the count of the 收文 list received today and of the 发文 list
  dispatched today, each through the list's own selector (`inbox_documents`, `outbox_documents`) with the
  filter its link carries, so the figure is the list's length.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from zhongshu.access.policy import viewer_of, visible
from zhongshu.base.roles import Role
from zhongshu.core.workbench import Figure, Panel, PanelRow
from zhongshu.documents.models import Direction, OfficialDocument
from zhongshu.documents.selectors import inbox_documents, outbox_documents

LIMIT = 10
RECORD_TYPE = OfficialDocument._meta.label_lower


def instructions_given(user: Any) -> QuerySet[OfficialDocument]:
    """The incoming documents the viewer gave a 批示 on, newest 批示 first."""
    viewer = viewer_of(user)
    if viewer.person_id is None:
        return OfficialDocument.objects.none()
    return (
        visible(OfficialDocument.objects.all(), user)
        .filter(
            direction=Direction.INCOMING, instruction_leader_id=viewer.person_id, instruction_at__isnull=False
        )
        .only("id", "title", "state", "instruction", "instruction_at", "classification")
        .order_by("-instruction_at", "-id")
    )


def instruction_rows(documents: Iterable[OfficialDocument]) -> list[PanelRow]:
    return [
        PanelRow(
            title=document.title,
            url=reverse("documents:detail", args=[document.pk]),
            state_label=document.get_state_display(),
            note=document.instruction,
            at=document.instruction_at,
            classification=document.classification,
            record=(RECORD_TYPE, str(document.pk)),
        )
        for document in documents
    ]


def instructions_panel(user: Any, today: date) -> Panel | None:
    if not viewer_of(user).is_business_person or not user.has_role(Role.LEADER):
        return None
    return Panel.cut(
        instructions_given(user),
        instruction_rows,
        limit=LIMIT,
        key="documents.instructions",
        title="我的批示",
        empty="暂无批示记录。",
        columns=("note", "state", "at"),
        order=30,
    )


def office_figures(user: Any, today: date) -> Iterator[Figure]:
    viewer = viewer_of(user)
    if not viewer.is_business_person or not user.has_role(Role.OFFICE_DIRECTOR):
        return
    day = today.isoformat()
    received = inbox_documents(user, unit_id=viewer.unit_id, received=today).count()
    yield Figure(
        key="documents.received_today",
        label="今日收文",
        count=received,
        url=f"{reverse('documents:inbox')}?{urlencode({'received': day})}",
        order=10,
    )
    dispatched = outbox_documents(user, dispatched=today).count()
    yield Figure(
        key="documents.dispatched_today",
        label="今日发文",
        count=dispatched,
        url=f"{reverse('documents:home')}?{urlencode({'dispatched': day})}",
        order=11,
    )


def register() -> None:
    from zhongshu.core.workbench import register_figure_source, register_panel_source

    register_panel_source("documents.instructions", instructions_panel)
    register_figure_source("documents.office", office_figures)

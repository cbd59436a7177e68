"""The archives' entries on the workbench: requests waiting for the archives head, loans overdue for the
archivist, and the use scope (a requester sees their own requests, the archives room sees all)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from zhongshu.access.policy import Action, Viewer, visible
from zhongshu.archives.models import ArchiveUse, UseKind, UseState
from zhongshu.archives.roles import is_archives_head, is_archivist
from zhongshu.core.todos import TodoItem


def use_scope(viewer: Viewer, action: Action) -> Q | None:
    """A requester sees their own requests; the archives room (archivists, their head, the office director)
    sees every request, since it decides them and takes loans back."""
    if not viewer.is_business_person:
        return None
    if _keeps_the_archives(viewer):
        return Q()
    return Q(requester_id=viewer.person_id or 0)


def _keeps_the_archives(viewer: Viewer) -> bool:
    from zhongshu.base.roles import Role

    return viewer.has_role(Role.ARCHIVIST) or viewer.has_role(Role.OFFICE_DIRECTOR)


def archives_todos(user: Any) -> Iterable[TodoItem]:
    today = timezone.localdate()
    if is_archives_head(user):
        waiting = visible(ArchiveUse.objects.filter(state=UseState.REQUESTED), user).count()
        if waiting:
            yield TodoItem(
                title=f"档案利用申请待审批{waiting}件",
                url="/archives/uses/",
                kind="archives.use",
                source_label="档案",
            )
    if is_archivist(user):
        overdue = visible(
            ArchiveUse.objects.filter(kind=UseKind.BORROW, state=UseState.APPROVED, due_back__lt=today), user
        ).count()
        if overdue:
            yield TodoItem(
                title=f"借阅逾期未还{overdue}件",
                url="/archives/uses/",
                kind="archives.loan",
                source_label="档案",
                overdue=True,
            )

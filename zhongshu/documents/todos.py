"""The documents entries of the workbench's 待办: incoming documents to act on, instructions, readings, handling."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import visible
from zhongshu.base.roles import Role
from zhongshu.core.todos import TodoItem
from zhongshu.documents.models import CirculationSlip, Direction, Handling, OfficialDocument
from zhongshu.documents.states import DocState

LIMIT = 30
CLERK_STATES = {
    DocState.RECEIVED: "签收登记",
    DocState.REGISTERED: "初审",
    DocState.SCREENED: "拟办",
    DocState.INSTRUCTED: "交办",
    DocState.SIGNED: "复核",
    DocState.RECHECKED: "登记编号",
    DocState.REGISTERED + ":out": "分发",
}


def _url(document_id: int) -> str:
    return reverse("documents:detail", args=[document_id])


def _shown(document: OfficialDocument) -> dict[str, Any]:
    """The document's level and reference, for the audit of the state secrets the workbench shows."""
    return {
        "classification": document.classification,
        "record": (document._meta.label_lower, str(document.pk)),
    }


def document_todos(user: Any) -> Iterator[TodoItem]:
    from zhongshu.org.selectors import person_of_user

    if not getattr(user, "is_authenticated", False) or user.admin_role:
        return
    person = person_of_user(user)
    if person is None:
        return
    documents = visible(OfficialDocument.objects.all(), user)
    if user.has_role(Role.CLERK):
        incoming = documents.filter(
            owner_unit_id=person.unit_id,
            direction=Direction.INCOMING,
            state__in=[DocState.RECEIVED, DocState.REGISTERED, DocState.SCREENED, DocState.INSTRUCTED],
        ).order_by("-id")[:LIMIT]
        for document in incoming:
            yield TodoItem(
                title=document.title,
                **_shown(document),
                url=_url(document.pk),
                kind="documents.incoming",
                source_label="收文",
                note=CLERK_STATES[DocState(document.state)],
                at=document.created_at,
            )
        outgoing = documents.filter(
            owner_unit_id=person.unit_id,
            direction=Direction.OUTGOING,
            state__in=[DocState.SIGNED, DocState.RECHECKED, DocState.REGISTERED],
        ).order_by("-id")[:LIMIT]
        for document in outgoing:
            key = document.state + (":out" if document.state == DocState.REGISTERED else "")
            yield TodoItem(
                title=document.title,
                **_shown(document),
                url=_url(document.pk),
                kind="documents.outgoing",
                source_label="发文",
                note=CLERK_STATES[key],
                at=document.updated_at,
            )
    for document in documents.filter(instruction_leader=person, state=DocState.PROPOSED)[:LIMIT]:
        yield TodoItem(
            title=document.title,
            url=_url(document.pk),
            kind="documents.instruct",
            **_shown(document),
            source_label="收文",
            note="批示",
        )
    for slip in CirculationSlip.objects.filter(reader=person, read_at__isnull=True).select_related(
        "document"
    )[:LIMIT]:
        yield TodoItem(
            title=slip.document.title,
            **_shown(slip.document),
            url=_url(slip.document_id),
            kind="documents.read",
            source_label="传阅",
            note="阅文",
        )
    today = timezone.localdate()
    for handling in Handling.objects.filter(unit_id=person.unit_id, completed_at__isnull=True).select_related(
        "document"
    )[:LIMIT]:
        yield TodoItem(
            title=handling.document.title,
            **_shown(handling.document),
            url=_url(handling.document_id),
            kind="documents.handle",
            source_label="承办",
            due=handling.deadline,
            overdue=bool(handling.deadline and handling.deadline < today),
            note="承办",
        )

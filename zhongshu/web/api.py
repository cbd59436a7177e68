"""The signed-in account's own view: who am I, my to-dos and done items (mounted at /api/me)."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema

from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.todos import TodoItem, done_for, shown_records, todos_for

router = Router()


class TodoOut(Schema):
    title: str
    url: str
    kind: str
    source_label: str
    due: date | None
    overdue: bool
    note: str
    at: datetime | None


class MeOut(Schema):
    username: str
    name: str | None
    unit: str | None
    admin_role: str
    roles: list[str]


@router.get("", response=MeOut, summary="The signed-in account")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    person = getattr(user, "person", None)
    return MeOut(
        username=user.get_username(),
        name=person.name if person else None,
        unit=person.unit.name if person else None,
        admin_role=user.admin_role,  # type: ignore[union-attr]
        roles=sorted(user.groups.values_list("name", flat=True)),  # type: ignore[union-attr]
    )


@router.get("/todos", response=list[TodoOut], summary="My to-dos (待办), overdue first")
def my_todos(request: HttpRequest) -> list[TodoOut]:
    return _shown(request, todos_for(request.user), route="api.workbench.todos")


@router.get("/done", response=list[TodoOut], summary="My done items (已办), newest first")
def my_done(request: HttpRequest) -> list[TodoOut]:
    return _shown(request, done_for(request.user), route="api.workbench.done")


def _shown(request: HttpRequest, items: list[TodoItem], *, route: str) -> list[TodoOut]:
    """The items as the answer, after one audit event naming the state secrets among their titles."""
    audit_shown(request.user, shown_records(items), route=route, ref=lambda item: item.record)
    return [TodoOut(**_item_fields(item)) for item in items]


def _item_fields(item: object) -> dict:
    return {name: getattr(item, name) for name in TodoOut.model_fields}

"""The signed-in account's own view: who am I, my to-dos and done items (mounted at /api/me)."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema

from zhongshu.core.todos import done_for, todos_for

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
    return [TodoOut(**_item_fields(item)) for item in todos_for(request.user)]


@router.get("/done", response=list[TodoOut], summary="My done items (已办), newest first")
def my_done(request: HttpRequest) -> list[TodoOut]:
    return [TodoOut(**_item_fields(item)) for item in done_for(request.user)]


def _item_fields(item: object) -> dict:
    return {name: getattr(item, name) for name in TodoOut.model_fields}

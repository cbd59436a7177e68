"""The signed-in account's own view: who am I, my to-dos and done items, my workbench's panels, figures and
week's schedule (mounted at /api/me)."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.todos import TodoItem, done_for, shown_records, todos_for
from zhongshu.core.workbench import workbench_for

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


class PanelRowOut(Schema):
    title: str
    url: str
    state_label: str
    due: date | None
    overdue: bool
    unit: str
    source_label: str
    report: str
    report_at: datetime | None
    note: str
    at: datetime | None


class PanelOut(Schema):
    key: str
    title: str
    rows: list[PanelRowOut]
    more: bool  # the panel shows the first rows only; more_url (when set) lists them all
    more_url: str


class FigureOut(Schema):
    key: str
    label: str
    count: int
    url: str


class ScheduleEntryOut(Schema):
    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    url: str


class ScheduleOut(Schema):
    start: date
    end: date
    entries: list[ScheduleEntryOut]


class WorkbenchOut(Schema):
    panels: list[PanelOut]
    figures: list[FigureOut]
    schedule: ScheduleOut | None


@router.get(
    "/workbench", response=WorkbenchOut, summary="My workbench: panels, figures of the day, week's schedule"
)
def my_workbench(request: HttpRequest) -> WorkbenchOut:
    """What the 工作台 shows beside the to-dos, as the page reads it (`core.workbench`): a leader's panels and
    week's schedule, the office's figures, each figure with the list address that counts it."""
    user = request.user
    today = timezone.localdate()
    bench = workbench_for(user, today)
    panels, figures, schedule = bench.panels, bench.figures, bench.schedule
    audit_shown(user, shown_records(bench.shown_rows()), route="api.workbench", ref=lambda row: row.record)
    return WorkbenchOut(
        panels=[
            PanelOut(
                key=panel.key,
                title=panel.title,
                more=panel.more,
                more_url=panel.more_url if panel.more else "",
                rows=[
                    PanelRowOut(**{name: getattr(row, name) for name in PanelRowOut.model_fields})
                    for row in panel.rows
                ],
            )
            for panel in panels
        ],
        figures=[FigureOut(key=f.key, label=f.label, count=f.count, url=f.url) for f in figures],
        schedule=None
        if schedule is None
        else ScheduleOut(
            start=schedule.start,
            end=schedule.end,
            entries=[
                ScheduleEntryOut(
                    title=e.title, starts_at=e.starts_at, ends_at=e.ends_at, place=e.place, url=e.url
                )
                for e in schedule.entries
            ],
        ),
    )

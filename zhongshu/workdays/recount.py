"""Recounting provisional deadlines when a year's schedule arrives.

Each model with `WorkdayDeadlineFields` registers here, saying who is told when its deadline moves. When a
schedule is entered, `recount_for_year` (called by `holiday_schedule_enter`, in its transaction) recounts every
provisional row whose span touches that year from its start and number of working days, and queues a notice
to each recipient of a row whose date changed. A deadline set as a date is never provisional, so never moves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models

from zhongshu.workdays.calendar import deadline_in_workdays

RecipientsFn = Callable[[Any], Iterable[Any]]
DescribeFn = Callable[[Any], str]
LinkFn = Callable[[Any], str]
RecordFn = Callable[[Any], models.Model | None]


def _the_row_itself(row: Any) -> models.Model | None:
    return row  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Registration:
    model: type[models.Model]
    recipients: RecipientsFn
    describe: DescribeFn
    link: LinkFn | None
    active: models.Q | None
    # The protected record a row's notice tells of (a step's document, a handling's document), which the
    # notice passes through the access policy for each recipient.
    record: RecordFn = _the_row_itself


_REGISTRY: dict[str, Registration] = {}


def register_workday_deadlines(
    model: type[models.Model],
    *,
    recipients: RecipientsFn,
    describe: DescribeFn,
    link: LinkFn | None = None,
    active: models.Q | None = None,
    record: RecordFn = _the_row_itself,
) -> None:
    """Have `model`'s provisional deadlines recounted when a schedule is entered (call from ready()).

    `active` narrows the recount to rows whose deadline still matters (an open step, an unfinished item):
    a closed row keeps the deadline it was judged by, and nobody is told about a finished matter.
    """
    names = {f.name for f in model._meta.get_fields()}
    missing = {"deadline", "deadline_start", "deadline_workdays", "deadline_provisional"} - names
    if missing:
        raise TypeError(f"{model.__name__} lacks WorkdayDeadlineFields ({', '.join(sorted(missing))})")
    _REGISTRY[model._meta.label_lower] = Registration(model, recipients, describe, link, active, record)


def unregister_workday_deadlines(model: type[models.Model]) -> None:
    _REGISTRY.pop(model._meta.label_lower, None)


def registered_models() -> list[type[models.Model]]:
    return [registration.model for registration in _REGISTRY.values()]


@dataclass(frozen=True)
class RecountResult:
    recounted: int
    moved: int
    notices: int


def _chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def recount_rows(model: type[models.Model], year: int) -> RecountResult:
    """Recount `model`'s provisional deadlines whose span touches `year`. Runs in the caller's transaction."""
    from zhongshu.notifications.services import notify

    registration = _REGISTRY.get(model._meta.label_lower)
    rows = (
        model._default_manager.select_for_update()
        .filter(
            deadline_provisional=True,
            deadline_start__isnull=False,
            deadline_workdays__isnull=False,
            deadline_start__lte=date(year, 12, 31),
            deadline__gte=date(year, 1, 1),
        )
        .order_by("pk")
    )
    if registration is not None and registration.active is not None:
        rows = rows.filter(registration.active)
    recounted = moved = notices = 0
    for row in rows:
        before = row.deadline  # type: ignore[attr-defined]
        counted = deadline_in_workdays(row.deadline_start, row.deadline_workdays)  # type: ignore[attr-defined]
        row.deadline = counted.date  # type: ignore[attr-defined]
        row.deadline_provisional = counted.provisional  # type: ignore[attr-defined]
        row.save(update_fields=["deadline", "deadline_provisional"])
        recounted += 1
        if counted.date == before or registration is None:
            continue
        moved += 1
        description = registration.describe(row)
        link = registration.link(row) if registration.link else ""
        body = (
            f"{year}年节假日安排已录入，{description}的期限由{_chinese_date(before)}"
            f"调整为{_chinese_date(counted.date)}。"
        )
        if counted.provisional:
            body += counted.note + "。"
        key = f"recount:{model._meta.label_lower}:{row.pk}:{year}"
        for person in registration.recipients(row):
            # The outbox's dedupe key is unique across recipients, so each recipient gets their own.
            sent = notify(
                recipient=person,
                about=registration.record(row),
                kind="deadline_recounted",
                title=f"期限调整：{description}",
                body=body,
                link=link,
                dedupe_key=f"{key}:{person.pk}:{counted.date:%Y%m%d}",
            )
            notices += sent is not None
    return RecountResult(recounted, moved, notices)


def recount_for_year(year: int) -> RecountResult:
    totals = [recount_rows(registration.model, year) for registration in list(_REGISTRY.values())]
    return RecountResult(
        sum(t.recounted for t in totals), sum(t.moved for t in totals), sum(t.notices for t in totals)
    )

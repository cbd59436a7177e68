"""/api/workdays: working-day arithmetic for scripts and pages. Any signed-in account may count days."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import ValidationError

from zhongshu.workdays.calendar import WorkdayDeadline, deadline_in_workdays, missing_years, workdays_between
from zhongshu.workdays.selectors import schedule_years, upcoming_years_missing

router = Router()

MAX_SPAN = 3650


class AddOut(Schema):
    date: date
    provisional: bool
    note: str
    missing_years: list[int]


class BetweenOut(Schema):
    workdays: int
    provisional: bool
    note: str
    missing_years: list[int]


class YearOut(Schema):
    year: int
    source: str
    holidays: int
    workdays: int


class YearsOut(Schema):
    years: list[YearOut]
    upcoming_missing: list[int]


def _outside(*days: date) -> None:
    # A date arithmetic request far outside the calendar is a typo, not a question.
    if any(not 1900 <= d.year <= 2200 for d in days):
        raise ValidationError(
            [{"loc": ["query"], "msg": "date out of range (1900-2200)", "type": "value_error"}]
        )


@router.get("/add", response=AddOut)
def add(
    request: HttpRequest, start: date, n: int = Query(..., ge=-MAX_SPAN, le=MAX_SPAN)
) -> dict[str, object]:
    _outside(start)
    counted = deadline_in_workdays(start, n)
    return {
        "date": counted.date,
        "provisional": counted.provisional,
        "note": counted.note,
        "missing_years": list(counted.missing_years),
    }


@router.get("/between", response=BetweenOut)
def between(request: HttpRequest, a: date, b: date) -> dict[str, object]:
    _outside(a, b)
    missing = missing_years(a, b)
    return {
        "workdays": workdays_between(a, b),
        "provisional": bool(missing),
        "note": WorkdayDeadline(b, bool(missing), missing).note,
        "missing_years": list(missing),
    }


@router.get("/years", response=YearsOut)
def years(request: HttpRequest) -> dict[str, object]:
    return {
        "years": [
            {"year": y.year, "source": y.source, "holidays": y.holidays, "workdays": y.workdays}
            for y in schedule_years()
        ],
        "upcoming_missing": upcoming_years_missing(),
    }

"""The calendar pages: a year's schedule, entering it as text, importing it from a file."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import ServiceError
from zhongshu.workdays import selectors
from zhongshu.workdays.forms import ScheduleFileForm, ScheduleTextForm
from zhongshu.workdays.models import ScheduleSource
from zhongshu.workdays.schedule_input import (
    FIRST_YEAR,
    LAST_YEAR,
    LineError,
    ParsedSchedule,
    UnreadableFile,
    parse_file,
    parse_text,
    schedule_lines,
)
from zhongshu.workdays.services import ScheduleEntered, holiday_schedule_enter, may_manage_calendar

View = Callable[..., HttpResponse]
_WEEKDAYS = "一二三四五六日"


def calendar_manager(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_manage_calendar(request.user):
            raise PermissionDenied("只有系统管理员或办公室主任可以维护工作日历")
        return view(request, *args, **kwargs)

    return wrapper


def _year_param(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if FIRST_YEAR <= year <= LAST_YEAR else timezone.localdate().year


@calendar_manager
def calendar(request: HttpRequest) -> HttpResponse:
    year = _year_param(request)
    days = [
        {
            "date": day.date,
            "weekday": f"星期{_WEEKDAYS[day.date.weekday()]}",
            "kind": day.get_kind_display(),
            "is_workday": day.kind == "workday",
            "name": day.name,
        }
        for day in selectors.days_of(year)
    ]
    years = selectors.schedule_years()
    return render(
        request,
        "workdays/calendar.html",
        {
            "year": year,
            "schedule": selectors.schedule_of(year),
            "days": days,
            "years": years,
            "missing": selectors.upcoming_years_missing(),
            "year_choices": sorted({*(y.year for y in years), timezone.localdate().year + 1, year}),
        },
    )


def _entered_message(entered: ScheduleEntered, count: int) -> str:
    recount = entered.recount
    text = f"已录入{entered.schedule.year}年节假日安排（{count}天）。"
    if recount.recounted:
        text += f"重算暂定期限{recount.recounted}项，其中{recount.moved}项期限变动，已通知相关人员。"
    return text


def _save(request: HttpRequest, parsed: ParsedSchedule, source: str, note: str) -> HttpResponse:
    entered = holiday_schedule_enter(
        by=actor_of(request), year=parsed.year, days=parsed.entries(), source=source, note=note
    )
    messages.success(request, _entered_message(entered, len(parsed.days)))
    return redirect(f"{reverse('workdays:calendar')}?year={parsed.year}")


@calendar_manager
def enter(request: HttpRequest) -> HttpResponse:
    errors: list[LineError] = []
    service_error = ""
    if request.method == "POST":
        form = ScheduleTextForm(request.POST)
        if form.is_valid():
            parsed = parse_text(form.cleaned_data["lines"], form.cleaned_data["year"])
            errors = parsed.errors
            if parsed.ok:
                try:
                    return _save(request, parsed, ScheduleSource.MANUAL, form.cleaned_data["note"])
                except ServiceError as error:
                    service_error = error.message
    else:
        year = _year_param(request) if "year" in request.GET else timezone.localdate().year + 1
        schedule = selectors.schedule_of(year)
        initial: dict[str, Any] = {"year": year}
        if schedule is not None:
            initial["lines"] = schedule_lines(
                schedule.days.order_by("date").values_list("date", "kind", "name")
            )
            initial["note"] = schedule.note
        form = ScheduleTextForm(initial=initial)
    return render(
        request,
        "workdays/enter.html",
        {"form": form, "line_errors": errors, "service_error": service_error},
    )


@calendar_manager
def import_file(request: HttpRequest) -> HttpResponse:
    errors: list[LineError] = []
    file_error = ""
    if request.method == "POST":
        form = ScheduleFileForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                parsed = parse_file(upload.name, upload.read(), form.cleaned_data["year"])
            except UnreadableFile as error:
                file_error = error.zh
            else:
                errors = parsed.errors
                if parsed.ok:
                    try:
                        return _save(request, parsed, ScheduleSource.IMPORT, form.cleaned_data["note"])
                    except ServiceError as error:
                        file_error = error.message
    else:
        form = ScheduleFileForm(initial={"year": timezone.localdate().year + 1})
    return render(
        request,
        "workdays/import.html",
        {"form": form, "line_errors": errors, "file_error": file_error},
    )

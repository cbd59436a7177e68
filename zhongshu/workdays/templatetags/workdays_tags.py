"""`{% load workdays_tags %}` then `{{ record|deadline_badge }}`: one way to show a deadline everywhere.

Takes a `WorkdayDeadline`, a record with `WorkdayDeadlineFields`, or a plain date (a date deadline, never
provisional), and renders the date with, when provisional, the note such as "2027年节假日安排尚未录入，期限为暂定".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from zhongshu.workdays.calendar import WorkdayDeadline, schedule_note
from zhongshu.workdays.models import WorkdayDeadlineFields

register = template.Library()


def _as_deadline(value: Any) -> WorkdayDeadline | None:
    if isinstance(value, WorkdayDeadline):
        return value
    if isinstance(value, WorkdayDeadlineFields):
        return value.deadline_counted
    if isinstance(value, date):
        return WorkdayDeadline(value, False, ())
    return None


@register.filter
def deadline_badge(value: Any) -> SafeString:
    deadline = _as_deadline(value)
    if deadline is None:
        return mark_safe("")  # noqa: S308 - a constant empty string
    return mark_safe(render_to_string("workdays/_deadline_badge.html", {"deadline": deadline}))  # noqa: S308 - escaped by the template


@register.filter
def calendar_note(value: Any) -> str:
    """ "2027年节假日安排尚未录入" when the date's year has no schedule yet, else ""."""
    return schedule_note(value) if isinstance(value, date) else ""

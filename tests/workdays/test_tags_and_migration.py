"""The shared deadline badge, and the seed migration's way back."""

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps
from django.template import Context, Template

from zhongshu.workdays.calendar import WorkdayDeadline, has_schedule
from zhongshu.workdays.models import CalendarDay, HolidaySchedule

pytestmark = pytest.mark.django_db


def render(value):
    return Template("{% load workdays_tags %}{{ value|deadline_badge }}").render(Context({"value": value}))


def test_a_provisional_deadline_carries_its_note():
    html = render(WorkdayDeadline(date(2027, 1, 4), True, (2027,)))
    assert html == (
        '<span class="deadline"><time datetime="2027-01-04">2027年1月4日</time> '
        '<span class="badge provisional" title="2027年节假日安排尚未录入，期限为暂定">暂定</span> '
        '<span class="muted deadline-note">2027年节假日安排尚未录入，期限为暂定</span></span>\n'
    )


def test_a_firm_deadline_and_a_date_show_only_the_date():
    firm = '<span class="deadline"><time datetime="2026-11-27">2026年11月27日</time></span>\n'
    assert render(WorkdayDeadline(date(2026, 11, 27), False, ())) == firm
    assert render(date(2026, 11, 27)) == firm
    assert render(None) == ""


def test_a_record_with_deadline_fields_renders_through_the_badge(probe):
    row = probe(title="x")
    row.set_deadline_in_workdays(date(2026, 12, 25), 5)
    assert "2027年节假日安排尚未录入，期限为暂定" in render(row)
    row.set_deadline_date(date(2027, 1, 1))
    assert "暂定" not in render(row)


def test_the_calendar_note_filter():
    template = Template("{% load workdays_tags %}{{ d|calendar_note }}")
    assert template.render(Context({"d": date(2027, 3, 1)})) == "2027年节假日安排尚未录入"
    assert template.render(Context({"d": date(2026, 3, 1)})) == ""


def test_the_seed_migration_reverses_and_reapplies():
    migration = import_module("zhongshu.workdays.migrations.0002_seed_package_years")
    seeded = CalendarDay.objects.count()
    migration.unseed(apps, None)
    assert not HolidaySchedule.objects.exists() and not CalendarDay.objects.exists()
    migration.seed(apps, None)
    assert CalendarDay.objects.count() == seeded == 621 + 150
    assert list(HolidaySchedule.objects.values_list("year", flat=True)) == list(range(2004, 2027))
    assert HolidaySchedule.objects.get(year=2026).note == "chinesecalendar 1.11.0"
    assert has_schedule(2026)

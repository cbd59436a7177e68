"""The process-wide calendar: no query per call, and another process's change is seen within a second."""

from datetime import date

import pytest
from django.db.models import F

from zhongshu.workdays import snapshot
from zhongshu.workdays.calendar import add_workdays, has_schedule, is_workday, workdays_between
from zhongshu.workdays.models import CalendarDay, CalendarRevision, HolidaySchedule

pytestmark = pytest.mark.django_db


def test_counting_runs_from_memory(django_assert_num_queries):
    add_workdays(date(2026, 1, 5), 1)  # warm the cache
    with django_assert_num_queries(0):
        for day in range(1, 28):
            add_workdays(date(2026, 2, day), 20)
            workdays_between(date(2026, 2, day), date(2026, 12, 31))
            is_workday(date(2026, 10, day))


def test_another_process_change_is_seen_after_the_check_interval(monkeypatch):
    assert is_workday(date(2027, 1, 1))
    # Another process enters a schedule: rows and the revision change in the database, not in our memory.
    schedule = HolidaySchedule.objects.create(year=2027, source="manual")
    CalendarDay.objects.create(schedule=schedule, date=date(2027, 1, 1), kind="holiday", name="元旦")
    CalendarRevision.objects.filter(pk=1).update(number=F("number") + 1)

    monkeypatch.setattr(snapshot, "CHECK_INTERVAL", 3600.0)
    assert is_workday(date(2027, 1, 1))  # not checked again yet
    monkeypatch.setattr(snapshot, "CHECK_INTERVAL", 0.0)
    assert not is_workday(date(2027, 1, 1))
    assert has_schedule(2027)


def test_an_unchanged_revision_is_one_cheap_query(monkeypatch, django_assert_num_queries):
    is_workday(date(2026, 1, 1))
    monkeypatch.setattr(snapshot, "CHECK_INTERVAL", 0.0)
    with django_assert_num_queries(1):
        is_workday(date(2026, 1, 2))


def test_a_rolled_back_entry_leaves_no_trace_in_the_shared_cache(system_admin):
    from django.db import transaction

    from zhongshu.workdays.services import holiday_schedule_enter

    from .sample import SAMPLE_2027

    with pytest.raises(RuntimeError), transaction.atomic():
        holiday_schedule_enter(by=system_admin, year=2027, days=SAMPLE_2027, source="manual")
        assert not is_workday(date(2027, 1, 1))
        raise RuntimeError("abandon")
    assert is_workday(date(2027, 1, 1))
    assert not has_schedule(2027)

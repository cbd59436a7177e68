"""The suite's guard: a transactional test's flush must not leave later tests with an empty calendar."""

from datetime import date

import pytest

from zhongshu.workdays.calendar import has_schedule, is_workday
from zhongshu.workdays.models import HolidaySchedule


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_runs_first():
    assert HolidaySchedule.objects.filter(source="package").exists()


@pytest.mark.django_db
def test_the_next_test_still_counts_the_seeded_holidays():
    assert has_schedule(2026)
    assert not is_workday(date(2026, 10, 1))  # National Day
    assert is_workday(date(2026, 10, 10))  # a make-up working day (Saturday)

import os
import sys

import pytest
from django.db import connection

from zhongshu.base.roles import AdminRole
from zhongshu.testing import factories


@pytest.fixture(autouse=True)
def _clock_from_environment():
    """ZHONGSHU_TEST_CLOCK=HH:MM starts every test at the last such local time (the clock then ticks), so a run at
    23:58 or at 03:00 shows which tests lean on the hour they happen to run at: CI starts whenever a session
    stops, and a window drawn "from now for two hours" crosses midnight late in the evening."""
    wanted = os.environ.get("ZHONGSHU_TEST_CLOCK", "").strip()
    if not wanted:
        yield
        return
    import time_machine

    from zhongshu.testing.clock import latest_local

    hour, minute = (int(part) for part in wanted.split(":"))
    # Even in the past, a test that ages a file against the clock (tests/attachments/test_store.py, pruning
    # orphans) cannot pass under it: file times do not travel.
    start = latest_local(hour, minute)
    with time_machine.travel(start, tick=True):
        yield


@pytest.fixture
def unit(db):
    return factories.make_unit("测试局", agency_code="测试发")


@pytest.fixture
def person(db, unit):
    return factories.make_person("张三", unit=unit)


@pytest.fixture
def system_admin(db):
    return factories.make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin")


@pytest.fixture
def security_admin(db):
    return factories.make_admin(AdminRole.SECURITY_ADMIN, "secadmin")


@pytest.fixture
def auditor(db):
    return factories.make_admin(AdminRole.AUDITOR, "auditor")


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...)")


def _flushes_the_database(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by flushing every table, the data the migrations seeded too. Put the
    seeded working-day calendar back once the flush is done, so the tests after it count real holidays."""
    yield
    # After the last test the test database is already gone: nothing follows that could need the calendar.
    if nextitem is None or not _flushes_the_database(item):
        return
    from pytest_django.plugin import blocking_manager_key

    from zhongshu.workdays.models import CalendarDay, CalendarRevision, HolidaySchedule
    from zhongshu.workdays.seeding import seed_package_years
    from zhongshu.workdays.snapshot import invalidate

    with item.config.stash[blocking_manager_key].unblock():
        seed_package_years(HolidaySchedule, CalendarDay, CalendarRevision)
    invalidate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """On PostgreSQL, end any session a test's thread left open on the test database before pytest-django
    drops it, naming what it was doing, so the drop succeeds instead of warning "being accessed by other
    users" and leaving `test_…` behind for the next run (the leak is a thread's own connection, which the
    main thread cannot close)."""
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, state, left(query, 120) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        for pid, state, query in cursor.fetchall():
            sys.__stderr__.write(
                f"\nclosing a test database session left open (pid {pid}, {state}): {query}\n"
            )
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])

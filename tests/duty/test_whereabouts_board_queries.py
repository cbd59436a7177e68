"""The board stays a few indexed queries however many units and absences: the bench times it at 5,000 units;
here its query count is held flat over 220 units with absences this week."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhongshu.accounts.models import User
from zhongshu.base.roles import Role
from zhongshu.duty import whereabouts
from zhongshu.duty.models import Absence, AbsenceState
from zhongshu.org.models import Person, Unit
from zhongshu.testing.factories import make_person

MONDAY = date(2026, 12, 14)


def _units_away(count: int, filer: object) -> None:
    start = Unit.objects.count()
    units = Unit.objects.bulk_create(
        Unit(name=f"速度单位{start + n}", code=f"SD{start + n:05d}") for n in range(count)
    )
    users = User.objects.bulk_create(
        User(username=f"sd{start + n}_{k}", password="!") for n in range(count) for k in range(2)
    )
    people = Person.objects.bulk_create(
        Person(name=f"领导{n}{k}", unit=unit, user=users[2 * n + k], is_leader=True, leader_rank=k + 1)
        for n, unit in enumerate(units)
        for k in range(2)
    )
    Absence.objects.bulk_create(
        Absence(
            person=person,
            kind="travel",
            starts_on=MONDAY + timedelta(days=n % 5),
            ends_on=MONDAY + timedelta(days=n % 5 + 1),
            reason="出差",
            phone="1",
            stand_in=people[n - 1],
            state=AbsenceState.APPROVED,
            filed_by=filer,
        )
        for n, person in enumerate(people)
    )


def test_the_board_is_three_queries(county):
    director = county.director.user
    whereabouts.away_board(director, MONDAY)  # the viewer's roles, read once per request
    _units_away(20, director)
    with CaptureQueriesContext(connection) as few:
        small = whereabouts.away_board(director, MONDAY + timedelta(days=2))
    _units_away(200, director)
    with CaptureQueriesContext(connection) as many:
        big = whereabouts.away_board(director, MONDAY + timedelta(days=2))
    assert len(big.week) > len(small.week) >= 20
    assert len(many.captured_queries) == len(few.captured_queries) <= 3
    # Both leaders of a unit away on one day: flagged.
    assert any(group.flags for group in big.week)


def test_a_unit_person_reads_his_unit_only_in_as_few_queries(county):
    liaison = make_person("速度联络", unit=county.water, roles=[Role.LIAISON], username="sd_llr")
    _units_away(50, county.director.user)
    with CaptureQueriesContext(connection) as queries:
        board = whereabouts.away_board(liaison.user, MONDAY)
    assert board.week == [] and len(queries.captured_queries) <= 4

"""Query budget of the auditor's log page with 20 and 40 events by different people on different records."""

from __future__ import annotations

import itertools

import pytest

from tests.budgets.helpers import assert_flat, counter, signed_in
from zhongshu.audit.services import audit_record
from zhongshu.testing.factories import make_person

pytestmark = pytest.mark.django_db

N = 20
_serial = itertools.count(1)


def events(unit, count: int) -> None:
    """What people do leaves events: each by its own person, on its own record (the person's own row)."""
    for _ in range(count):
        n = next(_serial)
        person = make_person(f"预算经办人{n}", unit=unit)
        audit_record(actor=person.user, action="person.update", target=person, details={"n": n})


def test_the_log_costs_the_same_for_20_and_40_events(auditor, unit):
    events(unit, N)
    assert_flat(
        signed_in(auditor),
        "/audit/?action=person.update",
        grow=lambda: events(unit, N),
        rows=counter("<td>修改人员</td>"),  # the action's label (org.vocabulary)
        ceiling={"sqlite": 14, "postgresql": 15},  # measured 12 and 13
    )

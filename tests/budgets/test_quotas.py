"""Query budget of the 额度 page (精文减会): measured with 20 units, each with a 发文 quota, and with 40. The
documents' kind counts every unit in one query per year, so the count must be the same both times."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from tests.budgets.helpers import assert_flat, signed_in
from zhongshu.base.roles import Role
from zhongshu.quotas.models import Quota
from zhongshu.testing.factories import make_person, make_unit

pytestmark = pytest.mark.django_db

N = 20
_serial = itertools.count(1)


def units_with_quotas(count: int) -> None:
    year = timezone.localdate().year
    for _ in range(count):
        n = next(_serial)
        unit = make_unit(f"预算单位{n}", code=f"budget-{n}")
        Quota.objects.create(kind="documents", unit=unit, year=year, limit=n)


def test_the_quota_page_costs_the_same_for_20_and_40_units():
    office = make_unit("县委办公室", agency_code="县委办发")
    director = make_person("刘主任", unit=office, roles=[Role.OFFICE_DIRECTOR])
    units_with_quotas(N)
    assert_flat(
        signed_in(director.user),
        "/quotas/",
        grow=lambda: units_with_quotas(N),
        rows=lambda page: (
            page.count("预算单位") // 3
        ),  # the row's heading, its field's label, the chart's row
        ceiling=17,  # measured 15 on SQLite
    )

"""A small county for the quota tests: the office and a bureau, the office director, a leader, a clerk — and a
second kind of quota beside 发文, registered the way the meetings app registers its meeting types."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from zhongshu.base.roles import Role
from zhongshu.quotas.registry import QuotaKind, register_quota_kind, unregister_quota_kind
from zhongshu.testing.factories import make_person, make_unit

TEST_KIND = "tests.topical"


@pytest.fixture
def county(db):
    office = make_unit("县委办公室", agency_code="县委办发")
    bureau = make_unit("县教育局", agency_code="县教发")
    return SimpleNamespace(
        office=office,
        bureau=bureau,
        director=make_person("刘主任", unit=office, roles=[Role.OFFICE_DIRECTOR]),
        leader=make_person("王书记", unit=office, roles=[Role.LEADER]),
        clerk=make_person("张文书", unit=office, roles=[Role.CLERK]),
    )


@pytest.fixture
def held() -> Iterator[Counter[tuple[int | None, int]]]:
    """A second kind, 试点会 counted in 次: the test says how many each unit held in a year."""
    counts: Counter[tuple[int | None, int]] = Counter()
    register_quota_kind(
        QuotaKind(
            code=TEST_KIND,
            label="试点会",
            noun="次",
            count=lambda unit_id, year: counts[(unit_id, year)],
            verb="召开试点会",
        )
    )
    yield counts
    unregister_quota_kind(TEST_KIND)

"""The classification decisions `zhongshu bench secrecy` times the yearly review queue over (secrecy.bench calls
`build_decisions` after it has made its units, people and carriers).

One governing decision a record, about the bench's carriers (Classified records like any other): most are 定密
decisions made at some time in the last twenty years with a term of one to the legal maximum, some a 变更 or a
延期 that superseded an earlier one (which stays, no longer governing), a few a 解密. So a good part of them are
still in force today and the rest ended or were declassified — what a county's register looks like after years.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from zhongshu.base.levels import DEFAULT_SECRECY_TERM_YEARS
from zhongshu.core.bench_data import RawTable
from zhongshu.core.periods import add_years

BATCH = 20_000
MAXIMUM_TERM = DEFAULT_SECRECY_TERM_YEARS  # the legal maximum of each level


def build_decisions(
    *,
    units: list[int],
    people: dict[int, list[int]],
    user: Any,
    count: int,
    today: date,
    rng: random.Random,
) -> int:
    """`count` governing decisions about carriers 1..count (and the superseded ones before some of them)."""
    from zhongshu.secrecy.models import Carrier, ClassificationDecision

    table = RawTable(ClassificationDecision, with_id=False)
    carrier_type = ContentType.objects.get_for_model(Carrier).pk
    made = 0
    rows: list[tuple[Any, ...]] = []

    def decision(record: int, kind: str, level: int, starts: date, years: int | None, latest: bool) -> None:
        at = timezone.make_aware(datetime.combine(starts, time(10)))
        unit = units[record % len(units)]
        rows.append(
            table.row(
                {
                    "kind": kind,
                    "state": "approved",
                    "content_type_id": carrier_type,
                    "object_id": record,
                    "unit_id": unit,
                    "classification": level,
                    "secrecy_term_years": years,
                    "reason": "基准定密",
                    "proposed_by_id": user.pk,
                    "proposed_at": at,
                    "decided_by_id": user.pk,
                    "decided_at": at,
                    "starts_on": starts,
                    "ends_on": add_years(starts, years) if years else None,
                    "is_latest": latest,
                    "version": 1,
                }
            )
        )

    with connection.cursor() as cursor:
        for record in range(1, count + 1):
            level = 2 + record % 3
            starts = today - timedelta(days=rng.randrange(20 * 365))
            years = rng.randint(1, MAXIMUM_TERM[level])
            roll = rng.random()
            if roll < 0.8:
                decision(record, "classify", level, starts, years, True)
                made += 1
            else:
                # An earlier 定密, superseded by a change, an extension or a declassification.
                earlier = starts - timedelta(days=rng.randrange(1, 3 * 365))
                decision(record, "classify", level, earlier, years, False)
                if roll < 0.9:
                    decision(record, "change", max(2, level - 1), starts, years, True)
                elif roll < 0.95:
                    decision(record, "extend", level, starts, min(MAXIMUM_TERM[level], years + 5), True)
                else:
                    decision(record, "declassify", 1, starts, None, True)
                made += 2
            if len(rows) >= BATCH:
                table.insert(cursor, rows)
                rows = []
        table.insert(cursor, rows)
    return made

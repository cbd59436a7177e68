"""The wall's overdue trend reads the covering index `sup_item_trend` alone: its queries carry no condition on
the state (a column the index lacks). A withdrawn item is left out where the rows are grouped by state, and
the trend leaves it out by itself, as it was never assigned."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhongshu.supervision import services
from zhongshu.supervision.progress_wall import progress_wall

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plan is read with SQLite's EXPLAIN QUERY PLAN")
def test_the_trend_reads_only_its_covering_index_and_a_withdrawn_item_counts_nowhere(county):
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=SHANGHAI), tick=False):
        county.assigned("逾期在办", workdays=5)
        withdrawn = county.open("重复立项的事项")
        services.supervision_item_withdraw(item=withdrawn, by=county.supervisor.user, reason="重复立项")
    at = time_machine.travel(datetime(2026, 4, 20, 10, tzinfo=SHANGHAI), tick=False)
    with at, CaptureQueriesContext(connection) as queries:
        wall = progress_wall(county.supervisor.user)
    assert wall.total == 1 and "withdrawn" not in {state for state, _, _ in wall.by_state}
    assert wall.trend[-1][1] == wall.overdue_open == 1
    trend_reads = [
        q["sql"]
        for q in queries.captured_queries
        if "sup_item_trend" in _plan(q["sql"]) and "GROUP BY" not in q["sql"]
    ]
    assert len(trend_reads) == 3  # the items late on every day, those late since, those closed late
    for sql in trend_reads:
        assert '"state"' not in sql
        assert "USING COVERING INDEX sup_item_trend" in _plan(sql), _plan(sql)


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return " | ".join(str(row[-1]) for row in cursor.fetchall())

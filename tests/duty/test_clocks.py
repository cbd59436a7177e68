"""报告时限: the defaults the migration seeds, the fallbacks (blank = any), the director's page and API, and a
clock of zero or negative minutes refused with a clear message and nothing saved."""

from __future__ import annotations

import json
from datetime import time
from typing import Any

import pytest

from tests.duty.conftest import County, signed_in
from zhongshu.core.errors import ServiceError
from zhongshu.duty.clocks import DEFAULT_CLOCKS, clock_for, ensure_default_clocks, save_clock
from zhongshu.duty.models import ReportingClock


def test_the_migration_seeds_the_documented_defaults(db: Any) -> None:
    # The migration ran on the test database; its rows are the ones clocks.DEFAULT_CLOCKS documents.
    seeded = {
        (row.severity, row.phone_minutes, row.written_minutes, row.follow_up_minutes, row.daily_report_at)
        for row in ReportingClock.objects.filter(category="")
    }
    assert seeded == set(DEFAULT_CLOCKS)
    assert clock_for("accident", "I").phone_minutes == 20
    assert clock_for("accident", "I").written_minutes == 40


def test_the_most_specific_clock_wins(county: County) -> None:
    ensure_default_clocks()
    director = county.director.user
    save_clock(
        by=director,
        category="accident",
        severity="",
        phone_minutes=60,
        written_minutes=120,
        follow_up_minutes=None,
        daily_report_at=None,
        alarm_before_minutes=None,
    )
    save_clock(
        by=director,
        category="accident",
        severity="I",
        phone_minutes=15,
        written_minutes=30,
        follow_up_minutes=60,
        daily_report_at=time(7, 30),
        alarm_before_minutes=5,
    )
    assert clock_for("accident", "I").phone_minutes == 15  # category and severity
    assert clock_for("accident", "III").phone_minutes == 60  # the category's own
    assert clock_for("natural", "III").phone_minutes == 30  # the severity's default
    ReportingClock.objects.filter(category="", severity="IV").delete()
    assert clock_for("natural", "IV").phone_minutes == 60  # any category, any severity


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone_minutes", 0, "电话首报时限应大于零分钟（填写的是 0 分钟）"),
        ("written_minutes", -5, "书面首报时限应大于零分钟（填写的是 -5 分钟）"),
        ("follow_up_minutes", 0, "续报间隔应大于零分钟（填写的是 0 分钟）"),
        ("alarm_before_minutes", -1, "提前提醒应大于零分钟（填写的是 -1 分钟）"),
    ],
)
def test_a_clock_of_zero_or_negative_minutes_is_refused(
    county: County, field: str, value: int, message: str
) -> None:
    ensure_default_clocks()
    before = list(ReportingClock.objects.values_list("id", "phone_minutes", "written_minutes"))
    fields: dict[str, Any] = {
        "category": "",
        "severity": "III",
        "phone_minutes": 30,
        "written_minutes": 60,
        "follow_up_minutes": 240,
        "daily_report_at": None,
        "alarm_before_minutes": 10,
        field: value,
    }
    with pytest.raises(ServiceError) as refused:
        save_clock(by=county.director.user, **fields)
    assert refused.value.code == "minutes_not_positive"
    assert refused.value.field == field
    assert refused.value.message == message
    assert list(ReportingClock.objects.values_list("id", "phone_minutes", "written_minutes")) == before


def test_the_page_refuses_zero_minutes_with_the_message_and_keeps_what_was_typed(county: County) -> None:
    ensure_default_clocks()
    director = signed_in("zhuren")
    response = director.post(
        "/duty/clocks/",
        {"category": "health", "severity": "", "phone_minutes": "0", "written_minutes": "120"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "电话首报时限应大于零分钟（填写的是 0 分钟）" in page
    assert 'value="120"' in page
    assert not ReportingClock.objects.filter(category="health").exists()
    ok = director.post(
        "/duty/clocks/",
        {
            "category": "health",
            "severity": "",
            "phone_minutes": "120",
            "written_minutes": "120",
            "daily_report_at": "09:00",
        },
    )
    assert ok.status_code == 302
    row = ReportingClock.objects.get(category="health", severity="")
    assert row.daily_report_at == time(9, 0) and row.alarm_before_minutes == 10
    assert "公共卫生事件 · 全部等级" in director.get("/duty/clocks/").content.decode()


def test_the_api_refuses_negative_minutes_in_english_code(county: County) -> None:
    director = signed_in("zhuren")
    response = director.post(
        "/api/duty/clocks",
        json.dumps({"severity": "II", "phone_minutes": -20, "written_minutes": 40}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "minutes_not_positive"
    written_first = director.post(
        "/api/duty/clocks",
        json.dumps({"severity": "II", "phone_minutes": 40, "written_minutes": 20}),
        content_type="application/json",
    )
    assert written_first.json()["code"] == "written_before_phone"
    saved = director.post(
        "/api/duty/clocks",
        json.dumps({"category": "security", "severity": "II", "phone_minutes": 15, "written_minutes": 30}),
        content_type="application/json",
    )
    assert saved.status_code == 201 and saved.json()["phone_minutes"] == 15
    listed = director.get("/api/duty/clocks").json()
    assert any(row["category"] == "security" and row["severity"] == "II" for row in listed)
    removed = director.post(f"/api/duty/clocks/{saved.json()['id']}/delete")
    assert removed.status_code == 204
    fallback = ReportingClock.objects.get(category="", severity="")
    kept = director.post(f"/api/duty/clocks/{fallback.pk}/delete")
    assert kept.status_code == 400 and kept.json()["code"] == "fallback_kept"

"""突发事件 and their reports against the clock: registering (directly and from a duty-log entry), the bad input
the issue lists (a 首报 timed before the incident or before the office learned of it, a written 首报 missing
its elements, a 终报 before a 首报), numbered 续报, the 终报 closing, and lateness derived from the times."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.duty.conftest import County
from zhongshu.core.errors import ServiceError
from zhongshu.duty.clocks import chinese_number, ensure_default_clocks, incident_clocks, next_clock
from zhongshu.duty.incident_reports import file_report, report_heading, report_title
from zhongshu.duty.incidents import draft_from_entry, incident_timeline, register_incident
from zhongshu.duty.models import (
    Channel,
    DutyLogEntry,
    Incident,
    IncidentReport,
    IncidentState,
    ReportKind,
    Urgency,
)

NIGHT = timezone.make_aware(datetime(2026, 7, 14, 23, 5))
ELEMENTS = {
    "source": "城关镇值班室电话报告",
    "nature": "山洪冲毁村道",
    "extent": "城关镇河西村三个村民小组",
    "casualties": "无人员伤亡",
    "losses": "冲毁村道约200米，初步估计直接经济损失30万元",
    "trend": "降雨持续，水位仍在上涨",
    "leaders_on_site": "林副县长、周局长",
    "measures": "已转移群众46人，封闭道路",
}


@pytest.fixture
def clocks(db: Any) -> None:
    ensure_default_clocks()


def register(county: County, **overrides: Any) -> Incident:
    fields: dict[str, Any] = {
        "title": "城关镇河西村山洪",
        "category": "natural",
        "subtype": "水旱灾害",
        "severity": "III",
        "place": "城关镇河西村",
        "occurred_at": NIGHT - timedelta(minutes=20),
        "learned_at": NIGHT,
        "now": NIGHT + timedelta(minutes=1),
    }
    fields.update(overrides)
    return register_incident(by=county.duty_officers[0].user, **fields)


def report(county: County, incident: Incident, kind: str, at: datetime, **overrides: Any) -> IncidentReport:
    fields: dict[str, Any] = {
        "channel": Channel.SYSTEM,
        "sent_at": at,
        "sent_by": county.duty_officers[0],
        "sent_to": "市委总值班室",
        "elements": ELEMENTS if kind == ReportKind.FIRST else {},
        "body": "" if kind == ReportKind.FIRST else "水位回落，转移群众已返回",
        "now": at + timedelta(minutes=1),
    }
    fields.update(overrides)
    return file_report(incident=incident, by=county.duty_officers[0].user, kind=kind, **fields)


def test_an_incident_is_registered_held_by_the_officers_unit_and_internal(
    county: County, clocks: None
) -> None:
    incident = register(county)
    assert incident.state == IncidentState.OPEN
    assert incident.unit == county.office and incident.owner_unit == county.office
    assert incident.classification == 1  # 内部


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"learned_at": NIGHT - timedelta(hours=1)}, "learned_before_occurred"),
        (
            {"occurred_at": NIGHT + timedelta(hours=1), "learned_at": NIGHT + timedelta(hours=1)},
            "occurred_in_future",
        ),
        ({"subtype": "生产安全事故"}, "bad_subtype"),
        ({"place": "  "}, "required"),
        ({"severity": "V"}, "bad_severity"),
    ],
)
def test_bad_incident_input_is_refused_and_nothing_saved(
    county: County, clocks: None, overrides: dict[str, Any], code: str
) -> None:
    with pytest.raises(ServiceError) as refused:
        register(county, **overrides)
    assert refused.value.code == code
    assert refused.value.message  # a Chinese sentence for the form
    assert not Incident.objects.exists()


def test_someone_outside_the_duty_room_may_not_register(county: County, clocks: None) -> None:
    with pytest.raises(ServiceError) as refused:
        register_incident(
            by=county.water_liaison.user,
            title="x",
            category="natural",
            subtype="",
            severity="IV",
            place="x",
            occurred_at=NIGHT,
            learned_at=NIGHT,
            now=NIGHT,
        )
    assert refused.value.code == "not_allowed"


def test_a_log_entry_prefills_title_place_times_and_summary(county: County, clocks: None) -> None:
    entry = DutyLogEntry.objects.create(
        unit=county.office,
        urgency=Urgency.URGENT,
        received_at=NIGHT,
        place="城关镇河西村",
        summary="河西村山洪冲毁村道",
        course="23时许山洪下泄",
        measures="镇里已组织转移",
        caller_unit="城关镇",
        caller_name="城关联络",
        caller_phone="0000-6660003",
        recorded_by=county.duty_officers[0].user,
        owner_unit=county.office,
    )
    draft = draft_from_entry(entry)
    assert draft.title == "河西村山洪冲毁村道" and draft.place == "城关镇河西村"
    assert draft.occurred_at == NIGHT and draft.learned_at == NIGHT
    assert "经过：23时许山洪下泄" in draft.summary and "城关镇城关联络" in draft.summary
    incident = register(county, source_entry=entry, occurred_at=NIGHT, learned_at=NIGHT)
    assert incident.source_entry == entry


def test_a_first_report_before_the_incident_or_before_learning_of_it_is_refused(
    county: County, clocks: None
) -> None:
    incident = register(county)
    with pytest.raises(ServiceError) as before_occurred:
        report(county, incident, ReportKind.FIRST, NIGHT - timedelta(minutes=30))
    assert before_occurred.value.code == "sent_before_occurred"
    with pytest.raises(ServiceError) as before_learned:
        report(county, incident, ReportKind.FIRST, NIGHT - timedelta(minutes=5))
    assert before_learned.value.code == "sent_before_learned"
    assert before_learned.value.message == "报送时间不能早于获知时间"
    with pytest.raises(ServiceError) as future:
        report(
            county,
            incident,
            ReportKind.FIRST,
            NIGHT + timedelta(minutes=10),
            now=NIGHT + timedelta(minutes=5),
        )
    assert future.value.code == "sent_in_future"
    assert not IncidentReport.objects.exists()


def test_a_written_first_report_names_every_missing_element(county: County, clocks: None) -> None:
    incident = register(county)
    partial = {**ELEMENTS, "trend": "", "leaders_on_site": " ", "casualties": ""}
    with pytest.raises(ServiceError) as refused:
        report(county, incident, ReportKind.FIRST, NIGHT + timedelta(minutes=10), elements=partial)
    assert refused.value.code == "missing_elements"
    assert refused.value.message == "书面首报缺少必报要素：人员伤亡、发展趋势、到场领导"
    assert not IncidentReport.objects.exists()
    # A telephone 首报 may go with what was said on the phone.
    phoned = report(
        county,
        incident,
        ReportKind.FIRST,
        NIGHT + timedelta(minutes=10),
        channel=Channel.PHONE,
        elements={},
        body="电话报告山洪情况",
    )
    assert phoned.kind == ReportKind.FIRST


@pytest.mark.parametrize("kind", [ReportKind.FINAL, ReportKind.FOLLOW_UP, ReportKind.DAILY])
def test_nothing_but_a_first_report_goes_before_the_first_report(
    county: County, clocks: None, kind: str
) -> None:
    incident = register(county)
    with pytest.raises(ServiceError) as refused:
        report(county, incident, kind, NIGHT + timedelta(minutes=10))
    assert refused.value.code == "no_first_report"
    incident.refresh_from_db()
    assert incident.state == IncidentState.OPEN and not IncidentReport.objects.exists()


def test_follow_ups_are_numbered_carry_no_first_elements_and_the_final_closes(
    county: County, clocks: None
) -> None:
    incident = register(county)
    report(county, incident, ReportKind.FIRST, NIGHT + timedelta(minutes=25))
    one = report(county, incident, ReportKind.FOLLOW_UP, NIGHT + timedelta(hours=2), elements=ELEMENTS)
    two = report(county, incident, ReportKind.FOLLOW_UP, NIGHT + timedelta(hours=4))
    assert [report_title(one), report_title(two)] == ["续报一", "续报二"]
    assert one.nature == "" and one.body  # what changed only
    assert report_heading(two) == "关于城关镇河西村山洪的续报二"
    final = report(county, incident, ReportKind.FINAL, NIGHT + timedelta(hours=6), body="险情排除")
    incident.refresh_from_db()
    assert incident.state == IncidentState.CLOSED and incident.closed_at == final.sent_at
    with pytest.raises(ServiceError) as after:
        report(county, incident, ReportKind.FOLLOW_UP, NIGHT + timedelta(hours=7))
    assert after.value.code == "incident_closed"
    assert IncidentReport.objects.count() == 4


def test_a_follow_up_timed_before_the_first_report_is_refused(county: County, clocks: None) -> None:
    incident = register(county)
    report(county, incident, ReportKind.FIRST, NIGHT + timedelta(minutes=25))
    with pytest.raises(ServiceError) as refused:
        report(county, incident, ReportKind.FOLLOW_UP, NIGHT + timedelta(minutes=20))
    assert refused.value.code == "sent_before_first"


def test_a_stale_version_is_refused(county: County, clocks: None) -> None:
    incident = register(county)
    with pytest.raises(ServiceError) as refused:
        report(
            county, incident, ReportKind.FIRST, NIGHT + timedelta(minutes=25), version=incident.version + 1
        )
    assert refused.value.code == "stale"


def test_due_times_and_lateness_are_derived_a_follow_up_eleven_minutes_late_shows_11(
    county: County, clocks: None
) -> None:
    # Ⅲ: telephone 30, written 60, 续报 every 240 minutes (the defaults).
    incident = register(county)
    report(
        county,
        incident,
        ReportKind.FIRST,
        NIGHT + timedelta(minutes=18),
        channel=Channel.PHONE,
        elements={},
        body="电话",
    )
    report(county, incident, ReportKind.FIRST, NIGHT + timedelta(minutes=72))
    report(county, incident, ReportKind.FOLLOW_UP, NIGHT + timedelta(minutes=72 + 240 + 11))
    now = NIGHT + timedelta(hours=6)
    clocks_ = {clock.key: clock for clock in incident_clocks(incident, now=now)}
    assert clocks_["first_phone"].due_at == NIGHT + timedelta(minutes=30)
    assert clocks_["first_phone"].late_minutes() == 0 and clocks_["first_phone"].state(now) == "met"
    assert clocks_["first_written"].due_at == NIGHT + timedelta(minutes=60)
    assert clocks_["first_written"].late_minutes() == 12
    assert clocks_["follow_up:1"].late_minutes() == 11
    assert clocks_["follow_up:1"].state(now) == "late_met"
    upcoming = next_clock(list(clocks_.values()))
    assert upcoming is not None and upcoming.key == "follow_up:2"
    assert upcoming.due_at == NIGHT + timedelta(minutes=72 + 240 + 11 + 240)
    # Nothing about lateness is stored: the report row has no such column.
    assert not any("late" in field.name for field in IncidentReport._meta.fields)
    timeline = incident_timeline(incident, now=now)
    assert [event.kind for event in timeline][:2] == ["occurred", "learned"]
    follow = next(event for event in timeline if event.text == "续报一")
    assert follow.late_minutes == 11


def test_an_unmet_clock_is_due_then_late_as_time_passes(county: County, clocks: None) -> None:
    incident = register(county, severity="I")  # 20 / 40 minutes
    phone = next(clock for clock in incident_clocks(incident, now=NIGHT) if clock.key == "first_phone")
    assert phone.state(NIGHT + timedelta(minutes=5)) == "pending"
    assert phone.state(NIGHT + timedelta(minutes=12)) == "due"  # alarm 10 minutes before
    assert phone.state(NIGHT + timedelta(minutes=27)) == "late"
    assert phone.late_minutes(NIGHT + timedelta(minutes=27)) == 7


def test_daily_reports_fall_due_once_the_event_has_run_a_day(county: County, clocks: None) -> None:
    incident = register(county, severity="II")
    report(county, incident, ReportKind.FIRST, NIGHT + timedelta(minutes=30))
    now = NIGHT + timedelta(days=1, hours=10)  # 2026-07-16 09:05
    daily = [clock for clock in incident_clocks(incident, now=now) if clock.key.startswith("daily:")]
    # Learned 07-14 23:05: a whole day runs to 07-15 23:05, so the first daily report is 07-16 08:00.
    assert daily[0].key == "daily:2026-07-16"
    assert daily[0].state(now) == "late"


def test_chinese_numerals() -> None:
    assert [chinese_number(n) for n in (1, 2, 9, 10, 11, 20, 21)] == [
        "一",
        "二",
        "九",
        "十",
        "十一",
        "二十",
        "二十一",
    ]


def test_after_a_written_first_report_the_next_is_a_follow_up(county: County, clocks: None) -> None:
    incident = register(county)
    report(
        county,
        incident,
        ReportKind.FIRST,
        NIGHT + timedelta(minutes=10),
        channel=Channel.PHONE,
        elements={},
        body="电话",
    )
    report(
        county, incident, ReportKind.FIRST, NIGHT + timedelta(minutes=40)
    )  # the written one after the phone
    with pytest.raises(ServiceError) as refused:
        report(county, incident, ReportKind.FIRST, NIGHT + timedelta(minutes=50))
    assert refused.value.code == "first_report_filed"

"""值班抽查 (issue 17, item 3): the seeded draw (distinct units, inside the window, spread over it, the same
seed drawing the same round again), recording each call once against what the roster says, the results per
unit and period, the 通报 opened and read, and every bad input the issue lists refused with a clear message
and nothing half-saved."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from docx import Document

from tests.duty.conftest import County, signed_in
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Forbidden, InvalidTransition, ServiceError
from zhongshu.core.todos import todos_for
from zhongshu.duty import spotchecks
from zhongshu.duty.models import CheckResult, SpotCheck, SpotCheckRound
from zhongshu.duty.spotcheck_docx import period_bulletin
from zhongshu.duty.spotchecks import Period, draw_plan, draw_round, record_check
from zhongshu.org.models import UnitKind

NOW = timezone.make_aware(datetime(2026, 11, 10, 18, 0))
START = timezone.make_aware(datetime(2026, 11, 10, 21, 0))
END = timezone.make_aware(datetime(2026, 11, 11, 7, 0))


def _officer(county: County) -> Any:
    return county.duty_officers[0].user


def _draw(county: County, **kwargs: Any) -> SpotCheckRound:
    arguments: dict[str, Any] = {
        "by": _officer(county),
        "window_starts_at": START,
        "window_ends_at": END,
        "seed": 20261110,
        "now": NOW,
    }
    arguments.update(kwargs)
    return draw_round(**arguments)


def _plan(round_: SpotCheckRound) -> list[tuple[int, datetime]]:
    return [(check.unit_id, check.planned_at) for check in round_.checks.order_by("planned_at")]


# --- the draw ------------------------------------------------------------------------------------------------


def test_a_round_draws_distinct_units_at_times_spread_inside_the_window(county: County) -> None:
    round_ = _draw(county, count=4)
    checks = list(round_.checks.order_by("planned_at"))
    assert len(checks) == 4
    assert len({check.unit_id for check in checks}) == 4
    # Never the drawing duty room's own unit; every unit with a duty phone otherwise.
    assert county.office.pk not in {check.unit_id for check in checks}
    minutes = int((END - START).total_seconds() // 60)
    for slot, check in enumerate(checks):
        assert START <= check.planned_at < END
        offset = (check.planned_at - START).total_seconds() / 60
        assert slot * minutes // 4 <= offset < (slot + 1) * minutes // 4, (
            "one call in each quarter of the window"
        )
        assert check.planned_at.second == 0
        # The number to dial is the unit's duty phone.
        assert check.phone == county.duty_points[check.unit.code].phone
    assert round_.seed == 20261110 and round_.scope == "all"
    assert AuditEvent.objects.filter(action="duty.spot_check.draw", object_id=str(round_.pk)).exists()


def test_the_same_seed_draws_the_same_round_and_another_seed_another(county: County) -> None:
    first = _draw(county, count=2)
    again = _draw(county, count=2)
    assert _plan(first) == _plan(again)
    candidates = list(
        spotchecks.candidates("all", exclude_unit_id=county.office.pk).values_list("pk", flat=True)
    )
    assert spotchecks.redraw(first, reversed(candidates)) == _plan(first)
    plans = {
        tuple(draw_plan(candidates, starts_at=START, ends_at=END, count=2, seed=seed)) for seed in range(10)
    }
    assert len(plans) > 1, "the seed decides the draw"


def test_a_round_without_a_seed_gets_one_recorded_that_draws_it_again(county: County) -> None:
    round_ = _draw(county, seed=None, count=3)
    candidates = spotchecks.candidates("all", exclude_unit_id=county.office.pk).values_list("pk", flat=True)
    assert spotchecks.redraw(round_, candidates) == _plan(round_)


def test_all_of_a_kind_draws_every_town_or_every_bureau(county: County) -> None:
    towns = _draw(county, scope="towns")
    assert sorted(check.unit.name for check in towns.checks.all()) == sorted(t.name for t in county.towns)
    bureaus = _draw(county, scope="bureaus")
    assert {check.unit.kind for check in bureaus.checks.all()} == {UnitKind.BUREAU}
    assert {check.unit_id for check in bureaus.checks.all()} == {county.emergency.pk, county.water.pk}
    assert towns.title == "2026年11月10日值班抽查"


@pytest.mark.parametrize(
    ("kwargs", "code", "field", "words"),
    [
        (
            {"window_ends_at": START - timedelta(hours=1)},
            "window_reversed",
            "window_ends_at",
            "结束时间应晚于开始时间",
        ),
        ({"window_ends_at": START}, "window_reversed", "window_ends_at", "结束时间应晚于开始时间"),
        ({"now": START + timedelta(minutes=1)}, "window_past", "window_starts_at", "不能早于现在"),
        ({"count": 5}, "too_many_units", "count", "超过全部单位中登记值班电话的单位数（4）"),
        ({"scope": "towns", "count": 3}, "too_many_units", "count", "（2）"),
        ({"count": 0}, "bad_count", "count", "至少为1"),
        (
            {"window_ends_at": START + timedelta(minutes=3)},
            "window_too_short",
            "window_ends_at",
            "至少需要4分钟",
        ),
        ({"window_starts_at": None}, "window_required", "window_starts_at", "开始时间"),
        ({"scope": "villages"}, "bad_scope", "scope", "未知的抽查范围"),
    ],
)
def test_a_bad_draw_is_refused_clearly_and_nothing_is_saved(
    county: County, kwargs: dict[str, Any], code: str, field: str, words: str
) -> None:
    arguments = {"count": 4, **kwargs}
    with pytest.raises(ServiceError) as refused:
        _draw(county, **arguments)
    assert refused.value.code == code and refused.value.field == field
    assert words in refused.value.message
    assert not SpotCheckRound.objects.exists() and not SpotCheck.objects.exists()


def test_only_the_county_office_duty_room_draws(county: County) -> None:
    # The 应急管理局's own 值班员 keeps a duty room, but is one of the units called: he may not draw.
    for user in (county.emergency_officer.user, county.leaders[0].user, county.town_liaisons[0].user):
        with pytest.raises(Forbidden):
            _draw(county, by=user)
    assert _draw(county, by=county.director.user, count=1).checks.count() == 1


# --- recording -----------------------------------------------------------------------------------------------


def _round_of_two(county: County) -> tuple[SpotCheck, SpotCheck]:
    round_ = _draw(county, scope="towns")
    first, second = round_.checks.order_by("planned_at")
    return first, second


def test_an_answer_by_the_officer_on_the_roster_records_his_name(county: County) -> None:
    first, _ = _round_of_two(county)
    town = first.unit
    liaison = next(person for person in county.town_liaisons if person.unit_id == town.pk)
    shift = county.put_shift(liaison, date(2026, 11, 10), unit=town, full_day=True)
    assert [s.pk for s in spotchecks.on_roster_at(town.pk, first.planned_at)] == [shift.pk]
    called = first.planned_at + timedelta(minutes=2)
    recorded = record_check(
        check=first, by=_officer(county), result=CheckResult.ON_ROSTER, called_at=called, now=called
    )
    assert recorded.result == CheckResult.ON_ROSTER
    assert recorded.answered_by == liaison.name
    assert recorded.called_at == called and recorded.phone == county.duty_points[town.code].phone
    assert recorded.recorded_by == _officer(county)
    assert AuditEvent.objects.filter(action="duty.spot_check.record", object_id=str(first.pk)).exists()
    assert spotchecks.rostered_for_checks([recorded])[recorded.pk][0].person == liaison


def test_someone_else_is_named_and_no_answer_names_nobody(county: County) -> None:
    first, second = _round_of_two(county)
    later = second.planned_at + timedelta(minutes=1)
    with pytest.raises(ServiceError) as refused:
        record_check(
            check=first, by=_officer(county), result=CheckResult.SOMEONE_ELSE, called_at=later, now=later
        )
    assert refused.value.code == "answered_by_required" and "接听人姓名" in refused.value.message
    first.refresh_from_db()
    assert first.result == "" and first.called_at is None
    record_check(
        check=first,
        by=_officer(county),
        result=CheckResult.SOMEONE_ELSE,
        answered_by="门卫老刘",
        note="值班员外出吃饭",
        called_at=later,
        now=later,
    )
    record_check(
        check=second,
        by=_officer(county),
        result=CheckResult.NO_ANSWER,
        answered_by="谁",
        called_at=later,
        now=later,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.answered_by, first.note) == ("门卫老刘", "值班员外出吃饭")
    assert second.result == CheckResult.NO_ANSWER and second.answered_by == ""


def test_on_roster_with_nobody_rostered_asks_who_answered(county: County) -> None:
    first, _ = _round_of_two(county)
    moment = first.planned_at
    with pytest.raises(ServiceError) as refused:
        record_check(
            check=first, by=_officer(county), result=CheckResult.ON_ROSTER, called_at=moment, now=moment
        )
    assert refused.value.code == "answered_by_required"
    done = record_check(
        check=first,
        by=_officer(county),
        result=CheckResult.ON_ROSTER,
        answered_by="城关值班",
        called_at=moment,
        now=moment,
    )
    assert done.answered_by == "城关值班"


def test_recording_twice_is_refused_and_the_first_result_stands(county: County) -> None:
    first, _ = _round_of_two(county)
    moment = first.planned_at
    record_check(check=first, by=_officer(county), result=CheckResult.NO_ANSWER, called_at=moment, now=moment)
    with pytest.raises(InvalidTransition) as refused:
        record_check(
            check=first,
            by=county.duty_officers[1].user,
            result=CheckResult.SOMEONE_ELSE,
            answered_by="某人",
            called_at=moment,
            now=moment + timedelta(minutes=5),
        )
    assert refused.value.code == "already_recorded" and "不能重复记录" in refused.value.message
    first.refresh_from_db()
    assert first.result == CheckResult.NO_ANSWER and first.recorded_by == _officer(county)
    assert AuditEvent.objects.filter(action="duty.spot_check.record").count() == 1


@pytest.mark.parametrize(
    ("called", "now", "code", "words"),
    [
        (timedelta(days=-1), timedelta(0), "called_before_planned_day", "不能早于计划抽查日（2026-11-"),
        (timedelta(minutes=30), timedelta(minutes=10), "called_in_future", "不能晚于现在"),
    ],
)
def test_a_call_timed_before_the_planned_day_or_in_the_future_is_refused(
    county: County, called: timedelta, now: timedelta, code: str, words: str
) -> None:
    first, _ = _round_of_two(county)
    with pytest.raises(ServiceError) as refused:
        record_check(
            check=first,
            by=_officer(county),
            result=CheckResult.NO_ANSWER,
            called_at=first.planned_at + called,
            now=first.planned_at + now,
        )
    assert refused.value.code == code and refused.value.field == "called_at"
    assert words in refused.value.message
    first.refresh_from_db()
    assert first.result == "" and first.called_at is None and first.recorded_by is None


def test_earlier_the_same_day_as_planned_is_accepted(county: County) -> None:
    first, _ = _round_of_two(county)
    planned_day = timezone.localtime(first.planned_at).date()
    morning = timezone.make_aware(datetime.combine(planned_day, datetime.min.time()))
    done = record_check(
        check=first, by=_officer(county), result=CheckResult.NO_ANSWER, called_at=morning, now=morning
    )
    assert done.called_at == morning


def test_others_may_not_record(county: County) -> None:
    first, _ = _round_of_two(county)
    with pytest.raises(Forbidden):
        record_check(
            check=first, by=county.emergency_officer.user, result=CheckResult.NO_ANSWER, now=first.planned_at
        )
    first.refresh_from_db()
    assert first.result == ""


# --- results and the 通报 ------------------------------------------------------------------------------------


def _recorded_month(county: County) -> None:
    """Two rounds in November (the towns twice; the bureaus once) and one in December."""
    by = _officer(county)
    liaison = county.town_liaisons[0]
    county.put_shift(liaison, date(2026, 11, 10), unit=county.towns[0], full_day=True)
    county.put_shift(liaison, date(2026, 11, 20), unit=county.towns[0], full_day=True)
    outcomes = {
        county.towns[0].pk: (CheckResult.ON_ROSTER, ""),
        county.towns[1].pk: (CheckResult.NO_ANSWER, ""),
        county.emergency.pk: (CheckResult.SOMEONE_ELSE, "门卫老刘"),
        county.water.pk: (CheckResult.ON_ROSTER, "钱局长"),
    }
    for start in (START, START + timedelta(days=10)):
        round_ = _draw(county, window_starts_at=start, window_ends_at=start + timedelta(hours=8), now=NOW)
        for check in round_.checks.all():
            result, who = outcomes[check.unit_id]
            if start != START and check.unit_id == county.towns[1].pk:
                result = CheckResult.ON_ROSTER
                who = "河口值班"
            record_check(
                check=check,
                by=by,
                result=result,
                answered_by=who,
                called_at=check.planned_at,
                now=check.planned_at,
            )
    december = timezone.make_aware(datetime(2026, 12, 2, 21, 0))
    round_ = _draw(
        county, scope="towns", window_starts_at=december, window_ends_at=december + timedelta(hours=2)
    )
    for check in round_.checks.all():
        record_check(
            check=check, by=by, result=CheckResult.NO_ANSWER, called_at=check.planned_at, now=check.planned_at
        )


def test_results_per_unit_and_period_count_and_rate(county: County) -> None:
    _recorded_month(county)
    november = {row.unit_name: row for row in spotchecks.results(Period.parse("2026-11"))}
    assert set(november) == {"城关镇", "河口乡", "县应急管理局", "县水利局"}
    cheng = november["城关镇"]
    assert (cheng.checks, cheng.on_roster, cheng.someone_else, cheng.no_answer) == (2, 2, 0, 0)
    he = november["河口乡"]
    assert (he.checks, he.on_roster, he.no_answer, he.on_roster_rate) == (2, 1, 1, 50.0)
    assert november["县应急管理局"].someone_else == 2 and november["县应急管理局"].on_roster_rate == 0.0
    total = spotchecks.totals(list(november.values()))
    assert (total.checks, total.on_roster, total.someone_else, total.no_answer) == (8, 5, 2, 1)
    assert total.on_roster_rate == 62.5
    quarter = {row.unit_name: row for row in spotchecks.results(Period.parse("2026-q4"))}
    assert quarter["河口乡"].checks == 3 and quarter["河口乡"].no_answer == 2
    assert spotchecks.totals(spotchecks.results(Period.parse("2026"))).checks == 10
    assert spotchecks.results(Period.parse("2026-10")) == []
    december = spotchecks.results(Period.parse("2026-12"))
    assert [(row.unit_name, row.checks) for row in december] == [("城关镇", 1), ("河口乡", 1)]


def test_pending_checks_are_not_counted(county: County) -> None:
    _draw(county)
    assert spotchecks.results(Period.parse("2026-11")) == []


@pytest.mark.parametrize("raw", ["2026-13", "2026-Q5", "26-11", "十一月", "2026-1", "1999"])
def test_a_period_that_cannot_be_read_is_refused(raw: str) -> None:
    with pytest.raises(ServiceError) as refused:
        Period.parse(raw)
    assert refused.value.code == "bad_period" and "应为 2026-11" in refused.value.message


def _runs(paragraph: Any) -> list[Any]:
    return [run for run in paragraph.runs if run.text.strip()]


def _east_asian(run: Any) -> str:
    fonts = run._element.rPr.rFonts
    return fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")


def test_the_bulletin_names_the_absent_units_and_times_in_the_official_fonts(county: County) -> None:
    _recorded_month(county)
    data, name = period_bulletin(
        period=Period.parse("2026-11"), by=_officer(county), now=NOW + timedelta(days=25)
    )
    assert name == "关于2026年11月值班抽查情况的通报.docx"
    document = Document(io.BytesIO(data))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    title = paragraphs[0]
    assert title.text == "关于2026年11月值班抽查情况的通报"
    assert _east_asian(_runs(title)[0]) == "方正小标宋简体" and _runs(title)[0].font.size.pt == 22
    text = "\n".join(p.text for p in paragraphs)
    assert "本期共抽查4个单位8次" in text and "在岗率62.5%" in text
    heads = [p for p in paragraphs if p.text in ("一、抽查总体情况", "二、值班脱岗情况", "三、有关要求")]
    assert len(heads) == 3 and all(_east_asian(_runs(h)[0]) == "黑体" for h in heads)
    body = [p for p in paragraphs[1:] if p not in heads]
    assert body and all(_east_asian(run) == "仿宋_GB2312" for p in body for run in _runs(p))
    assert all(run.font.size.pt == 16 for p in body for run in _runs(p))
    absent_lines = [p.text for p in paragraphs if p.text[:2] in {"1.", "2.", "3.", "4."}]
    assert len(absent_lines) == 3
    assert (
        sum("县应急管理局" in line and "非值班表人员接听（门卫老刘）" in line for line in absent_lines) == 2
    )
    he = next(line for line in absent_lines if "河口乡" in line)
    check = SpotCheck.objects.get(unit=county.towns[1], result=CheckResult.NO_ANSWER, planned_at__month=11)
    local = timezone.localtime(check.called_at)
    assert f"{local.month}月{local.day}日{local.hour}时{local.minute:02d}分" in he and "无人接听" in he
    assert check.phone in he
    assert "城关镇" not in "".join(absent_lines) and "县水利局" not in "".join(absent_lines)
    assert paragraphs[-2].text == "县委办公室" and paragraphs[-1].text == "2026年12月5日"
    assert document.sections[0].top_margin.mm == pytest.approx(37, abs=0.1)


def test_a_period_with_nobody_absent_says_so(county: County) -> None:
    data, _ = period_bulletin(period=Period.parse("2026-10"), by=_officer(county), now=NOW)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "关于2026年10月值班抽查情况的通报" in text and "未发现值班人员不在岗" in text


# --- the pages -----------------------------------------------------------------------------------------------


def test_the_round_page_shows_each_call_with_the_phone_the_roster_and_the_buttons(
    county: County, morning: None
) -> None:
    round_ = draw_round(
        by=_officer(county),
        window_starts_at=timezone.now() + timedelta(minutes=5),
        window_ends_at=timezone.now() + timedelta(hours=2),
        scope="towns",
        seed=7,
    )
    town = county.towns[0]
    liaison = county.town_liaisons[0]
    today = timezone.localdate()
    for day in (today - timedelta(days=1), today, today + timedelta(days=1)):
        county.put_shift(liaison, day, unit=town, full_day=True)
    client = signed_in("zhiban1")
    page = client.get(f"/duty/spot-checks/{round_.pk}/").content.decode()
    assert (
        county.duty_points[town.code].phone in page and county.duty_points[county.towns[1].code].phone in page
    )
    assert f"{liaison.name}（值班员" in page and "值班表此时无人在班" in page
    assert page.count("值班表人员接听") == 2 and page.count('value="no_answer"') == 2

    check = round_.checks.get(unit=county.towns[1])
    response = client.post(
        f"/duty/spot-checks/checks/{check.pk}/record/", {"result": "someone_else", "answered_by": ""}
    )
    assert response.status_code == 400 and "请填写接听人姓名" in response.content.decode()
    response = client.post(
        f"/duty/spot-checks/checks/{check.pk}/record/", {"result": "someone_else", "answered_by": "门卫"}
    )
    assert response.status_code == 302
    response = client.post(f"/duty/spot-checks/checks/{check.pk}/record/", {"result": "no_answer"})
    assert response.status_code == 409 and "不能重复记录" in response.content.decode()
    check.refresh_from_db()
    assert check.result == CheckResult.SOMEONE_ELSE and check.answered_by == "门卫"
    page = client.get(f"/duty/spot-checks/{round_.pk}/").content.decode()
    assert page.count('value="no_answer"') == 1 and "他人代接，接听人：门卫" in page


def test_drawing_on_the_page_and_its_refusals(county: County, morning: None) -> None:
    client = signed_in("zhiban1")
    page = client.get("/duty/spot-checks/").content.decode()
    assert "抽取一轮" in page and 'aria-current="page">值班抽查' in page.replace("\n", "")
    start = timezone.localtime() + timedelta(hours=1)
    response = client.post(
        "/duty/spot-checks/",
        {
            "window_starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "window_ends_at": (start - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "count": "2",
        },
    )
    assert response.status_code == 400 and "结束时间应晚于开始时间" in response.content.decode()
    response = client.post(
        "/duty/spot-checks/",
        {
            "window_starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "window_ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "count": "9",
        },
    )
    assert (
        response.status_code == 400 and "超过全部单位中登记值班电话的单位数（4）" in response.content.decode()
    )
    assert not SpotCheckRound.objects.exists()
    response = client.post(
        "/duty/spot-checks/",
        {
            "window_starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "window_ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "count": "3",
            "seed": "99",
        },
    )
    round_ = SpotCheckRound.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/duty/spot-checks/{round_.pk}/"
    assert round_.checks.count() == 3 and round_.seed == 99


def test_the_results_page_charts_and_tables_the_period(county: County) -> None:
    _recorded_month(county)
    client = signed_in("zhuren")
    page = client.get("/duty/spot-checks/results/?period=2026-11").content.decode()
    assert "2026年11月值班抽查结果" in page and 'data-testid="chart-spot-check-results"' in page
    assert "62.5%" in page and "门卫老刘" in page
    assert "/duty/spot-checks/bulletin.docx?period=2026-11" in page
    page = client.get("/duty/spot-checks/results/?period=2026-Q4").content.decode()
    assert "2026年第四季度值班抽查结果" in page
    response = client.get("/duty/spot-checks/results/?period=2026-99")
    assert response.status_code == 400 and "统计期间格式不正确" in response.content.decode()
    response = client.get("/duty/spot-checks/bulletin.docx?period=2026-11")
    assert response.status_code == 200
    assert Document(io.BytesIO(response.content)).paragraphs[0].text == "关于2026年11月值班抽查情况的通报"


def test_the_duty_room_has_the_rounds_to_call_as_to_dos_until_all_are_recorded(county: County) -> None:
    first, second = _round_of_two(county)
    officer = _officer(county)
    assert spotchecks.todo_items(officer, now=START - timedelta(hours=13)) == []
    (item,) = spotchecks.todo_items(officer, now=NOW)
    assert item.title == "2026年11月10日值班抽查：2个单位待拨打" and not item.overdue
    assert item.url == f"/duty/spot-checks/{first.round_id}/"
    record_check(
        check=first,
        by=officer,
        result=CheckResult.NO_ANSWER,
        called_at=first.planned_at,
        now=first.planned_at,
    )
    (item,) = spotchecks.todo_items(county.director.user, now=END + timedelta(minutes=1))
    assert item.title.endswith("1个单位待拨打") and item.overdue
    for someone in (county.emergency_officer.user, county.leaders[0].user, county.town_liaisons[0].user):
        assert spotchecks.todo_items(someone, now=NOW) == []
    # The workbench gathers it (the window lies in the past by the wall clock: late).
    assert [todo.overdue for todo in todos_for(officer) if todo.kind == "duty.spot_check"] == [True]
    record_check(
        check=second,
        by=officer,
        result=CheckResult.NO_ANSWER,
        called_at=second.planned_at,
        now=second.planned_at,
    )
    assert spotchecks.todo_items(officer, now=END) == []

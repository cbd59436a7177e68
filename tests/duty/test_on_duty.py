"""当前值班: who is on duty at a moment, per unit and across the county, with the duty phone; across day
boundaries; a unit with no one on duty marked; the page filters by kind and name and prints."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.duty.conftest import signed_in
from zhongshu.duty.on_duty import county_on_duty, on_duty_at, on_duty_page, units_for
from zhongshu.org.models import UnitKind

DAY = date(2027, 2, 6)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def test_a_24_hour_shift_from_0830_covers_three_in_the_morning_next_day(county):
    shift = county.put_shift(county.duty_officers[0], DAY, full_day=True)
    assert on_duty_at(county.office, at(DAY, 8, 29)) == []
    assert on_duty_at(county.office, at(DAY, 8, 30)) == [shift]
    assert on_duty_at(county.office, at(DAY + timedelta(days=1), 3, 0)) == [shift]
    assert on_duty_at(county.office, at(DAY + timedelta(days=1), 8, 29)) == [shift]
    assert on_duty_at(county.office, at(DAY + timedelta(days=1), 8, 30)) == []  # ends_at excluded


def test_office_hours_shift_is_not_on_duty_at_night(county):
    county.put_shift(county.duty_officers[0], DAY)
    assert len(on_duty_at(county.office, at(DAY, 17, 29))) == 1
    assert on_duty_at(county.office, at(DAY, 17, 30)) == []
    assert on_duty_at(county.office, at(DAY, 23, 0)) == []


def test_county_view_by_role_with_phones_and_units_with_nobody_marked(county):
    leader, officer = county.leaders[0], county.duty_officers[1]
    county.put_shift(officer, DAY, full_day=True)
    county.put_shift(leader, DAY, role="leader", full_day=True)
    county.put_shift(county.emergency_officer, DAY, unit=county.emergency)
    lines = {line.name: line for line in county_on_duty(at(DAY + timedelta(days=1), 3, 0))}
    office = lines["县委办公室"]
    assert [(p.role, p.name) for p in office.people] == [("带班领导", "郑书记"), ("值班员", "李值班")]
    assert office.phone == county.duty_points["XWB"].phone
    assert not office.nobody
    # the bureau's office-hours shift is over at 03:00; the towns never had anyone
    assert lines["县应急管理局"].nobody and lines["城关镇"].nobody
    assert lines["城关镇"].phone == county.duty_points["CGZ"].phone
    at_noon = {line.name: line for line in county_on_duty(at(DAY, 12, 0))}
    assert [p.name for p in at_noon["县应急管理局"].people] == ["郭值班"]


def test_filters_by_kind_and_name(county):
    towns = county_on_duty(at(DAY, 12), units=units_for("town"))
    assert {line.name for line in towns} == {"城关镇", "河口乡"}
    named = county_on_duty(at(DAY, 12), units=units_for("", "应急"))
    assert [line.name for line in named] == ["县应急管理局"]


def test_reads_do_not_grow_with_the_units_or_the_years(county):
    for offset in range(0, 400, 7):  # a year of shifts behind the moment
        county.put_shift(county.duty_officers[offset % 3], DAY - timedelta(days=offset + 1), full_day=True)
    with CaptureQueriesContext(connection) as queries:
        county_on_duty(at(DAY, 12))
    assert len(queries) <= 4
    shift_query = [q["sql"] for q in queries if "duty_dutyshift" in q["sql"]]
    assert len(shift_query) == 1 and '"day" IN' in shift_query[0].replace("`", '"')


def test_on_duty_page(county):
    county.put_shift(county.duty_officers[0], timezone.localdate(), full_day=True)
    county.put_shift(county.duty_officers[1], timezone.localdate() - timedelta(days=1), full_day=True)
    client = signed_in("town0")  # everyone sees the county's duty
    page = client.get("/duty/on-duty/").content.decode()
    assert "当前值班" in page and "当前无人值班" in page and "打印" in page
    assert ("张值班" in page) != ("李值班" in page)  # exactly one of the two covers now
    filtered = client.get("/duty/on-duty/", {"kind": "town"}).content.decode()
    assert "城关镇" in filtered and "县委办公室" not in filtered
    frozen = client.get("/duty/on-duty/", {"at": f"{DAY.isoformat()}T12:00"}).content.decode()
    assert "2027年2月6日 12:00" in frozen


def test_on_duty_api(county):
    county.put_shift(county.duty_officers[0], DAY, full_day=True)
    body = signed_in("town0").get("/api/duty/on-duty", {"at": f"{DAY.isoformat()}T20:00"}).json()
    office = next(u for u in body["units"] if u["name"] == "县委办公室")
    assert office["people"][0]["name"] == "张值班" and office["nobody"] is False
    assert office["phone"] == county.duty_points["XWB"].phone
    bad = signed_in("town0").get("/api/duty/on-duty", {"at": "昨天"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_time"


def test_the_page_shows_a_page_of_units_with_the_whole_filters_counts(county):
    """The page is a page of units (the viewer's own unit, then the county organs first); the counts are the
    whole filter's; paging reaches every unit exactly once; the print route lists them all at once."""
    county.put_shift(county.duty_officers[1], DAY, full_day=True)
    county.put_shift(county.emergency_officer, DAY, unit=county.emergency)
    county.office.kind = UnitKind.OFFICE
    county.office.save(update_fields=["kind"])
    moment = at(DAY, 12)
    first = on_duty_page(moment, size=2, own_unit_id=county.towns[1].pk)
    assert (first.total, first.staffed, first.nobody_count, first.pages) == (5, 2, 3, 3)
    assert [line.name for line in first.lines] == ["河口乡", "县委办公室"]
    assert (first.previous, first.next, first.first_index, first.last_index) == (None, 2, 1, 2)
    seen = [
        line.name
        for number in (1, 2, 3)
        for line in on_duty_page(moment, size=2, page=number, own_unit_id=county.towns[1].pk).lines
    ]
    assert sorted(seen) == sorted(line.name for line in county_on_duty(moment))
    whole = {line.name: [p.name for p in line.people] for line in county_on_duty(moment)}
    for number in (1, 2, 3):
        for line in on_duty_page(moment, size=2, page=number).lines:
            assert [p.name for p in line.people] == whole[line.name]
    assert on_duty_page(moment, size=2, page=99).number == 3
    named = on_duty_page(moment, name="应急")
    assert (named.total, named.staffed, [line.name for line in named.lines]) == (1, 1, ["县应急管理局"])
    with CaptureQueriesContext(connection) as queries:
        on_duty_page(moment, size=2)
    assert len(queries) <= 5
    client = signed_in("town0")
    frozen = {"at": f"{DAY.isoformat()}T12:00"}
    page = client.get("/duty/on-duty/", frozen).content.decode()
    assert "共5个单位" in page and "3个单位当前无人值班" in page and "打印全部单位" in page
    printed = client.get("/duty/on-duty/print/", frozen).content.decode()
    assert all(name in printed for name in whole) and "李值班" in printed and "打印" in printed

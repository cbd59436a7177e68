"""报备: the duty room issues a call; each unit files rosters covering every day of the period; the office
sees filed, late and missing units (derived from the times); reminders before the due date and when late,
idempotent; the unit's 待办."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from tests.duty.conftest import signed_in
from zhongshu.core.errors import ServiceError
from zhongshu.core.todos import todos_for
from zhongshu.duty import roster_calls
from zhongshu.duty.models import DutyRoster, RosterCall
from zhongshu.duty.roster_calls import FilingState
from zhongshu.notifications.models import OutboxMessage

NEW_YEAR = (date(2027, 1, 1), date(2027, 1, 3))
DUE = date(2026, 12, 28)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _call(county, units=None):
    return roster_calls.call_issue(
        title="2027年元旦假期值班表报备",
        starts_on=NEW_YEAR[0],
        ends_on=NEW_YEAR[1],
        due_on=DUE,
        units=units or [county.emergency, county.water, *county.towns],
        by=county.director.user,
    )


def _cover(county, unit, person, days):
    for day in days:
        county.put_shift(person, day, unit=unit, full_day=True)


def test_the_office_sees_filed_late_and_missing(county):
    call = _call(county)
    days = roster_calls.days_of(*NEW_YEAR)
    _cover(county, county.emergency, county.emergency_officer, days)
    _cover(county, county.water, county.water_liaison, days)
    roster_calls.roster_file(
        call=call, unit=county.emergency, by=county.emergency_officer.user, now=at(DUE, 16)
    )
    roster_calls.roster_file(
        call=call, unit=county.water, by=county.water_liaison.user, now=at(DUE + timedelta(days=1), 9)
    )
    states = {f.unit.name: f.state for f in roster_calls.call_filings(call, now=at(DUE, 20))}
    assert states["县应急管理局"] == FilingState.FILED
    assert states["城关镇"] == FilingState.WAITING  # not due yet at 20:00 on the due date
    later = {f.unit.name: f.state for f in roster_calls.call_filings(call, now=at(DUE + timedelta(days=2)))}
    assert later == {
        "县应急管理局": FilingState.FILED,
        "县水利局": FilingState.LATE,
        "城关镇": FilingState.OVERDUE,
        "河口乡": FilingState.OVERDUE,
    }
    assert DutyRoster.objects.get(unit=county.emergency).filed_by == county.emergency_officer.user


def test_a_roster_that_leaves_a_day_of_the_period_uncovered_is_refused(county):
    call = _call(county)
    _cover(county, county.emergency, county.emergency_officer, [NEW_YEAR[0], NEW_YEAR[1]])  # 1月2日 missing
    with pytest.raises(ServiceError) as refused:
        roster_calls.roster_file(call=call, unit=county.emergency, by=county.emergency_officer.user)
    assert refused.value.code == "roster_incomplete" and "1月2日" in refused.value.message
    assert not DutyRoster.objects.filter(filed_at__isnull=False).exists()
    with pytest.raises(ServiceError) as none:
        roster_calls.roster_file(call=call, unit=county.water, by=county.water_liaison.user)
    assert none.value.code == "roster_missing"


def test_only_the_units_own_people_or_the_duty_room_file(county):
    call = _call(county)
    _cover(county, county.water, county.water_liaison, roster_calls.days_of(*NEW_YEAR))
    with pytest.raises(ServiceError) as refused:
        roster_calls.roster_file(call=call, unit=county.water, by=county.emergency_officer.user)
    assert refused.value.code == "not_own_unit"
    with pytest.raises(ServiceError) as not_called:
        roster_calls.roster_file(call=call, unit=county.office, by=county.director.user)
    assert not_called.value.code == "unit_not_called"
    roster_calls.roster_file(call=call, unit=county.water, by=county.duty_officers[0].user)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"title": ""}, "title_required"),
        ({"ends_on": date(2026, 12, 31)}, "ends_before_starts"),
        ({"due_on": date(2027, 1, 2)}, "due_after_start"),
        ({"due_on": None}, "due_on_required"),
        ({"units": []}, "units_required"),
    ],
)
def test_bad_calls_are_refused(county, change, code):
    values = {
        "title": "元旦",
        "starts_on": NEW_YEAR[0],
        "ends_on": NEW_YEAR[1],
        "due_on": DUE,
        "units": [county.water],
    }
    values.update(change)
    with pytest.raises(ServiceError) as refused:
        roster_calls.call_issue(**values, by=county.director.user)
    assert refused.value.code == code
    assert not RosterCall.objects.exists()


def test_only_the_duty_room_issues(county):
    with pytest.raises(ServiceError) as refused:
        roster_calls.call_issue(
            title="元旦",
            starts_on=NEW_YEAR[0],
            ends_on=NEW_YEAR[1],
            due_on=DUE,
            units=[county.water],
            by=county.water_head.user,
        )
    assert refused.value.code == "not_duty_room"


def test_reminders_before_the_due_date_and_when_late_are_idempotent(county):
    call = _call(county, units=[county.water, county.towns[0]])
    _cover(county, county.water, county.water_liaison, roster_calls.days_of(*NEW_YEAR))
    roster_calls.roster_file(call=call, unit=county.water, by=county.water_liaison.user, now=at(DUE, 8))
    assert roster_calls.roster_call_reminders_tick(now=at(DUE - timedelta(days=3))) == 0
    sent = roster_calls.roster_call_reminders_tick(now=at(DUE - timedelta(days=1)))
    assert sent == 1  # the town's liaison; the water bureau filed
    assert roster_calls.roster_call_reminders_tick(now=at(DUE - timedelta(days=1), 15)) == 0
    assert roster_calls.roster_call_reminders_tick(now=at(DUE)) == 0  # on the due day itself: no reminder
    late = roster_calls.roster_call_reminders_tick(now=at(DUE + timedelta(days=1)))
    assert late == 1
    assert roster_calls.roster_call_reminders_tick(now=at(DUE + timedelta(days=2))) == 0
    kinds = list(
        OutboxMessage.objects.filter(recipient=county.town_liaisons[0].user)
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == ["duty.roster_call", "duty.roster_call_before", "duty.roster_call_late"]
    assert not OutboxMessage.objects.filter(
        recipient=county.water_liaison.user, kind__startswith="duty.roster_call_"
    ).exists()


def test_the_unit_sees_its_call_in_todo_until_filed(county):
    call = roster_calls.call_issue(
        title="春节值班表报备",
        starts_on=timezone.localdate() + timedelta(days=5),
        ends_on=timezone.localdate() + timedelta(days=6),
        due_on=timezone.localdate() + timedelta(days=2),
        units=[county.water],
        by=county.director.user,
    )
    titles = [item.title for item in todos_for(county.water_liaison.user)]
    assert "值班表报备：春节值班表报备" in titles
    assert all("报备" not in item.title for item in todos_for(county.town_liaisons[0].user))
    _cover(county, county.water, county.water_liaison, roster_calls.days_of(call.starts_on, call.ends_on))
    roster_calls.roster_file(call=call, unit=county.water, by=county.water_liaison.user)
    assert all("春节值班表报备" not in item.title for item in todos_for(county.water_liaison.user))


def test_pages_and_api(county):
    office = signed_in("zhuren")
    page = office.get("/duty/roster-calls/").content.decode()
    assert "下发报备通知" in page
    refused = office.post(
        "/duty/roster-calls/",
        {"title": "元旦", "starts_on": "2027-01-03", "ends_on": "2027-01-01", "due_on": "2026-12-28"},
    )
    assert refused.status_code == 400 and "值班结束日期不能早于开始日期" in refused.content.decode()
    assert not RosterCall.objects.exists()
    made = office.post(
        "/duty/roster-calls/",
        {
            "title": "元旦",
            "starts_on": "2027-01-01",
            "ends_on": "2027-01-03",
            "due_on": "2026-12-28",
            "units": [county.water.pk, county.towns[0].pk],
        },
    )
    call = RosterCall.objects.get()
    assert made.status_code == 302
    detail = office.get(f"/duty/roster-calls/{call.pk}/").content.decode()
    assert "县水利局" in detail and "城关镇" in detail
    # the water bureau's liaison sees only his unit, and files
    liaison = signed_in("slj_llr")
    own = liaison.get(f"/duty/roster-calls/{call.pk}/").content.decode()
    assert "城关镇" not in own and "报备值班表" in own
    incomplete = liaison.post(f"/duty/roster-calls/{call.pk}/file/", {"unit": county.water.pk})
    assert incomplete.status_code == 400 and "值班表" in incomplete.content.decode()
    _cover(county, county.water, county.water_liaison, roster_calls.days_of(*NEW_YEAR))
    assert liaison.post(f"/duty/roster-calls/{call.pk}/file/", {"unit": county.water.pk}).status_code == 302
    # a unit not called does not see the call
    assert signed_in("yjj_zb").get(f"/duty/roster-calls/{call.pk}/").status_code == 404
    api = office.get(f"/api/duty/roster-calls/{call.pk}").json()
    states = {u["name"]: u["state"] for u in api["units"]}
    assert states["县水利局"] in ("filed", "late") and states["城关镇"] in ("waiting", "overdue")
    bad = office.post(
        "/api/duty/roster-calls",
        {
            "title": "x",
            "starts_on": "2027-01-01",
            "ends_on": "2027-01-03",
            "due_on": "2026-12-28",
            "units": [],
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "units_required"
    forbidden = liaison.post(
        "/api/duty/roster-calls",
        {"title": "x", "starts_on": "2027-01-01", "ends_on": "2027-01-03", "due_on": "2026-12-28"},
        content_type="application/json",
    )
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "not_duty_room"

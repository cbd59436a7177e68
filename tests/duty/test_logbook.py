"""值班记录: every field stored and shown, urgent before routine, the entry on the recorder's shift, who may
write, bad input refused with nothing saved, edits with a version check while the shift is open, 办结, and
classified entries read only through the policy and audited."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.duty.conftest import signed_in
from zhongshu.access.policy import RecordNotFound
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.core.errors import Conflict, Forbidden, InvalidTransition, ServiceError
from zhongshu.duty import logbook
from zhongshu.duty.logbook import EntryData
from zhongshu.duty.models import DutyLogEntry, DutyShift, ShiftKind, Urgency

DAY = datetime(2026, 12, 3).date()

ALL_TEXTS = {
    "place": "河口乡石门村三组",
    "summary": "河口乡报告山体滑坡",
    "cause": "连续强降雨",
    "course": "凌晨2时许后山约3000方土石滑落，掩埋村道",
    "measures": "已通知应急管理局、自然资源局赶赴现场",
    "result": "疏散群众12户37人",
    "impact": "村道中断，暂无人员伤亡",
    "trend": "降雨持续，仍有滑坡风险",
    "told": "已报告带班领导陈副县长",
    "caller_unit": "河口乡人民政府",
    "caller_name": "刘明",
    "caller_post": "党委副书记",
    "caller_phone": "13912345678",
}


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def night_shift(county, person, day, role="officer", unit=None):
    """17:30 on `day` to 08:30 the next morning."""
    morning = county.put_shift(person, day, role, unit=unit)
    morning.starts_at = at(day, 17, 30)
    morning.ends_at = at(day + timedelta(days=1), 8, 30)
    morning.kind = ShiftKind.FULL_DAY
    morning.save()
    return morning


def data(**changes):
    texts = dict(ALL_TEXTS)
    texts.update({k: v for k, v in changes.items() if k in texts})
    return EntryData(
        kind=changes.get("kind", "call"),
        urgency=changes.get("urgency", Urgency.ROUTINE),
        received_at=changes.get("received_at", at(DAY, 23, 5)),
        classification=changes.get("classification", Classification.INTERNAL),
        texts=texts,
    )


@pytest.fixture
def night(county):
    return night_shift(county, county.duty_officers[0], DAY)


def test_every_field_is_stored_on_the_recorders_shift_and_shown(county, night):
    officer = county.duty_officers[0].user
    entry = logbook.log_entry(officer, county.office, data(), now=at(DAY, 23, 10))
    entry.refresh_from_db()
    for name, value in ALL_TEXTS.items():
        assert getattr(entry, name) == value
    assert entry.shift == night
    assert entry.recorded_by == officer and entry.recorded_at == at(DAY, 23, 10)
    assert entry.received_at == at(DAY, 23, 5)
    assert entry.classification == Classification.INTERNAL
    assert entry.owner_unit == county.office and entry.owner_person == county.duty_officers[0]
    assert AuditEvent.objects.filter(action="duty.log.create", object_id=str(entry.pk)).exists()

    page = signed_in("zhiban1").get(f"/duty/log/{entry.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    for value in ALL_TEXTS.values():
        assert value in text
    assert "2026年12月3日 23:05" in text and "张值班" in text and "转为突发事件" in text
    api = signed_in("zhiban1").get(f"/api/duty/log/{entry.pk}").json()
    for name, value in ALL_TEXTS.items():
        assert api[name] == value
    assert api["shift"] == night.pk


def test_an_entry_outside_any_shift_has_none(county):
    entry = logbook.log_entry(county.duty_officers[1].user, county.office, data(), now=at(DAY, 23, 10))
    assert entry.shift is None


def test_urgent_entries_come_first_in_their_shift_and_are_marked(county, night):
    officer = county.duty_officers[0].user
    logbook.log_entry(
        officer, county.office, data(summary="城关镇报平安", received_at=at(DAY, 21)), now=at(DAY, 23, 30)
    )
    logbook.log_entry(
        officer,
        county.office,
        data(summary="河口乡山体滑坡", urgency=Urgency.URGENT, received_at=at(DAY, 23, 5)),
        now=at(DAY, 23, 30),
    )
    logbook.log_entry(
        officer, county.office, data(summary="水利局水位日报", received_at=at(DAY, 22)), now=at(DAY, 23, 30)
    )
    groups = logbook.day_log(officer, county.office, DAY)
    assert len(groups) == 1 and groups[0].shift == night
    assert [e.summary for e in groups[0].entries] == ["河口乡山体滑坡", "城关镇报平安", "水利局水位日报"]
    page = signed_in("zhiban1").get(f"/duty/log/?day={DAY.isoformat()}").content.decode()
    assert page.index("河口乡山体滑坡") < page.index("城关镇报平安") < page.index("水利局水位日报")
    assert '<span class="badge urgent">紧急</span> <a' in page
    assert page.count('<span class="badge urgent">紧急</span> <a') == 1


def test_only_the_duty_room_of_the_unit_writes(county, night):
    now = at(DAY, 23, 10)
    for person in (county.water_liaison, county.supervisor, county.leaders[1], county.emergency_officer):
        with pytest.raises(Forbidden):
            logbook.log_entry(person.user, county.office, data(), now=now)
    assert DutyLogEntry.objects.count() == 0
    # the director writes; the 带班领导 on shift writes, and only while on shift
    logbook.log_entry(county.director.user, county.office, data(), now=now)
    lead = night_shift(county, county.leaders[2], DAY, role="leader")
    logbook.log_entry(county.leaders[2].user, county.office, data(), now=now)
    assert DutyLogEntry.objects.filter(shift=lead).count() == 1
    with pytest.raises(Forbidden):
        logbook.log_entry(
            county.leaders[2].user, county.office, data(received_at=at(DAY, 9)), now=at(DAY, 10)
        )
    # a bureau's duty officer writes his bureau's log
    logbook.log_entry(county.emergency_officer.user, county.emergency, data(), now=now)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"received_at": at(DAY, 23, 30)}, "received_in_future"),
        ({"summary": "  "}, "summary_missing"),
        ({"classification": Classification.TOP_SECRET}, "above_clearance"),
    ],
)
def test_bad_entries_are_refused_and_nothing_is_saved(county, night, changes, code):
    with pytest.raises(ServiceError) as refused:
        logbook.log_entry(county.duty_officers[0].user, county.office, data(**changes), now=at(DAY, 23, 10))
    assert refused.value.code == code
    assert DutyLogEntry.objects.count() == 0


def test_the_form_refuses_bad_input_in_chinese_and_the_api_in_codes(county):
    now = timezone.now()
    county.put_shift(county.duty_officers[0], timezone.localdate(now), full_day=True)
    client = signed_in("zhiban1")
    future = timezone.localtime(now + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    page = client.post("/duty/log/new/", {"received_at": future, "summary": "来电", "kind": "call"})
    assert page.status_code == 400 and "时间不能晚于现在" in page.content.decode()
    page = client.post("/duty/log/new/", {"received_at": "昨晚", "summary": "来电"})
    assert page.status_code == 400 and "格式应为" in page.content.decode()
    api = client.post(
        "/api/duty/log", {"received_at": future, "summary": "来电"}, content_type="application/json"
    )
    assert api.status_code == 400 and api.json()["code"] == "received_in_future"
    api = client.post("/api/duty/log", {"received_at": future}, content_type="application/json")
    assert api.json()["code"] == "summary_missing"
    api = client.post(
        "/api/duty/log",
        {"received_at": future, "summary": "x", "urgency": "very"},
        content_type="application/json",
    )
    assert api.json()["code"] == "unknown_urgency"
    assert DutyLogEntry.objects.count() == 0
    made = client.post(
        "/duty/log/new/",
        {
            "received_at": timezone.localtime(now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
            "kind": "visit",
            "urgency": "urgent",
            **ALL_TEXTS,
        },
    )
    assert made.status_code == 302
    entry = DutyLogEntry.objects.get()
    assert entry.kind == "visit" and entry.urgency == "urgent" and entry.caller_phone == "13912345678"


def test_edit_checks_the_version_and_the_open_shift(county, night):
    officer = county.duty_officers[0].user
    entry = logbook.log_entry(officer, county.office, data(), now=at(DAY, 23, 10))
    first = logbook.edit_entry(officer, entry, data(trend="雨势减弱"), version=1, now=at(DAY, 23, 40))
    assert first.version == 2 and first.trend == "雨势减弱"
    with pytest.raises(Conflict):
        logbook.edit_entry(county.director.user, entry, data(trend="旧稿"), version=1, now=at(DAY, 23, 45))
    entry.refresh_from_db()
    assert entry.trend == "雨势减弱" and entry.version == 2
    with pytest.raises(InvalidTransition) as over:
        logbook.edit_entry(officer, entry, data(), version=2, now=at(DAY + timedelta(days=1), 9))
    assert over.value.code == "shift_over"
    with pytest.raises(Forbidden):
        logbook.edit_entry(county.water_liaison.user, entry, data(), version=2, now=at(DAY, 23, 50))
    assert AuditEvent.objects.filter(action="duty.log.edit", object_id=str(entry.pk)).count() == 1


def test_the_edit_page_answers_a_stale_form_with_a_clear_message(county):
    now = timezone.now()
    county.put_shift(county.duty_officers[0], timezone.localdate(now), full_day=True)
    officer = county.duty_officers[0].user
    entry = logbook.log_entry(officer, county.office, data(received_at=now - timedelta(minutes=1)), now=now)
    client = signed_in("zhiban1")
    assert client.get(f"/duty/log/{entry.pk}/edit/").status_code == 200
    logbook.edit_entry(officer, entry, data(received_at=entry.received_at, trend="新情况"), version=1)
    form = {"received_at": timezone.localtime(entry.received_at).strftime("%Y-%m-%dT%H:%M"), **ALL_TEXTS}
    stale = client.post(f"/duty/log/{entry.pk}/edit/", {**form, "version": "1", "trend": "旧稿"})
    assert stale.status_code == 400 and "已被他人修改" in stale.content.decode()
    entry.refresh_from_db()
    assert entry.trend == "新情况"
    api = client.post(
        f"/api/duty/log/{entry.pk}/edit", {**form, "version": 1}, content_type="application/json"
    )
    assert api.status_code == 409 and api.json()["code"] == "version_conflict"


def test_close_needs_a_result_and_closes_once(county, night):
    officer = county.duty_officers[0].user
    entry = logbook.log_entry(officer, county.office, data(result=""), now=at(DAY, 23, 10))
    with pytest.raises(ServiceError) as missing:
        logbook.close_entry(officer, entry, result=" ", now=at(DAY, 23, 20))
    assert missing.value.code == "result_missing"
    entry.refresh_from_db()
    assert entry.closed_at is None
    closed = logbook.close_entry(officer, entry, result="群众已安置", now=at(DAY + timedelta(days=1), 10))
    assert closed.closed_at == at(DAY + timedelta(days=1), 10) and closed.result == "群众已安置"
    with pytest.raises(InvalidTransition):
        logbook.close_entry(officer, entry, result="再次", now=at(DAY + timedelta(days=1), 11))
    assert logbook.open_entries(county.office, at(DAY + timedelta(days=2), 0)).count() == 0


def test_a_classified_entry_is_read_only_through_the_policy_and_audited(county, night):
    director = county.director.user  # 重要: up to 机密
    secret = logbook.log_entry(
        director,
        county.office,
        data(summary="机密来电", classification=Classification.SECRET),
        now=at(DAY, 23, 10),
    )
    internal = logbook.log_entry(director, county.office, data(summary="内部来电"), now=at(DAY, 23, 10))
    officer = county.duty_officers[0].user  # 一般: up to 秘密
    assert list(logbook.entries_for(officer)) == [internal]
    with pytest.raises(RecordNotFound):
        logbook.entry_for(officer, secret.pk)
    assert signed_in("zhiban1").get(f"/duty/log/{secret.pk}/").status_code == 404
    assert signed_in("zhiban1").get(f"/api/duty/log/{secret.pk}").status_code == 404
    assert AuditEvent.objects.filter(action="access.denied.view", object_id=str(secret.pk)).exists()
    # outside the office nobody reads the 内部 log (the bureau's duty officer is no remit over another unit's)
    assert list(logbook.entries_for(county.water_liaison.user)) == []
    before = AuditEvent.objects.filter(object_id=str(secret.pk), action__startswith="record.").count()
    assert signed_in("zhuren").get(f"/duty/log/{secret.pk}/").status_code == 200
    assert AuditEvent.objects.filter(object_id=str(secret.pk), action__startswith="record.").count() > before
    page = signed_in("zhuren").get(f"/duty/log/?day={DAY.isoformat()}")
    assert "机密来电" in page.content.decode()
    listed = AuditEvent.objects.filter(action="record.list").order_by("-id").first()
    assert listed is not None and listed.details["route"] == "duty.log"
    assert "机密来电" not in signed_in("zhiban1").get(f"/duty/log/?day={DAY.isoformat()}").content.decode()


def test_shifts_of_other_units_do_not_take_the_entry(county):
    other = night_shift(county, county.emergency_officer, DAY, unit=county.emergency)
    entry = logbook.log_entry(county.duty_officers[0].user, county.office, data(), now=at(DAY, 23, 10))
    assert entry.shift is None
    assert DutyShift.objects.filter(pk=other.pk).exists()

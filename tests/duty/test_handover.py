"""交接班: the outgoing officer hands over every open matter; a handover with an unacknowledged urgent matter
is refused naming it, nothing half-saved; the next shift sees it in 待办 and on the workbench; two
acknowledgements of one matter keep the first; the hander cannot take over his own handover."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.duty.conftest import signed_in
from tests.duty.test_logbook import DAY, at, data, night_shift
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Forbidden, InvalidTransition
from zhongshu.core.todos import todos_for
from zhongshu.core.workbench import panels_for
from zhongshu.duty import handover as handovers
from zhongshu.duty import logbook
from zhongshu.duty.models import Handover, HandoverItem, Urgency

NEXT = DAY + timedelta(days=1)


@pytest.fixture
def night_log(county):
    """The night shift (张值班) with three entries, one urgent and one closed; the morning shift (李值班)."""
    night = night_shift(county, county.duty_officers[0], DAY)
    morning = county.put_shift(county.duty_officers[1], NEXT)
    officer = county.duty_officers[0].user
    now = at(DAY, 23, 50)
    urgent = logbook.log_entry(
        officer,
        county.office,
        data(summary="河口乡山体滑坡", urgency=Urgency.URGENT, received_at=at(DAY, 23, 5)),
        now=now,
    )
    routine = logbook.log_entry(
        officer, county.office, data(summary="水利局报送水位", received_at=at(DAY, 22)), now=now
    )
    done = logbook.log_entry(
        officer, county.office, data(summary="城关镇报平安", received_at=at(DAY, 21)), now=now
    )
    logbook.close_entry(officer, done, result="已知悉", now=now)
    return night, morning, urgent, routine


def test_the_handover_lists_the_open_matters_for_the_next_shift(county, night_log):
    night, morning, urgent, routine = night_log
    handover = handovers.hand_over(
        county.duty_officers[0].user,
        county.office,
        notes="滑坡现场仍在处置",
        item_notes={urgent.pk: "等待应急局现场报告"},
        now=at(NEXT, 8, 20),
    )
    assert handover.from_shift == night and handover.to_shift == morning
    items = list(handover.items.order_by("entry__received_at"))
    assert [i.entry for i in items] == [routine, urgent]
    assert items[1].note == "等待应急局现场报告"
    with pytest.raises(InvalidTransition):
        handovers.hand_over(county.duty_officers[0].user, county.office, now=at(NEXT, 8, 25))
    assert Handover.objects.count() == 1


def test_a_handover_with_an_unacknowledged_urgent_matter_is_refused_naming_it(county, night_log):
    _, _, urgent, routine = night_log
    handover = handovers.hand_over(county.duty_officers[0].user, county.office, now=at(NEXT, 8, 20))
    taker = county.duty_officers[1].user
    with pytest.raises(InvalidTransition) as refused:
        handovers.acknowledge(taker, handover, now=at(NEXT, 8, 35))
    assert refused.value.code == "urgent_unacknowledged"
    assert "「河口乡山体滑坡」" in refused.value.message
    handover.refresh_from_db()
    assert handover.acknowledged_at is None and handover.acknowledged_by is None
    assert HandoverItem.objects.filter(acknowledged_at__isnull=False).count() == 0  # nothing half-saved
    page = signed_in("zhiban2").post(f"/duty/handovers/{handover.pk}/acknowledge/", follow=True)
    assert "紧急事项「河口乡山体滑坡」尚未确认" in page.content.decode()
    api = signed_in("zhiban2").post(f"/api/duty/handovers/{handover.pk}/acknowledge")
    assert api.status_code == 409 and api.json()["code"] == "urgent_unacknowledged"

    item = handover.items.get(entry=urgent)
    handovers.acknowledge_item(taker, item, now=at(NEXT, 8, 36))
    done = handovers.acknowledge(taker, handover, now=at(NEXT, 8, 40))
    assert done.acknowledged_by == taker and done.acknowledged_at == at(NEXT, 8, 40)
    assert handover.items.get(entry=urgent).acknowledged_at == at(NEXT, 8, 36)
    assert handover.items.get(entry=routine).acknowledged_at == at(NEXT, 8, 40)
    assert AuditEvent.objects.filter(action="duty.handover.acknowledge", object_id=str(handover.pk)).exists()
    with pytest.raises(InvalidTransition):
        handovers.acknowledge(taker, handover, now=at(NEXT, 8, 41))
    # the matters stay open in the log: the morning shift carries them on
    assert set(logbook.open_entries(county.office, at(NEXT, 9))) == {urgent, routine}


def test_acknowledging_one_matter_twice_keeps_the_first(county, night_log):
    handover = handovers.hand_over(county.duty_officers[0].user, county.office, now=at(NEXT, 8, 20))
    item = handover.items.get(entry=night_log[2])
    handovers.acknowledge_item(county.duty_officers[1].user, item, now=at(NEXT, 8, 30))
    again = handovers.acknowledge_item(county.director.user, item, now=at(NEXT, 8, 31))
    assert again.acknowledged_at == at(NEXT, 8, 30)
    assert AuditEvent.objects.filter(action="duty.handover.item").count() == 1


def test_who_may_take_over(county, night_log):
    handover = handovers.hand_over(county.duty_officers[0].user, county.office, now=at(NEXT, 8, 20))
    item = handover.items.first()
    with pytest.raises(Forbidden) as own:
        handovers.acknowledge_item(county.duty_officers[0].user, item, now=at(NEXT, 8, 30))
    assert own.value.code == "own_handover"
    for outsider in (county.water_liaison, county.emergency_officer, county.supervisor):
        with pytest.raises(Forbidden):
            handovers.acknowledge_item(outsider.user, item, now=at(NEXT, 8, 30))
        assert signed_in(outsider.user.username).get(f"/duty/handovers/{handover.pk}/").status_code == 404
        assert signed_in(outsider.user.username).get(f"/api/duty/handovers/{handover.pk}").status_code == 404
    with pytest.raises(Forbidden):
        handovers.hand_over(county.water_liaison.user, county.office, now=at(NEXT, 8, 30))
    assert HandoverItem.objects.filter(acknowledged_at__isnull=False).count() == 0


def test_the_next_shift_sees_the_waiting_handover_in_todos_and_on_the_workbench(county):
    today = timezone.localdate()
    now = timezone.now()
    night = county.put_shift(county.duty_officers[0], today - timedelta(days=1), full_day=True)
    morning = county.put_shift(county.duty_officers[1], today, full_day=True)
    assert night.ends_at == morning.starts_at
    officer = county.duty_officers[0].user
    received = (
        max(night.starts_at, now - timedelta(hours=1))
        if now < night.ends_at
        else night.ends_at - timedelta(hours=1)
    )
    entry = logbook.log_entry(
        officer,
        county.office,
        data(summary="夜间来电", received_at=received),
        now=received + timedelta(minutes=1),
    )
    handover = handovers.hand_over(officer, county.office, now=received + timedelta(minutes=2))
    assert handover.to_shift == morning
    todos = [t for t in todos_for(county.duty_officers[1].user) if t.kind == "duty.handover"]
    assert len(todos) == 1 and todos[0].url == f"/duty/handovers/{handover.pk}/"
    assert [t for t in todos_for(officer) if t.kind == "duty.handover"] == []
    assert [t for t in todos_for(county.duty_officers[2].user) if t.kind == "duty.handover"] == []
    panels = {p.key: p for p in panels_for(county.duty_officers[1].user, today)}
    assert panels["duty.handover"].title == "待确认交接" and len(panels["duty.handover"].rows) == 1
    if morning.starts_at <= now < morning.ends_at:
        logbook.log_entry(
            county.duty_officers[1].user, county.office, data(summary="早班来电", received_at=now), now=now
        )
        panels = {p.key: p for p in panels_for(county.duty_officers[1].user, today)}
        assert [r.title for r in panels["duty.shift_log"].rows] == ["早班来电"]
    handovers.acknowledge_item(county.duty_officers[1].user, handover.items.get(entry=entry))
    handovers.acknowledge(county.duty_officers[1].user, handover)
    assert [t for t in todos_for(county.duty_officers[1].user) if t.kind == "duty.handover"] == []


def test_the_handover_pages_and_api(county, night_log):
    _, _, urgent, _ = night_log
    client = signed_in("zhiban1")
    listing = client.get("/duty/handovers/").content.decode()
    assert "河口乡山体滑坡" in listing and "水利局报送水位" in listing and "城关镇报平安" not in listing
    made = client.post(
        "/duty/handovers/",
        {"notes": "注意滑坡", "item_entry": [str(urgent.pk)], "item_note": ["现场仍在处置"]},
    )
    handover = Handover.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/duty/handovers/{handover.pk}/"
    assert handover.items.get(entry=urgent).note == "现场仍在处置"
    taker = signed_in("zhiban2")
    page = taker.get(f"/duty/handovers/{handover.pk}/").content.decode()
    assert "确认此事项" in page and "确认接班" in page and "紧急事项1项待确认" in page
    assert "确认此事项" not in client.get(f"/duty/handovers/{handover.pk}/").content.decode()
    item = handover.items.get(entry=urgent)
    out = taker.post(f"/api/duty/handovers/{handover.pk}/items/{item.pk}/acknowledge").json()
    assert [i["acknowledged_at"] is not None for i in out["items"] if i["entry"] == urgent.pk] == [True]
    out = taker.post(f"/api/duty/handovers/{handover.pk}/acknowledge").json()
    assert out["acknowledged_by"] == "zhiban2" and out["actions"] == []
    assert "已接班" in taker.get(f"/duty/handovers/{handover.pk}/").content.decode()

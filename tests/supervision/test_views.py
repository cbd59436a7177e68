"""Pages: who sees which items, the actions each side gets, the wall, the bulletin and the printed forms."""

import io
from datetime import date

import time_machine
from docx import Document

from zhongshu.supervision import services
from zhongshu.supervision.models import ConfirmerRole, Reminder, SupervisionItem
from zhongshu.supervision.reminders import escalation_tick
from zhongshu.supervision.states import ItemState
from zhongshu.testing.access import sign_in

FROZEN = "2026-03-02 09:00:00+08:00"


def page(client, user, url):
    sign_in(client, user)
    response = client.get(url)
    return response.status_code, response.content.decode(errors="replace")


@time_machine.travel(FROZEN, tick=False)
def test_a_liaison_sees_their_units_items_only(county, client):
    ours = county.assigned("教育事项")
    theirs = services.supervision_item_open(by=county.supervisor.user, title="林业事项", source="directive")
    services.supervision_item_assign(
        item=theirs, by=county.supervisor.user, lead_unit=county.other, deadline_workdays=5
    )
    status, body = page(client, county.liaison.user, "/supervision/")
    assert status == 200 and "教育事项" in body and "林业事项" not in body
    assert client.get(f"/supervision/items/{theirs.pk}/").status_code == 404
    assert client.get(f"/supervision/items/{ours.pk}/").status_code == 200
    # A co-unit's liaison sees the item too.
    status, body = page(client, county.co_liaison.user, "/supervision/")
    assert "教育事项" in body
    status, body = page(client, county.supervisor.user, "/supervision/")
    assert "教育事项" in body and "林业事项" in body


def test_the_nav_entry_shows_to_the_supervision_roles(county, client):
    for person in (county.supervisor, county.director, county.leader, county.liaison):
        _, body = page(client, person.user, "/")
        assert 'href="/supervision/"' in body, person.name
    from zhongshu.testing.factories import make_person

    clerk = make_person("文书", unit=county.office)
    status, body = page(client, clerk.user, "/")
    assert 'href="/supervision/"' not in body
    assert client.get("/supervision/").status_code == 403


@time_machine.travel(FROZEN, tick=False)
def test_the_loop_through_the_pages(county, client):
    sign_in(client, county.supervisor.user)
    response = client.post(
        "/supervision/items/new/",
        {
            "title": "推进老旧小区改造",
            "source": "instruction",
            "category": "livelihood",
            "priority": "2",
            "leader": county.leader.pk,
            "source_note": "郑书记批示",
        },
    )
    item = SupervisionItem.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/supervision/items/{item.pk}/"
    response = client.post(
        f"/supervision/items/{item.pk}/assign/",
        {
            "lead_unit": county.bureau.pk,
            "co_units": [county.co_unit.pk],
            "deadline": "2026-02-27",
            "version": item.version,
        },
    )
    assert response.status_code == 400
    assert "办理时限2026-02-27早于交办日期2026-03-02" in response.content.decode()
    response = client.post(
        f"/supervision/items/{item.pk}/assign/",
        {
            "lead_unit": county.bureau.pk,
            "co_units": [county.co_unit.pk],
            "deadline_workdays": "5",
            "milestone_title": "完成方案",
            "milestone_due": "2026-03-05",
            "version": item.version,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.state, item.deadline) == (ItemState.ASSIGNED, date(2026, 3, 9))

    sign_in(client, county.liaison.user)
    body = client.get(f"/supervision/items/{item.pk}/").content.decode()
    assert "签收" in body and "销号" not in body.split("办理记录")[0].split("进展反馈")[0]
    assert client.post(f"/supervision/items/{item.pk}/receive/", {"version": item.version}).status_code == 302
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/supervision/items/{item.pk}/report/",
        {
            "text": "方案已制定",
            "files": [SimpleUploadedFile("方案.txt", "改造方案".encode())],
        },
    )
    assert response.status_code == 302
    body = client.get(f"/supervision/items/{item.pk}/").content.decode()
    assert "方案已制定" in body and "方案.txt" in body
    item.refresh_from_db()
    assert (
        client.post(
            f"/supervision/items/{item.pk}/request_completion/",
            {"evidence": "改造完成", "version": item.version},
        ).status_code
        == 302
    )

    sign_in(client, county.supervisor.user)
    response = client.post(f"/supervision/items/{item.pk}/close_out/", {"version": item.version + 1})
    assert response.status_code == 409  # not yet: the confirmations are missing
    assert "销号须经单位负责人和督办领导确认" in response.content.decode()
    for role, confirmer in ((ConfirmerRole.UNIT_HEAD, county.head), (ConfirmerRole.LEADER, county.leader)):
        assert (
            client.post(
                f"/supervision/items/{item.pk}/confirm/",
                {"role": role, "confirmer": confirmer.pk, "opinion": "同意"},
            ).status_code
            == 302
        )
    item.refresh_from_db()
    assert (
        client.post(f"/supervision/items/{item.pk}/close_out/", {"version": item.version}).status_code == 302
    )
    item.refresh_from_db()
    assert item.state == ItemState.CLOSED
    body = client.get(f"/supervision/items/{item.pk}/").content.decode()
    assert 'data-testid="look-back-due">2026-04-14' in body


@time_machine.travel(FROZEN, tick=False)
def test_a_stale_form_gets_the_conflict_message(county, client):
    item = county.assigned()
    sign_in(client, county.liaison.user)
    response = client.post(f"/supervision/items/{item.pk}/receive/", {"version": item.version - 1})
    assert response.status_code == 409
    assert "事项已被他人处理，请刷新后重试" in response.content.decode()


def test_the_wall_and_the_bulletin(county, client):
    with time_machine.travel("2026-02-10 09:00:00+08:00", tick=False):
        late = county.assigned("逾期事项", deadline=date(2026, 2, 24))
        done = services.supervision_item_open(
            by=county.supervisor.user, title="按期事项", source="directive", leader=county.leader
        )
        services.supervision_item_assign(
            item=done, by=county.supervisor.user, lead_unit=county.co_unit, deadline=date(2026, 2, 27)
        )
        services.supervision_item_receive(item=done, by=county.co_liaison.user)
        services.supervision_item_request_completion(item=done, by=county.co_liaison.user, evidence="完成")
        head = __import__("zhongshu.testing.factories", fromlist=["x"]).make_person(
            "冯局长", unit=county.co_unit, is_leader=True, leader_rank=1
        )
        services.supervision_item_confirm(
            item=done, by=county.supervisor.user, role="unit_head", confirmer=head
        )
        services.supervision_item_confirm(item=done, by=county.leader.user, role="leader")
        services.supervision_item_close_out(item=done, by=county.supervisor.user)
    with time_machine.travel("2026-03-02 09:00:00+08:00", tick=False):
        status, body = page(client, county.supervisor.user, "/supervision/wall/")
        assert status == 200
        assert 'data-testid="total">2' in body
        assert 'data-testid="on-time-rate">100.0%' in body
        assert "县财政局" in body and "县教育局" in body
        response = client.get("/supervision/bulletin.docx?period=month&date=2026-02-20")
        assert response.status_code == 200
        text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
        assert (
            "2026年2月，共跟踪督查事项2项，其中新交办2项；办结销号1项，按期办结1项，按期办结率100.0%；截至02月28日逾期未办结1项。"
            in text
        )
        assert "县财政局按期办结督查事项，予以通报表扬。" in text
        assert "县教育局存在督查事项逾期未办结情况，予以通报批评，请限期整改。" in text
        assert client.get("/supervision/bulletin.docx?period=year").status_code == 302
    assert late.pk


def test_a_reminder_prints_for_those_who_may_see_the_item(county, client):
    with time_machine.travel("2026-02-10 09:00:00+08:00", tick=False):
        item = county.assigned(deadline=date(2026, 2, 24))
    with time_machine.travel("2026-02-25 09:00:00+08:00", tick=False):
        escalation_tick()
    reminder = Reminder.objects.get(item=item)
    status, _ = page(client, county.liaison.user, f"/supervision/reminders/{reminder.pk}/docx/")
    assert status == 200
    status, _ = page(client, county.other_liaison.user, f"/supervision/reminders/{reminder.pk}/docx/")
    assert status == 404


def test_import_page_previews_then_imports(county, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.supervision.test_ledger import workbook

    sign_in(client, county.supervisor.user)
    data = workbook(
        [1, "修缮校舍", "领导批示", "县教育局", "", "", "2026-12-30", "", "待签收"],
        [2, "清理河道", "领导批示", "县水利局", "", "", "2026-12-30", "", "待签收"],
    )
    response = client.post("/supervision/import/", {"file": SimpleUploadedFile("台账.xlsx", data)})
    body = response.content.decode()
    assert "共2行：可导入1行，有误1处。" in body and "未知的单位：县水利局" in body
    assert not SupervisionItem.objects.exists()
    token = body.split('name="token" value="')[1].split('"')[0]
    assert client.post("/supervision/import/", {"token": token, "confirm": "1"}).status_code == 302
    assert list(SupervisionItem.objects.values_list("title", flat=True)) == ["修缮校舍"]
    sign_in(client, county.liaison.user)
    assert client.get("/supervision/import/").status_code == 403

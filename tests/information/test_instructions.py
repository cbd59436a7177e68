"""领导批示: a county leader's 批示 on a distributed issue (and on an item), and a higher leader's entered by an
editor on an item sent up, become supervision items linked both ways: the supervision item shows 来源 (the
instruction, opening the issue's or item's page at it) and the issue's or item's section shows 由此产生 (the
supervision item with its state), each through the access policy. Bad input is refused with nothing saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from tests.information.commissions_helpers import adopted_item, distributed_issue, submit
from tests.information.conftest import County, signed_in
from zhongshu.access.links import source_of
from zhongshu.access.policy import can
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.information import instructions
from zhongshu.information.models import InfoInstruction, IssueState
from zhongshu.information.sections import ISSUE_PAGE, ITEM_PAGE
from zhongshu.notifications.models import OutboxMessage
from zhongshu.supervision.models import Source, SupervisionItem

TEXT = "这个做法好，请县委组织部牵头总结推广"


def _rendered(page, record, user) -> str:  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.user = user
    return "".join(
        section.html for section in page.render(request, record) if section.section.name == "instructions"
    )


def test_a_leaders_instruction_on_an_issue_becomes_a_supervision_item_linked_both_ways(
    county: County,
) -> None:
    item = adopted_item(county)
    issue = distributed_issue(county, item)
    leader, supervisor = county.leaders[0], county.supervisor
    instruction = instructions.instruction_record(
        by=leader.user, issue=issue, text=TEXT, given_on=timezone.localdate()
    )
    assert instruction.leader == leader and instruction.level == "county" and instruction.leader_name == ""
    assert supervisor in issue.need_to_know_people.all()  # the 批示 reaches him to supervise
    told = OutboxMessage.objects.get(kind="information.instruction", recipient=supervisor.user)
    assert told.title.startswith("郑书记批示：《快报") and told.link.endswith(
        f"#instruction-{instruction.pk}"
    )
    with pytest.raises(Forbidden):
        instructions.instruction_supervise(by=county.editors[0].user, instruction=instruction)
    made = instructions.instruction_supervise(by=supervisor.user, instruction=instruction)
    assert isinstance(made, SupervisionItem)
    assert made.source == Source.INSTRUCTION and made.leader == leader and TEXT in made.body
    assert "乡村治理专刊" in made.title or "快报" in made.title
    # 来源: the supervision item names the instruction, opening the issue's page at it
    source = source_of(made, supervisor.user)
    assert source is not None and source.visible
    assert source.url == f"/information/issues/{issue.pk}/#instruction-{instruction.pk}"
    assert source.noun == "信息领导批示" and "乡村治理专刊" in source.title
    page = signed_in("ducha").get(f"/supervision/items/{made.pk}/").content.decode()
    assert f"/information/issues/{issue.pk}/#instruction-{instruction.pk}" in page
    # 由此产生: the issue's section lists the supervision item with its state
    ((row, links, may),) = instructions.instruction_rows(supervisor.user, issue=issue)
    assert row == instruction and not may
    assert [link.id for link in links] == [made.pk] and links[0].state == made.get_state_display()
    html = _rendered(ISSUE_PAGE, issue, supervisor.user)
    assert f'href="/supervision/items/{made.pk}/"' in html and "由此产生" in html and TEXT in html
    own_page = signed_in("ducha").get(f"/information/instructions/issue/{issue.pk}/").content.decode()
    assert f"/supervision/items/{made.pk}/" in own_page
    # a town's 信息员 reading the issue sees the 批示 and that it went to supervision, not the item itself
    town_html = _rendered(ISSUE_PAGE, issue, county.town_writers[1].user)
    assert (
        TEXT in town_html and "已转督办（无权查看）" in town_html and "/supervision/items/" not in town_html
    )
    assert source_of(made, county.town_writers[1].user) is not None
    # once only
    with pytest.raises(ServiceError) as refused:
        instructions.instruction_supervise(by=supervisor.user, instruction=instruction)
    assert refused.value.code == "instruction_already_supervised"
    assert SupervisionItem.objects.count() == 1


def test_an_editor_enters_a_higher_leaders_instruction_on_an_item_sent_up(county: County) -> None:
    item = adopted_item(county)
    editor = county.editors[0]
    assert not can(county.supervisor.user, item)  # a town's item: the supervisor is not in its need-to-know
    instruction = instructions.instruction_record(
        by=editor.user,
        item=item,
        text="请市农业农村局总结推广",
        given_on=timezone.localdate(),
        leader_name="市委副书记张某某",
        level="city",
    )
    assert instruction.leader is None and instruction.leader_name == "市委副书记张某某"
    assert instruction.level == "city"
    assert can(county.supervisor.user, item)  # ... until a 批示 on it reaches him to supervise
    # the item's author is told
    assert OutboxMessage.objects.filter(
        kind="information.instruction", recipient=county.town_writers[0].user
    ).exists()
    made = instructions.instruction_supervise(by=county.director.user, instruction=instruction)
    source = source_of(made, county.director.user)
    assert source is not None and source.url == f"/information/items/{item.pk}/#instruction-{instruction.pk}"
    html = _rendered(ITEM_PAGE, item, county.director.user)
    assert f'href="/supervision/items/{made.pk}/"' in html and "市委副书记张某某" in html and "市级" in html


def test_instruction_input_is_checked(county: County) -> None:
    item = adopted_item(county)
    issue = distributed_issue(county, item)
    today = timezone.localdate()
    leader, editor = county.leaders[1], county.editors[0]
    fresh = submit(county.town_writers[1], "河口乡新报送的信息", when=timezone.now() - timedelta(hours=1))
    fresh.need_to_know_people.add(leader, editor)
    draft = submit(county.town_writers[1], "未报送的草稿", when=None)
    draft.need_to_know_people.add(leader)
    cases = [
        ({"by": leader.user, "issue": issue, "text": " "}, "text_required"),
        ({"by": leader.user, "issue": issue, "given_on": None}, "given_on_required"),
        ({"by": leader.user, "issue": issue, "given_on": today + timedelta(days=1)}, "given_in_future"),
        ({"by": leader.user, "issue": issue, "given_on": today - timedelta(days=5)}, "given_before_record"),
        ({"by": leader.user, "item": draft}, "item_not_submitted"),
        ({"by": leader.user}, "record_required"),
        ({"by": leader.user, "item": item, "issue": issue}, "record_required"),
        ({"by": editor.user, "item": item, "leader_name": ""}, "leader_name_required"),
        ({"by": editor.user, "item": item, "level": "county"}, "level_required"),
        ({"by": editor.user, "issue": issue}, "higher_on_item_only"),
        ({"by": editor.user, "item": fresh}, "item_not_sent_up"),
    ]
    for fields, code in cases:
        values = {
            "text": TEXT,
            "given_on": today,
            "leader_name": "市长李某某",
            "level": "city",
        }
        values.update(fields)
        with pytest.raises(ServiceError) as refused:
            instructions.instruction_record(**values)
        assert refused.value.code == code, fields
    # a town's leader is no county leader; the supervisor records none; a leader who may not read it neither
    for person in (county.town_leaders[0], county.supervisor, county.town_writers[0]):
        with pytest.raises(Forbidden):
            instructions.instruction_record(by=person.user, item=item, text=TEXT, given_on=today)
    unread = submit(county.bureau_writer, "农业局信息", when=timezone.now() - timedelta(hours=2))
    with pytest.raises(Forbidden):
        instructions.instruction_record(by=leader.user, item=unread, text=TEXT, given_on=today)
    issue.state = IssueState.SIGNED
    issue.save(update_fields=["state"])
    with pytest.raises(ServiceError) as refused:
        instructions.instruction_record(by=leader.user, issue=issue, text=TEXT, given_on=today)
    assert refused.value.code == "issue_not_distributed"
    assert not InfoInstruction.objects.exists()
    assert not OutboxMessage.objects.filter(kind="information.instruction").exists()


def test_instruction_pages(county: County) -> None:
    item = adopted_item(county)
    issue = distributed_issue(county, item)
    leader = signed_in("leader1")
    url = f"/information/instructions/issue/{issue.pk}/"
    page = leader.get(url).content.decode()
    assert "批示内容" in page and "保存批示" in page and "郑书记" in page
    refused = leader.post(url, {"text": "", "given_on": timezone.localdate().isoformat()})
    assert refused.status_code == 400 and "请填写批示内容" in refused.content.decode()
    response = leader.post(url, {"text": TEXT, "given_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    instruction = InfoInstruction.objects.get()
    assert response["Location"].endswith(f"#instruction-{instruction.pk}")
    # the supervisor's list and to-do, and the one action
    ducha = signed_in("ducha")
    listing = ducha.get("/information/instructions/?pending=1").content.decode()
    assert TEXT in listing and "转为督办事项" in listing
    (todo,) = instructions.instruction_todos(county.supervisor.user)
    assert todo.title.startswith("批示待转督办：郑书记批示")
    # an editor may not supervise; a town's writer may not record
    assert (
        signed_in("bianji1").post(f"/information/instructions/{instruction.pk}/supervise/").status_code == 403
    )
    assert (
        signed_in("town0").post(url, {"text": TEXT, "given_on": timezone.localdate().isoformat()}).status_code
        == 403
    )
    done = ducha.post(
        f"/information/instructions/{instruction.pk}/supervise/", {"next": "/information/instructions/"}
    )
    assert done.status_code == 302
    assert done["Location"] == f"/information/instructions/#instruction-{instruction.pk}"
    assert SupervisionItem.objects.count() == 1
    assert instructions.instruction_todos(county.supervisor.user) == []
    assert 'data-testid="item-link"' in ducha.get("/information/instructions/").content.decode()


def test_instruction_api(county: County) -> None:
    import json

    item = adopted_item(county)
    issue = distributed_issue(county, item)
    leader = signed_in("leader2")
    body = {"issue": issue.pk, "text": TEXT, "given_on": timezone.localdate().isoformat()}
    answer = leader.post("/api/information/instructions", json.dumps(body), content_type="application/json")
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert data["leader"] == "王县长" and data["issue"] == issue.pk and data["made"] == []
    bad = leader.post(
        "/api/information/instructions",
        json.dumps({"item": item.pk, "issue": issue.pk, "text": TEXT}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "record_required"
    ducha = signed_in("ducha")
    (pending,) = ducha.get("/api/information/instructions?pending=true").json()["instructions"]
    assert pending["actions"] == ["supervise"]
    made = ducha.post(
        f"/api/information/instructions/{data['id']}/supervise", "{}", content_type="application/json"
    )
    assert made.status_code == 200 and made.json()["made"][0]["kind"] == "supervision.supervisionitem"
    again = ducha.post(
        f"/api/information/instructions/{data['id']}/supervise", "{}", content_type="application/json"
    )
    assert again.status_code == 400 and again.json()["code"] == "instruction_already_supervised"


def test_the_issue_and_item_pages_show_the_instructions_section(county: County) -> None:
    item = adopted_item(county)
    issue = distributed_issue(county, item)
    leader = signed_in("leader1")
    page = leader.get(f"/information/issues/{issue.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="instructions-section"' in html and "保存批示" in html
    done = leader.post(
        f"/information/instructions/issue/{issue.pk}/",
        {
            "text": TEXT,
            "given_on": timezone.localdate().isoformat(),
            "next": f"/information/issues/{issue.pk}/",
        },
    )
    instruction = InfoInstruction.objects.get()
    assert done["Location"] == f"/information/issues/{issue.pk}/#instruction-{instruction.pk}"
    made = instructions.instruction_supervise(by=county.supervisor.user, instruction=instruction)
    shown = signed_in("ducha").get(f"/information/issues/{issue.pk}/").content.decode()
    assert f'id="instruction-{instruction.pk}"' in shown and f"/supervision/items/{made.pk}/" in shown
    # the item's page: an editor enters the city leader's 批示 from its section
    editor = signed_in("bianji1")
    item_page = editor.get(f"/information/items/{item.pk}/").content.decode()
    assert "录入上级领导批示" in item_page

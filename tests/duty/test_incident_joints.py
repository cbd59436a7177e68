"""The incident's joints: a leader's instruction becomes a supervision item linked both ways; a closed
incident files to the archives (its reports' DOCX and the timeline) and is found by search, but not by
someone the access policy refuses."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from docx import Document

from tests.duty.conftest import signed_in
from tests.duty.plans_helpers import make_incident
from zhongshu.access.links import source_of
from zhongshu.archives.filing import file_record
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.duty import incident_joints
from zhongshu.duty.incident_reports import file_report
from zhongshu.duty.models import IncidentInstruction
from zhongshu.search.selectors import search
from zhongshu.supervision.models import Source, SupervisionItem


def _instruct(county, incident, **fields):  # type: ignore[no-untyped-def]
    values = {
        "by": county.duty_officers[0].user,
        "incident": incident,
        "leader": county.leaders[1],
        "text": "全力搜救被困群众，妥善安置受灾人员，防止次生灾害",
        "given_at": incident.learned_at + timedelta(minutes=15),
    }
    values.update(fields)
    return incident_joints.instruction_record(**values)


def test_instruction_becomes_a_supervision_item_linked_both_ways(county):
    incident = make_incident(county)
    instruction = _instruct(county, incident)
    with pytest.raises(Forbidden):
        incident_joints.instruction_supervise(by=county.duty_officers[0].user, instruction=instruction)
    item = incident_joints.instruction_supervise(by=county.supervisor.user, instruction=instruction)
    assert isinstance(item, SupervisionItem)
    assert item.source == Source.INSTRUCTION and item.leader == county.leaders[1]
    assert "全力搜救" in item.body and "河口乡山洪" in item.title
    # the item names the instruction (and through it the incident) as its source
    source = source_of(item, county.supervisor.user)
    assert source is not None and source.visible
    assert source.url == f"/duty/incidents/{incident.pk}/#instruction-{instruction.pk}"
    # the incident lists the item with its state
    ((row, links, may),) = incident_joints.instruction_rows(incident, county.supervisor.user)
    assert row == instruction and not may
    assert [link.id for link in links] == [item.pk] and links[0].state == item.get_state_display()
    with pytest.raises(ServiceError) as refused:
        incident_joints.instruction_supervise(by=county.supervisor.user, instruction=instruction)
    assert refused.value.code == "instruction_already_supervised"
    assert SupervisionItem.objects.count() == 1
    page = signed_in("ducha").get(f"/supervision/items/{item.pk}/").content.decode()
    assert f"/duty/incidents/{incident.pk}/#instruction-{instruction.pk}" in page
    # A duty officer who may not read the item still learns the instruction went to supervision.
    officer_page = signed_in("zhiban1").get(f"/duty/incidents/{incident.pk}/").content.decode()
    assert "已转督办（无权查看）" in officer_page and "未转督办" not in officer_page


def test_instruction_input_is_checked(county):
    incident = make_incident(county)
    now = timezone.now()
    cases = [
        ({"leader": None}, "leader_required"),
        ({"leader": county.duty_officers[1]}, "not_a_leader"),
        ({"text": " "}, "text_required"),
        ({"given_at": None}, "given_at_required"),
        ({"given_at": now + timedelta(minutes=10), "now": now}, "given_in_future"),
        ({"given_at": incident.learned_at - timedelta(minutes=1)}, "given_before_learned"),
        ({"by": county.leaders[0].user}, "not_own_instruction"),
    ]
    for fields, code in cases:
        with pytest.raises(ServiceError) as refused:
            _instruct(county, incident, **fields)
        assert refused.value.code == code, fields
    with pytest.raises(Forbidden):
        _instruct(county, incident, by=county.water_liaison.user)
    assert not IncidentInstruction.objects.exists()
    # a leader records his own
    _instruct(county, incident, by=county.leaders[1].user)
    assert IncidentInstruction.objects.get().recorded_by == county.leaders[1].user


def test_instruction_pages(county):
    incident = make_incident(county)
    client = signed_in("zhiban1")
    refused = client.post(
        f"/duty/incidents/{incident.pk}/instructions/",
        {
            "leader": county.leaders[0].pk,
            "text": "",
            "given_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert refused.status_code == 400 and "请填写批示内容" in refused.content.decode()
    response = client.post(
        f"/duty/incidents/{incident.pk}/instructions/",
        {
            "leader": county.leaders[0].pk,
            "text": "立即组织转移群众",
            "given_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    instruction = IncidentInstruction.objects.get()
    # the duty officer may not supervise; the supervisor sees the action and takes it
    assert (
        client.post(f"/duty/incidents/{incident.pk}/instructions/{instruction.pk}/supervise/").status_code
        == 403
    )
    director = signed_in("zhuren")
    assert "转为督办事项" in director.get(f"/duty/incidents/{incident.pk}/").content.decode()
    assert (
        director.post(f"/duty/incidents/{incident.pk}/instructions/{instruction.pk}/supervise/").status_code
        == 302
    )
    html = director.get(f"/duty/incidents/{incident.pk}/").content.decode()
    assert "领导批示与归档" in html and "立即组织转移群众" in html and 'data-testid="item-link"' in html


def _close(county, incident):  # type: ignore[no-untyped-def]
    officer = county.duty_officers[0]
    now = timezone.now()
    file_report(
        incident=incident,
        by=officer.user,
        kind="first",
        channel="phone",
        sent_at=incident.learned_at + timedelta(minutes=10),
        sent_by=officer,
        sent_to="市应急管理局",
        body="河口乡山洪，已组织转移群众",
        now=now,
    )
    file_report(
        incident=incident,
        by=officer.user,
        kind="final",
        channel="phone",
        sent_at=now - timedelta(minutes=5),
        sent_by=officer,
        sent_to="市应急管理局",
        body="险情排除，群众全部安全转移，终报",
        now=now,
    )
    incident.refresh_from_db()
    return incident


def test_closed_incident_is_filed_and_found_by_search(county):
    incident = make_incident(county)
    _instruct(county, incident)
    assert incident_joints.is_fileable(incident) is not None
    with pytest.raises(ServiceError):
        file_record(county.archivist.user, incident)
    incident = _close(county, incident)
    assert incident.state == "closed"
    item = file_record(county.archivist.user, incident)
    assert item.title.startswith("河口乡山洪")
    names = sorted(file.name for file in item.files.all())
    assert len(names) == 3 and any("时间线" in name for name in names), names  # two reports and the timeline
    assert "险情排除" in item.body_text
    # found by search by the duty room, not by a town's liaison the policy refuses
    urls = {hit.entry.url for hit in search(county.duty_officers[1].user, "河口乡山洪").hits}
    assert f"/duty/incidents/{incident.pk}/" in urls
    assert f"/duty/incidents/{incident.pk}/" not in {
        hit.entry.url for hit in search(county.town_liaisons[1].user, "河口乡山洪").hits
    }
    # the instruction's words find it too
    assert f"/duty/incidents/{incident.pk}/" in {
        hit.entry.url for hit in search(county.duty_officers[1].user, "次生灾害").hits
    }


def test_filed_timeline_docx_opens(county):
    incident = _close(county, make_incident(county))
    data = incident_joints.describe(incident)
    timeline = next(file for file in data.files if "时间线" in file.name)
    assert timeline.render is not None
    document = Document(io.BytesIO(timeline.render()))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "河口乡山洪" in text


def test_after_the_final_report_steps_and_instructions_are_recorded_as_before_it(county):
    from tests.duty.plans_helpers import make_plan
    from zhongshu.duty import plans

    plan = make_plan(county)
    incident = _close(county, make_incident(county))
    officer = county.duty_officers[0]
    plans.incident_choose_plan(by=officer.user, incident=incident, plan=plan)
    incident.refresh_from_db()
    step = plans.checklist(incident)[0].step
    after = incident.closed_at + timedelta(minutes=1)
    with pytest.raises(ServiceError) as refused:
        plans.step_tick(by=officer.user, incident=incident, step=step, done_by=officer, done_at=after)
    assert refused.value.code == "done_after_closed"
    with pytest.raises(ServiceError) as refused:
        _instruct(county, incident, given_at=after)
    assert refused.value.code == "given_after_closed"
    before = incident.learned_at + timedelta(minutes=20)
    plans.step_tick(by=officer.user, incident=incident, step=step, done_by=officer, done_at=before)
    _instruct(county, incident, given_at=before)
    assert incident.steps.count() == 1 and incident.instructions.count() == 1

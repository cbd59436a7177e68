"""The incidents pages and API end to end: 转为突发事件 from a log entry prefills the form, the forms file a
首报 (refused without its elements, the message naming them), a 续报 (its form does not carry the 首报's text)
and a 终报; the list puts open incidents first with their next clock; the report and the timeline open as DOCX
with the GB/T 9704 fonts; the API does every action with the same refusals."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from docx import Document

from tests.duty.conftest import County, signed_in
from zhongshu.duty.clocks import ensure_default_clocks
from zhongshu.duty.models import DutyLogEntry, Incident, IncidentReport, IncidentState, Urgency

ELEMENTS = {
    "source": "城关镇值班室",
    "nature": "山洪",
    "extent": "河西村",
    "casualties": "无",
    "losses": "村道冲毁200米",
    "trend": "水位上涨",
    "leaders_on_site": "林副县长",
    "measures": "转移群众46人",
}


def local(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def entry(county: County) -> DutyLogEntry:
    ensure_default_clocks()
    return DutyLogEntry.objects.create(
        unit=county.office,
        urgency=Urgency.URGENT,
        received_at=timezone.now() - timedelta(hours=3),
        place="城关镇河西村",
        summary="河西村山洪冲毁村道",
        course="山洪下泄冲毁村道",
        caller_unit="城关镇",
        caller_name="城关联络",
        recorded_by=county.duty_officers[0].user,
        owner_unit=county.office,
    )


def test_the_forms_take_an_incident_from_a_log_entry_through_to_its_final_report(
    county: County, entry: DutyLogEntry
) -> None:
    officer = signed_in("zhiban1")
    form = officer.get(f"/duty/incidents/new/?entry={entry.pk}").content.decode()
    assert 'value="河西村山洪冲毁村道"' in form and 'value="城关镇河西村"' in form
    assert local(entry.received_at) in form and "经过：山洪下泄冲毁村道" in form
    assert "死亡30人以上，或重伤100人以上，或直接经济损失1亿元以上" in form  # the guidance beside the choice
    learned = entry.received_at
    bad = officer.post(
        "/duty/incidents/new/",
        {
            "source_entry": entry.pk,
            "title": "河西村山洪",
            "category": "natural",
            "subtype": "水旱灾害",
            "severity": "III",
            "place": "城关镇河西村",
            "occurred_at": local(learned),
            "learned_at": local(learned - timedelta(minutes=30)),
        },
    )
    assert bad.status_code == 400 and "获知时间不能早于发生时间" in bad.content.decode()
    assert not Incident.objects.exists()
    made = officer.post(
        "/duty/incidents/new/",
        {
            "source_entry": entry.pk,
            "title": "河西村山洪",
            "category": "natural",
            "subtype": "水旱灾害",
            "severity": "III",
            "place": "城关镇河西村",
            "occurred_at": local(learned - timedelta(minutes=20)),
            "learned_at": local(learned),
            "summary": "山洪冲毁村道",
        },
    )
    incident = Incident.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/duty/incidents/{incident.pk}/"
    assert incident.source_entry == entry

    page = officer.get(f"/duty/incidents/{incident.pk}/").content.decode()
    for heading in ("事件信息", "报告时限", "报告记录", "时间线"):
        assert f"<h2>{heading}</h2>" in page
    assert 'data-clock-state="late"' in page  # three hours after learning, no 首报 yet
    assert 'data-action="file_follow-up"' not in page  # nothing but a 首报 before the 首报

    first_url = f"/duty/incidents/{incident.pk}/reports/first/"
    common = {"sent_by": county.duty_officers[0].pk, "sent_to": "市委总值班室", "version": incident.version}
    missing = officer.post(
        first_url,
        {
            **common,
            "channel": "system",
            "sent_at": local(learned + timedelta(minutes=50)),
            **ELEMENTS,
            "trend": "",
        },
    )
    assert missing.status_code == 400 and "书面首报缺少必报要素：发展趋势" in missing.content.decode()
    before = officer.post(
        first_url,
        {**common, "channel": "system", "sent_at": local(learned - timedelta(minutes=5)), **ELEMENTS},
    )
    assert "报送时间不能早于获知时间" in before.content.decode()
    assert not IncidentReport.objects.exists()
    assert (
        officer.post(
            first_url,
            {**common, "channel": "system", "sent_at": local(learned + timedelta(minutes=50)), **ELEMENTS},
        ).status_code
        == 302
    )
    follow_form = officer.get(f"/duty/incidents/{incident.pk}/reports/follow-up/").content.decode()
    assert "转移群众46人" not in follow_form and "村道冲毁200米" not in follow_form  # no 首报 text
    incident.refresh_from_db()
    common["version"] = incident.version
    assert (
        officer.post(
            f"/duty/incidents/{incident.pk}/reports/follow-up/",
            {
                **common,
                "channel": "fax",
                "sent_at": local(learned + timedelta(minutes=90)),
                "body": "水位回落",
            },
        ).status_code
        == 302
    )
    incident.refresh_from_db()
    common["version"] = incident.version
    assert (
        officer.post(
            f"/duty/incidents/{incident.pk}/reports/final/",
            {
                **common,
                "channel": "system",
                "sent_at": local(learned + timedelta(minutes=150)),
                "body": "险情排除",
            },
        ).status_code
        == 302
    )
    incident.refresh_from_db()
    assert incident.state == IncidentState.CLOSED
    page = officer.get(f"/duty/incidents/{incident.pk}/").content.decode()
    assert "续报一" in page and "终报" in page and 'data-action="file_' not in page
    closed = officer.get(f"/duty/incidents/{incident.pk}/reports/follow-up/")
    assert closed.status_code == 409 and "事件已终报，不能再报送" in closed.content.decode()

    timeline = officer.get(f"/duty/incidents/{incident.pk}/timeline/").content.decode()
    assert "河西村山洪时间线" in timeline and "迟报" in timeline and "window.print()" in timeline


def _docx(response: Any) -> Any:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return Document(io.BytesIO(response.content))


def _east_asian(run: Any) -> str:
    from docx.oxml.ns import qn

    return str(run._element.rPr.rFonts.get(qn("w:eastAsia")))


def test_a_report_and_the_timeline_open_as_docx_with_the_standard_fonts(
    county: County, entry: DutyLogEntry
) -> None:
    officer = signed_in("zhiban1")
    learned = entry.received_at
    api = officer.post(
        "/api/duty/incidents",
        json.dumps(
            {
                "title": "河西村山洪",
                "category": "natural",
                "severity": "II",
                "place": "城关镇河西村",
                "occurred_at": local(learned - timedelta(minutes=10)),
                "learned_at": local(learned),
                "source_entry": entry.pk,
            }
        ),
        content_type="application/json",
    )
    assert api.status_code == 201
    incident_id = api.json()["id"]
    assert api.json()["actions"] == ["file_first"]
    filed = officer.post(
        f"/api/duty/incidents/{incident_id}/reports",
        json.dumps(
            {
                "kind": "first",
                "channel": "system",
                "sent_at": local(learned + timedelta(minutes=35)),
                "sent_by": county.duty_officers[0].pk,
                "sent_to": "市委总值班室",
                **ELEMENTS,
            }
        ),
        content_type="application/json",
    )
    assert filed.status_code == 201
    body = filed.json()
    assert [clock["state"] for clock in body["clocks"] if clock["key"].startswith("first_")] == [
        "late_met",
        "met",
    ]
    assert next(clock for clock in body["clocks"] if clock["key"] == "first_phone")["late_minutes"] == 15
    assert body["actions"] == ["file_follow_up", "file_daily", "file_final"]
    final_before = officer.post(
        f"/api/duty/incidents/{incident_id}/reports",
        json.dumps(
            {
                "kind": "final",
                "channel": "system",
                "sent_at": local(learned + timedelta(minutes=30)),
                "sent_by": county.duty_officers[0].pk,
                "sent_to": "市委总值班室",
                "body": "完毕",
            }
        ),
        content_type="application/json",
    )
    assert final_before.status_code == 400 and final_before.json()["code"] == "sent_before_first"
    report = IncidentReport.objects.get()

    document = _docx(officer.get(f"/duty/incidents/{incident_id}/reports/{report.pk}/docx/"))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == "关于河西村山洪的首报"
    assert _east_asian(document.paragraphs[0].runs[0]) == "方正小标宋简体"
    for label in (
        "信息来源",
        "事件性质",
        "影响范围",
        "人员伤亡",
        "财产损失",
        "发展趋势",
        "到场领导",
        "已采取的措施",
    ):
        head = next(paragraph for paragraph in document.paragraphs if paragraph.text.endswith(label))
        assert _east_asian(head.runs[0]) == "黑体"
    body_line = next(paragraph for paragraph in document.paragraphs if paragraph.text == "转移群众46人")
    assert _east_asian(body_line.runs[0]) == "仿宋_GB2312"
    assert any(text.startswith("接报时间：") for text in texts)

    timeline = _docx(officer.get(f"/duty/incidents/{incident_id}/timeline.docx"))
    lines = [paragraph.text for paragraph in timeline.paragraphs]
    assert lines[0] == "河西村山洪时间线"
    assert any("首报" in line and "超时15分钟" in line for line in lines)
    assert any("获知事件" in line for line in lines)
    api_timeline = officer.get(f"/api/duty/incidents/{incident_id}/timeline").json()
    assert [event["kind"] for event in api_timeline] == ["occurred", "learned", "report"]


def test_the_list_puts_open_incidents_first_with_their_next_clock(
    county: County, entry: DutyLogEntry
) -> None:
    now = timezone.now()
    for title, state in (("已结束的事件", IncidentState.CLOSED), ("处置中的事件", IncidentState.OPEN)):
        Incident.objects.create(
            title=title,
            category="accident",
            severity="IV",
            place="某地",
            occurred_at=now - timedelta(minutes=50),
            learned_at=now - timedelta(minutes=50),
            unit=county.office,
            owner_unit=county.office,
            opened_by=county.duty_officers[0].user,
            state=state,
            closed_at=now if state == IncidentState.CLOSED else None,
        )
    page = signed_in("leader1").get("/duty/incidents/").content.decode()
    assert page.index("处置中的事件") < page.index("已结束的事件")
    assert 'class="badge due" data-clock-state="due">还剩10分钟' in page  # IV: telephone 60 minutes
    assert '<a href="/duty/incidents/new/"' not in page  # a leader does not register
    listed = signed_in("zhiban1").get("/api/duty/incidents").json()
    assert [row["title"] for row in listed] == ["处置中的事件", "已结束的事件"]
    assert listed[0]["next_clock"]["key"] == "first_phone"

"""保密自查's pages and API: the 保密办 draws up the checklist and opens a round through the forms; the unit's 文书
fills the form (items grouped by area; a refusal comes back with its reason and what was typed), submits; the
round's progress shows who submitted and the scores as a chart with its table view; the review and the 整改 form;
the 年度保密自查自评报告 DOCX read back; the API answers with English codes."""

from __future__ import annotations

import io
import json
from datetime import timedelta

from django.utils import timezone
from docx import Document

from tests.secrecy.conftest import County, signed_in
from tests.secrecy.inspection_helpers import checklist, filling_of, open_round, submit, user
from zhongshu.audit.models import AuditEvent
from zhongshu.secrecy.models_inspection import FillingState, InspectionFilling, InspectionRound, Verdict
from zhongshu.supervision.models import SupervisionItem


def _form(filling: InspectionFilling, **change: str) -> dict[str, str]:
    data = {"version": str(filling.version)}
    for answer in filling.answers.all():
        data[f"verdict_{answer.item_id}"] = Verdict.MET
        data[f"evidence_{answer.item_id}"] = "已查看台账"
        data[f"finding_{answer.item_id}"] = ""
    data.update(change)
    return data


def test_the_office_opens_a_round_through_the_forms(county: County) -> None:
    office = signed_in("baomi")
    year = timezone.localdate().year
    assert office.post("/secrecy/inspection/checklists/", {"year": str(year)}).status_code == 302
    page = office.get("/secrecy/inspection/checklists/").content.decode()
    assert f"{year}年度保密风险隐患清单" in page and "涉密计算机未连接互联网" in page and "合计100分" in page
    made = checklist(county)
    deadline = (timezone.localdate() + timedelta(days=10)).isoformat()
    refused = office.post(
        "/secrecy/inspection/new/",
        {"year": str(year), "title": "年度自查", "checklist": str(made.pk), "deadline": deadline},
    )
    assert refused.status_code == 400 and "请选择参加自查的单位或部门" in refused.content.decode()
    assert not InspectionRound.objects.exists()
    done = office.post(
        "/secrecy/inspection/new/",
        {
            "year": str(year),
            "title": "年度自查",
            "checklist": str(made.pk),
            "deadline": deadline,
            "units": [str(county.units[0].pk)],
            "departments": [str(county.secrecy_department.pk)],
        },
    )
    inspection_round = InspectionRound.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/secrecy/inspection/{inspection_round.pk}/"
    names = sorted(f.participant_name for f in inspection_round.fillings.all())
    assert names == sorted(["县财政局", "县委办公室保密办"])
    assert signed_in("czj_ws").get("/secrecy/inspection/new/").status_code == 403


def test_filling_the_form_refusals_and_submission(county: County) -> None:
    inspection_round = open_round(county)
    finance = filling_of(inspection_round, county, 0)
    clerk = signed_in("czj_ws")
    page = clerk.get(f"/secrecy/inspection/fillings/{finance.pk}/").content.decode()
    assert "涉密计算机和信息系统" in page and 'data-action="submit"' in page
    items = list(finance.answers.order_by("item__position").values_list("item_id", flat=True))
    # 不符合 without a finding: the reason, the item marked, what was typed kept, nothing saved.
    refused = clerk.post(
        f"/secrecy/inspection/fillings/{finance.pk}/save/",
        _form(finance, **{f"verdict_{items[8]}": "unmet", f"evidence_{items[0]}": "台账三本", "submit": "1"}),
    )
    text = refused.content.decode()
    assert refused.status_code == 400 and "第9项自查为不符合，请填写发现的问题" in text and "台账三本" in text
    finance.refresh_from_db()
    assert finance.state == FillingState.DRAFT and not finance.answers.exclude(verdict="").exists()
    # An item unanswered.
    unanswered = _form(finance, submit="1")
    del unanswered[f"verdict_{items[20]}"]
    refused = clerk.post(f"/secrecy/inspection/fillings/{finance.pk}/save/", unanswered)
    assert refused.status_code == 400 and "尚未填写自查结果" in refused.content.decode()
    # Saved as a draft, then submitted.
    assert clerk.post(f"/secrecy/inspection/fillings/{finance.pk}/save/", _form(finance)).status_code == 302
    finance.refresh_from_db()
    done = clerk.post(
        f"/secrecy/inspection/fillings/{finance.pk}/save/",
        _form(
            finance,
            **{
                f"verdict_{items[8]}": "unmet",
                f"finding_{items[8]}": "一台涉密计算机曾连接互联网",
                "submit": "1",
            },
        ),
    )
    assert done.status_code == 302
    finance.refresh_from_db()
    assert finance.state == FillingState.SUBMITTED
    # Editing after submission: refused with its reason, nothing changed.
    again = clerk.post(f"/secrecy/inspection/fillings/{finance.pk}/save/", _form(finance))
    assert again.status_code == 409 and "该自查已提交，不能再修改" in again.content.decode()
    assert finance.answers.filter(verdict=Verdict.UNMET).count() == 1


def test_progress_chart_review_rectify_and_the_report(county: County) -> None:
    inspection_round = open_round(county)
    finance = submit(
        filling_of(inspection_round, county, 0),
        user("czj_ws"),
        unmet={9: "一台涉密计算机曾连接互联网", 15: "个别干部用微信传递工作文件"},
    )
    office = signed_in("baomi")
    progress = office.get(f"/secrecy/inspection/{inspection_round.pk}/").content.decode()
    assert 'data-testid="chart-inspection-scores"' in progress and "表格视图" in progress
    assert f'data-filling="{finance.pk}" data-state="submitted"' in progress and "未提交" in progress
    assert 'data-score="88"' in progress  # items 9 (7 points) and 15 (5) not met: 88 of 100
    reviewed = office.post(
        f"/secrecy/inspection/fillings/{finance.pk}/review/",
        {"decision": "accept", "version": str(finance.version)},
    )
    assert reviewed.status_code == 302
    finance.refresh_from_db()
    assert finance.state == FillingState.REVIEWED
    findings = list(finance.answers.filter(verdict=Verdict.UNMET).order_by("item__position"))
    # The 保密员 cannot hand problems to 督查督办; the office director can.
    page = office.get(f"/secrecy/inspection/fillings/{finance.pk}/").content.decode()
    assert 'data-action="rectify"' not in page and "未转整改" in page
    director = signed_in("zhuren")
    made = director.post(
        f"/secrecy/inspection/fillings/{finance.pk}/rectify/",
        {"findings": [str(f.pk) for f in findings], f"measure_{findings[0].pk}": "断网并全面检查"},
    )
    assert made.status_code == 302 and SupervisionItem.objects.count() == 2
    page = director.get(f"/secrecy/inspection/fillings/{finance.pk}/").content.decode()
    assert "保密自查发现问题：一台涉密计算机曾连接互联网" in page
    twice = director.post(
        f"/secrecy/inspection/fillings/{finance.pk}/rectify/", {"findings": [str(findings[0].pk)]}
    )
    assert "已转为整改事项，不能重复转办" in director.get(twice["Location"]).content.decode()
    assert SupervisionItem.objects.count() == 2
    report = director.get(f"/secrecy/inspection/{inspection_round.pk}/report.docx")
    assert report.status_code == 200
    document = Document(io.BytesIO(report.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    year = timezone.localdate().year
    assert document.paragraphs[0].text == f"{year}年度保密自查自评报告"
    assert "共2个单位（部门）参加" in text and "已提交1个" in text and "城关镇" in text
    assert "（一）涉密计算机和信息系统（1个）" in text and "（二）通信办公设备（1个）" in text
    assert "县财政局：个别干部用微信传递工作文件" in text
    assert "2个已转为整改事项" in text
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == [
        "序号",
        "单位（部门）",
        "状态",
        "得分",
        "不符合项",
        "已转整改",
    ]
    rows = {row.cells[1].text: [cell.text for cell in row.cells] for row in table.rows[1:]}
    assert rows["县财政局"][2:] == ["已审核", "88", "2", "2"] and rows["城关镇"][3] == "—"
    assert AuditEvent.objects.filter(action="secrecy.inspection.report").count() == 1
    assert (
        signed_in("czj_ws").get(f"/secrecy/inspection/{inspection_round.pk}/report.docx").status_code == 403
    )


def test_the_api_fills_submits_and_refuses_in_codes(county: County) -> None:
    inspection_round = open_round(county)
    finance = filling_of(inspection_round, county, 0)
    clerk = signed_in("czj_ws")
    got = clerk.get(f"/api/secrecy/inspection/fillings/{finance.pk}").json()
    assert got["actions"] == ["fill"] and len(got["answers"]) == 21
    answers = [{"item": a["item"], "verdict": "met", "evidence": "已核"} for a in got["answers"]]
    refused = clerk.post(
        f"/api/secrecy/inspection/fillings/{finance.pk}",
        json.dumps({"version": 1, "answers": answers[:-1], "submit": True}),
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["code"] == "item_unanswered"
    done = clerk.post(
        f"/api/secrecy/inspection/fillings/{finance.pk}",
        json.dumps({"version": 1, "answers": answers, "submit": True}),
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["state"] == "submitted"
    assert done.json()["score"]["score"] == 100
    closed = clerk.post(
        f"/api/secrecy/inspection/fillings/{finance.pk}",
        json.dumps({"answers": answers}),
        content_type="application/json",
    )
    assert closed.status_code == 409 and closed.json()["code"] == "filling_closed"
    office = signed_in("baomi")
    listed = office.get(f"/api/secrecy/inspection/rounds/{inspection_round.pk}").json()
    assert sorted(row["state"] for row in listed["fillings"]) == ["draft", "submitted"]
    assert (
        clerk.get(f"/api/secrecy/inspection/rounds/{inspection_round.pk}").json()["fillings"][0]["id"]
        == finance.pk
    )

"""The checklist and filings API: the office files a received 报告 in JSON and sees its source; the unit's liaison
files a routine report as multipart with the report attached; odd input gets a 400 with an English code, never
a server error, and nothing is saved."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.reporting.checklist_helpers import add_line, received_report, report_file
from tests.reporting.conftest import signed_in
from zhongshu.reporting.models import ChecklistFiling, ChecklistLine

pytestmark = pytest.mark.django_db


def _post(client, url: str, body: dict) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_filing_through_the_api_from_a_document_and_with_an_attachment(county):
    line = add_line(county)
    document = received_report(
        county, county.units[0], "县财政局关于10月经济运行情况的报告", date(2026, 11, 4)
    )
    office = signed_in("wenshu")
    answer = _post(
        office,
        "/api/reporting/filings",
        {"line": line.pk, "period_start": "2026-10-01", "document": document.pk},
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["from_document"] and body["source"]["title"] == document.title and not body["late"]
    liaison = signed_in("czj_llr")
    answer = liaison.post(
        "/api/reporting/filings",
        {
            "line": line.pk,
            "period_start": "2026-09-01",
            "title": "9月经济运行情况报告",
            "file": report_file(),
        },
    )
    assert answer.status_code == 200, answer.content
    assert [a["name"] for a in answer.json()["attachments"]] == ["十月经济运行情况报告.txt"]
    assert answer.json()["source"] is None
    listed = liaison.get("/api/reporting/filings").json()["filings"]
    assert {f["period"] for f in listed} == {"2026年10月", "2026年9月"}
    line_out = liaison.get(f"/api/reporting/checklist/{line.pk}").json()
    assert line_out["actions"] == ["file"]


def test_odd_input_is_refused_with_a_code_and_nothing_saved(county):
    line = add_line(county)
    office = signed_in("wenshu")
    liaison = signed_in("czj_llr")
    filings = [
        {"line": "第一条"},
        {"line": 10**30},
        {"line": [line.pk, line.pk]},
        {"line": line.pk, "period_start": "9999-12-01", "title": "报告"},
        {"line": line.pk, "period_start": "2026-13-01", "title": "报告"},
        {"line": line.pk, "period_start": "2026-10-01", "title": "报告", "file": "abc"},
        {"line": line.pk, "period_start": "2026-10-01", "document": 10**30},
    ]
    for body in filings:
        answer = _post(liaison, "/api/reporting/filings", body)
        assert answer.status_code == 400, (body, answer.content)
        assert answer.json()["code"].isascii()
    lines = [
        {"units": ["财政局"]},
        {
            "units": [county.units[0].pk],
            "kind": "report",
            "timing": "after",
            "matter": "报告",
            "basis": "规定",
            "cycle": "monthly",
            "due_working_days": 10**20,
            "starts_on": "2026-01-01",
        },
        {
            "units": [county.units[0].pk],
            "kind": "report",
            "timing": "after",
            "matter": "报告",
            "basis": "规定",
            "cycle": "by_date",
            "due_on": "9999-12-31",
            "starts_on": "2026-01-01",
        },
        {
            "units": [county.units[0].pk],
            "kind": "report",
            "timing": "after",
            "matter": "报告",
            "basis": "规定",
            "cycle": "monthly",
            "due_working_days": 5,
            "starts_on": "0001-01-01",
        },
        {
            "units": [county.units[0].pk],
            "kind": "report",
            "timing": "after",
            "matter": "报" * 201,
            "basis": "规定",
            "cycle": "monthly",
            "due_working_days": 5,
            "starts_on": "2026-01-01",
        },
    ]
    for body in lines:
        answer = _post(office, "/api/reporting/checklist", body)
        assert answer.status_code == 400, (body, answer.content)
    answer = _post(
        office, f"/api/reporting/checklist/{line.pk}/retire", {"ends_on": "9999-12-31", "version": 10**30}
    )
    assert answer.status_code in (400, 409)
    assert ChecklistFiling.objects.count() == 0
    assert ChecklistLine.objects.count() == 1 and ChecklistLine.objects.get().version == 1


def test_the_list_says_which_lines_may_still_be_deleted_and_exports_to_excel(county):
    from io import BytesIO

    from openpyxl import load_workbook

    filed = add_line(county)
    add_line(county, matter="季度工作总结", cycle="quarterly", due_working_days=10)
    add_line(county, county.units[1], matter="教育系统月报")
    file_lightly_for(county, filed)
    office = signed_in("wenshu")
    lines = office.get("/api/reporting/checklist", {"unit": county.units[0].pk}).json()["lines"]
    assert {line["matter"]: line["actions"] for line in lines} == {
        "每月经济运行情况报告": ["edit", "retire", "file"],
        "季度工作总结": ["edit", "retire", "delete", "file"],
    }
    response = office.get("/reporting/checklist/export/", {"unit": county.units[0].pk})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:6] == ["单位", "类别", "时机", "请示报告事项", "依据", "周期"]
    assert [row[3] for row in rows[1:]] == ["每月经济运行情况报告", "季度工作总结"]
    assert rows[1][5] == "每月" and rows[1][6] == 5
    # a unit exports only its own list, whatever it asks for
    mine = signed_in("jyj_llr").get("/reporting/checklist/export/", {"unit": county.units[0].pk})
    theirs = load_workbook(BytesIO(mine.content)).worksheets[0]
    assert [row[3] for row in theirs.iter_rows(min_row=2, values_only=True)] == ["教育系统月报"]


def file_lightly_for(county, line) -> None:
    from zhongshu.reporting.filings import file_lightly

    file_lightly(
        line=line,
        period_start=date(2026, 10, 1),
        title="十月报告",
        uploads=[report_file()],
        by=county.liaisons[0].user,
    )

"""The 三重一大 pages and API: filing through the form (a clear message on bad input, nothing saved), the
register's filters and its 迟报单位 summary, the unit's to-do for a meeting passed without an outcome, and the
API's answers (201, English codes on refusal)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from django.utils import timezone

from tests.reporting.conftest import County, signed_in
from tests.reporting.major_helpers import filing
from zhongshu.core.todos import todos_for
from zhongshu.reporting.models import MajorDecisionFiling
from zhongshu.workdays.calendar import add_workdays


def _form(**change: str) -> dict[str, str]:
    return {
        "category": "fund_use",
        "title": "城区学校校舍维修资金使用",
        "summary": "使用教育附加资金维修校舍",
        "amount": "320.00",
        "meeting_name": "局党组会议",
        "meeting_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "classification": "1",
        **change,
    }


def test_filing_through_the_form_and_its_refusals(county: County) -> None:
    liaison = signed_in("jyj_llr")
    assert liaison.get("/reporting/major/new/").status_code == 200
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    for change, words in [
        ({"meeting_on": past}, "须在决策前报备"),
        ({"amount": "-5"}, "涉及金额不能为负数"),
        ({"amount": ""}, "须填写涉及金额"),
        ({"amount": "一百"}, "涉及金额应为数字"),
        ({"meeting_on": "2026-13-01"}, "会议日期格式应为"),
        ({"classification": "3"}, "您的涉密等级不能报备机密事项"),
    ]:
        page = liaison.post("/reporting/major/new/", _form(**change))
        assert page.status_code == 400, change
        assert words in page.content.decode(), change
    assert not MajorDecisionFiling.objects.exists()
    done = liaison.post("/reporting/major/new/", _form())
    made = MajorDecisionFiling.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/reporting/major/{made.pk}/"
    assert made.unit == county.units[1] and not made.late and str(made.amount) == "320.00"
    assert signed_in("ducha").get("/reporting/major/new/").status_code == 403  # 督查员 files nothing


def test_the_register_filters_and_names_the_late_filers(county: County) -> None:
    meeting = date(2025, 11, 12)
    on_time = filing(county.liaisons[0], meeting_on=meeting, filed_on=date(2025, 11, 3), title="按时事项甲")
    late = filing(county.liaisons[1], meeting_on=meeting, filed_on=date(2025, 11, 11), title="迟报事项乙")
    appointment = filing(
        county.liaisons[2],
        meeting_on=date(2025, 10, 15),
        filed_on=date(2025, 10, 9),
        category="appointment",
        amount=None,
        title="镇干部任免事项丙",
    )
    keeper = signed_in("wenshu")
    page = keeper.get("/reporting/major/").content.decode()
    assert all(f.title in page for f in (on_time, late, appointment))
    assert 'data-testid="late-units"' in page and f'data-unit="{county.units[1].pk}"' in page
    assert f'data-filing="{late.pk}" class="major-late"' in page
    only_late = keeper.get("/reporting/major/?late=1").content.decode()
    assert late.title in only_late and on_time.title not in only_late
    october = keeper.get("/reporting/major/?month=2025-10").content.decode()
    assert appointment.title in october and late.title not in october
    by_category = keeper.get("/reporting/major/?category=appointment").content.decode()
    assert appointment.title in by_category and on_time.title not in by_category
    by_unit = keeper.get(f"/reporting/major/?unit={county.units[0].pk}").content.decode()
    assert on_time.title in by_unit and late.title not in by_unit
    bad = keeper.get("/reporting/major/?month=2025-13")
    assert bad.status_code == 400 and "会议月份格式应为" in bad.content.decode()
    # The unit's own register: its filings, no unit filter, the button to file.
    mine = signed_in("czj_llr").get("/reporting/major/").content.decode()
    assert on_time.title in mine and late.title not in mine
    assert 'data-action="file"' in mine and 'id="mf-unit"' not in mine
    api = keeper.get("/api/reporting/major?late=true").json()
    assert [row["id"] for row in api["filings"]] == [late.pk]
    assert api["late_units"] == [{"unit_id": county.units[1].pk, "unit": "县教育局", "filed": 1, "late": 1}]


def test_a_meeting_passed_without_an_outcome_is_the_units_to_do(county: County) -> None:
    today = timezone.localdate()
    passed = filing(
        county.liaisons[0], meeting_on=today - timedelta(days=2), filed_on=today - timedelta(days=12)
    )
    filing(county.liaisons[0], meeting_on=today + timedelta(days=5), title="尚未开会的事项")
    todos = [item for item in todos_for(county.clerks[0].user) if item.kind == "reporting.major_outcome"]
    assert [item.url for item in todos] == [f"/reporting/major/{passed.pk}/"]
    assert not [i for i in todos_for(county.liaisons[1].user) if i.kind == "reporting.major_outcome"]
    page = signed_in("czj_ws").get(f"/reporting/major/{passed.pk}/").content.decode()
    assert 'data-action="decide"' in page
    done = signed_in("czj_ws").post(
        f"/reporting/major/{passed.pk}/decide/",
        {"version": "1", "decided_on": passed.meeting_on.isoformat(), "outcome": "会议研究同意"},
    )
    assert done.status_code == 302
    assert not [i for i in todos_for(county.clerks[0].user) if i.kind == "reporting.major_outcome"]


def test_the_api_files_and_refuses_with_english_codes(county: County) -> None:
    liaison = signed_in("cgz_llr")
    body = _form(category="project", amount="1500")
    created = liaison.post("/api/reporting/major", json.dumps(body), content_type="application/json")
    assert created.status_code == 201
    answer = created.json()
    assert answer["late"] is False and answer["actions"] == ["edit", "withdraw"]
    too_close = _form(meeting_on=add_workdays(timezone.localdate(), 1).isoformat())
    late = liaison.post("/api/reporting/major", json.dumps(too_close), content_type="application/json")
    assert late.status_code == 201 and late.json()["late"] is True
    for change, code in [
        ({"meeting_on": "2020-01-01"}, "filed_after_meeting"),
        ({"amount": "-1"}, "negative_amount"),
        ({"amount": "1.234"}, "bad_amount"),
        ({"meeting_on": (timezone.localdate() + timedelta(days=500)).isoformat()}, "meeting_too_far"),
    ]:
        refused = liaison.post(
            "/api/reporting/major",
            json.dumps(_form(**change)),
            content_type="application/json",  # type: ignore[arg-type]
        )
        assert refused.status_code == 400 and refused.json()["code"] == code, change
    stale = liaison.post(
        f"/api/reporting/major/{answer['id']}",
        json.dumps({**body, "version": 9}),
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    withdrawn = liaison.post(
        f"/api/reporting/major/{answer['id']}/withdraw",
        json.dumps({"version": 1, "reason": "项目暂缓"}),
        content_type="application/json",
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    assert MajorDecisionFiling.objects.count() == 2


def test_odd_input_is_refused_never_a_server_error(county: County) -> None:
    liaison = signed_in("cgz_llr")
    made = filing(county.liaisons[2], meeting_on=timezone.localdate() + timedelta(days=9))
    odd: list[dict[str, object]] = [
        {"amount": "1e400"},
        {"amount": 10**40},
        {"amount": 12.5},
        {"amount": True},
        {"meeting_on": 20261201},
        {"meeting_on": "9999-12-31"},
        {"classification": "9"},
        {"classification": 2},
        {"category": "other"},
        {"title": "长" * 201},
        {"version": 10**30},
        {"summary": "\x00"},
    ]
    for change in odd:
        for url in ("/api/reporting/major", f"/api/reporting/major/{made.pk}"):
            answer = liaison.post(url, json.dumps({**_form(), **change}), content_type="application/json")
            assert answer.status_code < 500, (url, change)
    for query in (
        "month=9999-12",
        "month=0000-01",
        "unit=99999999999",
        "unit=-1",
        "late=maybe",
        "category=x",
    ):
        assert signed_in("wenshu").get(f"/api/reporting/major?{query}").status_code < 500, query
        assert signed_in("wenshu").get(f"/reporting/major/?{query}").status_code < 500, query
        assert signed_in("wenshu").get(f"/reporting/major/export.xlsx?{query}").status_code < 500, query
    for body in ({"decided_on": "2020-02-30"}, {"decided_on": 5, "outcome": ["x"]}, {"reason": {"a": 1}}):
        for action in ("decide", "withdraw"):
            answer = liaison.post(
                f"/api/reporting/major/{made.pk}/{action}", json.dumps(body), content_type="application/json"
            )
            assert answer.status_code < 500, (action, body)

"""定密's pages and API: the officer's queue, the proposal form (its search box offers only records the proposer
may see and change), deciding on the page, the register and its export (a record the viewer may not see is
listed without its title), the review queue, the decision on the record's side, and the API's refusals in JSON."""

from __future__ import annotations

import io
import json
from typing import Any

from openpyxl import load_workbook

from tests.secrecy.classification_helpers import classified, document, propose
from tests.secrecy.conftest import County, signed_in
from zhongshu.access.links import made_from
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.secrecy.models_classification import ClassificationDecision, DecisionState

KIND = "documents.officialdocument"


def test_proposing_on_the_page_and_deciding_it(county: County) -> None:
    mine = document(county.confidential_clerk, title="机要科保密设备配置方案")
    document(county.unit_heads[1], title="城关镇保密设备配置方案")
    clerk = signed_in("jiyao")
    form = clerk.get("/secrecy/classification/new/?q=保密设备配置方案").content.decode()
    # Only the record the proposer may see and change is offered: not another unit's.
    assert "机要科保密设备配置方案" in form and "城关镇保密设备配置方案" not in form
    chosen = clerk.get(f"/secrecy/classification/new/?record={KIND}:{mine.pk}").content.decode()
    assert f'value="{KIND}:{mine.pk}"' in chosen
    refused = clerk.post(
        "/secrecy/classification/new/",
        {
            "record": f"{KIND}:{mine.pk}",
            "kind": "classify",
            "classification": "3",
            "secrecy_term_years": "25",
            "reason": "涉密设备部署",
        },
    )
    assert refused.status_code == 400
    assert "机密级事项的保密期限最长20年" in refused.content.decode()
    assert ClassificationDecision.objects.count() == 0
    made = clerk.post(
        "/secrecy/classification/new/",
        {
            "record": f"{KIND}:{mine.pk}",
            "kind": "classify",
            "classification": "3",
            "secrecy_term_years": "10",
            "basis": "保密事项范围第三条",
            "reason": "涉密设备部署",
            "set_need_to_know": "1",
            "need_to_know_people": [str(county.leader.pk)],
        },
    )
    decision = ClassificationDecision.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/secrecy/classification/{decision.pk}/"
    director = signed_in("zhuren")
    queue = director.get("/secrecy/classification/").content.decode()
    assert f'data-decision="{decision.pk}"' in queue and "待审定" in queue
    page = director.get(f"/secrecy/classification/{decision.pk}/").content.decode()
    assert 'data-action="approve"' in page and "机要科保密设备配置方案" in page
    assert (
        'data-action="approve"' not in clerk.get(f"/secrecy/classification/{decision.pk}/").content.decode()
    )
    director.post(
        f"/secrecy/classification/{decision.pk}/decide/",
        {"outcome": "approve", "opinion": "同意", "version": str(decision.version)},
    )
    decision.refresh_from_db()
    mine.refresh_from_db()
    assert decision.state == DecisionState.APPROVED
    assert mine.secrecy_marking == "机密★10年"
    assert list(mine.need_to_know_people.all()) == [county.leader]
    # The record's side shows its decision (access.links), named without the record's title.
    links = made_from(mine, county.confidential_clerk.user)
    assert [link.title for link in links] == ["定密（机密★10年）"]


def test_the_register_and_its_export_hide_titles_the_viewer_may_not_see(county: County) -> None:
    classified(county.unit_heads[1], county.director, title="城关镇重点部位布防图")
    classified(county.confidential_clerk, county.director, title="机要科密码设备清单")
    head = signed_in("baomi")  # the 保密办 head: every decision, titles only of what he may see
    page = head.get("/secrecy/classification/register/").content.decode()
    assert "机要科密码设备清单" in page and "城关镇重点部位布防图" not in page
    assert "无权查看的记录" in page and page.count("data-decision=") == 2
    book = load_workbook(io.BytesIO(head.get("/secrecy/classification/register.xlsx").content))
    titles = [row[3] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == sorted(["机要科密码设备清单", "（无权查看的记录）"])
    assert AuditEvent.objects.filter(action="secrecy.classification.export").count() == 1
    # Someone who neither keeps the ledger nor decides sees only what they proposed.
    town = signed_in("cgz_zr").get("/secrecy/classification/register/").content.decode()
    assert (
        "城关镇重点部位布防图" in town
        and "机要科密码设备清单" not in town
        and town.count("data-decision=") == 1
    )
    assert (
        signed_in("wenshu").get("/secrecy/classification/register/").content.decode().count("data-decision=")
        == 0
    )
    filtered = head.get(f"/secrecy/classification/register/?unit={county.units[1].pk}").content.decode()
    assert filtered.count("data-decision=") == 1
    assert head.get("/secrecy/classification/register/?year=abc").status_code == 400


def test_the_review_page_lists_secrets_in_force_and_takes_a_mark(county: County) -> None:
    record, decision = classified(county.confidential_clerk, county.director, title="年度审查样本")
    director = signed_in("zhuren")
    page = director.get("/secrecy/classification/review/").content.decode()
    assert "年度审查样本" in page and "未审查" in page
    director.post(f"/secrecy/classification/{decision.pk}/review/", {"verdict": "keep", "opinion": ""})
    assert "维持" in director.get("/secrecy/classification/review/").content.decode()
    assert signed_in("wenshu").get("/secrecy/classification/review/").status_code == 403


def test_the_api_proposes_decides_and_refuses_in_json(county: County) -> None:
    record = document(county.confidential_clerk, title="接口定密样本")
    clerk = signed_in("jiyao")

    def post(client: Any, url: str, body: dict[str, Any]) -> Any:
        return client.post(url, data=json.dumps(body), content_type="application/json")

    base = {"record": f"{KIND}:{record.pk}", "kind": "classify", "reason": "接口"}
    beyond = post(
        clerk,
        "/api/secrecy/classification/decisions",
        {**base, "classification": 2, "secrecy_term_years": 11},
    )
    assert beyond.status_code == 400 and beyond.json()["code"] == "term_beyond_maximum"
    unknown = post(
        clerk,
        "/api/secrecy/classification/decisions",
        {**base, "record": f"{KIND}:999999", "classification": 2},
    )
    assert unknown.status_code == 400 and unknown.json()["code"] == "no_such_record"
    made = post(
        clerk, "/api/secrecy/classification/decisions", {**base, "classification": 2, "secrecy_term_years": 5}
    )
    assert made.status_code == 201
    body = made.json()
    assert body["record"]["title"] == "接口定密样本" and body["state"] == "pending" and body["actions"] == []
    director = signed_in("zhuren")
    assert [row["id"] for row in director.get("/api/secrecy/classification/pending").json()] == [body["id"]]
    decided = post(
        director,
        f"/api/secrecy/classification/decisions/{body['id']}/decide",
        {"outcome": "approve", "opinion": "同意", "version": body["version"]},
    )
    assert decided.status_code == 200 and decided.json()["standing"] == "in_force"
    again = post(
        director,
        f"/api/secrecy/classification/decisions/{body['id']}/decide",
        {"outcome": "approve", "opinion": "", "version": decided.json()["version"]},
    )
    assert again.status_code == 409 and again.json()["code"] == "already_decided"
    queue = director.get("/api/secrecy/classification/review-queue").json()
    assert queue["total"] == 1 and queue["lines"][0]["record"]["title"] == "接口定密样本"
    records = clerk.get("/api/secrecy/classification/records?q=接口定密").json()
    assert [row["ref"] for row in records] == [f"{KIND}:{record.pk}"]
    assert signed_in("cgz_zr").get("/api/secrecy/classification/records?q=接口定密").json() == []
    record.refresh_from_db()
    assert record.classification == Classification.CONFIDENTIAL


def test_officers_are_named_and_ended_by_the_secrecy_office(county: County) -> None:
    head = signed_in("baomi")
    named = head.post(
        "/secrecy/classification/officers/",
        {
            "person": str(county.confidential_clerk.pk),
            "unit": str(county.office.pk),
            "starts_on": "2026-01-01",
        },
    )
    assert named.status_code == 302
    page = head.get("/secrecy/classification/officers/").content.decode()
    assert "李机要" in page and "在任" in page
    officer_id = json.loads(head.get("/api/secrecy/classification/officers").content)[0]["id"]
    refused = signed_in("wenshu").post(
        f"/api/secrecy/classification/officers/{officer_id}/end", data="{}", content_type="application/json"
    )
    assert refused.status_code == 403
    ended = head.post(
        f"/api/secrecy/classification/officers/{officer_id}/end",
        data=json.dumps({"ends_on": "2026-06-30"}),
        content_type="application/json",
    )
    assert ended.status_code == 200 and ended.json()["ends_on"] == "2026-06-30"


def test_a_pending_proposal_stops_a_second_one(county: County) -> None:
    record = document(county.confidential_clerk)
    propose(county.confidential_clerk, record)
    response = signed_in("jiyao").post(
        "/api/secrecy/classification/decisions",
        data=json.dumps(
            {
                "record": f"{KIND}:{record.pk}",
                "kind": "classify",
                "classification": 3,
                "secrecy_term_years": 5,
                "reason": "再次",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["code"] == "pending_exists"

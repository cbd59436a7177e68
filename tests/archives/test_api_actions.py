"""Every archives action the pages offer has an API route with the page's contract and service: each answers
success, a refusal (permission or state) with its code, and bad input with its code; and the page and the
API refuse the same bad input with the same code and message."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.archives.conftest import dispatched
from tests.archives.helpers import make_item
from zhongshu.archives import services
from zhongshu.archives.models import (
    Appraisal,
    ArchiveItem,
    ArchiveUse,
    Decision,
    ItemState,
    Retention,
    UseState,
)
from zhongshu.base.levels import Classification
from zhongshu.testing.access import sign_in

pytestmark = pytest.mark.django_db
DAY = date(2026, 6, 1)


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def _answer(response):
    return response.status_code, response.json().get("code")


def _item(county, **fields):
    return make_item(by=county.archivist.user, owner_unit=county.office, **fields)


def _secret_use(county, kind="borrow"):
    item = _item(county, classification=Classification.CONFIDENTIAL)
    due = timezone.localdate() + timedelta(days=7) if kind == "borrow" else None
    return services.archive_use_request(
        by=county.edu_secretary.user,
        reference_code=item.reference_code,
        kind=kind,
        purpose="核对",
        due_back=due,
    )


# --- items ---------------------------------------------------------------------------------------------------


def test_arrange_and_shelve(county, client):
    item = _item(county, pages=3)
    sign_in(client, county.colleague.user)
    assert _answer(_post(client, f"/api/archives/items/{item.pk}/arrange")) == (403, "not_archivist")
    sign_in(client, county.archivist.user)
    assert _answer(_post(client, f"/api/archives/items/{item.pk}/shelve")) == (
        409,
        "archive_invalid_transition",
    )
    bad = _post(client, f"/api/archives/items/{item.pk}/arrange", {"pages": "四页"})
    assert bad.status_code == 400
    assert bad.json() == {"code": "bad_int", "message": "页数应为整数：四页", "field": "pages"}
    assert _answer(_post(client, f"/api/archives/items/{item.pk}/arrange", {"pages": 0})) == (
        400,
        "bad_pages",
    )
    arranged = _post(client, f"/api/archives/items/{item.pk}/arrange", {"pages": 5})
    assert arranged.status_code == 200, arranged.json()
    # A field left out keeps its value.
    assert (arranged.json()["state"], arranged.json()["pages"], arranged.json()["remarks"]) == (
        "arranged",
        5,
        "",
    )
    assert arranged.json()["actions"] == ["shelve", "use"]
    shelved = _post(client, f"/api/archives/items/{item.pk}/shelve")
    assert shelved.status_code == 200 and shelved.json()["state"] == "shelved"
    assert _answer(_post(client, f"/api/archives/items/{item.pk}/arrange")) == (
        409,
        "archive_invalid_transition",
    )
    assert _answer(_post(client, "/api/archives/items/999999/arrange")) == (404, "not_found")


def test_a_form_post_to_the_api_reads_like_the_pages(county, client):
    item = _item(county)
    sign_in(client, county.archivist.user)
    response = client.post(f"/api/archives/items/{item.pk}/arrange", {"pages": "7", "remarks": "缺第2页"})
    assert response.status_code == 200, response.json()
    assert (response.json()["pages"], response.json()["remarks"]) == (7, "缺第2页")


@time_machine.travel(DAY, tick=False)
def test_appraise_then_the_head_decides_the_destruction(county, client):
    due = _item(county, year=2010, retention=Retention.Y10)
    not_due = _item(county, year=2024, retention=Retention.Y10)
    sign_in(client, county.archivist.user)
    assert _answer(
        _post(client, f"/api/archives/items/{not_due.pk}/appraise", {"decision": "keep", "reason": "有用"})
    ) == (409, "not_due")
    assert _answer(
        _post(client, f"/api/archives/items/{due.pk}/appraise", {"decision": "burn", "reason": "无用"})
    ) == (400, "bad_decision")
    assert _answer(
        _post(client, f"/api/archives/items/{due.pk}/appraise", {"decision": "keep", "reason": "理" * 501})
    ) == (400, "too_long")
    proposed = _post(
        client,
        f"/api/archives/items/{due.pk}/appraise",
        {"decision": "propose_destroy", "reason": "已无价值"},
    )
    assert proposed.status_code == 200, proposed.json()
    assert Appraisal.objects.get(item=due).decision == Decision.PROPOSE_DESTROY

    # The proposer is no head; the head must say yes or no.
    assert _answer(
        _post(client, f"/api/archives/items/{due.pk}/destroy", {"approve": True, "reason": "同意"})
    ) == (403, "not_archives_head")
    sign_in(client, county.head.user)
    assert _answer(_post(client, f"/api/archives/items/{due.pk}/destroy", {"reason": "同意"})) == (
        400,
        "approve_required",
    )
    assert _answer(
        _post(client, f"/api/archives/items/{due.pk}/destroy", {"approve": "也许", "reason": "同意"})
    ) == (400, "bad_flag")
    destroyed = _post(
        client, f"/api/archives/items/{due.pk}/destroy", {"approve": True, "reason": "同意销毁"}
    )
    assert destroyed.status_code == 200, destroyed.json()
    assert destroyed.json()["state"] == "destroyed"
    assert _answer(
        _post(client, f"/api/archives/items/{due.pk}/destroy", {"approve": True, "reason": "同意"})
    ) == (409, "no_destruction_pending")


# --- filing ------------------------------------------------------------------------------------------------


def test_filing_reads_the_pages_contract(county, client):
    document = dispatched(county)
    sign_in(client, county.colleague.user)
    assert _answer(_post(client, "/api/archives/items", {"kind": "document", "id": document.pk})) == (
        403,
        "not_archivist",
    )
    sign_in(client, county.archivist.user)
    assert _answer(_post(client, "/api/archives/items", {"kind": "minutes", "id": 1})) == (
        400,
        "unknown_kind",
    )
    assert _answer(_post(client, "/api/archives/items", {"kind": "document"})) == (400, "id_required")
    assert _answer(_post(client, "/api/archives/items", {"kind": "document", "id": "一"})) == (400, "bad_id")
    assert _answer(
        _post(client, "/api/archives/items", {"kind": "document", "id": document.pk, "retention": "forever"})
    ) == (400, "bad_retention")
    filed = _post(
        client, "/api/archives/items", {"kind": "document", "id": document.pk, "retention": "permanent"}
    )
    assert filed.status_code == 201 and filed.json()["retention"] == "permanent"


# --- use requests ----------------------------------------------------------------------------------------------


def test_a_use_request_refuses_a_bad_date_with_its_code(county, client):
    item = _item(county)
    sign_in(client, county.colleague.user)
    bad = _post(
        client,
        "/api/archives/uses",
        {"reference_code": item.reference_code, "kind": "borrow", "purpose": "查考", "due_back": "下周"},
    )
    assert bad.json() == {
        "code": "bad_date",
        "message": "应还日期格式应为 YYYY-MM-DD：下周",
        "field": "due_back",
    }
    made = _post(
        client,
        "/api/archives/uses",
        {"reference_code": item.reference_code, "kind": "consult", "purpose": "查考"},
    )
    assert made.status_code == 201 and made.json()["state"] == "approved" and made.json()["actions"] == []


def test_approve_reject_and_return(county, client):
    use = _secret_use(county)
    sign_in(client, county.archivist.user)
    assert _answer(_post(client, f"/api/archives/uses/{use.pk}/approve")) == (403, "not_archives_head")
    sign_in(client, county.head.user)
    assert _answer(_post(client, f"/api/archives/uses/{use.pk}/approve", {"note": "意" * 301})) == (
        400,
        "too_long",
    )
    assert _answer(_post(client, f"/api/archives/uses/{use.pk}/reject")) == (400, "reason_required")
    approved = _post(client, f"/api/archives/uses/{use.pk}/approve", {"note": "同意"})
    assert approved.status_code == 200, approved.json()
    assert (approved.json()["state"], approved.json()["decision_note"]) == ("approved", "同意")
    assert _answer(_post(client, f"/api/archives/uses/{use.pk}/reject", {"note": "不行"})) == (
        409,
        "use_decided",
    )

    sign_in(client, county.colleague.user)  # no archivist, and the request is not theirs: no such request
    assert _answer(_post(client, f"/api/archives/uses/{use.pk}/return")) == (404, "not_found")
    sign_in(client, county.archivist.user)
    assert _answer(_post(client, f"/api/archives/uses/{use.pk}/return", "[]")) == (400, "bad_json")
    returned = _post(client, f"/api/archives/uses/{use.pk}/return")
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    assert _answer(_post(client, f"/api/archives/uses/{use.pk}/return")) == (409, "not_on_loan")

    other = _secret_use(county, kind="consult")
    sign_in(client, county.head.user)
    rejected = _post(client, f"/api/archives/uses/{other.pk}/reject", {"note": "不符合规定"})
    assert rejected.status_code == 200 and rejected.json()["state"] == "rejected"


def test_the_decision_route_asks_for_a_yes_or_no(county, client):
    use = _secret_use(county, kind="consult")
    sign_in(client, county.head.user)
    assert _answer(_post(client, f"/api/archives/uses/{use.pk}/decision", {"note": "同意"})) == (
        400,
        "approve_required",
    )
    decided = _post(client, f"/api/archives/uses/{use.pk}/decision", {"approve": False, "note": "不符合规定"})
    assert decided.status_code == 200 and decided.json()["state"] == UseState.REJECTED


# --- the page and the API refuse alike ---------------------------------------------------------------------

# Each case: who acts, the page's URL, the API's URL (both with {item} / {use} / {due}), the input, the code.
CASES = [
    (
        "archivist",
        "/archives/items/{item}/arrange/",
        "/api/archives/items/{item}/arrange",
        {"pages": "x"},
        "bad_int",
    ),
    (
        "archivist",
        "/archives/items/{item}/arrange/",
        "/api/archives/items/{item}/arrange",
        {"pages": "99999999999"},
        "bad_int",
    ),
    (
        "archivist",
        "/archives/items/{item}/arrange/",
        "/api/archives/items/{item}/arrange",
        {"remarks": "备" * 301},
        "too_long",
    ),
    (
        "archivist",
        "/archives/items/{item}/shelve/",
        "/api/archives/items/{item}/shelve",
        {},
        "archive_invalid_transition",
    ),
    (
        "colleague",
        "/archives/items/{item}/arrange/",
        "/api/archives/items/{item}/arrange",
        {},
        "not_archivist",
    ),
    (
        "archivist",
        "/archives/items/{due}/appraise/",
        "/api/archives/items/{due}/appraise",
        {"decision": "extend", "reason": "有价值", "retention": "y10"},
        "bad_retention",
    ),
    (
        "archivist",
        "/archives/items/{due}/appraise/",
        "/api/archives/items/{due}/appraise",
        {"decision": "keep", "reason": " "},
        "reason_required",
    ),
    (
        "head",
        "/archives/items/{item}/destroy/",
        "/api/archives/items/{item}/destroy",
        {"approve": "1", "reason": "同意"},
        "no_destruction_pending",
    ),
    (
        "head",
        "/archives/items/{item}/destroy/",
        "/api/archives/items/{item}/destroy",
        {"approve": "好", "reason": "同意"},
        "bad_flag",
    ),
    (
        "colleague",
        "/archives/uses/",
        "/api/archives/uses",
        {"reference_code": "{code}", "kind": "borrow", "purpose": "查考", "due_back": "2026-13-01"},
        "bad_date",
    ),
    (
        "colleague",
        "/archives/uses/",
        "/api/archives/uses",
        {"reference_code": "乱写", "kind": "consult", "purpose": "查考"},
        "bad_reference_code",
    ),
    (
        "colleague",
        "/archives/uses/",
        "/api/archives/uses",
        {"reference_code": "{code}", "kind": "看看"},
        "bad_kind",
    ),
    (
        "head",
        "/archives/uses/{use}/reject/",
        "/api/archives/uses/{use}/reject",
        {"note": ""},
        "reason_required",
    ),
    (
        "head",
        "/archives/uses/{use}/approve/",
        "/api/archives/uses/{use}/approve",
        {"note": "意" * 301},
        "too_long",
    ),
    (
        "archivist",
        "/archives/uses/{use}/approve/",
        "/api/archives/uses/{use}/approve",
        {},
        "not_archives_head",
    ),
    ("archivist", "/archives/uses/{use}/return/", "/api/archives/uses/{use}/return", {}, "not_on_loan"),
]


@pytest.fixture
def scene(county):
    with time_machine.travel(DAY, tick=False):
        item = _item(county)
        due = _item(county, year=2010, retention=Retention.Y10)
        use = _secret_use(county)
    return {"item": item.pk, "due": due.pk, "use": use.pk, "code": item.reference_code}


def _state():
    return (
        list(ArchiveItem.objects.order_by("pk").values_list("state", "pages", "remarks", "retention")),
        list(ArchiveUse.objects.order_by("pk").values_list("state", "decision_note")),
        Appraisal.objects.count(),
    )


@pytest.mark.parametrize(("who", "page_url", "api_url", "raw", "code"), CASES)
@time_machine.travel(DAY, tick=False)
def test_the_page_and_the_api_refuse_alike(county, client, scene, who, page_url, api_url, raw, code):
    data = {key: value.format(**scene) if "{" in value else value for key, value in raw.items()}
    sign_in(client, getattr(county, who).user)
    before = _state()

    page = client.post(page_url.format(**scene), data)
    api = _post(client, api_url.format(**scene), data)

    body = api.json()
    assert body["code"] == code, body
    assert page.status_code == api.status_code
    assert page.context["error_code"] == body["code"]
    assert body["message"] in page.content.decode()
    assert _state() == before


def test_the_filing_page_and_the_api_refuse_alike(county, client):
    from tests.documents.test_outgoing_flow import draft

    unclosed = draft(county)
    sign_in(client, county.archivist.user)
    page = client.post(
        f"/archives/pending/document/{unclosed.pk}/file/", {"retention": "forever"}, HTTP_HX_REQUEST="true"
    )
    api = _post(
        client, "/api/archives/items", {"kind": "document", "id": unclosed.pk, "retention": "forever"}
    )
    assert api.json()["code"] == page.context["error_code"] == "bad_retention"
    assert page.status_code == api.status_code == 400
    assert api.json()["message"] in page.content.decode()
    assert ArchiveItem.objects.count() == 0


def test_a_page_action_that_does_not_exist_is_not_found(county, client):
    item = _item(county)
    sign_in(client, county.archivist.user)
    assert client.post(f"/archives/items/{item.pk}/burn/").status_code == 404
    assert client.post(f"/archives/uses/{_secret_use(county).pk}/burn/").status_code == 404
    arranged = client.post(f"/archives/items/{item.pk}/arrange/", {"pages": "9"})
    assert arranged.status_code == 302
    assert ArchiveItem.objects.get(pk=item.pk).state == ItemState.ARRANGED

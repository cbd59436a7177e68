"""公开审查 through its pages and the API: the 待审查 page, asking for a round, the two review forms, the round's
page showing the text as reviewed beside the current one after a change, and the document's publish button with
the gate's reason; the same steps through the JSON API with its codes. Every page speaks Chinese and every audit
event of the part is named."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from tests.secrecy.conftest import County, signed_in
from tests.secrecy.publication_helpers import issued_document, name_unit_reviewer
from tests.web.test_vocabulary import codes_on_pages, unnamed_details
from zhongshu.documents.models import OfficialDocument
from zhongshu.secrecy.models_publication import PublicationReview, ReviewState


def _post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_whole_review_on_the_pages(county: County) -> None:
    name_unit_reviewer(county)
    document = issued_document(county, title="关于做好冬季供暖保障工作的通知")
    clerk, unit, office = signed_in("czj_ws"), signed_in("czj_kz"), signed_in("baomi")

    # The document's page: the publish button, with why it would be refused now.
    page = clerk.get(f"/documents/{document.pk}/").content.decode()
    assert 'data-action="publish"' in page and "未经公开审查" in page
    assert "主动公开" in page

    queue = clerk.get("/secrecy/publication/").content.decode()
    assert "关于做好冬季供暖保障工作的通知" in queue and "未提请审查" in queue
    asked = clerk.post(f"/secrecy/publication/records/documents.officialdocument/{document.pk}/request/")
    review = PublicationReview.objects.get()
    assert asked.status_code == 302 and asked["Location"] == f"/secrecy/publication/{review.pk}/"

    # The secrecy office does not see the document yet; the unit's administrator has it waiting.
    assert office.get(f"/secrecy/publication/{review.pk}/").status_code == 404
    assert "关于做好冬季供暖保障工作的通知" not in office.get("/secrecy/publication/").content.decode()
    mine = unit.get("/secrecy/publication/").content.decode()
    assert 'data-testid="reviews-mine"' in mine and "待起草单位审查" in mine
    form = unit.get(f"/secrecy/publication/{review.pk}/").content.decode()
    assert 'data-action="unit_review"' in form and 'data-action="secrecy_review"' not in form

    # No decision: refused on the page, nothing changes.
    refused = unit.post(f"/secrecy/publication/{review.pk}/unit-review/", {"opinion": "同意", "version": "1"})
    assert refused.status_code == 302
    assert PublicationReview.objects.get().state == ReviewState.UNIT_PENDING
    unit.post(
        f"/secrecy/publication/{review.pk}/unit-review/",
        {"decision": "approve", "opinion": "不涉及国家秘密和工作秘密，同意公开", "version": "1"},
    )
    assert PublicationReview.objects.get().state == ReviewState.SECRECY_PENDING
    form = office.get(f"/secrecy/publication/{review.pk}/").content.decode()
    assert 'data-action="secrecy_review"' in form and "不涉及国家秘密和工作秘密，同意公开" in form
    # The secrecy office's review by a unit: refused (403), nothing changes.
    assert (
        unit.post(
            f"/secrecy/publication/{review.pk}/secrecy-review/",
            {"decision": "approve", "opinion": "同意", "version": "2"},
        ).status_code
        == 403
    )
    office.post(
        f"/secrecy/publication/{review.pk}/secrecy-review/",
        {"decision": "approve", "opinion": "同意公开", "version": "2"},
    )
    assert PublicationReview.objects.get().state == ReviewState.PASSED
    page = clerk.get(f"/documents/{document.pk}/").content.decode()
    assert 'data-action="publish"' in page and 'data-testid="publication-blockers"' not in page

    # A change after the review: the round's page shows the text as reviewed beside the current one.
    OfficialDocument.objects.filter(pk=document.pk).update(body=document.body + "\n供暖热线：12345。")
    shown = office.get(f"/secrecy/publication/{review.pk}/").content.decode()
    assert 'data-testid="current-content"' in shown and "供暖热线：12345。" in shown and "需重新审查" in shown
    page = clerk.get(f"/documents/{document.pk}/").content.decode()
    assert "公开审查后内容已改动，须重新提请公开审查" in page
    refused = clerk.post(f"/documents/{document.pk}/act/publish/", follow=True).content.decode()
    assert "不能发布：公开审查后内容已改动" in refused
    assert OfficialDocument.objects.get(pk=document.pk).published_at is None
    assert PublicationReview.objects.get().state == ReviewState.RETURNED

    # The pages speak Chinese; every audit event of the part is named.
    urls = ["/secrecy/publication/", f"/secrecy/publication/{review.pk}/"]
    assert codes_on_pages({"czj_ws": urls, "baomi": urls, "czj_kz": urls}, signed_in) == {}
    assert unnamed_details("secrecy.publication") == []
    assert unnamed_details("documents.publish") == []


def test_the_same_review_through_the_api(county: County) -> None:
    name_unit_reviewer(county)
    document = issued_document(county)
    clerk, unit, office = signed_in("czj_ws"), signed_in("czj_kz"), signed_in("baomi")
    queue = clerk.get("/api/secrecy/publication").json()
    assert queue["awaiting"][0]["record_id"] == document.pk and queue["awaiting"][0]["may_request"] is True

    refused = _post(clerk, f"/api/documents/{document.pk}/publish", {})
    assert refused.status_code == 400 and refused.json()["code"] == "publication_refused"

    asked = _post(
        clerk, f"/api/secrecy/publication/records/documents.officialdocument/{document.pk}/request", {}
    )
    assert asked.status_code == 201, asked.content
    review_id = asked.json()["id"]
    assert asked.json()["state"] == "unit_pending"
    twice = _post(
        clerk, f"/api/secrecy/publication/records/documents.officialdocument/{document.pk}/request", {}
    )
    assert twice.status_code == 409 and twice.json()["code"] == "review_open"
    unknown = _post(clerk, "/api/secrecy/publication/records/org.unit/1/request", {})
    assert unknown.status_code == 404

    early = _post(office, f"/api/secrecy/publication/{review_id}/secrecy-review", {"decision": "approve"})
    assert early.status_code == 404  # the office does not see the document before the unit passes it on
    bad = _post(
        unit, f"/api/secrecy/publication/{review_id}/unit-review", {"decision": "maybe", "opinion": "x"}
    )
    assert bad.status_code == 400 and bad.json()["code"] == "unknown_decision"
    done = _post(
        unit, f"/api/secrecy/publication/{review_id}/unit-review", {"decision": "approve", "opinion": "同意"}
    )
    assert done.status_code == 200 and done.json()["state"] == "secrecy_pending"
    again = _post(
        unit, f"/api/secrecy/publication/{review_id}/unit-review", {"decision": "approve", "opinion": "同意"}
    )
    assert again.status_code == 409 and again.json()["code"] == "already_reviewed"
    seen = office.get(f"/api/secrecy/publication/{review_id}").json()
    assert seen["actions"] == ["secrecy_review"] and seen["changed_since_review"] is False
    passed = _post(
        office,
        f"/api/secrecy/publication/{review_id}/secrecy-review",
        {"decision": "approve", "opinion": "同意公开", "version": 2},
    )
    assert passed.status_code == 200 and passed.json()["state"] == "passed"

    published = _post(clerk, f"/api/documents/{document.pk}/publish", {})
    assert published.status_code == 200, published.content
    assert published.json()["publicity"] == "proactive" and published.json()["published_at"]
    assert office.get(f"/api/secrecy/publication/{review_id}").json()["state"] == "published"


def test_administrators_and_outsiders_get_nothing(county: County) -> None:
    name_unit_reviewer(county)
    document = issued_document(county, title="关于县财政局内部事项的通知")
    review = signed_in("czj_ws")
    _post(review, f"/api/secrecy/publication/records/documents.officialdocument/{document.pk}/request", {})
    pk = PublicationReview.objects.get().pk
    outsider = signed_in("cgz_ws")
    assert outsider.get(f"/secrecy/publication/{pk}/").status_code == 404
    assert outsider.get(f"/api/secrecy/publication/{pk}").status_code == 404
    listed = (
        outsider.get("/secrecy/publication/").content.decode() + outsider.get("/api/secrecy/publication").text
    )
    assert "关于县财政局内部事项的通知" not in listed
    assert (
        outsider.post(
            f"/secrecy/publication/records/documents.officialdocument/{document.pk}/request/"
        ).status_code
        == 404
    )
    for username in ("secadmin", "auditor"):
        admin = signed_in(username)
        assert admin.get("/secrecy/publication/").status_code == 403
        assert admin.get(f"/secrecy/publication/{pk}/").status_code == 403
        assert admin.get("/api/secrecy/publication").status_code == 403
        assert admin.get(f"/api/secrecy/publication/{pk}").status_code == 403
    assert Client().get("/secrecy/publication/").status_code == 302

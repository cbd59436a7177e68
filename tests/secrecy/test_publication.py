"""公开审查: a 主动公开 document goes out only after the drafting unit's review and then the secrecy office's, and
only as reviewed. Every "Bad input" of the issue in this part — publishing without the review, publishing after a
change made after the review, reviewing out of order, reviewing twice — is refused with a clear reason, audited,
and changes nothing (the counts and fields are compared)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.secrecy.conftest import County
from tests.secrecy.publication_helpers import issued_document, name_unit_reviewer
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.core.publication import PublicationRequest, publication_refusals
from zhongshu.documents.models import DocumentEvent, OfficialDocument, Publicity
from zhongshu.documents.publication import document_content, document_publish
from zhongshu.documents.services import document_draft_create, document_draft_update
from zhongshu.documents.states import DocState
from zhongshu.secrecy.models_publication import PublicationReview, ReviewState
from zhongshu.secrecy.publication import (
    publication_review_request,
    publication_review_secrecy,
    publication_review_unit,
    reviews_awaiting,
)


@pytest.fixture
def people(county: County) -> dict[str, Any]:
    name_unit_reviewer(county)
    return {
        "clerk": county.clerks[0].user,  # 县财政局 文书: drafts, asks for the review, publishes
        "unit": county.unit_heads[0].user,  # 县财政局 兼职保密管理员
        "office": county.secrecy_head.user,  # 保密办
    }


def _refused(call: Any, code: str) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        call()
    assert caught.value.code == code, (caught.value.code, caught.value.message)
    return caught.value


def _denied(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, outcome="denied").order_by("seq"))


def _passed(document: OfficialDocument, people: dict[str, Any]) -> PublicationReview:
    review = publication_review_request(record=document, by=people["clerk"])
    review = publication_review_unit(
        review=review, by=people["unit"], approve=True, opinion="不涉密，同意公开"
    )
    return publication_review_secrecy(review=review, by=people["office"], approve=True, opinion="同意公开")


def test_reviewed_by_the_unit_then_the_office_and_published_as_reviewed(county: County, people: Any) -> None:
    document = issued_document(county)
    review = publication_review_request(record=document, by=people["clerk"])
    assert review.state == ReviewState.UNIT_PENDING
    assert review.fingerprint == document_content(document).fingerprint
    assert (review.reviewed_title, review.reviewed_body) == (document.title, document.body)
    assert reviews_awaiting(people["unit"]) == [review]
    assert reviews_awaiting(people["office"]) == []

    review = publication_review_unit(
        review=review, by=people["unit"], approve=True, opinion="不涉密，同意公开"
    )
    assert review.state == ReviewState.SECRECY_PENDING
    assert review.unit_reviewer == county.unit_heads[0] and review.unit_reviewed_at is not None
    # The secrecy office now knows the document (its 知悉范围) and has it waiting.
    assert county.secrecy_head in document.need_to_know_people.all()
    assert reviews_awaiting(people["office"]) == [review]

    review = publication_review_secrecy(review=review, by=people["office"], approve=True, opinion="同意公开")
    assert review.state == ReviewState.PASSED and review.secrecy_reviewer == county.secrecy_head
    assert review.secrecy_opinion == "同意公开"

    published = document_publish(document=document, by=people["clerk"])
    assert published.published_at is not None and published.published_by == people["clerk"]
    review.refresh_from_db()
    assert review.state == ReviewState.PUBLISHED and review.published_at is not None
    assert DocumentEvent.objects.filter(document=document, action="publish").count() == 1
    for action in (
        "secrecy.publication.request",
        "secrecy.publication.unit_review",
        "secrecy.publication.secrecy_review",
        "secrecy.publication.published",
        "documents.publish",
    ):
        assert AuditEvent.objects.filter(action=action, outcome="success").count() == 1, action


def test_publishing_without_the_review_is_refused_audited_and_changes_nothing(
    county: County, people: Any
) -> None:
    document = issued_document(county)
    events = DocumentEvent.objects.count()
    error = _refused(lambda: document_publish(document=document, by=people["clerk"]), "publication_refused")
    assert error.message == "不能发布：未经公开审查：须经起草单位审查和保密办保密审查通过后才能发布"
    document.refresh_from_db()
    assert document.published_at is None and document.published_by is None
    assert DocumentEvent.objects.count() == events and PublicationReview.objects.count() == 0
    [denied] = _denied("documents.publish")
    assert denied.details["code"] == "publication_refused" and document.title not in str(denied.details)

    # Half-way is not enough either: the unit has reviewed, the secrecy office not yet.
    review = publication_review_request(record=document, by=people["clerk"])
    publication_review_unit(review=review, by=people["unit"], approve=True, opinion="同意")
    error = _refused(lambda: document_publish(document=document, by=people["clerk"]), "publication_refused")
    assert "待保密办保密审查" in error.message
    assert OfficialDocument.objects.get(pk=document.pk).published_at is None


def test_a_document_classified_after_its_review_is_not_published(county: County, people: Any) -> None:
    """A 定密 decision can raise a reviewed 主动公开 document to a state secret; its text, and so the reviewed
    fingerprint, stays the same. Publishing refuses it all the same, at the shared publishing point."""
    from zhongshu.access.services import apply_classification
    from zhongshu.core.publication import SECRET_NOT_PUBLISHED

    document = issued_document(county)
    _passed(document, people)
    apply_classification(
        by=county.director.user,
        record=document,
        classification=Classification.CONFIDENTIAL,
        secrecy_term_years=5,
        reason="定密审定：涉及未公开的预算数据",
    )
    document.refresh_from_db()
    assert publication_refusals(PublicationRequest(document, document_content(document).fingerprint)) == [
        SECRET_NOT_PUBLISHED
    ]
    _refused(lambda: document_publish(document=document, by=people["clerk"]), "secret_not_publishable")
    assert OfficialDocument.objects.get(pk=document.pk).published_at is None
    [denied] = _denied("documents.publish")
    assert denied.details["code"] == "secret_not_publishable"


def test_a_change_after_the_review_sends_it_back(county: County, people: Any) -> None:
    document = issued_document(county)
    review = _passed(document, people)
    # The text changes after the review (a corrected sentence).
    OfficialDocument.objects.filter(pk=document.pk).update(body=document.body + "\n另附：县财政局联系电话。")
    document.refresh_from_db()
    assert publication_refusals(
        PublicationRequest(document, document_content(document).fingerprint, asking_only=True)
    ) == ["公开审查后内容已改动，须重新提请公开审查"]
    review.refresh_from_db()
    assert review.state == ReviewState.PASSED  # only asking put nothing back

    error = _refused(lambda: document_publish(document=document, by=people["clerk"]), "publication_refused")
    assert error.message == "不能发布：公开审查后内容已改动，须重新提请公开审查"
    document.refresh_from_db()
    assert document.published_at is None
    review.refresh_from_db()
    assert review.state == ReviewState.RETURNED and review.returned_reason == "审查后内容已改动，须重新审查"
    assert len(_denied("documents.publish")) == 1
    assert AuditEvent.objects.filter(action="secrecy.publication.changed_after_review").count() == 1

    # A new round reviews the new text; then it goes out.
    again = _passed(document, people)
    assert again.pk != review.pk and again.reviewed_body == document.body
    assert document_publish(document=document, by=people["clerk"]).published_at is not None


def test_an_attachment_added_after_the_review_changes_the_fingerprint(county: County, people: Any) -> None:
    document = issued_document(county)
    before = document_content(document).fingerprint
    OfficialDocument.objects.filter(pk=document.pk).update(attachment_note="冬季安全生产检查表")
    document.refresh_from_db()
    assert document_content(document).fingerprint != before
    assert document_content(document).attachments == ("冬季安全生产检查表",)


def test_a_change_during_the_review_closes_the_round_when_a_reviewer_acts(
    county: County, people: Any
) -> None:
    document = issued_document(county)
    review = publication_review_request(record=document, by=people["clerk"])
    OfficialDocument.objects.filter(pk=document.pk).update(title=document.title + "（修订）")
    error = _refused(
        lambda: publication_review_unit(review=review, by=people["unit"], approve=True, opinion="同意"),
        "changed_after_review",
    )
    assert error.message == "审查后内容已改动，须重新审查，本轮审查已退回"
    review.refresh_from_db()
    assert review.state == ReviewState.RETURNED and review.unit_reviewer is None and review.unit_opinion == ""
    assert len(_denied("secrecy.publication.unit_review")) == 1


def test_reviewing_out_of_order_is_refused_audited_and_changes_nothing(county: County, people: Any) -> None:
    document = issued_document(county)
    review = publication_review_request(record=document, by=people["clerk"])
    error = _refused(
        lambda: publication_review_secrecy(review=review, by=people["office"], approve=True, opinion="同意"),
        "unit_review_first",
    )
    assert error.message == "须先经起草单位审查，才能进行保密审查"
    review.refresh_from_db()
    assert (review.state, review.secrecy_reviewer, review.secrecy_opinion, review.version) == (
        ReviewState.UNIT_PENDING,
        None,
        "",
        1,
    )
    [denied] = _denied("secrecy.publication.secrecy_review")
    assert denied.details["code"] == "unit_review_first"


def test_reviewing_twice_is_refused_audited_and_changes_nothing(county: County, people: Any) -> None:
    document = issued_document(county)
    review = publication_review_request(record=document, by=people["clerk"])
    review = publication_review_unit(review=review, by=people["unit"], approve=True, opinion="同意")
    error = _refused(
        lambda: publication_review_unit(review=review, by=people["unit"], approve=False, opinion="再审"),
        "already_reviewed",
    )
    assert error.message == "起草单位已审查（待保密审查），不能再审"
    review = publication_review_secrecy(review=review, by=people["office"], approve=True, opinion="同意公开")
    _refused(
        lambda: publication_review_secrecy(review=review, by=people["office"], approve=False, opinion="再审"),
        "already_reviewed",
    )
    review.refresh_from_db()
    assert (review.state, review.unit_opinion, review.secrecy_opinion) == (
        ReviewState.PASSED,
        "同意",
        "同意公开",
    )
    assert len(_denied("secrecy.publication.unit_review")) == 1
    assert len(_denied("secrecy.publication.secrecy_review")) == 1
    # A second round while one is open: refused too.
    _refused(lambda: publication_review_request(record=document, by=people["clerk"]), "review_open")
    assert PublicationReview.objects.count() == 1


def test_a_stale_page_is_refused_by_its_version(county: County, people: Any) -> None:
    document = issued_document(county)
    review = publication_review_request(record=document, by=people["clerk"])
    publication_review_unit(review=review, by=people["unit"], approve=True, opinion="同意", version=1)
    _refused(
        lambda: publication_review_secrecy(
            review=review, by=people["office"], approve=True, opinion="同意", version=1
        ),
        "stale_version",
    )


def test_who_reviews(county: County, people: Any) -> None:
    document = issued_document(county)
    review = publication_review_request(record=document, by=people["clerk"])
    # The unit's 文书 is not its part-time administrator; the secrecy office is not the drafting unit.
    for user in (people["clerk"], people["office"], county.liaisons[0].user):
        error = _refused(
            lambda user=user: publication_review_unit(review=review, by=user, approve=True, opinion="同意"),
            "not_unit_reviewer",
        )
        assert error.status == 403
    review = publication_review_unit(review=review, by=people["unit"], approve=True, opinion="同意")
    for user in (people["unit"], people["clerk"]):
        _refused(
            lambda user=user: publication_review_secrecy(
                review=review, by=user, approve=True, opinion="同意"
            ),
            "not_secrecy_office",
        )
    # Another unit may not ask for a round on this unit's document.
    other = issued_document(county)
    _refused(lambda: publication_review_request(record=other, by=county.clerks[1].user), "not_drafting_unit")


def test_an_opinion_is_required_and_a_return_closes_the_round(county: County, people: Any) -> None:
    document = issued_document(county)
    review = publication_review_request(record=document, by=people["clerk"])
    error = _refused(
        lambda: publication_review_unit(review=review, by=people["unit"], approve=False, opinion="  "),
        "opinion_required",
    )
    assert error.message == "退回须写明审查意见（哪些内容不宜公开）"
    review = publication_review_unit(review=review, by=people["unit"], approve=True, opinion="同意")
    review = publication_review_secrecy(
        review=review, by=people["office"], approve=False, opinion="第三段涉及内部工作安排，不宜公开"
    )
    assert review.state == ReviewState.RETURNED and review.returned_reason == "保密审查退回"
    error = _refused(lambda: document_publish(document=document, by=people["clerk"]), "publication_refused")
    assert "公开审查未通过（保密审查退回）" in error.message
    # The returned round is closed: a new one may be asked for.
    assert publication_review_request(record=document, by=people["clerk"]).state == ReviewState.UNIT_PENDING


def test_only_an_issued_proactive_document_is_published(county: County, people: Any) -> None:
    draft = issued_document(county, state=DocState.DRAFT, doc_number="", doc_serial=None)
    _refused(lambda: document_publish(document=draft, by=people["clerk"]), "not_issued")
    withheld = issued_document(county, publicity=Publicity.NOT_PUBLIC)
    _refused(lambda: document_publish(document=withheld, by=people["clerk"]), "not_proactive")
    _refused(
        lambda: publication_review_request(record=withheld, by=people["clerk"]), "not_awaiting_publication"
    )
    done = issued_document(county)
    _passed(done, people)
    document_publish(document=done, by=people["clerk"])
    _refused(lambda: document_publish(document=done, by=people["clerk"]), "already_published")
    # Only the unit's 文书 publishes.
    another = issued_document(county)
    _passed(another, people)
    _refused(lambda: document_publish(document=another, by=county.office_clerk.user), "not_owner_unit")
    _refused(lambda: document_publish(document=another, by=people["office"]), "role_required")
    assert OfficialDocument.objects.get(pk=another.pk).published_at is None
    assert len(_denied("documents.publish")) == 5


def test_a_state_secret_is_never_marked_for_public_release(county: County) -> None:
    clerk = county.clerks[0].user
    error = _refused(
        lambda: document_draft_create(
            by=clerk,
            doc_type="notice",
            title="关于秘密事项的通知",
            classification=Classification.CONFIDENTIAL,
            secrecy_term_years=5,
            publicity=Publicity.PROACTIVE,
        ),
        "secret_not_publishable",
    )
    assert error.message == "秘密公文属于国家秘密，公开属性不能为主动公开"
    draft = document_draft_create(by=clerk, doc_type="notice", title="关于冬季防火工作的通知")
    assert draft.publicity == Publicity.NOT_PUBLIC
    draft = document_draft_update(document=draft, by=clerk, publicity=Publicity.PROACTIVE)
    assert draft.publicity == Publicity.PROACTIVE
    _refused(
        lambda: document_draft_update(
            document=draft, by=clerk, classification=Classification.CONFIDENTIAL, secrecy_term_years=5
        ),
        "secret_not_publishable",
    )
    _refused(lambda: document_draft_update(document=draft, by=clerk, publicity="secret"), "invalid_publicity")

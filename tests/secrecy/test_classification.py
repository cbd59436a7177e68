"""定密: a decision applies to its record at once (lists and search follow), terms run from the decision date
within the legal maxima, a compilation takes its parts' highest level and longest term, 变更 and 解密 are
notified, an extension only before the end, a secret declassifies itself when its term ends (derived for the
display, written by an idempotent tick), the yearly review queue — and every refusal audited, nothing changed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.secrecy.classification_helpers import approve, at, classified, document, propose
from tests.secrecy.conftest import County, signed_in
from zhongshu.access.policy import visible
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.core.errors import Forbidden, InvalidTransition, ServiceError
from zhongshu.documents.models import OfficialDocument
from zhongshu.notifications.models import OutboxMessage
from zhongshu.secrecy import classification as service
from zhongshu.secrecy.models_classification import (
    ClassificationDecision,
    ClassificationReview,
    DecisionKind,
    DecisionState,
)


def _sees(person: Any, record: OfficialDocument) -> bool:
    return visible(OfficialDocument.objects.filter(pk=record.pk), person.user).exists()


def _found(username: str, word: str) -> bool:
    """Whether the search answers `username` with the record titled with `word` (its address: the results
    mark the matched words, which splits the title)."""
    record = OfficialDocument.objects.get(title__contains=word)
    return (
        f"/documents/{record.pk}/" in signed_in(username).get(f"/search/results/?q={word}").content.decode()
    )


def _denied(code: str) -> list[AuditEvent]:
    return [
        event for event in AuditEvent.objects.filter(outcome="denied") if event.details.get("code") == code
    ]


def test_classifying_applies_at_once_and_a_cleared_only_record_leaves_the_lists_and_search(
    county: County,
) -> None:
    handler, officer, clerk = county.confidential_clerk, county.director, county.office_clerk
    record = document(handler, title="关于防汛物资仓库布点的报告")
    assert _sees(clerk, record) and _found("wenshu", "防汛物资仓库布点")
    decision = propose(handler, record, level=Classification.SECRET, term=10)
    assert decision.state == DecisionState.PENDING and decision.unit_id == county.office.pk
    record.refresh_from_db()
    assert record.classification == Classification.INTERNAL  # nothing applies before the decision
    approve(officer, decision)
    record.refresh_from_db()
    decision.refresh_from_db()
    today = timezone.localdate()
    assert (record.classification, record.secrecy_term_years) == (Classification.SECRET, 10)
    assert decision.starts_on == today and decision.ends_on == service.years_after(today, 10)
    assert decision.is_latest and service.standing(decision).code == "in_force"
    # A 一般 colleague of the same unit no longer sees it: not in the list, not in search.
    assert not _sees(clerk, record) and not _found("wenshu", "防汛物资仓库布点")
    assert _found("jiyao", "防汛物资仓库布点")
    applied = AuditEvent.objects.get(action="classification.apply", object_id=str(record.pk))
    assert applied.details["before"] == "内部" and applied.details["after"] == "机密"
    assert all("防汛" not in str(event.details) for event in AuditEvent.objects.all())


def test_declassifying_shows_the_record_to_the_uncleared_and_tells_those_who_know(county: County) -> None:
    head, uncleared, officer = county.unit_heads[1], county.clerks[1], county.director
    record = document(head, title="城关镇重点目标防护方案")
    approve(officer, propose(head, record, level=Classification.SECRET, term=5))
    record.refresh_from_db()
    assert not _sees(uncleared, record) and not _found("cgz_ws", "重点目标防护方案")
    record.need_to_know_people.add(county.unit_heads[0])
    declassify = propose(head, record, kind=DecisionKind.DECLASSIFY, level=Classification.INTERNAL, term=None)
    approve(officer, declassify)
    record.refresh_from_db()
    assert (record.classification, record.secrecy_term_years) == (Classification.INTERNAL, None)
    assert _sees(uncleared, record) and _found("cgz_ws", "重点目标防护方案")
    told = OutboxMessage.objects.filter(kind="secrecy.classification.declassify")
    assert sorted(message.recipient.username for message in told) == ["cgz_zr", "czj_kz"]
    assert all("已解密" in message.title for message in told)


def test_a_change_is_a_decision_of_its_own_and_is_notified(county: County) -> None:
    record, first = classified(
        county.confidential_clerk, county.director, level=Classification.CONFIDENTIAL, term=5
    )
    change = propose(
        county.confidential_clerk, record, kind=DecisionKind.CHANGE, level=Classification.SECRET, term=8
    )
    approve(county.director, change)
    first.refresh_from_db()
    record.refresh_from_db()
    assert not first.is_latest and service.standing(first).code == "superseded"
    assert (record.classification, record.secrecy_term_years) == (Classification.SECRET, 8)
    assert OutboxMessage.objects.filter(
        kind="secrecy.classification.change", recipient=county.confidential_clerk.user
    ).exists()


def test_a_term_beyond_the_legal_maximum_is_refused_audited_and_changes_nothing(county: County) -> None:
    record = document(county.confidential_clerk)
    for level, years in (
        (Classification.SECRET, 21),
        (Classification.CONFIDENTIAL, 11),
        (Classification.TOP_SECRET, 31),
    ):
        with pytest.raises(ServiceError) as refused:
            propose(county.confidential_clerk, record, level=level, term=years)
        assert refused.value.code == "term_beyond_maximum"
        assert f"最长{years - 1}年" in refused.value.message
    assert ClassificationDecision.objects.count() == 0
    record.refresh_from_db()
    assert record.classification == Classification.INTERNAL
    assert len(_denied("term_beyond_maximum")) == 3
    # The office's shorter default is a default, not a maximum: 20 years of 机密 stay allowed.
    assert propose(county.confidential_clerk, record, level=Classification.SECRET, term=20).pk


def test_a_compilation_takes_at_least_the_highest_level_and_longest_term_of_its_parts(county: County) -> None:
    handler, officer = county.confidential_clerk, county.director
    part_secret, _ = classified(handler, officer, level=Classification.SECRET, term=15, title="第一部分")
    part_low, _ = classified(handler, officer, level=Classification.CONFIDENTIAL, term=10, title="第二部分")
    compilation = document(handler, title="防汛工作资料汇编")
    with pytest.raises(ServiceError) as low:
        propose(
            handler, compilation, level=Classification.CONFIDENTIAL, term=10, parts=[part_secret, part_low]
        )
    assert low.value.code == "compilation_level_too_low" and "机密" in low.value.message
    with pytest.raises(ServiceError) as short:
        propose(handler, compilation, level=Classification.SECRET, term=12, parts=[part_secret, part_low])
    assert short.value.code == "compilation_term_too_short" and "15年" in short.value.message
    assert ClassificationDecision.objects.filter(is_compilation=True).count() == 0
    assert len(_denied("compilation_level_too_low")) == len(_denied("compilation_term_too_short")) == 1
    compilation.refresh_from_db()
    assert compilation.classification == Classification.INTERNAL
    decision = propose(
        handler, compilation, level=Classification.SECRET, term=15, parts=[part_secret, part_low]
    )
    assert decision.is_compilation and decision.parts.count() == 2
    approve(officer, decision)
    compilation.refresh_from_db()
    assert compilation.secrecy_marking == "机密★15年"


def test_deciding_twice_and_deciding_without_being_an_officer_are_refused(county: County) -> None:
    record = document(county.confidential_clerk)
    decision = propose(county.confidential_clerk, record)
    with pytest.raises(Forbidden) as stranger:
        service.decision_decide(by=county.secrecy_head.user, decision=decision, version=1, approve=True)
    assert stranger.value.code == "not_officer"
    approve(county.director, decision)
    with pytest.raises(InvalidTransition) as twice:
        service.decision_decide(
            by=county.director.user, decision=decision, version=None, approve=False, opinion="x"
        )
    assert twice.value.code == "already_decided"
    decision.refresh_from_db()
    assert decision.state == DecisionState.APPROVED and decision.opinion == "同意"
    assert len(_denied("not_officer")) == 1 and len(_denied("already_decided")) == 1


def test_a_named_officer_decides_for_the_unit_and_may_decide_his_own_proposal(county: County) -> None:
    office = county.office
    service.officer_name(
        by=county.secrecy_head.user,
        person=county.confidential_clerk,
        unit=office,
        starts_on=timezone.localdate(),
    )
    record = document(county.confidential_clerk)
    decision = propose(county.confidential_clerk, record)
    # Once the unit has its own officer the director is no longer its default one.
    assert not service.may_decide_for(county.director.user, office.pk)
    approve(county.confidential_clerk, decision)  # an officer deciding his own proposal: allowed, both named
    decision.refresh_from_db()
    assert decision.proposed_by_id == decision.decided_by_id == county.confidential_clerk.user_id
    with pytest.raises(Forbidden):
        service.officer_name(
            by=county.office_clerk.user,
            person=county.office_clerk,
            unit=office,
            starts_on=timezone.localdate(),
        )


def test_an_extension_only_before_the_term_ends(county: County) -> None:
    handler, officer = county.confidential_clerk, county.director
    today = timezone.localdate()
    record = document(handler)
    approve(officer, propose(handler, record, term=1), now=at(today - timedelta(days=360)))
    extension = propose(handler, record, kind=DecisionKind.EXTEND, level=Classification.SECRET, term=5)
    # The term ends before the officer gets to it: the extension can no longer be decided.
    ClassificationDecision.objects.filter(is_latest=True).update(ends_on=today)
    with pytest.raises(InvalidTransition) as late:
        approve(officer, extension)
    assert late.value.code == "term_ended"
    extension.refresh_from_db()
    assert extension.state == DecisionState.PENDING
    # A new extension after the end is refused at once.
    with pytest.raises(ServiceError) as after:
        propose(handler, document(handler, title="另一份"), kind=DecisionKind.EXTEND, term=5)
    assert after.value.code == "nothing_to_extend"
    assert len(_denied("term_ended")) == 1


def test_an_extension_before_the_end_runs_from_its_own_decision(county: County) -> None:
    record = document(county.confidential_clerk)
    approve(
        county.director,
        propose(county.confidential_clerk, record, term=2),
        now=at(timezone.localdate() - timedelta(days=400)),
    )
    extension = approve(
        county.director,
        propose(
            county.confidential_clerk, record, kind=DecisionKind.EXTEND, level=Classification.SECRET, term=5
        ),
    )
    assert extension.ends_on == service.years_after(timezone.localdate(), 5)


def test_a_missed_tick_still_shows_the_expiry_and_the_tick_applies_it_once(county: County) -> None:
    today = timezone.localdate()
    record = document(county.confidential_clerk, title="过期的机密报告")
    decision = approve(
        county.director,
        propose(county.confidential_clerk, record, term=1),
        now=at(today - timedelta(days=400)),
    )
    decision.refresh_from_db()
    record.refresh_from_db()
    assert record.classification == Classification.SECRET  # the tick has not run
    assert service.standing(decision).code == "expired" and service.standing(decision).label == "已到期解密"
    page = signed_in("zhuren").get("/secrecy/classification/register/").content.decode()
    assert "已到期解密" in page
    assert service.review_queue(on=today) == []
    assert service.expire_due() == 1
    record.refresh_from_db()
    assert (record.classification, record.secrecy_term_years) == (Classification.INTERNAL, None)
    events = AuditEvent.objects.count()
    assert service.expire_due() == 0
    assert AuditEvent.objects.count() == events
    assert AuditEvent.objects.filter(action="secrecy.classification.expire").count() == 1


def test_the_review_queue_lists_secrets_in_force_with_this_years_mark(county: County) -> None:
    today = timezone.localdate()
    handler, officer = county.confidential_clerk, county.director
    soon, soon_decision = classified(handler, officer, term=1, title="一年期")
    later, _ = classified(handler, officer, level=Classification.CONFIDENTIAL, term=10, title="十年期")
    queue = service.review_queue(on=today)
    assert [line.object_id for line in queue] == [soon.pk, later.pk]
    first = queue[0]
    assert (first.classification, first.term_years, first.decided_on) == (Classification.SECRET, 1, today)
    assert first.days_left == (first.ends_on - today).days and first.reviewed == ""
    service.review_mark(by=officer.user, decision=soon_decision, verdict="keep")
    assert service.review_queue(on=today)[0].reviewed == "keep"
    with pytest.raises(ServiceError) as twice:
        service.review_mark(by=officer.user, decision=soon_decision, verdict="keep")
    assert twice.value.code == "already_reviewed"
    assert ClassificationReview.objects.count() == 1
    assert service.review_queue(on=today, unit_id=county.units[0].pk) == []
    assert service.review_queue(on=date(today.year + 2, 1, 1)) == [
        line for line in service.review_queue(on=date(today.year + 2, 1, 1)) if line.object_id == later.pk
    ]
    with CaptureQueriesContext(connection) as queries:
        service.review_queue(on=today)
    assert len(queries) == 1

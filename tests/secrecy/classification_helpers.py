"""Records to classify and decisions made through the services, for the classification part's tests."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from zhongshu.base.levels import Classification
from zhongshu.documents.models import OfficialDocument
from zhongshu.org.models import Person
from zhongshu.secrecy import classification as service
from zhongshu.secrecy.models_classification import ClassificationDecision, DecisionKind


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def document(
    owner: Person,
    title: str = "关于全县防汛物资储备情况的报告",
    level: int = Classification.INTERNAL,
    **fields: Any,
) -> OfficialDocument:
    """A signed outgoing document (found by search) owned by `owner` and their unit: the handling person may
    propose for it."""
    fields.setdefault("state", "signed")
    fields.setdefault("signed_at", timezone.now())
    return OfficialDocument.objects.create(
        title=title,
        drafter=owner,
        owner_person=owner,
        owner_unit=owner.unit,
        classification=level,
        **fields,
    )


def propose(
    by: Person,
    record: Any,
    *,
    kind: str = DecisionKind.CLASSIFY,
    level: int = Classification.SECRET,
    term: int | None = 10,
    reason: str = "涉及防汛物资储备布局",
    **fields: Any,
) -> ClassificationDecision:
    return service.decision_propose(
        by=by.user,
        kind=kind,
        record=record,
        classification=level,
        secrecy_term_years=term,
        reason=reason,
        **fields,
    )


def approve(officer: Person, decision: ClassificationDecision, **fields: Any) -> ClassificationDecision:
    return service.decision_decide(
        by=officer.user, decision=decision, version=decision.version, approve=True, opinion="同意", **fields
    )


def classified(
    owner: Person, officer: Person, *, level: int = Classification.SECRET, term: int = 10, **fields: Any
) -> tuple[OfficialDocument, ClassificationDecision]:
    """A document classified through a proposal and its approval."""
    record = document(owner, **fields)
    decision = approve(officer, propose(owner, record, level=level, term=term))
    record.refresh_from_db()
    return record, decision

"""定密: classification decisions and their terms (保守国家秘密法 and its 实施条例).

The person handling a matter proposes (`decision_propose`) a 定密, 变更, 延期 or 解密 of one record of another
module — level, term in years, need-to-know, basis and reason; a classification officer (定密责任人) approves
or refuses it (`decision_decide`). An approved decision is written into the record's access fields through
`access.services.apply_classification`, so lists and search follow at once; its term runs from the decision
date. Terms are at most 30 / 20 / 10 years (绝密 / 机密 / 秘密); the office's `ClassificationPolicy` gives the
defaults the form offers, never a longer maximum. A compilation or excerpt (汇编 / 摘录) names its parts and
takes at least the highest level and the longest term among them. An extension (延期) is decided before the term
ends. A change or a declassification is notified (the outbox) to those who know the record.

A secret whose term ended declassifies itself: the register and the queue derive 已到期解密 from `ends_on`, and
the tick (`expire_due`) writes it into the record's access fields (内部, no term), once.

Who decides: the people named as 定密责任人 of the record's unit (`ClassificationOfficer`) for their dates; a unit
with nobody named has the county office's director decide. Deciding one's own proposal is allowed to an officer
(the law asks the officer to approve, not that someone else proposed): the register shows both names.

Refusals of the kinds the issue lists (a term beyond the maximum, a compilation below its parts, deciding twice,
extending after the end, ...) are audited with their code and change nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Count, FilteredRelation, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.links import LinkedKind, linked_kinds
from zhongshu.access.models import ClassificationPolicy, Classified
from zhongshu.access.policy import Action, Viewer, viewer_of, visible
from zhongshu.access.services import apply_classification
from zhongshu.accounts.actors import Actor
from zhongshu.audit.refusals import refusals_audited as audited_refusals
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import DEFAULT_SECRECY_TERM_YEARS, Classification, Clearance, clearance_covers
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.core.periods import add_years as years_after
from zhongshu.secrecy.models_classification import (
    ClassificationDecision,
    ClassificationOfficer,
    ClassificationReview,
    DecisionKind,
    DecisionPart,
    DecisionState,
    ReviewVerdict,
)
from zhongshu.secrecy.roles import keeps_ledger, may_use_secrecy

SECRET_LEVELS = (Classification.CONFIDENTIAL, Classification.SECRET, Classification.TOP_SECRET)
# What a declassified record becomes: 内部 (a work secret) unless the decision makes it public.
DECLASSIFIED_LEVELS = (Classification.PUBLIC, Classification.INTERNAL)
EXPIRED_TO = Classification.INTERNAL
HIDDEN_TITLE = "（无权查看的记录）"


# --- the records that may be classified --------------------------------------------------------------------


def classifiable_kinds() -> list[LinkedKind]:
    """The `Classified` models registered with `access.links` (公文, 督查事项, ...): their noun, title and page."""
    return [kind for kind in linked_kinds() if issubclass(kind.model, Classified)]


def kind_key(model: type[models.Model]) -> str:
    return model._meta.label_lower


def kind_for(key: str) -> LinkedKind | None:
    for kind in classifiable_kinds():
        if kind_key(kind.model) == key:
            return kind
    return None


def kind_for_type(content_type_id: int) -> LinkedKind | None:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    for kind in classifiable_kinds():
        if kind.model is model:
            return kind
    return None


def noun_of(content_type_id: int) -> str:
    kind = kind_for_type(content_type_id)
    return kind.noun if kind is not None else "记录"


@dataclass(frozen=True)
class RecordChoice:
    """A record as the proposal form offers it: its kind's key, id, noun, title and marking."""

    kind: str
    id: int
    noun: str
    title: str
    url: str
    classification: int
    marking: str

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.id}"


def _choice(kind: LinkedKind, record: Any) -> RecordChoice:
    return RecordChoice(
        kind=kind_key(kind.model),
        id=record.pk,
        noun=kind.noun,
        title=kind.title(record),
        url=kind.url(record),
        classification=int(record.classification),
        marking=record.secrecy_marking or Classification(record.classification).label,
    )


MOST_CHOICES = 20


def choosable_records(user: Any, query: str, *, limit: int = MOST_CHOICES) -> list[RecordChoice]:
    """The records whose title holds `query` that `user` may see and change (the owner or the owning unit):
    the proposal form's search box. One query per classifiable model."""
    words = query.strip()
    if not words:
        return []
    found: list[RecordChoice] = []
    for kind in classifiable_kinds():
        model = kind.model
        if not any(field.name == "title" for field in model._meta.concrete_fields):
            continue
        rows = visible(model._default_manager.filter(title__icontains=words), user, Action.CHANGE)
        found += [_choice(kind, row) for row in rows.order_by("-pk")[:limit]]
    return found[:limit]


def record_for(user: Any, key: str, object_id: int | None, *, action: Action, field: str) -> Classified:
    """The record `key`:`object_id` if `user` may act on it, else "does not exist" (missing or forbidden alike)."""
    kind = kind_for(key)
    record = None
    if kind is not None and object_id is not None:
        record = visible(kind.model._default_manager.filter(pk=object_id), user, action).first()
    if not isinstance(record, Classified):
        raise ServiceError("记录不存在或无权定密", code="no_such_record", field=field)
    return record


def parse_ref(raw: str) -> tuple[str, int | None]:
    """ "documents.officialdocument:12" → ("documents.officialdocument", 12)."""
    key, _, number = raw.strip().partition(":")
    return key, int(number) if number.isdigit() and 0 < int(number) <= 2**31 - 1 else None


# --- who decides -------------------------------------------------------------------------------------------


def _person_id(user: Any) -> int | None:
    if isinstance(user, Viewer):
        return user.person_id
    person = getattr(user, "person_or_none", None)
    return person.pk if person is not None else None


def _clearance(user: Any) -> int:
    return int((user if isinstance(user, Viewer) else viewer_of(user)).clearance)


def _is_office_director(user: Any) -> bool:
    """The county office's director: the default classification officer of a unit with nobody named."""
    from zhongshu.org.offices import works_in_office_as

    return bool(getattr(user, "is_active", False)) and works_in_office_as(user, Role.OFFICE_DIRECTOR)


def _active(on: date) -> Q:
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def officers_on(on: date) -> QuerySet[ClassificationOfficer]:
    return ClassificationOfficer.objects.filter(_active(on))


def decides_for(user: Any, on: date | None = None) -> Q | None:
    """The decisions (by unit) `user` decides as a classification officer on `on`, as a filter on
    ClassificationDecision, or None when they decide none."""
    on = on or timezone.localdate()
    person_id = _person_id(user)
    if person_id is None or not getattr(user, "is_active", False):
        return None
    # Only a cleared person decides on classification (officer_name refuses anyone else): the uncleared
    # majority costs no query here, which every workbench asks.
    if _clearance(user) < Clearance.ORDINARY:
        return None
    own = list(officers_on(on).filter(person_id=person_id).values_list("unit_id", flat=True))
    rule = Q(unit_id__in=own) if own else None
    if _is_office_director(user):
        named = officers_on(on).values("unit_id")
        default = ~Q(unit_id__in=named) | Q(unit_id__isnull=True)
        rule = default if rule is None else rule | default
    return rule


def is_officer(user: Any, on: date | None = None) -> bool:
    return decides_for(user, on) is not None


def may_decide_for(user: Any, unit_id: int | None, on: date | None = None) -> bool:
    on = on or timezone.localdate()
    person_id = _person_id(user)
    if person_id is None or not getattr(user, "is_active", False) or _clearance(user) < Clearance.ORDINARY:
        return False
    named = officers_on(on).filter(unit_id=unit_id or 0)
    if named.filter(person_id=person_id).exists():
        return True
    return _is_office_director(user) and not named.exists()


def sees_register(user: Any) -> bool:
    """The secrecy office and the classification officers read every decision (a record they may not see
    listed without its title); everyone else the decisions they proposed."""
    return keeps_ledger(user) or is_officer(user)


def decision_scope(viewer: Viewer, action: Action) -> Q | None:
    if not viewer.is_business_person:
        return None
    if action in (Action.VIEW, Action.EXPORT) and sees_register(viewer):
        return Q()
    return Q(proposed_by_id=viewer.user_id or 0)


# --- terms ---------------------------------------------------------------------------------------------------


def default_term(level: int) -> int | None:
    """The office's default term for a level (ClassificationPolicy), never above the statutory maximum."""
    if level not in SECRET_LEVELS:
        return None
    policy = ClassificationPolicy.current().term_for(level) or DEFAULT_SECRECY_TERM_YEARS[level]
    return min(policy, DEFAULT_SECRECY_TERM_YEARS[level])


def part_term(record: Any) -> int:
    """A part's term as a compilation must match it: its own, or the maximum of its level when unset."""
    level = Classification(record.classification)
    if not level.is_state_secret:
        return 0
    return int(record.secrecy_term_years or DEFAULT_SECRECY_TERM_YEARS[level])


@dataclass(frozen=True)
class Standing:
    """Where a decision stands on a day, derived from its state and dates."""

    code: str  # pending, refused, in_force, expired, declassified, superseded
    label: str
    days_left: int | None = None


def standing(decision: ClassificationDecision, on: date | None = None) -> Standing:
    on = on or timezone.localdate()
    if decision.state == DecisionState.PENDING:
        return Standing("pending", "待审定")
    if decision.state == DecisionState.REFUSED:
        return Standing("refused", "未批准")
    if not decision.is_latest:
        return Standing("superseded", "已被后续决定取代")
    if decision.kind == DecisionKind.DECLASSIFY:
        return Standing("declassified", "已解密")
    if decision.ends_on is not None and decision.ends_on <= on:
        return Standing("expired", "已到期解密")
    days = (decision.ends_on - on).days if decision.ends_on else None
    return Standing("in_force", "保密期内", days)


def current_decision(content_type_id: int, object_id: int) -> ClassificationDecision | None:
    return ClassificationDecision.objects.filter(
        content_type_id=content_type_id, object_id=object_id, is_latest=True
    ).first()


# --- refusals --------------------------------------------------------------------------------------------------


def refusals_audited(
    *, by: Any, action: str, target: models.Model | None = None, object_type: str = "", object_id: Any = ""
) -> AbstractContextManager[None]:
    """Audit a refusal as `secrecy.classification.<action>` (audit.refusals: outside the transaction)."""
    return audited_refusals(
        by=by,
        action=f"secrecy.classification.{action}",
        target=target,
        object_type=object_type,
        object_id=object_id,
    )


def _require_person(by: Actor) -> Any:
    person = getattr(by, "person_or_none", None)
    if person is None or not may_use_secrecy(by):
        raise Forbidden("无权办理定密事项", code="not_allowed")
    return person


def _check_level_and_term(kind: str, level: int, term: int | None) -> int | None:
    if kind == DecisionKind.DECLASSIFY:
        if level not in DECLASSIFIED_LEVELS:
            raise ServiceError(
                "解密后的密级应为内部或公开", code="bad_classification", field="classification"
            )
        return None
    if level not in SECRET_LEVELS:
        raise ServiceError("请选择秘密、机密或绝密", code="bad_classification", field="classification")
    label = Classification(level).label
    maximum = DEFAULT_SECRECY_TERM_YEARS[level]
    if term is None:
        raise ServiceError("请填写保密期限（年）", code="term_required", field="secrecy_term_years")
    if term < 1:
        raise ServiceError("保密期限至少为1年", code="term_out_of_range", field="secrecy_term_years")
    if term > maximum:
        raise ServiceError(
            f"{label}级事项的保密期限最长{maximum}年，不能定为{term}年",
            code="term_beyond_maximum",
            field="secrecy_term_years",
        )
    return term


def _check_kind_against_record(
    kind: str, record: Classified, current: ClassificationDecision | None, level: int, on: date
) -> None:
    secret_now = Classification(record.classification).is_state_secret
    if kind == DecisionKind.CLASSIFY and current is not None and standing(current, on).code == "in_force":
        raise ServiceError(
            "该记录已定密且在保密期内，请提出变更、延期或解密", code="already_classified", field="kind"
        )
    if kind in (DecisionKind.CHANGE, DecisionKind.DECLASSIFY) and not secret_now:
        raise ServiceError("该记录不是国家秘密，无需变更或解密", code="not_secret", field="kind")
    if kind == DecisionKind.EXTEND:
        if current is None or standing(current, on).code != "in_force":
            raise ServiceError(
                "该记录没有在保密期内的定密决定，不能延期", code="nothing_to_extend", field="kind"
            )
        if level != record.classification:
            raise ServiceError(
                "延期不改变密级，请提出变更", code="extend_changes_level", field="classification"
            )


def _check_parts(
    by: Actor, record: Classified, parts: Sequence[Classified], level: int, term: int | None
) -> None:
    """A compilation or excerpt takes at least the highest level and the longest term among its parts."""
    for part in parts:
        if type(part) is type(record) and part.pk == record.pk:
            raise ServiceError("汇编不能以自身为组成部分", code="part_is_record", field="parts")
    highest = max(parts, key=lambda part: part.classification)
    if level < highest.classification:
        raise ServiceError(
            f"汇编、摘录的密级不能低于其组成部分的最高密级（{Classification(highest.classification).label}）",
            code="compilation_level_too_low",
            field="classification",
        )
    longest = max(part_term(part) for part in parts)
    if longest and (term or 0) < longest:
        raise ServiceError(
            f"汇编、摘录的保密期限不能短于其组成部分的最长保密期限（{longest}年）",
            code="compilation_term_too_short",
            field="secrecy_term_years",
        )


def decision_propose(
    *,
    by: Actor,
    kind: str,
    record: Classified,
    classification: int,
    secrecy_term_years: int | None,
    basis: str = "",
    reason: str,
    need_to_know_people: Iterable[Any] | None = None,
    need_to_know_units: Iterable[Any] | None = None,
    parts: Sequence[Classified] = (),
    now: datetime | None = None,
) -> ClassificationDecision:
    """提出定密 (or 变更, 延期, 解密) of a record the proposer may see and change."""
    now = now or timezone.now()
    content_type = ContentType.objects.get_for_model(record)
    with refusals_audited(by=by, action="propose", target=record):
        person = _require_person(by)
        if not visible(type(record)._default_manager.filter(pk=record.pk), by, Action.CHANGE).exists():
            raise ServiceError("记录不存在或无权定密", code="no_such_record", field="record")
        if kind not in DecisionKind.values:
            raise ServiceError("请选择定密事项类别", code="bad_kind", field="kind")
        term = _check_level_and_term(kind, classification, secrecy_term_years)
        if not clearance_covers(person.clearance, max(classification, record.classification)):
            raise ServiceError(
                f"您的涉密等级不能办理{Classification(max(classification, record.classification)).label}事项",
                code="above_clearance",
                field="classification",
            )
        reason = reason.strip()
        if not reason:
            raise ServiceError("请填写理由", code="reason_required", field="reason")
        if parts and kind == DecisionKind.DECLASSIFY:
            raise ServiceError("解密不涉及汇编组成部分", code="parts_not_allowed", field="parts")
        if parts:
            _check_parts(by, record, parts, classification, term)
        today = timezone.localdate(now)
        with transaction.atomic():
            locked = type(record)._default_manager.select_for_update().get(pk=record.pk)
            current = current_decision(content_type.pk, record.pk)
            _check_kind_against_record(kind, locked, current, classification, today)
            if ClassificationDecision.objects.filter(
                content_type=content_type, object_id=record.pk, state=DecisionState.PENDING
            ).exists():
                raise ServiceError("该记录已有待审定的定密事项", code="pending_exists", field="record")
            people = list(need_to_know_people) if need_to_know_people is not None else None
            units = list(need_to_know_units) if need_to_know_units is not None else None
            decision = ClassificationDecision.objects.create(
                kind=kind,
                content_type=content_type,
                object_id=record.pk,
                unit_id=locked.owner_unit_id or person.unit_id,
                classification=classification,
                secrecy_term_years=term,
                previous_classification=locked.classification,
                previous_term_years=locked.secrecy_term_years,
                sets_need_to_know=people is not None or units is not None,
                is_compilation=bool(parts),
                basis=basis.strip(),
                reason=reason,
                proposed_by=by,
                proposed_at=now,
            )
            if people:
                decision.need_to_know_people.set(people)
            if units:
                decision.need_to_know_units.set(units)
            DecisionPart.objects.bulk_create(
                DecisionPart(
                    decision=decision,
                    content_type=ContentType.objects.get_for_model(part),
                    object_id=part.pk,
                )
                for part in parts
            )
            audit_record(
                actor=by,
                action="secrecy.classification.propose",
                target=decision,
                classification=max(classification, locked.classification),
                details={
                    "kind": kind,
                    "level": Classification(classification).label,
                    "term": term,
                    "parts": len(parts),
                },
            )
    return decision


def _record_of(decision: ClassificationDecision, *, lock: bool = False) -> Classified:
    model = ContentType.objects.get_for_id(decision.content_type_id).model_class()
    if model is None:
        raise ServiceError("记录已不存在", code="no_such_record", field="record")
    rows = model._default_manager.all()
    if lock:
        rows = rows.select_for_update()
    record = rows.filter(pk=decision.object_id).first()
    if record is None:
        raise ServiceError("记录已不存在", code="no_such_record", field="record")
    return record  # type: ignore[return-value]


def _parts_of(decision: ClassificationDecision) -> list[Classified]:
    found: list[Classified] = []
    for part in decision.parts.all():
        model = ContentType.objects.get_for_id(part.content_type_id).model_class()
        if model is not None:
            row = model._default_manager.filter(pk=part.object_id).first()
            if row is not None:
                found.append(row)  # type: ignore[arg-type]
    return found


def decision_decide(
    *,
    by: Actor,
    decision: ClassificationDecision,
    version: int | None,
    approve: bool,
    opinion: str = "",
    now: datetime | None = None,
) -> ClassificationDecision:
    """审定: a classification officer approves (the decision applies to the record at once, its term running
    from today) or refuses it, with an opinion."""
    from zhongshu.secrecy.actions_classification import RULES

    now = now or timezone.now()
    today = timezone.localdate(now)
    action = "approve" if approve else "refuse"
    with refusals_audited(by=by, action=action, target=decision), transaction.atomic():
        decision = lock_at_version(
            ClassificationDecision.objects.all(),
            decision.pk,
            version,
            changed="该定密事项已被他人办理，请刷新后重试",
        )
        RULES.require("decide", by, decision)
        opinion = opinion.strip()
        if not approve and not opinion:
            raise ServiceError("不批准时请填写审定意见", code="opinion_required", field="opinion")
        person = _require_person(by)
        record = _record_of(decision, lock=True)
        level = max(decision.classification, record.classification)
        if not clearance_covers(person.clearance, level):
            raise Forbidden(f"您的涉密等级不能审定{Classification(level).label}事项", code="above_clearance")
        decision.state = DecisionState.APPROVED if approve else DecisionState.REFUSED
        decision.decided_by = by
        decision.decided_at = now
        decision.opinion = opinion
        decision.version += 1
        if approve:
            _approve(by=by, decision=decision, record=record, today=today)
        decision.save()
        audit_record(
            actor=by,
            action="secrecy.classification.approve" if approve else "secrecy.classification.refuse",
            target=decision,
            classification=level,
            details={"kind": decision.kind, "level": Classification(decision.classification).label},
        )
    return decision


def _approve(*, by: Actor, decision: ClassificationDecision, record: Classified, today: date) -> None:
    if decision.is_compilation:
        _check_parts(by, record, _parts_of(decision), decision.classification, decision.secrecy_term_years)
    current = current_decision(decision.content_type_id, decision.object_id)
    _check_kind_against_record(decision.kind, record, current, decision.classification, today)
    knew = _who_knows(record)
    decision.previous_classification = record.classification
    decision.previous_term_years = record.secrecy_term_years
    if decision.kind == DecisionKind.DECLASSIFY:
        decision.starts_on, decision.ends_on = today, None
    else:
        decision.starts_on = today
        decision.ends_on = years_after(today, int(decision.secrecy_term_years or 0))
    ClassificationDecision.objects.filter(
        content_type_id=decision.content_type_id, object_id=decision.object_id, is_latest=True
    ).exclude(pk=decision.pk).update(is_latest=False)
    decision.is_latest = True
    apply_classification(
        by=by,
        record=record,
        classification=decision.classification,
        secrecy_term_years=decision.secrecy_term_years,
        need_to_know_people=list(decision.need_to_know_people.all()) if decision.sets_need_to_know else None,
        need_to_know_units=list(decision.need_to_know_units.all()) if decision.sets_need_to_know else None,
        reason=f"{decision.get_kind_display()}决定#{decision.pk}",
    )
    if decision.kind in (DecisionKind.CHANGE, DecisionKind.DECLASSIFY):
        _tell_who_knows(decision, record, knew | _who_knows(record))


def _who_knows(record: Classified) -> set[int]:
    """The person ids who know the record: its owner and its named need-to-know."""
    people = set(record.need_to_know_people.values_list("pk", flat=True))
    if record.owner_person_id:
        people.add(record.owner_person_id)
    return people


def _tell_who_knows(decision: ClassificationDecision, record: Classified, people: set[int]) -> None:
    """变更 and 解密 are notified in writing to those who know (the outbox; the policy withholds the title
    from one who may no longer see the record)."""
    from zhongshu.accounts.models import User
    from zhongshu.notifications.services import notify

    kind = kind_for_type(decision.content_type_id)
    noun = kind.noun if kind else "记录"
    title = kind.title(record) if kind else str(record)
    link = kind.url(record) if kind else ""
    if decision.kind == DecisionKind.DECLASSIFY:
        what = f"已解密（现为{Classification(decision.classification).label}）"
    else:
        what = f"密级或保密期限已变更为{record.secrecy_marking}"
    for user in User.objects.filter(person__pk__in=people, is_active=True):
        notify(
            recipient=user,
            about=record,
            kind=f"secrecy.classification.{decision.kind}",
            title=f"{noun}《{title}》{what}",
            body=f"定密责任人于{timezone.localdate():%Y年%m月%d日}审定。请按新的密级和保密期限管理。",
            link=link,
            dedupe_key=f"secrecy.classification.{decision.pk}.{user.pk}",
        )


# --- the yearly review ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewLine:
    """One secret in force on the day: its governing decision, level, term, dates, days left and this year's
    review mark (its verdict code, "" when not reviewed yet)."""

    decision_id: int
    content_type_id: int
    object_id: int
    unit_id: int | None
    classification: int
    term_years: int | None
    decided_on: date
    ends_on: date
    days_left: int
    reviewed: str


def _in_force(on: date) -> QuerySet[ClassificationDecision]:
    return ClassificationDecision.objects.filter(is_latest=True, ends_on__gt=on, starts_on__lte=on)


QUEUE_READERS = "只有保密办和定密责任人可以查看年度定密审查"


def review_queue_for(user: Any, *, on: date, unit_id: int | None = None) -> list[ReviewLine]:
    """`review_queue` as a page or the API reads it: for the secrecy office and the classification officers."""
    if not sees_register(user):
        raise Forbidden(QUEUE_READERS, code="not_allowed")
    return review_queue(on=on, unit_id=unit_id)


def review_queue(*, on: date, unit_id: int | None = None) -> list[ReviewLine]:
    """年度定密审查: every secret still in force on `on` (its governing decision's term not ended), soonest end
    first, with this year's review mark. One query over the end-date index; no query per row."""
    rows = _in_force(on)
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    values = (
        rows.annotate(mark=FilteredRelation("reviews", condition=Q(reviews__year=on.year)))
        .order_by("ends_on", "pk")
        .values_list(
            "pk",
            "content_type_id",
            "object_id",
            "unit_id",
            "classification",
            "secrecy_term_years",
            "starts_on",
            "ends_on",
            "mark__verdict",
        )
    )
    return [
        ReviewLine(pk, type_id, object_id, unit, level, term, start, end, (end - on).days, verdict or "")  # type: ignore[arg-type,operator]
        for pk, type_id, object_id, unit, level, term, start, end, verdict in values.iterator(chunk_size=5000)
    ]


def unreviewed_count(user: Any, on: date | None = None) -> int:
    """How many secrets the officer decides for are not reviewed yet this year."""
    on = on or timezone.localdate()
    rule = decides_for(user, on)
    if rule is None:
        return 0
    return int(_in_force(on).filter(rule).exclude(reviews__year=on.year).aggregate(n=Count("pk"))["n"])


def review_mark(
    *,
    by: Actor,
    decision: ClassificationDecision,
    verdict: str,
    opinion: str = "",
    on: date | None = None,
    now: datetime | None = None,
) -> ClassificationReview:
    """A classification officer's yearly review of one secret in force: keep, change or declassify (the last
    two are then proposed as decisions of their own), once a year."""
    from zhongshu.secrecy.actions_classification import RULES

    now = now or timezone.now()
    on = on or timezone.localdate(now)
    with refusals_audited(by=by, action="review", target=decision), transaction.atomic():
        decision = ClassificationDecision.objects.select_for_update().get(pk=decision.pk)
        RULES.require("review", by, decision)
        if verdict not in ReviewVerdict.values:
            raise ServiceError("请选择审查结论", code="bad_verdict", field="verdict")
        opinion = opinion.strip()
        if verdict != ReviewVerdict.KEEP and not opinion:
            raise ServiceError("拟变更或拟解密时请填写审查意见", code="opinion_required", field="opinion")
        if ClassificationReview.objects.filter(decision=decision, year=on.year).exists():
            raise ServiceError(f"该事项{on.year}年度已审查", code="already_reviewed", field="verdict")
        review = ClassificationReview.objects.create(
            decision=decision, year=on.year, verdict=verdict, opinion=opinion, reviewed_by=by, reviewed_at=now
        )
        audit_record(
            actor=by,
            action="secrecy.classification.review",
            target=decision,
            classification=decision.classification,
            details={"verdict": verdict, "year": on.year},
        )
    return review


# --- expiry ----------------------------------------------------------------------------------------------------


def expire_due(*, on: date | None = None) -> int:
    """The tick: each governing decision whose term ended on or before `on` and whose end was not yet written
    declassifies its record (内部, no term), audited. Running it again changes nothing."""
    on = on or timezone.localdate()
    due = list(
        ClassificationDecision.objects.filter(
            is_latest=True, ends_on__lte=on, expiry_applied_at__isnull=True
        ).values_list("pk", flat=True)[:1000]
    )
    done = 0
    for pk in due:
        with transaction.atomic():
            decision = ClassificationDecision.objects.select_for_update().get(pk=pk)
            if not decision.is_latest or decision.expiry_applied_at is not None:
                continue
            model = ContentType.objects.get_for_id(decision.content_type_id).model_class()
            record = model._default_manager.filter(pk=decision.object_id).first() if model else None
            if isinstance(record, Classified) and Classification(record.classification).is_state_secret:
                apply_classification(
                    by=None,
                    record=record,
                    classification=EXPIRED_TO,
                    secrecy_term_years=None,
                    reason=f"保密期限届满自动解密（决定#{decision.pk}）",
                )
            decision.expiry_applied_at = timezone.now()
            decision.save(update_fields=["expiry_applied_at"])
            audit_record(
                actor=None,
                action="secrecy.classification.expire",
                target=decision,
                details={"ends_on": decision.ends_on.isoformat() if decision.ends_on else None},
            )
            done += 1
    return done


# --- officers ----------------------------------------------------------------------------------------------


def officer_name(
    *,
    by: Actor,
    person: Any,
    unit: Any,
    starts_on: date | None,
    ends_on: date | None = None,
    note: str = "",
) -> ClassificationOfficer:
    """指定定密责任人: the secrecy office names a person to decide for a unit from one day (to another)."""
    with refusals_audited(by=by, action="officer_name", object_type="secrecy.classificationofficer"):
        if not keeps_ledger(by):
            raise Forbidden("只有保密办和办公室主任可以指定定密责任人", code="not_allowed")
        if person is None:
            raise ServiceError("请选择定密责任人", code="person_required", field="person")
        if unit is None:
            raise ServiceError("请选择负责单位", code="unit_required", field="unit")
        if starts_on is None:
            raise ServiceError("请填写起始日期", code="required", field="starts_on")
        if ends_on is not None and ends_on < starts_on:
            raise ServiceError("终止日期不能早于起始日期", code="ends_before_start", field="ends_on")
        if person.clearance < 1:
            raise ServiceError(
                f"{person.name}不是涉密人员，不能担任定密责任人", code="not_cleared", field="person"
            )
        with transaction.atomic():
            overlapping = ClassificationOfficer.objects.filter(person=person, unit=unit).filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
            )
            if ends_on is not None:
                overlapping = overlapping.filter(starts_on__lte=ends_on)
            if overlapping.exists():
                raise ServiceError(
                    f"{person.name}在该期间已是{unit.name}的定密责任人", code="already_named", field="person"
                )
            officer = ClassificationOfficer.objects.create(
                person=person, unit=unit, starts_on=starts_on, ends_on=ends_on, named_by=by, note=note.strip()
            )
            audit_record(
                actor=by,
                action="secrecy.classification.officer_name",
                target=officer,
                details={"person": person.pk, "unit": unit.pk},
            )
    return officer


def officer_end(*, by: Actor, officer: ClassificationOfficer, ends_on: date | None) -> ClassificationOfficer:
    """终止定密责任人 from a day (not before the designation began)."""
    with refusals_audited(by=by, action="officer_end", target=officer), transaction.atomic():
        if not keeps_ledger(by):
            raise Forbidden("只有保密办和办公室主任可以终止定密责任人", code="not_allowed")
        officer = ClassificationOfficer.objects.select_for_update().get(pk=officer.pk)
        if ends_on is None:
            raise ServiceError("请填写终止日期", code="required", field="ends_on")
        if ends_on < officer.starts_on:
            raise ServiceError("终止日期不能早于起始日期", code="ends_before_start", field="ends_on")
        if officer.ends_on is not None and officer.ends_on <= ends_on:
            raise ServiceError("该定密责任人已终止", code="already_ended", field="ends_on")
        officer.ends_on = ends_on
        officer.save(update_fields=["ends_on"])
        audit_record(actor=by, action="secrecy.classification.officer_end", target=officer)
    return officer


# --- register ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    classification: int | None = None
    unit_id: int | None = None
    year: int | None = None
    state: str = ""


def visible_decisions(user: Any) -> QuerySet[ClassificationDecision]:
    return visible(
        ClassificationDecision.objects.select_related("unit", "proposed_by__person", "decided_by__person"),
        user,
    )


def filtered(rows: QuerySet[ClassificationDecision], filters: Filters) -> QuerySet[ClassificationDecision]:
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.classification is not None:
        rows = rows.filter(classification=filters.classification)
    if filters.unit_id is not None:
        rows = rows.filter(unit_id=filters.unit_id)
    if filters.year is not None:
        rows = rows.filter(
            Q(starts_on__year=filters.year) | Q(starts_on__isnull=True, proposed_at__year=filters.year)
        )
    if filters.state:
        rows = rows.filter(state=filters.state)
    return rows.order_by("-proposed_at", "-pk")


@dataclass(frozen=True)
class Shown:
    """A decision's record as a viewer may see it: its title when they may, a placeholder when not."""

    noun: str
    title: str
    url: str
    visible: bool
    classification: int = 0


HIDDEN = Shown(noun="", title=HIDDEN_TITLE, url="", visible=False)


def records_shown(pairs: Iterable[tuple[int, int]], user: Any) -> dict[tuple[int, int], Shown]:
    """The records (content type id, object id) as `user` may see them: one query per record type."""
    wanted: dict[int, set[int]] = {}
    for type_id, object_id in pairs:
        wanted.setdefault(type_id, set()).add(object_id)
    shown: dict[tuple[int, int], Shown] = {}
    for type_id, ids in wanted.items():
        kind = kind_for_type(type_id)
        if kind is None:
            continue
        for record in visible(kind.model._default_manager.filter(pk__in=ids), user):
            shown[(type_id, record.pk)] = Shown(
                noun=kind.noun,
                title=kind.title(record),
                url=kind.url(record),
                visible=True,
                classification=int(getattr(record, "classification", 0)),
            )
    return shown


def decision_url(decision: ClassificationDecision) -> str:
    return reverse("secrecy:classification_decision", args=[decision.pk])


def decision_label(decision: ClassificationDecision) -> str:
    """A decision named without its record's title: 定密（机密★10年）."""
    if decision.kind == DecisionKind.DECLASSIFY:
        return f"解密（解密后为{Classification(decision.classification).label}）"
    return f"{decision.get_kind_display()}（{Classification(decision.classification).label}★{decision.secrecy_term_years}年）"


def pending_for(user: Any) -> QuerySet[ClassificationDecision]:
    """待我审定: the pending decisions of the units the officer decides for."""
    rule = decides_for(user)
    if rule is None:
        return ClassificationDecision.objects.none()
    return (
        visible(ClassificationDecision.objects.filter(state=DecisionState.PENDING), user)
        .filter(rule)
        .select_related("unit", "proposed_by__person")
        .order_by("proposed_at", "pk")
    )


def todos(user: Any) -> list[Any]:
    from zhongshu.core.todos import TodoItem

    if not may_use_secrecy(user) or decides_for(user) is None:
        return []
    items = [
        TodoItem(
            title=f"审定定密事项：{decision_label(decision)}（{noun_of(decision.content_type_id)}）",
            url=decision_url(decision),
            kind="secrecy.classification_pending",
            source_label="定密",
            at=decision.proposed_at,
            note=f"{decision.unit.name if decision.unit else ''}提出",
        )
        for decision in pending_for(user)[:50]
    ]
    waiting = unreviewed_count(user)
    if waiting:
        items.append(
            TodoItem(
                title=f"年度定密审查：尚有{waiting}项国家秘密未审查",
                url=reverse("secrecy:classification_review"),
                kind="secrecy.classification_review",
                source_label="定密",
                due=date(timezone.localdate().year, 12, 31),
            )
        )
    return items

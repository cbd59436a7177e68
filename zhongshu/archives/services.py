"""Writes on archive items after filing: arrange (整理) and shelve (入库), use (借阅 / 查阅) with approval where
the item is a state secret, and appraisal (鉴定) with two-person destruction.

Each reads top to bottom: who may act → which transition → the write → `audit_record` last in the
transaction. Filing itself is `zhongshu.archives.filing.file_record`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from zhongshu.access.models import NeedToKnowGrant
from zhongshu.access.policy import can
from zhongshu.accounts.actors import Actor
from zhongshu.archives.actions import ITEM_RULES, USE_RULES
from zhongshu.archives.models import (
    CATEGORY_WS,
    RETENTION_YEARS,
    Appraisal,
    ArchiveItem,
    ArchiveUse,
    Decision,
    DestructionRecord,
    ItemCounter,
    Retention,
    UseKind,
    UseState,
)
from zhongshu.archives.numbering import ReferenceCode, parse_reference_code
from zhongshu.archives.roles import may_use_archives
from zhongshu.archives.states import ITEM_MACHINE, USE_MACHINE, ItemAction, UseAction
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.org.models import Person
from zhongshu.org.selectors import person_of_user as person_of

# How long an approved consultation lets the reader see a classified item, and the longest loan.
CONSULT_DAYS = 3
MAX_BORROW_DAYS = 90
KEEP_REVIEW_YEARS = 5  # 鉴定 "keep": look at it again after this many years


def _acting_person(user: Any) -> Person:
    """The person behind an account the action's rule has let act (every rule asks for a business person)."""
    person = person_of(user)
    assert person is not None
    return person


def _locked_item(user: Any, item: ArchiveItem, action: str) -> ArchiveItem:
    """The item's row, locked, once its rule lets `user` take `action` on it now (`archives.actions`)."""
    locked = ArchiveItem.objects.select_for_update().filter(pk=item.pk).first()
    if locked is None:
        raise Forbidden("无权办理该档案", code="forbidden")
    ITEM_RULES.require(action, user, locked)
    return locked


def _audit(user: Any, action: str, item: ArchiveItem, **details: Any) -> None:
    audit_record(
        actor=user,
        action=f"archives.{action}",
        target=item,
        details={"reference_code": item.reference_code, **details},
    )


# --- 整理 and 入库 ------------------------------------------------------------------------------------------


def archive_item_arrange(
    *, item: ArchiveItem, by: Actor, pages: int | None = None, remarks: str | None = None
) -> ArchiveItem:
    """整理: the archivist checks the item and its stamp, correcting the page count and remarks."""
    with transaction.atomic():
        item = _locked_item(by, item, ItemAction.ARRANGE)
        if pages is not None and not 0 < pages <= 100000:
            raise ServiceError("页数应为1至100000之间的整数", code="bad_pages", field="pages")
        item.state = ITEM_MACHINE.next(item.state, ItemAction.ARRANGE)
        item.arranged_at = timezone.now()
        if pages is not None:
            item.pages = pages
        if remarks is not None:
            item.remarks = remarks.strip()[:300]
        item.save(update_fields=["state", "arranged_at", "pages", "remarks"])
        _audit(by, "arrange", item, pages=item.pages)
    return item


def archive_item_shelve(*, item: ArchiveItem, by: Actor) -> ArchiveItem:
    """入库: the arranged item goes onto the shelves."""
    with transaction.atomic():
        item = _locked_item(by, item, ItemAction.SHELVE)
        item.state = ITEM_MACHINE.next(item.state, ItemAction.SHELVE)
        item.shelved_at = timezone.now()
        item.save(update_fields=["state", "shelved_at"])
        _audit(by, "shelve", item)
    return item


# --- 利用: borrowing and consulting -------------------------------------------------------------------------


def _needs_approval(item: ArchiveItem) -> bool:
    return item.classification >= Classification.CONFIDENTIAL


def _ever_given_out(parsed: ReferenceCode) -> bool:
    """Whether the archive has given out this 档号's 件号 in its class (filed or imported)."""
    return (
        ItemCounter.objects.filter(
            fonds=parsed.fonds,
            year=parsed.year,
            retention=parsed.retention,
            org_code=parsed.org_code,
            last_number__gte=parsed.item_number,
        ).exists()
        and parsed.category == CATEGORY_WS
    )


def archive_use_request(
    *, by: Actor, reference_code: str, kind: str, purpose: str, due_back: date | None = None
) -> ArchiveUse:
    """Ask to borrow or consult an item by its 档号.

    An item the requester may see and that is not a state secret is granted at once (and audited). Any
    other request waits for the archives head. A 档号 the archive never gave out — of a class it never filed
    in, or past the last 件号 of its class (`ItemCounter`) — names nothing and is refused: 件号 run without
    gaps, so that tells no more than the numbers of the class's visible items already tell. A code inside a
    class's range that names no row (a gap of an imported paper catalogue) is recorded as a hidden item is,
    so the answer never tells whether one hidden item exists.
    """
    requester = person_of(by)
    if requester is None or not may_use_archives(by):
        raise Forbidden("无权利用档案", code="not_allowed")
    if kind not in UseKind.values:
        raise ServiceError("请选择借阅或查阅", code="bad_kind", field="kind")
    purpose = (purpose or "").strip()
    if not purpose:
        raise ServiceError("请填写利用目的", code="purpose_required", field="purpose")
    parsed = parse_reference_code(reference_code)
    if parsed is None:
        raise ServiceError(
            "档号格式有误（如 Z109-WS·2024-Y-BGS-0001）", code="bad_reference_code", field="reference_code"
        )
    today = timezone.localdate()
    if kind == UseKind.BORROW:
        if due_back is None:
            raise ServiceError("借阅须填写应还日期", code="due_back_required", field="due_back")
        if not today <= due_back <= today + timedelta(days=MAX_BORROW_DAYS):
            raise ServiceError(
                f"应还日期须在今天至{MAX_BORROW_DAYS}天之内", code="bad_due_back", field="due_back"
            )
    else:
        due_back = None
    code = str(parsed)
    with transaction.atomic():
        item = ArchiveItem.objects.filter(reference_code=code).first()
        if item is None and not _ever_given_out(parsed):
            raise ServiceError(
                f"档号{code}不存在，请核对后重新填写（可在档案检索中按题名查找档号）",
                code="unknown_reference_code",
                field="reference_code",
            )
        sees = item is not None and can(by, item)
        if item is not None and sees:
            # An item the requester sees answers by its rule (a destroyed one is not lent); any other code
            # is recorded alike, so the answer never tells whether a hidden item exists.
            ITEM_RULES.require(ItemAction.USE, by, item)
        use = ArchiveUse(
            item=item,
            requested_code=code,
            kind=kind,
            requester=requester,
            purpose=purpose[:300],
            due_back=due_back,
        )
        direct = item is not None and sees and not _needs_approval(item) and not item.is_destroyed
        if direct:
            use.state = UseState.APPROVED
            use.decided_at = timezone.now()
            use.decision_note = "非涉密档案，直接利用"
        use.save()
        audit_record(
            actor=by,
            action="archives.use.request",
            target=item,
            object_type="" if item else "archives.archiveuse",
            object_id="" if item else use.pk,
            details={"use": use.pk, "kind": kind, "direct": direct},
        )
    return use


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def archive_use_decide(*, use: ArchiveUse, by: Actor, approve: bool, note: str = "") -> ArchiveUse:
    """The archives head approves or rejects a request; approval lets the requester know the item until it
    is due back (borrowing) or for a few days (consulting), through a need-to-know grant that ends then."""
    action = UseAction.APPROVE if approve else UseAction.REJECT
    note = (note or "").strip()
    with transaction.atomic():
        use = (
            ArchiveUse.objects.select_for_update(of=("self",))
            .select_related("requester", "item")
            .get(pk=use.pk)
        )
        USE_RULES.require(action, by, use)
        if not approve and not note:
            raise ServiceError("不予批准须说明理由", code="reason_required", field="note")
        item = use.item
        use.decided_by = _acting_person(by)
        use.decided_at = timezone.now()
        use.decision_note = note[:300]
        use.state = USE_MACHINE.next(use.state, action)
        if approve:
            until_day = use.due_back or (timezone.localdate() + timedelta(days=CONSULT_DAYS))
            use.access_until = _end_of(until_day)
            if item is not None and not can(use.requester.user, item):
                use.grant = NeedToKnowGrant.objects.create(
                    person=use.requester,
                    content_type=ContentType.objects.get_for_model(ArchiveItem),
                    object_id=item.pk,
                    reason=f"档案利用审批（{use.get_kind_display()}申请{use.pk}）",
                    granted_by=by,
                    expires_at=use.access_until,
                )
        use.save()
        audit_record(
            actor=by,
            action="archives.use.approve" if approve else "archives.use.reject",
            target=item,
            object_type="" if item else "archives.archiveuse",
            object_id="" if item else use.pk,
            details={"use": use.pk, "grant": use.grant_id, "until": str(use.access_until or "")},
        )
    return use


def archive_use_return(*, use: ArchiveUse, by: Actor) -> ArchiveUse:
    """归还: the archivist takes a borrowed item back; any access the loan granted ends now."""
    with transaction.atomic():
        use = ArchiveUse.objects.select_for_update().get(pk=use.pk)
        USE_RULES.require(UseAction.RETURN, by, use)
        use.state = USE_MACHINE.next(use.state, UseAction.RETURN)
        use.returned_at = timezone.now()
        use.save(update_fields=["state", "returned_at"])
        if use.grant_id is not None:
            NeedToKnowGrant.objects.filter(pk=use.grant_id, revoked_at__isnull=True).update(
                revoked_at=use.returned_at
            )
        audit_record(
            actor=by,
            action="archives.use.return",
            target=use.item,
            details={"use": use.pk, "grant": use.grant_id},
        )
    return use


# --- 鉴定: appraisal when a retention period ends ----------------------------------------------------------


def appraisal_due_year(item: ArchiveItem) -> int | None:
    """The first year the item is due for appraisal, or None for permanent items (never)."""
    years = RETENTION_YEARS[item.retention]
    if years is None:
        return None
    # The period counts from the year after the item's year: a 2014 D10 item is due from 2025.
    return item.review_year or item.year + years + 1


def is_due_for_appraisal(item: ArchiveItem, today: date | None = None) -> bool:
    due = appraisal_due_year(item)
    year = (today or timezone.localdate()).year
    return due is not None and due <= year and not item.is_destroyed


def _appraise(item: ArchiveItem, by_person: Person, decision: str, reason: str, after: str) -> Appraisal:
    return Appraisal.objects.create(
        item=item,
        decision=decision,
        retention_before=item.retention,
        retention_after=after,
        reason=reason[:500],
        by=by_person,
    )


def _pending_destruction(item: ArchiveItem) -> Appraisal | None:
    last = item.appraisals.order_by("-at", "-id").first()
    return last if last is not None and last.decision == Decision.PROPOSE_DESTROY else None


def archive_item_appraise(
    *, item: ArchiveItem, by: Actor, decision: str, reason: str, retention: str | None = None
) -> Appraisal:
    """The archivist's appraisal of a due item: keep (look again in a few years), extend (a longer
    retention), or propose destruction (which the archives head must approve: two people)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        item = _locked_item(by, item, ItemAction.APPRAISE)
        if not reason:
            raise ServiceError("请填写鉴定理由", code="reason_required", field="reason")
        if decision not in (Decision.KEEP, Decision.EXTEND, Decision.PROPOSE_DESTROY):
            raise ServiceError(
                "鉴定结论应为继续保存、延长保管期限或拟销毁", code="bad_decision", field="decision"
            )
        person = _acting_person(by)
        after = item.retention
        if decision == Decision.EXTEND:
            order = [Retention.Y10, Retention.Y30, Retention.PERMANENT]
            if retention not in Retention.values or order.index(Retention(retention)) <= order.index(
                Retention(item.retention)
            ):
                raise ServiceError("延长后的保管期限须长于原期限", code="bad_retention", field="retention")
            after = retention
            item.retention = after
            item.review_year = None
            item.remarks = (
                f"{item.remarks}；" if item.remarks else ""
            ) + f"鉴定延长保管期限至{Retention(after).label}"
            item.remarks = item.remarks[:300]
            item.save(update_fields=["retention", "review_year", "remarks"])
        elif decision == Decision.KEEP:
            item.review_year = timezone.localdate().year + KEEP_REVIEW_YEARS
            item.save(update_fields=["review_year"])
        appraisal = _appraise(item, person, decision, reason, after)
        _audit(by, f"appraise.{decision}", item, appraisal=appraisal.pk, retention=after)
    return appraisal


def archive_item_destroy_decide(*, item: ArchiveItem, by: Actor, approve: bool, reason: str) -> Appraisal:
    """The second person: the archives head approves or refuses a proposed destruction. An approved one
    marks the catalogue row 已销毁 and leaves a destruction record; nothing is deleted."""
    reason = (reason or "").strip()
    with transaction.atomic():
        item = _locked_item(by, item, ItemAction.DESTROY)
        if not reason:
            raise ServiceError("请填写审批意见", code="reason_required", field="reason")
        head = _acting_person(by)
        proposal = _pending_destruction(item)
        assert proposal is not None  # its rule asked for one
        if not approve:
            appraisal = _appraise(item, head, Decision.REJECT_DESTROY, reason, item.retention)
            _audit(by, "destroy.reject", item, appraisal=appraisal.pk)
            return appraisal
        appraisal = _appraise(item, head, Decision.APPROVE_DESTROY, reason, item.retention)
        now = timezone.now()
        DestructionRecord.objects.create(
            item=item,
            reference_code=item.reference_code,
            retention=item.retention,
            appraiser_id=proposal.by_id,
            approver=head,
            reason=f"{proposal.reason}；{reason}"[:500],
            destroyed_at=now,
        )
        item.state = ITEM_MACHINE.next(item.state, ItemAction.DESTROY)
        item.destroyed_at = now
        item.remarks = (f"{item.remarks}；" if item.remarks else "") + f"{now:%Y%m%d}鉴定销毁"
        item.remarks = item.remarks[:300]
        item.save(update_fields=["state", "destroyed_at", "remarks"])
        _audit(by, "destroy", item, appraisal=appraisal.pk, proposal=proposal.pk)
    return appraisal

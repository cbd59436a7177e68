"""信息报送 · submissions (the unit's side): a writer (信息员 or liaison) drafts an item for his own unit, edits it
while a draft or returned, and submits it; where the office requires it (settings
ZHONGSHU_INFORMATION_SIGN_OFF_TYPES) the item waits for a leader of the same unit to sign it off (签发) or send it
back first. Submitting keeps the text as a version (1 "报送", then "重新报送" after a return), puts the county
office's units in the item's need-to-know so the editors see it, and runs the screening part's near-duplicate
check in the same transaction. A 紧急信息 tells every editor at once through the notifications outbox.

Every change takes the item's row lock and, when the caller read a version, checks it: two people editing at
once get a clear conflict, never a lost edit. Every change is audited (information.item.*).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Case, IntegerField, Max, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import visible
from zhongshu.accounts.actors import Actor
from zhongshu.audit.models import AuditEvent
from zhongshu.audit.services import audit_record, object_type_of
from zhongshu.base.levels import Classification, clearance_covers
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.information.actions_submissions import ITEM_RULES, ItemAction, unit_of
from zhongshu.information.models import CommissionTarget, InfoReport, InfoType, ItemState, ItemVersion
from zhongshu.information.roles import is_writer
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person
from zhongshu.org.offices import office_unit_ids

TITLE_MAX = 120
BODY_MAX = 20000
REASON_MAX = 200

TYPE_LABELS = {str(value): str(label) for value, label in InfoType.choices}
STATE_LABELS = {str(value): str(label) for value, label in ItemState.choices}
CLASSIFICATION_LABELS = {
    int(value): str(label) for value, label in Classification.choices if value >= Classification.INTERNAL
}


def item_url(item: InfoReport) -> str:
    return reverse("information:item", args=[item.pk])


def sign_off_required(info_type: str) -> bool:
    return info_type in settings.ZHONGSHU_INFORMATION_SIGN_OFF_TYPES


# --- input checks ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemText:
    title: str
    body: str
    info_type: str
    classification: int


def clean_text(
    *, title: str, body: str, info_type: str, classification: int | None, person: Person
) -> ItemText:
    """The item's fields checked, or a ServiceError naming the field (nothing is saved before this)."""
    title = (title or "").strip()
    body = (body or "").strip()
    if not title:
        raise ServiceError("请填写标题", code="title_required", field="title")
    if len(title) > TITLE_MAX:
        raise ServiceError(f"标题不能超过{TITLE_MAX}字", code="too_long", field="title")
    if not body:
        raise ServiceError("请填写正文", code="body_required", field="body")
    if len(body) > BODY_MAX:
        raise ServiceError(f"正文不能超过{BODY_MAX}字", code="too_long", field="body")
    if info_type not in TYPE_LABELS:
        raise ServiceError(
            f"未知的信息类别：{str(info_type)[:20]}", code="unknown_info_type", field="info_type"
        )
    level = Classification.INTERNAL if classification is None else classification
    if level not in CLASSIFICATION_LABELS:
        raise ServiceError(
            "密级只能是内部、秘密或机密", code="unknown_classification", field="classification"
        )
    if not clearance_covers(person.clearance, level):
        raise ServiceError(
            f"您的涉密资格不能拟写{CLASSIFICATION_LABELS[level]}级信息",
            code="clearance_too_low",
            field="classification",
        )
    return ItemText(title=title, body=body, info_type=info_type, classification=level)


def classifications_for(person: Person | None) -> dict[int, str]:
    """The levels the person may give an item: 内部, and 秘密 and above as far as his clearance covers."""
    if person is None:
        return {}
    return {
        level: label
        for level, label in CLASSIFICATION_LABELS.items()
        if clearance_covers(person.clearance, level)
    }


def open_targets(unit_id: int, keep: int | None = None) -> list[CommissionTarget]:
    """The 约稿 the unit may answer now (the commissions part's open targets), and the one the item answers."""
    from zhongshu.information.commissions import open_targets_for

    targets = list(open_targets_for(unit_id))
    if keep is not None and keep not in {target.pk for target in targets}:
        kept = CommissionTarget.objects.select_related("commission").filter(pk=keep, unit_id=unit_id).first()
        if kept is not None:
            targets.insert(0, kept)
    return targets


def _target(target: CommissionTarget | int | None, unit_id: int, keep: int | None) -> CommissionTarget | None:
    if target is None:
        return None
    pk = target if isinstance(target, int) else target.pk
    for candidate in open_targets(unit_id, keep):
        if candidate.pk == pk:
            return candidate
    raise ServiceError("所答约稿不存在或已截止", code="unknown_commission_target", field="commission_target")


def _reason(reason: str, *, label: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(f"请填写{label}", code="reason_required", field="reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(f"{label}不能超过{REASON_MAX}字", code="too_long", field="reason")
    return reason


def _audit(item: InfoReport, *, by: Any, action: str, now: datetime, **details: Any) -> None:
    audit_record(
        actor=by,
        action=f"information.item.{action}",
        target=item,
        details={"unit": item.unit_id, "state": item.state, "at": now.isoformat(), **details},
    )


def _locked(item: InfoReport, version: int | None) -> InfoReport:
    return lock_at_version(
        InfoReport.objects.select_related("unit", "author"),
        item.pk,
        version,
        changed="该信息已被他人修改或办理，请刷新后重试",
    )


# --- the services ------------------------------------------------------------------------------------------


def item_draft(
    *,
    by: Actor,
    title: str,
    body: str,
    info_type: str = InfoType.NEWS,
    classification: int | None = None,
    commission_target: CommissionTarget | int | None = None,
    now: datetime | None = None,
) -> InfoReport:
    """拟写: a draft for the writer's own unit; owner_unit the unit, owner_person the writer."""
    now = now or timezone.now()
    person = by.person_or_none
    if person is None or not is_writer(by):
        raise Forbidden("只有信息员或联络员才能拟写信息", code="not_writer")
    text = clean_text(
        title=title, body=body, info_type=info_type, classification=classification, person=person
    )
    target = _target(commission_target, person.unit_id, None)
    with transaction.atomic():
        item = InfoReport.objects.create(
            unit_id=person.unit_id,
            author=person,
            owner_unit_id=person.unit_id,
            owner_person=person,
            title=text.title,
            body=text.body,
            info_type=text.info_type,
            classification=text.classification,
            commission_target=target,
            created_by=by,
            created_at=now,
        )
        _audit(item, by=by, action="draft", now=now, type=item.info_type)
    return item


def item_update(
    *,
    item: InfoReport,
    by: Actor,
    title: str,
    body: str,
    info_type: str,
    classification: int | None = None,
    commission_target: CommissionTarget | int | None = None,
    version: int | None = None,
    now: datetime | None = None,
) -> InfoReport:
    """修改 a draft or a returned item (the unit's writers)."""
    now = now or timezone.now()
    with transaction.atomic():
        item = _locked(item, version)
        ITEM_RULES.require(ItemAction.EDIT, by, item)
        person = by.person_or_none
        assert person is not None
        text = clean_text(
            title=title, body=body, info_type=info_type, classification=classification, person=person
        )
        item.title, item.body = text.title, text.body
        item.info_type, item.classification = text.info_type, text.classification
        item.commission_target = _target(commission_target, item.unit_id, item.commission_target_id)
        item.version += 1
        item.save(
            update_fields=["title", "body", "info_type", "classification", "commission_target", "version"]
        )
        _audit(item, by=by, action="update", now=now, type=item.info_type)
    return item


def item_submit(
    *, item: InfoReport, by: Actor, version: int | None = None, now: datetime | None = None
) -> InfoReport:
    """报送: to the unit's leader first where the type requires sign-off, else straight to the office."""
    now = now or timezone.now()
    with transaction.atomic():
        item = _locked(item, version)
        ITEM_RULES.require(ItemAction.SUBMIT, by, item)
        if sign_off_required(item.info_type):
            if not unit_leaders(item.unit_id):
                raise ServiceError("本单位没有可签发的单位领导，请联系县委办", code="no_unit_leader")
            item.state = ItemState.AWAITING_SIGN_OFF
            item.signed_off_by = None
            item.signed_off_at = None
            item.version += 1
            item.save(update_fields=["state", "signed_off_by", "signed_off_at", "version"])
            _audit(item, by=by, action="ask_sign_off", now=now)
            for leader in unit_leaders(item.unit_id):
                notify(
                    recipient=leader.user,
                    about=item,
                    kind="information.item_sign_off",
                    title=f"待签发信息：{item.title}",
                    link=item_url(item),
                    dedupe_key=f"information.item_sign_off.{item.pk}.{item.version}.{leader.pk}",
                )
            return item
        return _send(item, by=by, now=now)


def item_sign_off(
    *, item: InfoReport, by: Actor, version: int | None = None, now: datetime | None = None
) -> InfoReport:
    """签发: the unit's leader lets the item leave the unit; it is submitted at once."""
    now = now or timezone.now()
    with transaction.atomic():
        item = _locked(item, version)
        ITEM_RULES.require(ItemAction.SIGN_OFF, by, item)
        item.signed_off_by = by.person_or_none
        item.signed_off_at = now
        _audit(item, by=by, action="sign_off", now=now)
        return _send(item, by=by, now=now)


def item_send_back(
    *, item: InfoReport, by: Actor, reason: str, version: int | None = None, now: datetime | None = None
) -> InfoReport:
    """退回修改: the unit's leader sends the item back to its writers with the reason."""
    now = now or timezone.now()
    with transaction.atomic():
        item = _locked(item, version)
        ITEM_RULES.require(ItemAction.SEND_BACK, by, item)
        reason = _reason(reason, label="退回理由")
        item.state = ItemState.RETURNED
        item.returned_reason = reason
        item.version += 1
        item.save(update_fields=["state", "returned_reason", "version"])
        _audit(item, by=by, action="send_back", now=now, reason=reason)
        notify(
            recipient=item.created_by,
            about=item,
            kind="information.item_sent_back",
            title=f"信息被单位领导退回：{item.title}",
            body=reason,
            link=item_url(item),
            dedupe_key=f"information.item_sent_back.{item.pk}.{item.version}",
        )
    return item


def _send(item: InfoReport, *, by: Actor, now: datetime) -> InfoReport:
    """The item leaves the unit (inside the caller's transaction, on the locked row)."""
    from zhongshu.information.screening import check_submission

    number = (ItemVersion.objects.filter(item=item).aggregate(top=Max("number"))["top"] or 0) + 1
    ItemVersion.objects.create(
        item=item,
        number=number,
        title=item.title,
        body=item.body,
        note="报送" if number == 1 else "重新报送",
        edited_by=by,
        edited_at=now,
    )
    item.state = ItemState.SUBMITTED
    item.submitted_at = now
    item.returned_reason = ""
    item.version += 1
    item.save(
        update_fields=[
            "state",
            "submitted_at",
            "returned_reason",
            "signed_off_by",
            "signed_off_at",
            "version",
        ]
    )
    item.need_to_know_units.add(*office_unit_ids())
    check_submission(item)
    _audit(item, by=by, action="submit", now=now, number=number, type=item.info_type)
    if item.info_type == InfoType.URGENT:
        for user in editors():
            notify(
                recipient=user,
                about=item,
                kind="information.urgent_item",
                title=f"紧急信息：{item.unit.name}《{item.title}》",
                body=item.body[:200],
                link=item_url(item),
                dedupe_key=f"information.urgent_item.{item.pk}.{number}.{user.pk}",
            )
    return item


# --- who ---------------------------------------------------------------------------------------------------


def unit_leaders(unit_id: int) -> list[Person]:
    """The unit's leaders who may sign its items off (Role.LEADER in the same unit), first-ranked first."""
    return list(
        Person.objects.filter(unit_id=unit_id, user__is_active=True, user__groups__name=Role.LEADER.value)
        .select_related("user")
        .order_by("leader_rank", "sort_order", "id")
        .distinct()
    )


def editors() -> list[Any]:
    """Every editor (roles.is_editor): the county office's 信息员 and the office directors, as accounts."""
    users = get_user_model().objects.filter(is_active=True, person__isnull=False)
    return list(
        users.filter(
            Q(groups__name=Role.OFFICE_DIRECTOR.value)
            | Q(groups__name=Role.INFO_OFFICER.value, person__unit_id__in=office_unit_ids())
        )
        .distinct()
        .order_by("id")
    )


# --- reads -------------------------------------------------------------------------------------------------


def _urgent_first(queryset: QuerySet[InfoReport]) -> QuerySet[InfoReport]:
    return queryset.annotate(
        urgent_rank=Case(
            When(info_type=InfoType.URGENT, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("urgent_rank", "-submitted_at", "-created_at", "-id")


def unit_items(viewer: Any, *, state: str = "", info_type: str = "", q: str = "") -> QuerySet[InfoReport]:
    """The viewer's unit's items he may see, 紧急信息 first, then the newest."""
    unit_id = unit_of(viewer)
    rows = visible(InfoReport.objects.select_related("author", "unit"), viewer).filter(unit_id=unit_id or 0)
    if state in STATE_LABELS:
        rows = rows.filter(state=state)
    if info_type in TYPE_LABELS:
        rows = rows.filter(info_type=info_type)
    q = q.replace("\x00", "").strip()
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(body__icontains=q))
    return _urgent_first(rows)


def awaiting_sign_off(viewer: Any) -> QuerySet[InfoReport]:
    """The items of the viewer's unit waiting for its leader's sign-off (empty for anyone but its leaders)."""
    unit_id = unit_of(viewer)
    if unit_id is None or not getattr(viewer, "is_authenticated", False) or not viewer.has_role(Role.LEADER):
        return InfoReport.objects.none()
    rows = visible(InfoReport.objects.select_related("author", "unit"), viewer)
    return _urgent_first(rows.filter(unit_id=unit_id, state=ItemState.AWAITING_SIGN_OFF))


def sign_off_todos(user: Any) -> list[Any]:
    """待签发 in the unit leader's to-dos."""
    from zhongshu.core.todos import TodoItem

    if not getattr(user, "is_authenticated", False) or getattr(user, "person_or_none", None) is None:
        return []
    return [
        TodoItem(
            title=f"签发信息：{item.title}",
            url=item_url(item),
            kind="information.sign_off",
            source_label="信息报送",
            note=f"{item.author.name}拟稿（{item.get_info_type_display()}）",
            at=item.created_at,
            classification=item.classification,
            record=(InfoReport._meta.label_lower, str(item.pk)),
        )
        for item in awaiting_sign_off(user)[:50]
    ]


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    who: str
    what: str
    note: str


def history(item: InfoReport) -> list[HistoryLine]:
    """办理记录: the item's audit trail (every part's information.item.* actions), oldest first."""
    from zhongshu.information.vocabulary import AUDIT_ACTION_LABELS

    events = list(
        AuditEvent.objects.filter(
            object_type=object_type_of(InfoReport), object_id=str(item.pk), action__startswith="information."
        ).order_by("seq")[:200]
    )
    names = dict(
        Person.objects.filter(user_id__in={e.actor_id for e in events if e.actor_id}).values_list(
            "user_id", "name"
        )
    )
    lines = []
    for event in events:
        at = event.occurred_at
        raw_at = (event.details or {}).get("at")
        if isinstance(raw_at, str):
            with contextlib.suppress(ValueError):
                at = datetime.fromisoformat(raw_at)
        reason = (event.details or {}).get("reason")
        lines.append(
            HistoryLine(
                at=at,
                who=names.get(event.actor_id, "系统") if event.actor_id else "系统",
                what=AUDIT_ACTION_LABELS.get(event.action, "办理"),
                note=reason if isinstance(reason, str) else "",
            )
        )
    return lines

"""Every change to a supervision item: open, assign, receive, report, request completion, confirm, close
out, return, press, look back. Each reads: check permission → lock the row → check the transition →
write → event row → notices → `audit_record` last (its chain lock is held until commit)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import can
from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification
from zhongshu.base.roles import Role
from zhongshu.core.errors import Conflict, Forbidden, ServiceError
from zhongshu.core.inputs import max_length_of
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person, Unit
from zhongshu.org.selectors import person_of_user as person_of
from zhongshu.supervision.actions import RULES, SUPERVISING_ONLY, unit_role
from zhongshu.supervision.escalation import thresholds_by_category
from zhongshu.supervision.models import (
    PROBLEM_TITLE_MAX,
    TITLE_MAX,
    Category,
    CloseOutConfirmation,
    ConfirmerRole,
    EscalationRule,
    ItemEvent,
    ItemKind,
    ItemUnit,
    LookBack,
    LookBackOutcome,
    Milestone,
    Priority,
    ProblemList,
    ProgressReport,
    ReportKind,
    Source,
    SupervisionItem,
    UnitRole,
    matter_key_of,
)
from zhongshu.supervision.roles import is_supervising, may_set_thresholds
from zhongshu.supervision.states import OPEN_STATES, ItemAction, ItemState, next_state
from zhongshu.workdays.calendar import add_workdays, workdays_between

STALE = "事项已被他人处理，请刷新后重试"
EVIDENCE_KINDS = frozenset({"pdf", "docx", "xlsx", "png", "jpeg", "txt"})


class DuplicateItem(ServiceError):
    """An open item names the same matter for the same unit; the caller may confirm and go on."""

    code = "duplicate_item"
    status = 409

    def __init__(self, message: str, *, match: SupervisionItem) -> None:
        super().__init__(message, field="title")
        self.match = match


@dataclass(frozen=True)
class PlannedMilestone:
    title: str
    due: date


def unit_head(unit: Unit) -> Person | None:
    """The unit's principal leader: its first leader by rank."""
    return (
        Person.objects.filter(unit=unit, is_leader=True, user__is_active=True)
        .order_by(F("leader_rank").asc(nulls_last=True), "id")
        .select_related("user")
        .first()
    )


def liaisons_of(unit_id: int) -> list[Person]:
    return list(
        Person.objects.filter(unit_id=unit_id, user__groups__name=Role.LIAISON.value, user__is_active=True)
        .select_related("user")
        .distinct()
    )


def _require_supervising(by: Actor) -> None:
    if not is_supervising(by):
        raise Forbidden(SUPERVISING_ONLY, code="not_supervisor")


def _locked(item: SupervisionItem, version: int | None) -> SupervisionItem:
    """The item's row, locked; `Conflict` when someone changed it since the caller read it."""
    locked = SupervisionItem.objects.select_for_update().get(pk=item.pk)
    expected = item.version if version is None else version
    if locked.version != expected:
        raise Conflict(STALE, code="item_changed")
    locked._original = item  # type: ignore[attr-defined]
    return locked


def _save(item: SupervisionItem, fields: Iterable[str]) -> None:
    item.version += 1
    item.save(update_fields=[*fields, "version"])
    # The caller's copy follows, so it can go on to the next step without reading the row again.
    original = getattr(item, "_original", None)
    if original is not None and original is not item:
        for name in [*fields, "version", "matter_key"]:
            setattr(original, name, getattr(item, name))


def _event(item: SupervisionItem, action: str, by: Actor, note: str = "") -> ItemEvent:
    person = person_of(by)
    name = person.name if person else (by.get_username() if by is not None else "系统")
    return ItemEvent.objects.create(
        item=item, action=action, state_after=item.state, by=by, by_name=name, note=note[:2000]
    )


def item_link(item: SupervisionItem) -> str:
    return reverse("supervision:item", args=[item.pk])


def _audit(by: Actor, action: str, item: SupervisionItem, **details: Any) -> None:
    audit_record(actor=by, action=f"supervision.{action}", target=item, details=details or None)


def _find_duplicate(title: str, lead_unit: Unit | None, exclude: int | None = None) -> SupervisionItem | None:
    if lead_unit is None:
        return None
    candidates = SupervisionItem.objects.filter(
        matter_key=matter_key_of(title),
        lead_unit=lead_unit,
        state__in=[ItemState.DRAFT, *OPEN_STATES],
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude)
    return candidates.order_by("id").first()


def _refuse_duplicate(by: Actor, title: str, lead_unit: Unit | None, exclude: int | None = None) -> None:
    match = _find_duplicate(title, lead_unit, exclude)
    if match is None:
        return
    shown = f"“{match.title}”" if can(by, match) else ""
    raise DuplicateItem(
        f"{lead_unit}已有相同事项正在办理：{shown}（编号{match.pk}），确认仍要立项请勾选“确认重复立项”",
        match=match,
    )


def _set_units(item: SupervisionItem, lead_unit: Unit, co_units: Sequence[Unit]) -> None:
    co = [unit for unit in dict.fromkeys(co_units) if unit.pk != lead_unit.pk]
    ItemUnit.objects.filter(item=item).delete()
    ItemUnit.objects.bulk_create(
        [ItemUnit(item=item, unit=lead_unit, role=UnitRole.LEAD)]
        + [ItemUnit(item=item, unit=unit, role=UnitRole.CO) for unit in co]
    )
    # The units doing the work must be able to know a classified item.
    item.need_to_know_units.add(lead_unit, *co)


# --- Opening and assigning ----------------------------------------------------------------------------


def title_problem(title: str, kind: str = ItemKind.MATTER) -> str | None:
    """The one title-length rule, for the forms, the API and the Excel import: what is wrong with a title
    too long for a ledger line (see `TITLE_MAX`), or None when it fits."""
    most = PROBLEM_TITLE_MAX if kind == ItemKind.RECTIFICATION else TITLE_MAX
    length = len(title.strip())
    if length <= most:
        return None
    noun = "问题" if kind == ItemKind.RECTIFICATION else "事项名称"
    return f"{noun}不能超过{most}字（现为{length}字）"


def check_title(title: str, *, kind: str = ItemKind.MATTER) -> None:
    """A title that does not fit a ledger line is refused, never cut; the form has a 内容 field for the rest."""
    problem = title_problem(title, kind)
    if problem is not None:
        raise ServiceError(f"{problem}，详细内容请写入“内容”", code="title_too_long", field="title")


def supervision_item_open(
    *,
    by: Actor,
    title: str,
    source: str,
    body: str = "",
    category: str = Category.DECISION,
    priority: int = Priority.NORMAL,
    source_record: models.Model | None = None,
    source_note: str = "",
    classification: int = Classification.INTERNAL,
    secrecy_term_years: int | None = None,
    lead_unit: Unit | None = None,
    leader: Person | None = None,
    action_required: bool = True,
    confirm_duplicate: bool = False,
    kind: str = ItemKind.MATTER,
    problem_list: ProblemList | None = None,
    measure: str = "",
) -> SupervisionItem:
    """立项. Only matters that need action and feedback become items; a matter passed on for reading does not."""
    _require_supervising(by)
    title = title.strip()
    if not title:
        raise ServiceError("请填写事项名称", code="title_required", field="title")
    check_title(title, kind=kind)
    if source not in Source.values:
        raise ServiceError(f"未知的事项来源：{source}", code="unknown_source", field="source")
    if category not in Category.values:
        raise ServiceError(f"未知的督查类别：{category}", code="unknown_category", field="category")
    if not action_required:
        raise ServiceError("仅供阅知的事项不立项督办", code="read_only_matter")
    if not confirm_duplicate:
        _refuse_duplicate(by, title, lead_unit)
    opener = person_of(by)
    with transaction.atomic():
        item = SupervisionItem(
            kind=kind,
            title=title,
            body=body,
            source=source,
            source_note=source_note,
            category=category,
            priority=priority,
            classification=classification,
            secrecy_term_years=secrecy_term_years,
            lead_unit=lead_unit,
            leader=leader,
            supervisor=opener,
            owner_person=opener,
            owner_unit=opener.unit if opener else None,
            problem_list=problem_list,
            measure=measure,
            created_by=by,
        )
        if source_record is not None:
            item.source_type = ContentType.objects.get_for_model(source_record)
            item.source_id = source_record.pk
        item.save()
        if lead_unit is not None:
            ItemUnit.objects.create(item=item, unit=lead_unit, role=UnitRole.LEAD)
        _event(item, ItemAction.OPEN, by, source_note)
        _audit(by, "open", item, source=source, duplicate_confirmed=confirm_duplicate)
    return item


def supervision_item_assign(
    *,
    item: SupervisionItem,
    by: Actor,
    lead_unit: Unit | None,
    co_units: Sequence[Unit] = (),
    deadline: date | None = None,
    deadline_workdays: int | None = None,
    leader: Person | None = None,
    responsible_people: Sequence[Person] = (),
    milestones: Sequence[PlannedMilestone] = (),
    confirm_duplicate: bool = False,
    version: int | None = None,
) -> SupervisionItem:
    """交办: name the lead unit, co-units and the deadline (a date, or N working days from today)."""
    RULES.require("assign", by, item)
    if lead_unit is None:
        raise ServiceError("请选择牵头单位", code="lead_unit_required", field="lead_unit")
    today = timezone.localdate()
    if (deadline is None) == (deadline_workdays is None):
        raise ServiceError(
            "请填写办理时限：具体日期或工作日天数（二选一）", code="deadline_required", field="deadline"
        )
    if deadline is not None and deadline < today:
        raise ServiceError(
            f"办理时限{deadline:%Y-%m-%d}早于交办日期{today:%Y-%m-%d}",
            code="deadline_before_assignment",
            field="deadline",
        )
    if deadline_workdays is not None and deadline_workdays < 1:
        raise ServiceError("办理时限至少为1个工作日", code="deadline_before_assignment", field="deadline")
    for milestone in milestones:
        if milestone.due < today:
            raise ServiceError(
                f"节点“{milestone.title}”的计划日期早于交办日期", code="milestone_before_assignment"
            )
    if not confirm_duplicate:
        _refuse_duplicate(by, item.title, lead_unit, exclude=item.pk)
    with transaction.atomic():
        item = _locked(item, version)
        item.state = next_state(item.state, ItemAction.ASSIGN)
        item.lead_unit = lead_unit
        if leader is not None:
            item.leader = leader
        item.assigned_on = today
        counted_note = ""
        if deadline_workdays is not None:
            counted_note = item.set_deadline_in_workdays(today, deadline_workdays).note
        else:
            item.set_deadline_date(deadline)
        _refuse_milestones_after(milestones, item.deadline)
        _save(
            item,
            [
                "state",
                "lead_unit",
                "leader",
                "assigned_on",
                "deadline",
                "deadline_start",
                "deadline_workdays",
                "deadline_provisional",
            ],
        )
        _set_units(item, lead_unit, co_units)
        if responsible_people:
            item.responsible_people.set(responsible_people)
        Milestone.objects.bulk_create(
            Milestone(item=item, title=m.title, due=m.due, sort_order=i) for i, m in enumerate(milestones)
        )
        note = f"牵头单位：{lead_unit}；办理时限：{item.deadline:%Y-%m-%d}" + (
            f"（{counted_note}）" if counted_note else ""
        )
        _event(item, ItemAction.ASSIGN, by, note)
        for unit_id in item.unit_links.values_list("unit_id", flat=True):
            for liaison in liaisons_of(unit_id):
                notify(
                    recipient=liaison.user,
                    about=item,
                    kind="supervision.assigned",
                    title=f"督查交办：{item.title}",
                    body=note,
                    link=item_link(item),
                    dedupe_key=f"supervision:{item.pk}:assign:{item.round}:{liaison.user_id}",
                )
        _audit(by, "assign", item, lead_unit=lead_unit.pk, deadline=str(item.deadline))
    return item


def _refuse_milestones_after(milestones: Sequence[PlannedMilestone], deadline: date | None) -> None:
    """A step of the plan (一事一策) falls within the item's time: none after its deadline. Asked once the
    deadline is known (a number of working days is counted inside the transaction), before anything is
    written."""
    if deadline is None:
        return
    for milestone in milestones:
        if milestone.due > deadline:
            raise ServiceError(
                f"节点“{milestone.title}”的计划日期{milestone.due:%Y-%m-%d}晚于办理时限{deadline:%Y-%m-%d}",
                code="milestone_after_deadline",
                field="milestones",
            )


def supervision_item_withdraw(
    *, item: SupervisionItem, by: Actor, reason: str, version: int | None = None
) -> SupervisionItem:
    """作废: an item opened by mistake is withdrawn before 交办, with the reason. The row stays, with its reason
    and its history, in the ledger's 已作废 filter; it leaves the active lists, the to-dos, the wall and search."""
    RULES.require("withdraw", by, item)
    reason = " ".join(reason.split())
    if not reason:
        raise ServiceError("请填写作废理由", code="reason_required", field="reason")
    most = max_length_of(SupervisionItem, "withdraw_reason")
    if most is not None and len(reason) > most:  # the column's own limit, for callers other than WithdrawIn
        raise ServiceError(f"作废理由不能超过{most}字", code="too_long", field="reason")
    with transaction.atomic():
        item = _locked(item, version)
        RULES.require("withdraw", by, item)  # as the locked row has it: not once another officer assigned it
        item.state = next_state(item.state, ItemAction.WITHDRAW)
        item.withdraw_reason = reason
        _save(item, ["state", "withdraw_reason"])
        _event(item, ItemAction.WITHDRAW, by, reason)
        _audit(by, "withdraw", item, reason=reason)
    return item


# --- The units' side ----------------------------------------------------------------------------------


def _unit_member(item: SupervisionItem, by: Actor, action: str) -> tuple[Person, str]:
    """The acting person and their unit's part in the item, once the rule of `action` allows them."""
    RULES.require(action, by, item)
    person, role = person_of(by), unit_role(by, item)
    assert person is not None and role is not None  # noqa: S101 - the rule requires a unit member
    return person, role


def supervision_item_receive(
    *, item: SupervisionItem, by: Actor, version: int | None = None
) -> SupervisionItem:
    """签收 by the lead unit."""
    RULES.require("receive", by, item)
    with transaction.atomic():
        item = _locked(item, version)
        item.state = next_state(item.state, ItemAction.RECEIVE)
        item.received_at = timezone.now()
        _save(item, ["state", "received_at"])
        _event(item, ItemAction.RECEIVE, by)
        _audit(by, "receive", item)
    return item


def _store_files(*, owner: models.Model, files: Sequence[Any], by: Actor, purpose: str) -> None:
    from zhongshu.attachments.services import attach_file, store_file

    for uploaded in files:
        stored = store_file(uploaded=uploaded, by=by, allowed_kinds=EVIDENCE_KINDS)
        attach_file(owner=owner, stored=stored, by=by, purpose=purpose)


def progress_report_submit(
    *,
    item: SupervisionItem,
    by: Actor,
    text: str,
    milestone: Milestone | None = None,
    files: Sequence[Any] = (),
) -> ProgressReport:
    """反馈: a unit reports progress. The lead unit's report is the consolidated one the ledger shows."""
    person, role = _unit_member(item, by, "report")
    text = text.strip()
    if not text:
        raise ServiceError("请填写进展情况", code="text_required", field="text")
    if milestone is not None and milestone.item_id != item.pk:
        raise ServiceError("节点不属于此事项", code="unknown_milestone", field="milestone")
    with transaction.atomic():
        original, item = item, SupervisionItem.objects.select_for_update().get(pk=item.pk)
        item._original = original  # type: ignore[attr-defined]
        if item.state == ItemState.CLOSED:
            raise ServiceError("事项已销号，不能再反馈进展", code="item_closed")
        next_state(item.state, ItemAction.REPORT)
        now = timezone.now()
        report = ProgressReport.objects.create(
            item=item,
            unit_id=person.unit_id,
            text=text,
            milestone=milestone,
            round=item.round,
            consolidated=role == UnitRole.LEAD,
            by=by,
            by_name=person.name,
            at=now,
        )
        if milestone is not None and milestone.reached_at is None:
            Milestone.objects.filter(pk=milestone.pk).update(reached_at=now)
        fields = ["last_report_at"]
        item.last_report_at = now
        if role == UnitRole.LEAD:
            item.progress = text[:500]
            fields.append("progress")
        _save(item, fields)
        # A report answers every reminder, 催办 and 督办 the unit had open on this item.
        item.reminders.filter(unit_id=person.unit_id, answered_at__isnull=True).update(answered_at=now)
        _event(item, ItemAction.REPORT, by, text[:200])
        _store_files(owner=report, files=files, by=by, purpose="progress")
        _audit(by, "report", item, report=report.pk, consolidated=report.consolidated)
    return report


def supervision_item_request_completion(
    *, item: SupervisionItem, by: Actor, evidence: str, files: Sequence[Any] = (), version: int | None = None
) -> ProgressReport:
    """办结: the lead unit says the work is done, with the evidence."""
    person, _ = _unit_member(item, by, "request_completion")
    evidence = evidence.strip()
    if not evidence:
        raise ServiceError("申请办结须说明办理结果并提供佐证材料", code="evidence_required", field="evidence")
    with transaction.atomic():
        item = _locked(item, version)
        item.state = next_state(item.state, ItemAction.REQUEST_COMPLETION)
        now = timezone.now()
        item.completion_requested_at = now
        item.progress = evidence[:500]
        item.last_report_at = now
        _save(item, ["state", "completion_requested_at", "progress", "last_report_at"])
        report = ProgressReport.objects.create(
            item=item,
            unit_id=person.unit_id,
            kind=ReportKind.COMPLETION,
            text=evidence,
            round=item.round,
            consolidated=True,
            by=by,
            by_name=person.name,
            at=now,
        )
        item.reminders.filter(answered_at__isnull=True).update(answered_at=now)
        _event(item, ItemAction.REQUEST_COMPLETION, by, evidence[:200])
        _store_files(owner=report, files=files, by=by, purpose="evidence")
        if item.supervisor_id:
            supervisor = Person.objects.select_related("user").get(pk=item.supervisor_id)
            notify(
                recipient=supervisor.user,
                about=item,
                kind="supervision.completion_requested",
                title=f"申请办结：{item.title}",
                link=item_link(item),
                dedupe_key=f"supervision:{item.pk}:completion:{item.round}:{supervisor.user_id}",
            )
        _audit(by, "request_completion", item, report=report.pk)
    return report


# --- The office's side: confirm, close out, return, press, look back --------------------------------


def supervision_item_confirm(
    *, item: SupervisionItem, by: Actor, role: str, confirmer: Person | None = None, opinion: str = ""
) -> CloseOutConfirmation:
    """One of the two confirmations 销号 needs: the lead unit's head, or the supervising leader.

    The confirmer confirms in person, or a 督查员 records the confirmation from the signed paper.
    """
    RULES.require("confirm", by, item)
    if role not in ConfirmerRole.values:
        raise ServiceError(f"未知的确认人身份：{role}", code="unknown_confirmer_role")
    acting = person_of(by)
    confirmer = confirmer or acting
    if confirmer is None:
        raise Forbidden("无权确认办结", code="not_confirmer")
    if role == ConfirmerRole.UNIT_HEAD:
        eligible = confirmer.unit_id == item.lead_unit_id and confirmer.is_leader
        wrong = "办结须由牵头单位主要负责人确认"
    else:
        eligible = item.leader_id is not None and confirmer.pk == item.leader_id
        wrong = "办结须由督办领导确认" if item.leader_id else "事项未确定责任领导，不能确认办结"
    if not eligible:
        raise ServiceError(wrong, code="wrong_confirmer")
    if confirmer != acting and not is_supervising(by):
        raise Forbidden("只能由本人确认，或由督查员代为登记", code="not_confirmer")
    with transaction.atomic():
        item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
        next_state(item.state, ItemAction.CONFIRM)
        if CloseOutConfirmation.objects.filter(item=item, round=item.round, role=role).exists():
            raise Conflict(f"{ConfirmerRole(role).label}已确认", code="already_confirmed")
        confirmation = CloseOutConfirmation.objects.create(
            item=item, round=item.round, role=role, confirmer=confirmer, recorded_by=by, opinion=opinion[:500]
        )
        recorded = "" if confirmer == acting else f"（{acting.name if acting else by}代为登记）"
        _event(
            item,
            ItemAction.CONFIRM,
            by,
            f"{ConfirmerRole(role).label}{confirmer.name}确认{recorded}：{opinion}",
        )
        _audit(by, "confirm", item, role=role, confirmer=confirmer.pk)
    return confirmation


@dataclass(frozen=True)
class CloseOutFigures:
    """What 销号 records about an item: the day, whether it was 按期办结, the working days it took and the day
    of its 回头看."""

    closed_on: date
    closed_on_time: bool
    handling_workdays: int
    look_back_due: date

    def fields(self) -> dict[str, Any]:
        return asdict(self)


def close_out_figures(item: SupervisionItem, closed_on: date) -> CloseOutFigures:
    """销号's rule, saving nothing: the work ended on the day completion was requested (or on `closed_on` when it
    never was); on time when that day is not after the deadline; the working days from 交办 to that day; the
    回头看 the category's working days after `closed_on`."""
    finished = timezone.localdate(item.completion_requested_at) if item.completion_requested_at else closed_on
    return CloseOutFigures(
        closed_on=closed_on,
        closed_on_time=item.deadline is None or finished <= item.deadline,
        handling_workdays=workdays_between(item.assigned_on or finished, finished),
        look_back_due=add_workdays(closed_on, thresholds_by_category()[item.category].look_back),
    )


def supervision_item_close_out(
    *, item: SupervisionItem, by: Actor, version: int | None = None
) -> SupervisionItem:
    """销号: only with the evidence and both confirmations of this round. Two officers at once: one wins."""
    with transaction.atomic():
        item = _locked(item, version)
        RULES.require("close_out", by, item)  # the office, the evidence and both confirmations
        item.state = next_state(item.state, ItemAction.CLOSE_OUT)
        figures = close_out_figures(item, timezone.localdate()).fields()
        for name, value in figures.items():
            setattr(item, name, value)
        _save(item, ["state", *figures])
        _event(item, ItemAction.CLOSE_OUT, by, f"回头看日期：{item.look_back_due:%Y-%m-%d}")
        _audit(by, "close_out", item, on_time=item.closed_on_time)
    return item


def item_filed(*, item: SupervisionItem, by: Actor, reference_code: str) -> None:
    """归档: the archivist filed the closed item as `reference_code` (called inside the filing's transaction,
    the row locked, the archivist's rights checked there). The item keeps its state: 回头看 still follows."""
    _event(item, ItemAction.FILE, by, f"已归档（档号 {reference_code}）")
    _audit(by, "filed", item, reference_code=reference_code)


def supervision_item_return(
    *, item: SupervisionItem, by: Actor, reason: str, version: int | None = None
) -> SupervisionItem:
    """退回重办重报: the report was unclear or inaccurate; the unit works on in a new round."""
    RULES.require("return", by, item)
    reason = reason.strip()
    if not reason:
        raise ServiceError("请填写退回理由", code="reason_required", field="reason")
    with transaction.atomic():
        item = _locked(item, version)
        item.state = next_state(item.state, ItemAction.RETURN)
        item.return_reason = reason
        item.round += 1
        item.completion_requested_at = None
        _save(item, ["state", "return_reason", "round", "completion_requested_at"])
        _event(item, ItemAction.RETURN, by, reason)
        _notify_units(item, "supervision.returned", f"退回重办重报：{item.title}", reason, "return")
        _audit(by, "return", item)
    return item


def _notify_units(item: SupervisionItem, kind: str, title: str, body: str, key: str) -> None:
    if item.lead_unit_id is None:
        return
    for liaison in liaisons_of(item.lead_unit_id):
        notify(
            recipient=liaison.user,
            about=item,
            kind=kind,
            title=title,
            body=body,
            link=item_link(item),
            dedupe_key=f"supervision:{item.pk}:{key}:{item.round}:{item.version}:{liaison.user_id}",
        )


def supervision_item_look_back(
    *,
    item: SupervisionItem,
    by: Actor,
    outcome: str,
    note: str,
    deadline: date | None = None,
    deadline_workdays: int | None = None,
    version: int | None = None,
) -> LookBack:
    """回头看: confirm the result holds, or reopen the item with a new deadline."""
    RULES.require("look_back", by, item)
    if outcome not in LookBackOutcome.values:
        raise ServiceError(f"未知的回头看结论：{outcome}", code="unknown_outcome")
    note = note.strip()
    if not note:
        raise ServiceError("请填写回头看情况", code="note_required", field="note")
    today = timezone.localdate()
    reopen = outcome == LookBackOutcome.REOPENED
    if reopen:
        if (deadline is None) == (deadline_workdays is None):
            raise ServiceError("重新办理须确定新的办理时限", code="deadline_required", field="deadline")
        if deadline is not None and deadline < today:
            raise ServiceError(
                f"办理时限{deadline:%Y-%m-%d}早于交办日期{today:%Y-%m-%d}", code="deadline_before_assignment"
            )
    with transaction.atomic():
        item = _locked(item, version)
        RULES.require("look_back", by, item)  # as the locked row has it: one look-back, not two
        assert item.look_back_due is not None  # noqa: S101 - the rule requires a look-back due
        action = ItemAction.REOPEN if reopen else ItemAction.LOOK_BACK_CONFIRM
        item.state = next_state(item.state, action)
        look_back = LookBack.objects.create(
            item=item, due=item.look_back_due, outcome=outcome, note=note, by=by
        )
        item.look_back_due = None
        fields = ["state", "look_back_due"]
        if reopen:
            item.round += 1
            item.assigned_on = today
            item.closed_on = None
            item.closed_on_time = None
            item.handling_workdays = None
            item.completion_requested_at = None
            if deadline_workdays is not None:
                item.set_deadline_in_workdays(today, deadline_workdays)
            else:
                item.set_deadline_date(deadline)
            fields += [
                "round",
                "assigned_on",
                "closed_on",
                "closed_on_time",
                "handling_workdays",
                "completion_requested_at",
                "deadline",
                "deadline_start",
                "deadline_workdays",
                "deadline_provisional",
            ]
        _save(item, fields)
        _event(item, action, by, note)
        if reopen:
            _notify_units(item, "supervision.reopened", f"回头看重新办理：{item.title}", note, "reopen")
        _audit(by, "look_back", item, outcome=outcome)
    return look_back


def problem_list_create(
    *, by: Actor, title: str, origin: str = "", problems: Sequence[dict[str, Any]] = ()
) -> ProblemList:
    """问题清单: each problem becomes an item of kind rectification, assigned to its responsible unit."""
    _require_supervising(by)
    if not title.strip():
        raise ServiceError("请填写清单名称", code="title_required", field="title")
    with transaction.atomic():
        problem_list = ProblemList.objects.create(title=title.strip(), origin=origin, created_by=by)
        for problem in problems:
            item = supervision_item_open(
                by=by,
                title=problem["problem"],
                source=problem.get("source", Source.DIRECTIVE),
                category=problem.get("category", Category.SPECIAL),
                kind=ItemKind.RECTIFICATION,
                problem_list=problem_list,
                measure=problem.get("measure", ""),
                leader=problem.get("leader"),
                source_note=origin,
                confirm_duplicate=True,
            )
            supervision_item_assign(
                item=item,
                by=by,
                lead_unit=problem["unit"],
                deadline=problem.get("deadline"),
                deadline_workdays=problem.get("deadline_workdays"),
                confirm_duplicate=True,
            )
        audit_record(actor=by, action="supervision.problem_list.create", target=problem_list)
    return problem_list


# --- 整改: checking a problem list before it is created ----------------------------------------------

PROBLEM_FIELDS = (("problem", "问题"), ("measure", "整改措施"), ("unit", "责任单位"))


class ProblemListInvalid(ServiceError):
    """Some problems of a list are wrong; `errors` names each by its line, and nothing was saved."""

    code = "problem_list_invalid"

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("；".join(errors))
        self.errors = list(errors)


def problem_list_check(*, title: str, problems: Sequence[dict[str, Any]]) -> list[str]:
    """Every error of a problem list at once, each naming its line (`line`, else its position), so the
    office fixes the whole list in one pass. `problem_list_create` is all-or-nothing, but stops at the
    first error."""
    errors = []
    if not title.strip():
        errors.append("请填写清单名称")
    if not problems:
        errors.append("请至少填写一个问题")
    today = timezone.localdate()
    for position, problem in enumerate(problems, start=1):
        line = f"第{problem.get('line', position)}行："
        for key, label in PROBLEM_FIELDS:
            value = problem.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                errors.append(f"{line}请填写{label}")
        deadline, workdays = problem.get("deadline"), problem.get("deadline_workdays")
        if deadline is None and workdays is None:
            errors.append(f"{line}请填写整改时限")
        elif deadline is not None and workdays is not None:
            errors.append(f"{line}整改时限只能填写日期或工作日天数之一")
        elif deadline is not None and deadline < today:
            errors.append(f"{line}整改时限{deadline:%Y-%m-%d}早于今天{today:%Y-%m-%d}")
        elif workdays is not None and workdays < 1:
            errors.append(f"{line}整改时限至少为1个工作日")
    return errors


def problem_list_submit(
    *, by: Actor, title: str, origin: str = "", problems: Sequence[dict[str, Any]]
) -> ProblemList:
    """问题清单 from a form or the API: every problem checked first, then created together or not at all."""
    _require_supervising(by)
    errors = problem_list_check(title=title, problems=problems)
    if errors:
        raise ProblemListInvalid(errors)
    return problem_list_create(by=by, title=title, origin=origin.strip(), problems=problems)


# --- Escalation thresholds per category ---------------------------------------------------------------

# Far beyond any office's practice, and it keeps the tick's walk over deadline dates short.
THRESHOLD_MAX = 250
# A 督办 a week for this many weeks is already beyond what an office waits before 查办.
PRESSES_MAX = 10


@dataclass(frozen=True)
class ThresholdField:
    name: str
    label: str
    least: int
    most: int


THRESHOLD_FIELDS = (
    ThresholdField("reminder_before_workdays", "到期前提醒天数", 0, THRESHOLD_MAX),
    ThresholdField("press_after_workdays", "逾期转督办天数", 0, THRESHOLD_MAX),
    ThresholdField("investigate_after_workdays", "逾期转查办天数", 0, THRESHOLD_MAX),
    ThresholdField("investigate_after_presses", "未回应督办转查办次数", 1, PRESSES_MAX),
    ThresholdField("look_back_workdays", "回头看天数", 1, THRESHOLD_MAX),
)


class ThresholdsInvalid(ServiceError):
    code = "thresholds_invalid"

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("；".join(errors))
        self.errors = list(errors)


def escalation_rules_check(rules: dict[str, dict[str, Any]]) -> list[str]:
    errors = []
    for category, values in rules.items():
        if category not in Category.values:
            errors.append(f"未知的督查类别：{category}")
            continue
        label = Category(category).label
        for field in THRESHOLD_FIELDS:
            value = values.get(field.name)
            if (
                not isinstance(value, int)
                or isinstance(value, bool)
                or not field.least <= value <= field.most
            ):
                errors.append(f"{label}：{field.label}应为{field.least}至{field.most}之间的整数")
        press, investigate = values.get("press_after_workdays"), values.get("investigate_after_workdays")
        if isinstance(press, int) and isinstance(investigate, int) and press >= investigate:
            errors.append(f"{label}：逾期转查办天数应大于逾期转督办天数")
    return errors


def escalation_rules_update(*, by: Actor, rules: dict[str, dict[str, Any]]) -> int:
    """督办阈值: the office director sets each category's thresholds in working days. Levels are derived,
    so the next tick judges every open item by the new figures; a look-back date already fixed at close-out
    stays. All categories are saved together or none; returns how many changed."""
    if not may_set_thresholds(by):
        raise Forbidden("仅办公室主任可以设置督办阈值", code="not_office_director")
    errors = escalation_rules_check(rules)
    if errors:
        raise ThresholdsInvalid(errors)
    changed = 0
    with transaction.atomic():
        saved = {rule.category: rule for rule in EscalationRule.objects.select_for_update()}
        pending = []
        for category, values in rules.items():
            rule = saved.get(category) or EscalationRule(category=category)
            before = {field.name: getattr(rule, field.name) for field in THRESHOLD_FIELDS}
            after = {field.name: values[field.name] for field in THRESHOLD_FIELDS}
            if before == after:
                continue
            for field, value in after.items():
                setattr(rule, field, value)
            rule.save()
            changed += 1
            pending.append((rule, before, after))
        for rule, before, after in pending:
            audit_record(
                actor=by,
                action="supervision.escalation_rule.update",
                target=rule,
                details={"category": rule.category, "before": before, "after": after},
            )
    return changed

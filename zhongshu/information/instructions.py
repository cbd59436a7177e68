"""领导批示 on an information item or on a distributed issue (InfoInstruction), turned by the supervisor into a
supervision item through `core.instructions` (information never imports supervision), linked both ways through
`access.links`: the supervision item names the instruction as its source (`register_linked` below; its link
opens the item's or issue's page at the instruction), and the item's or issue's section lists the supervision
items made from each instruction, with their state, under the viewer's own access.

Who records one:
- a county leader (a leader of the county committee, government or office, not a town's or a bureau's) writes
  his own 批示 on a submitted item or a distributed issue he may read;
- an editor (the office's 信息科) enters one given by a higher leader (leader_name, 市级 or 省级) on an item
  the office adopted (only adopted items are sent up).
Refused with a clear message, nothing saved: no text, no date, a date in the future or before the item was
submitted (the issue distributed), a higher leader's 批示 without his name or level, on an issue, or on an item
not adopted.

When a 批示 is recorded the item (issue) reaches the county office's supervisors (督查员 and the office
director): they are put in its need-to-know, so they may read what they are to supervise, and told.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.links import RecordLink, made_from_each, register_linked
from zhongshu.access.policy import Action, Viewer, can, register_scope, scope_filter, visible
from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.instructions import Instruction, instruction_follow_up, supervise_once
from zhongshu.core.todos import TodoItem
from zhongshu.information.models import (
    AdoptionLevel,
    InfoInstruction,
    InfoReport,
    IssueState,
    PublicationIssue,
)
from zhongshu.information.roles import is_editor, is_leader, may_use_information
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person, UnitKind
from zhongshu.org.offices import office_unit_ids, unit_id_of

TEXT_MAX = 2000
LEADER_NAME_MAX = 40
ITEM_TITLE_MAX = 100
HIGHER_LEVELS = (AdoptionLevel.CITY.value, AdoptionLevel.PROVINCE.value)
COUNTY_KINDS = (UnitKind.PARTY_COMMITTEE, UnitKind.GOVERNMENT, UnitKind.OFFICE)


# --- addresses ----------------------------------------------------------------------------------------------


def item_url(item_id: int) -> str:
    """The item's page (rendered by the submissions part)."""
    return f"/information/items/{item_id}/"


def issue_url(issue_id: int) -> str:
    """The issue's page (rendered by the publications part)."""
    return f"/information/issues/{issue_id}/"


def instruction_url(instruction: InfoInstruction) -> str:
    page = item_url(instruction.item_id) if instruction.item_id else issue_url(instruction.issue_id or 0)
    return f"{page}#instruction-{instruction.pk}"


def record_of(instruction: InfoInstruction) -> InfoReport | PublicationIssue:
    record = instruction.item if instruction.item_id else instruction.issue
    assert record is not None
    return record


def record_name(record: InfoReport | PublicationIssue) -> str:
    """An item's title; an issue's name and number, with its own title: 快报2026年第3期（乡村治理专刊）."""
    if isinstance(record, InfoReport):
        return record.title
    return f"{record}（{record.title}）" if record.title else str(record)


def record_title(record: InfoReport | PublicationIssue) -> str:
    return f"《{record_name(record)}》"


# --- who ------------------------------------------------------------------------------------------------------


def is_county_leader(user: Any) -> bool:
    """A leader of the county (its committee, government or office), not a town's or a bureau's leader."""
    if not (getattr(user, "is_active", False) and is_leader(user)):
        return False
    unit_id = unit_id_of(user)
    if unit_id is None:
        return False
    if unit_id in office_unit_ids():
        return True
    from zhongshu.org.models import Unit

    return Unit.objects.filter(pk=unit_id, kind__in=COUNTY_KINDS).exists()


def may_record(user: Any) -> bool:
    """A county leader writes his own 批示; an editor enters a higher leader's."""
    return may_use_information(user) and (is_county_leader(user) or is_editor(user))


def may_supervise(user: Any) -> bool:
    follow_up = instruction_follow_up("supervision")
    return follow_up is not None and may_use_information(user) and bool(follow_up.allowed(user))


def supervisors() -> list[Person]:
    """The county office's 督查员 and office directors: who turn 批示 into supervision items."""
    return list(
        Person.objects.filter(
            unit_id__in=office_unit_ids(),
            user__is_active=True,
            user__groups__name__in=[Role.SUPERVISOR.value, Role.OFFICE_DIRECTOR.value],
        )
        .select_related("user")
        .distinct()
        .order_by("sort_order", "id")
    )


# --- recording -----------------------------------------------------------------------------------------------


def _check_record(by: Actor, item: InfoReport | None, issue: PublicationIssue | None) -> None:
    if (item is None) == (issue is None):
        raise ServiceError("请指明批示的信息或刊期", code="record_required", field="item")
    record: InfoReport | PublicationIssue = item if item is not None else issue  # type: ignore[assignment]
    if not can(by, record):
        raise Forbidden("无权查看该记录，不能批示", code="not_visible")
    if item is not None and item.submitted_at is None:
        raise ServiceError("该信息尚未报送，不能批示", code="item_not_submitted", field="item")
    if issue is not None and issue.state != IssueState.DISTRIBUTED:
        raise ServiceError("该期刊物尚未分发，不能批示", code="issue_not_distributed", field="issue")


def _earliest(item: InfoReport | None, issue: PublicationIssue | None) -> date | None:
    moment = item.submitted_at if item is not None else (issue.distributed_at if issue is not None else None)
    return timezone.localdate(moment) if moment is not None else None


def instruction_record(
    *,
    by: Actor,
    item: InfoReport | None = None,
    issue: PublicationIssue | None = None,
    text: str,
    given_on: date | None,
    leader_name: str = "",
    level: str = "",
    now: datetime | None = None,
) -> InfoInstruction:
    """记录领导批示: a county leader's own on an item or a distributed issue, or a higher leader's entered by
    an editor on an adopted item."""
    now = now or timezone.now()
    if not may_record(by):
        raise Forbidden("只有县领导本人或信息科编辑可以记录领导批示", code="not_allowed")
    _check_record(by, item, issue)
    own = is_county_leader(by)
    leader: Person | None = by.person_or_none if own else None
    leader_name = (leader_name or "").strip()
    if own:
        leader_name, level = "", AdoptionLevel.COUNTY.value
    else:
        if not leader_name:
            raise ServiceError("请填写批示领导的姓名和职务", code="leader_name_required", field="leader_name")
        if len(leader_name) > LEADER_NAME_MAX:
            raise ServiceError(f"批示领导不能超过{LEADER_NAME_MAX}字", code="too_long", field="leader_name")
        if level not in HIGHER_LEVELS:
            raise ServiceError("请选择批示层级（市级或省级）", code="level_required", field="level")
        if item is None:
            raise ServiceError(
                "上级领导批示只能录入在报送上级的信息上", code="higher_on_item_only", field="issue"
            )
        if item.adopted_at is None:
            raise ServiceError(
                "该信息尚未采用，未报送上级，不能录入上级领导批示", code="item_not_sent_up", field="item"
            )
    text = (text or "").strip()
    if not text:
        raise ServiceError("请填写批示内容", code="text_required", field="text")
    if len(text) > TEXT_MAX:
        raise ServiceError(f"批示内容不能超过{TEXT_MAX}字", code="text_too_long", field="text")
    if given_on is None:
        raise ServiceError("请填写批示日期", code="given_on_required", field="given_on")
    if given_on > timezone.localdate(now):
        raise ServiceError("批示日期不能晚于今天", code="given_in_future", field="given_on")
    earliest = _earliest(item, issue)
    if earliest is not None and given_on < earliest:
        what = "信息报送" if item is not None else "刊物分发"
        raise ServiceError(f"批示日期不能早于{what}日期", code="given_before_record", field="given_on")
    with transaction.atomic():
        if item is not None:
            record: InfoReport | PublicationIssue = InfoReport.objects.select_for_update().get(pk=item.pk)
        else:
            assert issue is not None
            record = PublicationIssue.objects.select_for_update().get(pk=issue.pk)
        instruction = InfoInstruction.objects.create(
            item=record if isinstance(record, InfoReport) else None,
            issue=record if isinstance(record, PublicationIssue) else None,
            leader=leader,
            leader_name=leader_name,
            level=level,
            text=text,
            given_on=given_on,
            recorded_by=by,
            recorded_at=now,
        )
        people = supervisors()
        record.need_to_know_people.add(*people)
        audit_record(
            actor=by,
            action="information.instruction.record",
            target=record,
            details={"instruction": instruction.pk, "level": level},
        )
        who = leader.name if leader is not None else leader_name
        recipients = list(people)
        if isinstance(record, InfoReport):
            author = Person.objects.filter(pk=record.author_id).select_related("user").first()
            if author is not None:
                recipients.append(author)
        for person in recipients:
            notify(
                recipient=person.user,
                about=record,
                kind="information.instruction",
                title=f"{who}批示：{record_title(record)}"[:200],
                body=text,
                link=instruction_url(instruction),
                dedupe_key=f"information.instruction.{instruction.pk}.{person.pk}",
            )
    return instruction


# --- to supervision ---------------------------------------------------------------------------------------------


def leader_label(instruction: InfoInstruction) -> str:
    if instruction.leader_id is not None and instruction.leader is not None:
        return instruction.leader.name
    return instruction.leader_name


def _instruction(instruction: InfoInstruction) -> Instruction:
    record = record_of(instruction)
    who = leader_label(instruction)
    title = f"落实{who}对“{record_name(record)}”的批示"
    if len(title) > ITEM_TITLE_MAX:
        title = f"落实{who}对{'信息' if isinstance(record, InfoReport) else '刊物'}的批示"
    return Instruction(
        title=title[:ITEM_TITLE_MAX],
        text=instruction.text,
        source_record=instruction,
        source_note=f"{who}批示：{record_title(record)}"[:300],
        classification=record.classification,
        secrecy_term_years=record.secrecy_term_years,
        leader=instruction.leader,
        origin="instruction",
    )


def instruction_supervise(*, by: Actor, instruction: InfoInstruction) -> Any:
    """转为督办事项: the supervision item (source 领导批示, this instruction its source record), once."""
    with transaction.atomic():
        instruction, made = supervise_once(
            by=by,
            rows=InfoInstruction.objects.select_related("item", "issue__publication", "leader"),
            pk=instruction.pk,
            allowed=may_supervise(by),
            instruction_of=_instruction,
        )
        audit_record(
            actor=by,
            action="information.instruction.supervise",
            target=record_of(instruction),
            details={"instruction": instruction.pk, "item": made.pk},
        )
    return made


# --- reads ---------------------------------------------------------------------------------------------------


def visible_instructions(viewer: Any) -> QuerySet[InfoInstruction]:
    return visible(
        InfoInstruction.objects.select_related("item", "issue__publication", "leader"), viewer
    ).order_by("-given_on", "-id")


def instruction_rows(
    viewer: Any, *, item: InfoReport | None = None, issue: PublicationIssue | None = None
) -> list[tuple[InfoInstruction, list[RecordLink], bool]]:
    """The record's instructions (or every one the viewer may see): each with the supervision items made from
    it that the viewer may see (their state included) and whether the viewer may supervise it now."""
    rows = visible_instructions(viewer)
    if item is not None:
        rows = rows.filter(item=item)
    elif issue is not None:
        rows = rows.filter(issue=issue)
    instructions = list(rows[:200])
    links = made_from_each(instructions, viewer)
    supervising = may_supervise(viewer)
    return [
        (instruction, links.get(instruction.pk, []), supervising and instruction.supervised_at is None)
        for instruction in instructions
    ]


def instruction_todos(user: Any) -> list[TodoItem]:
    """批示待转督办 in a supervisor's 待办: the 批示 he may see not yet turned into supervision items."""
    if not may_supervise(user):
        return []
    pending = visible_instructions(user).filter(supervised_at__isnull=True)[:50]
    return [
        TodoItem(
            title=f"批示待转督办：{leader_label(instruction)}批示{record_title(record_of(instruction))}"[
                :200
            ],
            url=reverse("information:instructions") + f"?pending=1#instruction-{instruction.pk}",
            kind="information.instruction",
            source_label="领导批示",
            at=instruction.recorded_at,
            classification=record_of(instruction).classification,
        )
        for instruction in pending
    ]


def _instruction_scope(viewer: Viewer, action: Action) -> Q | None:
    """An instruction is read with its item or issue: whoever may see the one sees its instructions."""
    if action != Action.VIEW:
        return None
    items = scope_filter(InfoReport, viewer, Action.VIEW)
    issues = scope_filter(PublicationIssue, viewer, Action.VIEW)
    rule = Q(pk__in=[])
    if items is not None:
        rule |= Q(item__in=InfoReport.objects.filter(items).values("pk"))
    if issues is not None:
        rule |= Q(issue__in=PublicationIssue.objects.filter(issues).values("pk"))
    return rule


def _linked_title(instruction: InfoInstruction) -> str:
    """The record's name and the 批示's first words (a page puts the title in 《》 itself)."""
    return f"{record_name(record_of(instruction))}：{instruction.text[:40]}"


def register() -> None:
    register_scope(InfoInstruction, _instruction_scope)
    register_linked(InfoInstruction, noun="信息领导批示", title=_linked_title, url=instruction_url)

"""Writes on incoming documents (收文): receive, register, screen, propose, instruct, handle, circulate, close.

A copy dispatched inside 中枢 arrives `received`; registering it signs for it (the read receipt). A paper
document is received and registered in one step. Handling units get a deadline in working days and
reminders; circulation goes to the named leaders in `leader_rank` order, each marking it read.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.base.levels import Classification, clearance_covers
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden, InvalidTransition, ServiceError
from zhongshu.core.instructions import Instruction, instruction_follow_up
from zhongshu.documents.actions import RULES
from zhongshu.documents.models import (
    ArchiveState,
    CirculationSlip,
    Direction,
    Dispatch,
    DocType,
    Handling,
    OfficialDocument,
    Urgency,
)
from zhongshu.documents.numbering import allocate_serial, format_incoming_number, incoming_scope
from zhongshu.documents.services import (
    audit,
    chinese_date,
    clerks_of,
    document_url,
    lock,
    move,
    record_event,
    require_person,
    require_role,
    widen_knowledge,
)
from zhongshu.documents.states import DocAction, DocState
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person, Unit


def _check_unit_clerk(document: OfficialDocument, by: Actor, what: str) -> Person:
    person = require_role(by, Role.CLERK, what)
    if document.owner_unit_id != person.unit_id:
        raise Forbidden(f"只有收文单位的文书才能{what}", code="not_owner_unit")
    return person


def _assign_number(document: OfficialDocument) -> None:
    year = timezone.localdate().year
    serial = allocate_serial(incoming_scope(document.owner_unit_id or 0), year)
    document.incoming_year = year
    document.incoming_serial = serial
    document.incoming_number = format_incoming_number(year, serial)


def incoming_register_paper(
    *,
    by: Actor,
    title: str,
    source_unit_name: str,
    source_doc_number: str,
    received_on: date,
    copies: int,
    classification: int = Classification.INTERNAL,
    secrecy_term_years: int | None = None,
    doc_type: str = DocType.NOTICE,
    urgency: str = "",
    body: str = "",
) -> OfficialDocument:
    """签收并登记 a paper document: 来文单位, 来文字号, 收文日期, 份数, 密级; a 收文编号 is given."""
    person = require_role(by, Role.CLERK, "登记收文")
    title, source_unit_name = (title or "").strip(), (source_unit_name or "").strip()
    if not title:
        raise ServiceError("标题不能为空", code="title_required", field="title")
    if not source_unit_name:
        raise ServiceError("来文单位不能为空", code="source_required", field="source_unit_name")
    if copies < 1:
        raise ServiceError("份数至少为1份", code="copies_required", field="copies")
    if received_on > timezone.localdate():
        raise ServiceError("收文日期不能晚于今天", code="date_in_future", field="received_on")
    if doc_type not in DocType.values:
        raise ServiceError(f"未知的文种：{doc_type}", code="unknown_doc_type", field="doc_type")
    if urgency not in Urgency.values:
        raise ServiceError("紧急程度只能是特急或加急", code="invalid_urgency", field="urgency")
    if classification not in Classification.values:
        raise ServiceError("密级无效", code="invalid_classification", field="classification")
    if not clearance_covers(person.clearance, classification):
        raise ServiceError(
            f"您的涉密等级不能登记{Classification(classification).label}来文", code="clearance_too_low"
        )
    with transaction.atomic():
        document = OfficialDocument(
            direction=Direction.INCOMING,
            state=DocState.RECEIVED,
            doc_type=doc_type,
            title=title[:200],
            body=body,
            urgency=urgency,
            classification=classification,
            secrecy_term_years=secrecy_term_years,
            source_unit_name=source_unit_name[:100],
            source_doc_number=(source_doc_number or "").strip()[:60],
            received_on=received_on,
            copies=copies,
            owner_unit=person.unit,
        )
        document.save()
        _assign_number(document)
        move(document, DocAction.REGISTER, by=by, note="纸质来文签收登记")
        audit(
            document, by=by, action="incoming.register", incoming_number=document.incoming_number, paper=True
        )
    return document


def incoming_register(*, document: OfficialDocument, by: Actor) -> OfficialDocument:
    """签收登记 an internally dispatched copy: a 收文编号, and the sender sees the read receipt."""
    with transaction.atomic():
        document = lock(document)
        RULES.require("in_register", by, document)
        person = require_person(by)
        _assign_number(document)
        move(document, DocAction.REGISTER, by=by)
        dispatch = Dispatch.objects.select_for_update().filter(incoming=document).first()
        if dispatch is not None and dispatch.read_at is None:
            dispatch.read_at = timezone.now()
            dispatch.read_by = person
            dispatch.save(update_fields=["read_at", "read_by"])
        audit(document, by=by, action="incoming.register", incoming_number=document.incoming_number)
    return document


def incoming_screen(
    *, document: OfficialDocument, by: Actor, passed: bool, note: str = ""
) -> OfficialDocument:
    """初审: ours? rules kept? type and format? A failure goes back to the sender with its reason."""
    note = (note or "").strip()
    with transaction.atomic():
        document = lock(document)
        RULES.require("screen", by, document)
        if passed:
            move(document, DocAction.SCREEN, by=by, note=note, screen_note=note[:500])
        else:
            if not note:
                raise ServiceError("退回来文单位须说明理由", code="reason_required", field="note")
            move(document, DocAction.SCREEN_FAIL, by=by, note=note, screen_note=note[:500])
            if document.origin is not None and document.origin.drafter is not None:
                notify(
                    recipient=document.origin.drafter.user,
                    about=document.origin,
                    kind="documents.returned_by_recipient",
                    title=f"来文被退回：{document.title}",
                    body=f"理由：{note}",
                    link=document_url(document.origin),
                )
        audit(document, by=by, action="incoming.screen", passed=passed)
    return document


def incoming_propose(
    *, document: OfficialDocument, by: Actor, proposal: str, leader: Person
) -> OfficialDocument:
    """拟办: the office proposes how to handle it and names the leader who gives the instruction."""
    proposal = (proposal or "").strip()
    if not proposal:
        raise ServiceError("拟办意见不能为空", code="proposal_required", field="proposal")
    if not leader.is_leader:
        raise ServiceError(f"{leader.name}不是领导", code="not_leader", field="leader")
    with transaction.atomic():
        document = lock(document)
        RULES.require("propose", by, document)
        person = require_person(by)
        if not clearance_covers(leader.clearance, document.classification):
            raise ServiceError(f"{leader.name}的涉密等级不能阅批本文", code="participant_clearance")
        move(
            document,
            DocAction.PROPOSE,
            by=by,
            note=proposal,
            proposal=proposal,
            proposal_by=person,
            instruction_leader=leader,
        )
        widen_knowledge(document, people=[leader])
        audit(document, by=by, action="incoming.propose", leader=leader.pk)
        notify(
            recipient=leader.user,
            about=document,
            kind="documents.instruction_wanted",
            title=f"请批示：{document.title}",
            body=f"拟办意见：{proposal}",
            link=document_url(document),
            dedupe_key=f"documents.{document.pk}.instruct.{leader.user_id}",
        )
    return document


def incoming_instruct(*, document: OfficialDocument, by: Actor, instruction: str) -> OfficialDocument:
    """批示, in the leader's own words."""
    require_person(by)
    instruction = (instruction or "").strip()
    if not instruction:
        raise ServiceError("批示内容不能为空", code="instruction_required", field="instruction")
    with transaction.atomic():
        document = lock(document)
        RULES.require("instruct", by, document)
        move(
            document,
            DocAction.INSTRUCT,
            by=by,
            note=instruction,
            instruction=instruction,
            instruction_at=timezone.now(),
        )
        audit(document, by=by, action="incoming.instruct")
    return document


def incoming_assign(
    *, document: OfficialDocument, by: Actor, units: list[Unit], workdays: int, lead_unit: Unit | None = None
) -> list[Handling]:
    """承办: units handle it by a deadline in working days; one lead unit when several handle it."""
    if not units:
        raise ServiceError("至少指定一个承办单位", code="units_required", field="units")
    if workdays < 1:
        raise ServiceError("办理时限至少为1个工作日", code="invalid_time_limit", field="workdays")
    lead = lead_unit or units[0]
    if lead not in units:
        raise ServiceError("牵头单位须在承办单位之中", code="lead_not_in_units", field="lead_unit")
    with transaction.atomic():
        document = lock(document)
        RULES.require("assign", by, document)
        taken = set(Handling.objects.filter(document=document).values_list("unit_id", flat=True))
        doubled = [unit.name for unit in units if unit.pk in taken]
        if doubled:
            raise ServiceError(f"{'、'.join(doubled)}已在承办", code="already_handling")
        today = timezone.localdate()
        handlings = []
        for unit in units:
            handling = Handling(document=document, unit=unit, is_lead=unit == lead, assigned_by=by)
            handling.set_deadline_in_workdays(today, workdays)
            handling.save()
            handlings.append(handling)
        widen_knowledge(document, units=units)
        move(document, DocAction.HANDLE, by=by, note="、".join(unit.name for unit in units))
        audit(document, by=by, action="incoming.assign", units=[unit.pk for unit in units], workdays=workdays)
        for handling in handlings:
            for clerk in clerks_of(handling.unit_id):
                notify(
                    recipient=clerk,
                    about=document,
                    kind="documents.handle",
                    title=f"{'牵头' if handling.is_lead else '配合'}承办：{document.title}",
                    body=f"办理期限：{chinese_date(handling.deadline)}" if handling.deadline else "",
                    link=document_url(document),
                    dedupe_key=f"documents.handling.{handling.pk}.{clerk.pk}",
                )
    return handlings


def handling_remind(*, handling: Handling, by: Actor) -> Handling:
    """催办: each reminder is counted, recorded and sent to the handling unit's clerks."""
    with transaction.atomic():
        handling = Handling.objects.select_for_update().select_related("document").get(pk=handling.pk)
        _check_unit_clerk(handling.document, by, "催办")
        if handling.completed_at is not None:
            raise InvalidTransition("该承办已办结，无需催办", code="already_completed")
        handling.reminders += 1
        handling.save(update_fields=["reminders"])
        document = handling.document
        record_event(
            document,
            by=by,
            action="handling.remind",
            from_state=document.state,
            note=f"第{handling.reminders}次催办",
        )
        audit(document, by=by, action="incoming.remind", handling=handling.pk)
        for clerk in clerks_of(handling.unit_id):
            notify(
                recipient=clerk,
                about=document,
                kind="documents.remind",
                title=f"催办：{document.title}",
                body=f"办理期限：{chinese_date(handling.deadline)}" if handling.deadline else "请尽快办理",
                link=document_url(document),
            )
    return handling


def handling_complete(*, handling: Handling, by: Actor, result: str) -> Handling:
    """The handling unit reports it done, with the result."""
    person = require_person(by)
    result = (result or "").strip()
    if not result:
        raise ServiceError("请填写办理结果", code="result_required", field="result")
    with transaction.atomic():
        handling = Handling.objects.select_for_update().select_related("document").get(pk=handling.pk)
        if person.unit_id != handling.unit_id:
            raise Forbidden("只有承办单位才能报告办结", code="not_handling_unit")
        if handling.completed_at is not None:
            raise InvalidTransition("该承办已办结", code="already_completed")
        handling.result = result
        handling.completed_at = timezone.now()
        handling.save(update_fields=["result", "completed_at"])
        record_event(
            handling.document,
            by=by,
            action="handling.complete",
            from_state=handling.document.state,
            note=result,
        )
        audit(handling.document, by=by, action="incoming.handled", handling=handling.pk)
    return handling


def incoming_circulate(
    *, document: OfficialDocument, by: Actor, readers: list[Person]
) -> list[CirculationSlip]:
    """传阅 to the named leaders in `leader_rank` order; the first is told at once, each next when it is their turn."""
    if not readers:
        raise ServiceError("至少指定一位传阅领导", code="readers_required", field="readers")
    ordered = sorted(set(readers), key=lambda p: (p.leader_rank is None, p.leader_rank or 0, p.pk))
    with transaction.atomic():
        document = lock(document)
        RULES.require("circulate", by, document)
        refused = [p.name for p in ordered if not clearance_covers(p.clearance, document.classification)]
        if refused:
            raise ServiceError(f"{'、'.join(refused)}的涉密等级不能传阅本文", code="participant_clearance")
        start = CirculationSlip.objects.filter(document=document).count()
        slips = [
            CirculationSlip.objects.create(document=document, reader=reader, position=start + index)
            for index, reader in enumerate(ordered, start=1)
        ]
        widen_knowledge(document, people=ordered)
        move(document, DocAction.HANDLE, by=by, note="传阅：" + "、".join(p.name for p in ordered))
        audit(document, by=by, action="incoming.circulate", readers=[p.pk for p in ordered])
        _notify_reader(slips[0])
    return slips


def _notify_reader(slip: CirculationSlip) -> None:
    notify(
        recipient=slip.reader.user,
        about=slip.document,
        kind="documents.circulate",
        title=f"传阅：{slip.document.title}",
        link=document_url(slip.document),
        dedupe_key=f"documents.slip.{slip.pk}",
    )


def circulation_read(*, slip: CirculationSlip, by: Actor, remark: str = "") -> CirculationSlip:
    """The reader marks it read, in turn: nobody is skipped."""
    person = require_person(by)
    with transaction.atomic():
        slip = CirculationSlip.objects.select_for_update().select_related("document").get(pk=slip.pk)
        if slip.reader_id != person.pk:
            raise Forbidden("只有传阅人本人才能标记已阅", code="not_reader")
        if slip.read_at is not None:
            raise InvalidTransition("已阅，不能重复标记", code="already_read")
        waiting = (
            CirculationSlip.objects.filter(
                document=slip.document, position__lt=slip.position, read_at__isnull=True
            )
            .select_related("reader")
            .first()
        )
        if waiting is not None:
            raise InvalidTransition(f"请待{waiting.reader.name}阅毕后再阅", code="not_your_turn")
        slip.read_at = timezone.now()
        slip.remark = (remark or "").strip()[:300]
        slip.save(update_fields=["read_at", "remark"])
        record_event(
            slip.document, by=by, action="circulation.read", from_state=slip.document.state, note=slip.remark
        )
        audit(slip.document, by=by, action="incoming.read", slip=slip.pk)
        following = (
            CirculationSlip.objects.filter(document=slip.document, position__gt=slip.position)
            .select_related("reader__user", "document")
            .first()
        )
        if following is not None:
            _notify_reader(following)
    return slip


def incoming_complete(*, document: OfficialDocument, by: Actor) -> OfficialDocument:
    """办结: every handling unit is done and every reader has read it."""
    with transaction.atomic():
        document = lock(document)
        RULES.require("complete", by, document)  # every handling done, every reader has read it
        move(document, DocAction.COMPLETE, by=by)
        audit(document, by=by, action="incoming.complete")
    return document


def incoming_archive(*, document: OfficialDocument, by: Actor) -> OfficialDocument:
    """归档 (a flag until the archives module takes the item over)."""
    with transaction.atomic():
        document = lock(document)
        RULES.require("archive", by, document)
        move(document, DocAction.ARCHIVE, by=by, archive_state=ArchiveState.HANDED_OVER)
        audit(document, by=by, action="incoming.archive")
    return document


def instruction_to_supervision(*, document: OfficialDocument, by: Actor) -> Any:
    """One action turns a leader's instruction into a linked `SupervisionItem` (领导批示 source).

    Hands the 批示 to the follow-up 督查督办 registers in `core.instructions` (its own permission and
    duplicate checks apply; documents never import supervision); should that module be absent, it answers a
    clear error and changes nothing.
    """
    RULES.require("supervise", by, document)  # a 批示, the follow-up installed and allowed, not made yet
    follow_up = instruction_follow_up("supervision")
    assert follow_up is not None  # noqa: S101 - the rule requires it
    return follow_up.make(
        by=by,
        instruction=Instruction(
            title=document.title,
            text=document.instruction,
            source_record=document,
            source_note=f"{document.instruction_leader.name if document.instruction_leader else ''}批示："
            f"{document.incoming_number or document.doc_number}"[:300],
            classification=document.classification,
            secrecy_term_years=document.secrecy_term_years,
            leader=document.instruction_leader,
        ),
    )

"""涉密会议: a meeting classified as a state secret (秘密 and above) — the room it may use, who may attend, its
checklist, and its numbered material copies.

Checks the other parts call (each raises a `ServiceError` and writes nothing):

- `check_room_cleared(meeting, room)` → `room_not_cleared` when a 涉密会议 is put in a room not cleared for
  classified meetings (the application and scheduling parts, when a room is chosen). `meeting` may be an
  unsaved instance: only its `classification` is read.
- `check_attendee_clearance(meeting, people)` → `attendee_not_cleared` when someone's clearance does not cover
  the meeting's level (`base.levels.clearance_covers`, the rule the access policy itself applies); the
  notice part calls it before it sends, the application part when attendees are named.

`refusals_audited(meeting, by=, action=)` wraps a service (outside its transaction): a refusal on a 涉密会议
leaves an audit line `meetings.<action>` with outcome `denied` and the refusal's code, after the refused
work rolled back. Every change on a 涉密会议 is audited by the services themselves.

Services (the meeting staff or a 保密员, `actions.RULES["secrecy"]`):

- `secrecy_check_record(meeting=, by=, item=, note=)`: one checklist item (`SecrecyCheck`) with who checked
  it and when, once each; 涉密材料已全部收回 is refused while a copy is out;
- `material_copy_hand_out(meeting=, by=, material=, holder=, copy_number=, topic=)`: copy N of a material to a
  person who attends and is cleared (N defaults to the next free number of that material);
- `material_copy_return(copy=, by=)`: the copy is back; `returned_to` is who received it, `returned_at` when.

`closing.meeting_close` is refused while a copy is out (`copies_outstanding`) and, for a 涉密会议, until the
checklist is complete (`secrecy_checklist_incomplete`): both are the `close` rule in actions.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.audit.refusals import refusals_audited as audited_refusals
from zhongshu.base.levels import Classification, clearance_covers
from zhongshu.core.errors import ServiceError
from zhongshu.meetings.actions import RULES, copies_out, is_classified_meeting
from zhongshu.meetings.models import (
    Attendee,
    MaterialCopy,
    Meeting,
    Room,
    SecrecyCheck,
    SecrecyCheckEntry,
    Topic,
)
from zhongshu.meetings.services import audit, bump, locked, record_event
from zhongshu.org.models import Person

MAX_COPY_NUMBER = 9999


def check_room_cleared(meeting: Meeting, room: Room | None) -> None:
    """A 涉密会议 only in a room cleared for classified meetings."""
    if room is None or not is_classified_meeting(meeting) or room.cleared_for_classified:
        return
    level = Classification(meeting.classification).label
    raise ServiceError(
        f"{room.name}未经保密检查，不能召开{level}级涉密会议，请选择可召开涉密会议的会议室",
        code="room_not_cleared",
        field="room",
    )


def check_attendee_clearance(meeting: Meeting, people: Iterable[Person | None]) -> None:
    """Everyone named must be cleared for the meeting's level; the message names each who is not."""
    refused = [
        person.name
        for person in people
        if person is not None and not clearance_covers(person.clearance, meeting.classification)
    ]
    if refused:
        level = Classification(meeting.classification).label
        raise ServiceError(
            f"{'、'.join(dict.fromkeys(refused))}的涉密等级不能参加{level}级会议",
            code="attendee_not_cleared",
            field="attendees",
        )


def refusals_audited(meeting: Meeting, *, by: Actor, action: str) -> AbstractContextManager[None]:
    """Audit a refused `action` on a 涉密会议 (audit.refusals: use it outside the service's `transaction.atomic()`,
    so the audit line is not rolled back with the refused work); an open meeting's refusals are not audited."""
    if not is_classified_meeting(meeting):
        return nullcontext()
    return audited_refusals(by=by, action=f"meetings.{action}", target=meeting)


def secrecy_check_record(
    *, meeting: Meeting, by: Actor, item: str, note: str = "", version: int | None = None
) -> SecrecyCheckEntry:
    """Record one checklist item of a 涉密会议, with who checked it and when."""
    with refusals_audited(meeting, by=by, action="secrecy_check"), transaction.atomic():
        meeting = locked(meeting, version)
        RULES.require("secrecy", by, meeting)
        if item not in SecrecyCheck.values:
            raise ServiceError(f"未知的检查项目：{item[:40]}", code="unknown_check_item", field="item")
        label = str(SecrecyCheck(item).label)
        if SecrecyCheckEntry.objects.filter(meeting=meeting, item=item).exists():
            raise ServiceError(f"“{label}”已经记录", code="check_already_recorded", field="item")
        clean = " ".join(note.split())
        if len(clean) > 300:
            raise ServiceError("说明不能超过300字", code="too_long", field="note")
        if item == SecrecyCheck.MATERIALS_RECOVERED:
            out = copies_out(meeting)
            if out:
                raise ServiceError(
                    f"尚有{out}份涉密材料未收回，不能确认已全部收回", code="copies_outstanding", field="item"
                )
        entry = SecrecyCheckEntry.objects.create(
            meeting=meeting, item=item, checked_by=by, checked_at=timezone.now(), note=clean
        )
        bump(meeting)
        record_event(meeting, action="secrecy_check", by=by, note=label)
        audit(meeting, by=by, action="secrecy_check", check=item, entry=entry.pk)
    return entry


def _attending(meeting: Meeting, person: Person) -> bool:
    """Whether `person` takes part: the chair, an invited person (or a unit's named delegate), or the
    substitute sent in someone's place."""
    if meeting.chair_id == person.pk:
        return True
    return Attendee.objects.filter(Q(person=person) | Q(substitute=person), meeting=meeting).exists()


def material_copy_hand_out(
    *,
    meeting: Meeting,
    by: Actor,
    material: str,
    holder: Person | None,
    copy_number: int | None = None,
    topic: Topic | None = None,
) -> MaterialCopy:
    """Hand copy `copy_number` (else the next free one) of `material` to `holder`, who must attend the
    meeting and be cleared for its level."""
    with refusals_audited(meeting, by=by, action="copy_hand_out"), transaction.atomic():
        meeting = locked(meeting)
        RULES.require("secrecy", by, meeting)
        name = " ".join((material or "").split()) or (topic.title if topic is not None else "")
        if not name:
            raise ServiceError("请填写材料名称", code="material_required", field="material")
        if len(name) > 200:
            raise ServiceError("材料名称不能超过200字", code="too_long", field="material")
        if topic is not None and topic.meeting_id != meeting.pk:
            raise ServiceError("议题不属于本次会议", code="unknown_topic", field="topic")
        if holder is None:
            raise ServiceError("请选择领取人", code="holder_required", field="holder")
        check_attendee_clearance(meeting, [holder])
        if not _attending(meeting, holder):
            raise ServiceError(
                f"{holder.name}不是本次会议的参会人员，不能领取涉密材料",
                code="holder_not_attending",
                field="holder",
            )
        copies = MaterialCopy.objects.filter(meeting=meeting, material=name)
        if copy_number is None:
            copy_number = (copies.aggregate(last=Max("copy_number"))["last"] or 0) + 1
        if not 1 <= copy_number <= MAX_COPY_NUMBER:
            raise ServiceError(
                f"份号应在1至{MAX_COPY_NUMBER}之间：{copy_number}",
                code="bad_copy_number",
                field="copy_number",
            )
        if copies.filter(copy_number=copy_number).exists():
            raise ServiceError(
                f"“{name}”第{copy_number}份已经发放", code="copy_number_taken", field="copy_number"
            )
        copy = MaterialCopy.objects.create(
            meeting=meeting,
            topic=topic,
            material=name,
            copy_number=copy_number,
            holder=holder,
            handed_out_at=timezone.now(),
            handed_out_by=by,
        )
        bump(meeting)
        record_event(meeting, action="copy_hand_out", by=by, note=f"{copy}→{holder.name}")
        audit(meeting, by=by, action="copy_hand_out", copy=copy.pk, copy_number=copy_number, holder=holder.pk)
    return copy


def material_copy_return(*, copy: MaterialCopy, by: Actor) -> MaterialCopy:
    """Record that a numbered copy came back: when, and who received it."""
    meeting = copy.meeting
    with refusals_audited(meeting, by=by, action="copy_return"), transaction.atomic():
        meeting = locked(meeting)
        RULES.require("secrecy", by, meeting)
        copy = (
            MaterialCopy.objects.select_for_update().select_related("holder").get(pk=copy.pk, meeting=meeting)
        )
        if copy.returned_at is not None:
            raise ServiceError(
                f"{copy}已于{timezone.localtime(copy.returned_at):%m-%d %H:%M}收回",
                code="copy_already_returned",
                field="copy",
            )
        copy.returned_at = timezone.now()
        copy.returned_to = by
        copy.save(update_fields=["returned_at", "returned_to"])
        bump(meeting)
        record_event(meeting, action="copy_return", by=by, note=f"{copy}（{copy.holder.name}）")
        audit(meeting, by=by, action="copy_return", copy=copy.pk, copy_number=copy.copy_number)
    return copy


@dataclass(frozen=True)
class ChecklistLine:
    item: str
    label: str
    entry: SecrecyCheckEntry | None


@dataclass(frozen=True)
class SecrecyState:
    """What the 保密 section and the API show: the checklist item by item, the copies, and what still
    keeps the meeting from being closed."""

    classified: bool
    checklist: list[ChecklistLine]
    copies: list[MaterialCopy]
    out: int
    missing: list[str]

    @property
    def complete(self) -> bool:
        return not self.missing


def secrecy_state(meeting: Meeting) -> SecrecyState:
    entries = {
        entry.item: entry
        for entry in SecrecyCheckEntry.objects.filter(meeting=meeting).select_related("checked_by__person")
    }
    checklist = [
        ChecklistLine(value, str(label), entries.get(value)) for value, label in SecrecyCheck.choices
    ]
    copies = list(
        MaterialCopy.objects.filter(meeting=meeting).select_related(
            "holder", "handed_out_by__person", "returned_to__person", "topic"
        )
    )
    return SecrecyState(
        classified=is_classified_meeting(meeting),
        checklist=checklist,
        copies=copies,
        out=sum(1 for copy in copies if copy.returned_at is None),
        missing=[value for value in SecrecyCheck.values if value not in entries],
    )

"""会议纪要: drafted from the meeting — its agenda (议题), its decisions (议定事项) and its attendance — as a 纪要
of the documents module, which it is from then on: review, sign-off, numbering, dispatch and filing run in
documents' own flow (so its review time counts in documents' turnaround statistics), and the meeting keeps
the link (`Meeting.minutes_document`).

The 出席/请假/列席 lists come from the attendance after replies and sign-in (`replies.attendance`): 请假 as
replied (unless the person signed in after all), 列席 the invitations to sit in, 出席 the others. Once anyone
has signed in, only those signed in are 出席 or 列席; before, an invitation not answered counts as attended
(the drafter corrects the lists before review).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.documents.models import DocType, OfficialDocument
from zhongshu.documents.rules import TITLE_MAX
from zhongshu.documents.services import document_draft_create
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.models import AttendeeRole, Meeting, MeetingDecision, Topic
from zhongshu.meetings.replies import AttendanceLine, attendance
from zhongshu.meetings.services import audit, bump, locked, record_event

# The 纪要标志 is the meeting's name and 纪要 when it fits the flag's column; otherwise the unit's 会议纪要.
FLAG_MAX = OfficialDocument._meta.get_field("issuer_mark").max_length or 60
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class MinutesLists:
    """The three lists of a 纪要 (GB/T 9704-2012 10.3), each in invitation order, the chair first."""

    present: tuple[str, ...]
    absent: tuple[str, ...]
    attending: tuple[str, ...]


def _shown_name(line: AttendanceLine, meeting: Meeting) -> str:
    """A person of the convening unit by name; anyone else with their unit (出席人单位、姓名); a unit that
    named no one by the unit."""
    person = line.person
    if person is None:
        return line.unit_name
    if person.unit_id == meeting.applicant_unit_id:
        return str(person.name)
    return f"{line.unit_name or person.unit.name}{person.name}"


def minutes_lists(meeting: Meeting) -> MinutesLists:
    """出席, 请假 and 列席 from the meeting's attendance (replies and sign-in), in invitation order with the
    chair first."""
    found = attendance(meeting)
    if any(line.signed_in_at is not None for line in [*found.present, *found.sitting_in]):
        present = [line for line in found.present if line.signed_in_at is not None]
        attending = [line for line in found.sitting_in if line.signed_in_at is not None]
    else:
        present = [*found.present, *(line for line in found.unreplied if line.role != AttendeeRole.SIT_IN)]
        attending = [
            *found.sitting_in,
            *(line for line in found.unreplied if line.role == AttendeeRole.SIT_IN),
        ]
    rank = {pk: n for n, pk in enumerate(meeting.attendees.values_list("pk", flat=True))}

    def names(lines: list[AttendanceLine]) -> tuple[str, ...]:
        lines = sorted(
            lines, key=lambda line: (line.role != AttendeeRole.CHAIR, rank.get(line.attendee_id, 0))
        )
        return tuple(dict.fromkeys(name for line in lines if (name := _shown_name(line, meeting))))

    return MinutesLists(names(present), names(found.absent), names(attending))


def _numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    if n < 20:
        return "十" + NUMERALS[n - 11]
    tens, ones = divmod(n, 10)
    return NUMERALS[tens - 1] + "十" + (NUMERALS[ones - 1] if ones else "")


def _matter(title: str) -> str:
    """A 议题 as the object of 关于: "关于防汛准备工作" and "防汛准备工作" both read 防汛准备工作."""
    text = title.strip().rstrip("。；;")
    return text[2:] if text.startswith("关于") else text


def _chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def minutes_body(meeting: Meeting, topics: Sequence[Topic], decisions: Sequence[MeetingDecision]) -> str:
    """The draft's text: who convened what, when, on which 议题; a heading per 议题 with who reported; then the
    议定事项 with their lead units and deadlines. The drafter completes the meeting's views before review."""
    day = timezone.localdate(meeting.starts_at)
    chair = f"{meeting.chair.name}" if meeting.chair is not None else ""
    opening = f"{_chinese_date(day)}，{chair}主持召开{meeting.title}"
    if topics:
        matters = "、".join(_matter(topic.title) for topic in topics[:5])
        opening += f"，研究{matters}{'等' if len(topics) > 1 else ''}事项"
    paragraphs = [opening + "。现将会议议定事项纪要如下："]
    for n, topic in enumerate(topics, start=1):
        paragraphs.append(f"{_numeral(n)}、关于{_matter(topic.title)}")
        reporter = topic.presenter_unit.name if topic.presenter_unit is not None else ""
        if not reporter and topic.presenter is not None:
            reporter = topic.presenter.name
        heard = f"会议听取了{reporter}关于{_matter(topic.title)}的汇报。" if reporter else ""
        paragraphs.append(f"{heard}会议认为：（请补充会议意见）")
    if decisions:
        paragraphs.append(f"{_numeral(len(topics) + 1)}、议定事项")
        for n, decision in enumerate(decisions, start=1):
            text = decision.text.strip().rstrip("。；;")
            who = f"由{decision.lead_unit.name}牵头" if decision.lead_unit is not None else ""
            when = f"{_chinese_date(decision.deadline)}前完成" if decision.deadline is not None else ""
            tail = "，".join(part for part in (who, when) if part)
            paragraphs.append(f"（{_numeral(n)}）{text}。" + (f"{tail}。" if tail else ""))
    return "\n".join(paragraphs)


def minutes_draft(*, meeting: Meeting, by: Actor, version: int | None = None) -> OfficialDocument:
    """起草会议纪要: a 纪要 draft in the documents module (the drafter's unit owns it, classified as the
    meeting), its text from the agenda and decisions, its lists from the attendance; the meeting keeps it.
    The document's own rules apply (a refused draft leaves the meeting unchanged)."""
    with transaction.atomic():
        meeting = locked(meeting, version)
        RULES.require("draft_minutes", by, meeting)
        topics = list(meeting.topics.select_related("presenter", "presenter_unit"))
        decisions = list(meeting.decisions.select_related("lead_unit"))
        lists = minutes_lists(meeting)
        flag = f"{meeting.title}纪要"
        document = document_draft_create(
            by=by,
            doc_type=DocType.MINUTES,
            title=flag if len(flag) <= TITLE_MAX else meeting.title,
            body=minutes_body(meeting, topics, decisions),
            issuer_mark=flag if len(flag) <= FLAG_MAX else "",
            seal=False,
            classification=meeting.classification,
            secrecy_term_years=meeting.secrecy_term_years,
            date_of_writing=timezone.localdate(),
            minutes_present="\n".join(lists.present),
            minutes_absent="\n".join(lists.absent),
            minutes_attending="\n".join(lists.attending),
        )
        meeting.minutes_document = document
        bump(meeting, "minutes_document")
        record_event(meeting, action="minutes.draft", by=by, note=document.title)
        audit(meeting, by=by, action="minutes.draft", document=document.pk)
    return document

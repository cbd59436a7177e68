"""会议通知: the notice of an approved meeting, rendered as a DOCX in the GB/T 9704 layout, kept as the
meeting's attachment and sent inside 中枢 to every invited person and, for a unit asked to send someone, to
the unit's liaisons (联络员), who name whom it sends in their reply (replies.py).

Sending sets the reply deadline, widens the meeting's 知悉范围 to whom it reaches and marks each invitation
notified. A 涉密会议's notice goes only to people whose clearance covers its level (secrecy.
check_attendee_clearance): one who is not cleared refuses the whole sending (`attendee_not_cleared`), nothing
is sent, and the refusal is audited (secrecy.refusals_audited). A meeting
that changed after its notice can be notified again (the state table allows 已通知 → 已通知).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.utils import timezone

from zhongshu.access.policy import Action, can
from zhongshu.accounts.actors import Actor
from zhongshu.attachments.models import Attachment
from zhongshu.attachments.services import attach_file, attachments_of, store_file
from zhongshu.base.roles import Role
from zhongshu.core.errors import ServiceError
from zhongshu.documents.rendering import DocumentLayout
from zhongshu.documents.rendering.docx_writer import render_docx
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.models import Attendee, AttendeeRole, Meeting
from zhongshu.meetings.secrecy import check_attendee_clearance, refusals_audited
from zhongshu.meetings.services import audit, bump, locked, meeting_url, record_event
from zhongshu.meetings.states import MeetingAction, MeetingState, next_state
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person
from zhongshu.workdays.calendar import add_workdays

NOTICE_PURPOSE = "meeting_notice"
NOTICE_KIND = "meetings.notice"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WEEKDAYS = "一二三四五六日"


def liaisons_of(unit_ids: Iterable[int]) -> dict[int, list[Person]]:
    """Each unit's active liaisons (联络员), the same rule as supervision's, in one query."""
    wanted = set(unit_ids)
    found: dict[int, list[Person]] = {unit_id: [] for unit_id in wanted}
    if not wanted:
        return found
    people = (
        Person.objects.filter(unit_id__in=wanted, user__groups__name=Role.LIAISON.value, user__is_active=True)
        .select_related("user", "unit")
        .distinct()
        .order_by("unit_id", "id")
    )
    for person in people:
        found[person.unit_id].append(person)
    return found


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日（星期{WEEKDAYS[local.weekday()]}）{local:%H:%M}"


def _place(meeting: Meeting) -> str:
    parts = []
    if meeting.room is not None:
        parts.append(meeting.room.name + (f"（{meeting.room.place}）" if meeting.room.place else ""))
    if meeting.is_video:
        parts.append("视频会议" + (f"：{meeting.video_venue}" if meeting.video_venue else ""))
    return "；".join(parts) or "另行通知"


def _attendee_text(attendees: Sequence[Attendee]) -> tuple[str, str]:
    """(出席, 列席) as the notice names them: people by unit and post, units as 各单位主要负责同志."""
    present: list[str] = []
    sitting_in: list[str] = []
    for attendee in attendees:
        if attendee.role == AttendeeRole.STAFF:
            continue
        person = attendee.person
        if attendee.unit is not None:
            text = f"{attendee.unit.name}主要负责同志"
        elif person is not None:
            text = f"{person.title}{person.name}同志" if person.title else f"{person.name}同志"
        else:
            continue
        (sitting_in if attendee.role == AttendeeRole.SIT_IN else present).append(text)
    return "、".join(present), "、".join(sitting_in)


def notice_title(meeting: Meeting) -> str:
    title = meeting.title
    return title if title.startswith("关于召开") else f"关于召开{title}的通知"


def notice_layout(
    meeting: Meeting, *, attendees: Sequence[Attendee], requirements: str, contact: str
) -> DocumentLayout:
    """The GB/T 9704 layout of the meeting's 会议通知: title 关于召开…的通知, the units addressed, and one
    paragraph per item: time, place, who attends, the agenda's purpose, requirements, reply and contact."""
    present, sitting_in = _attendee_text(attendees)
    deadline = meeting.reply_deadline
    lines = [f"经研究，定于{_when(meeting.starts_at)}召开{meeting.title}。现将有关事项通知如下："]
    lines.append(f"一、会议时间：{_when(meeting.starts_at)}至{timezone.localtime(meeting.ends_at):%H:%M}")
    lines.append(f"二、会议地点：{_place(meeting)}")
    attend = f"三、参会人员：{present or '另行通知'}"
    if sitting_in:
        attend += f"；列席：{sitting_in}"
    lines.append(attend + "。")
    n = 4
    if meeting.purpose.strip():
        lines.append(f"{_numeral(n)}、会议内容：{meeting.purpose.strip()}")
        n += 1
    if requirements.strip():
        lines.append(f"{_numeral(n)}、会议要求：{requirements.strip()}")
        n += 1
    if deadline is not None:
        lines.append(
            f"{_numeral(n)}、回执要求：请于{_when(deadline)}前在中枢系统填报参会回执；"
            "不能参会的请写明事由，委派他人代参的请写明代参人员及事由。"
        )
        n += 1
    if contact.strip():
        lines.append(f"{_numeral(n)}、联系人及电话：{contact.strip()}")
    units = [a.unit.name for a in attendees if a.unit_id is not None and a.unit is not None]
    organ = meeting.applicant_unit.name
    return DocumentLayout(
        secrecy=meeting.secrecy_marking,
        title=notice_title(meeting),
        primary_recipients="、".join(units),
        body="\n".join(lines),
        signature=[organ],
        date_of_writing=timezone.localdate(),
        printing_office=organ,
        print_date=timezone.localdate(),
    )


def _numeral(n: int) -> str:
    return "一二三四五六七八九十"[n - 1]


def notice_file(meeting: Meeting) -> Attachment | None:
    """The notice last sent (a re-sent notice keeps the earlier ones beside it)."""
    return attachments_of(meeting, purpose=NOTICE_PURPOSE).order_by("-created_at", "-id").first()


def _recipients(attendees: Sequence[Attendee]) -> tuple[list[Person], dict[int, list[Person]]]:
    """The people invited by name and, per invited unit, the liaisons who receive its notice (with the person
    the unit already named, when it did)."""
    people = [a.person for a in attendees if a.unit_id is None and a.person is not None]
    by_unit = liaisons_of(a.unit_id for a in attendees if a.unit_id is not None)
    for attendee in attendees:
        named = attendee.person
        if attendee.unit_id is not None and named is not None and named not in by_unit[attendee.unit_id]:
            by_unit[attendee.unit_id].append(named)
    return people, by_unit


def meeting_notify(
    *,
    meeting: Meeting,
    by: Actor,
    reply_deadline: datetime,
    requirements: str = "",
    contact: str = "",
    version: int | None = None,
) -> Meeting:
    """发送会议通知: render and keep the DOCX, tell every invited person and unit, widen the 知悉范围."""
    with refusals_audited(meeting, by=by, action="notify"):
        return _notify(
            meeting=meeting,
            by=by,
            reply_deadline=reply_deadline,
            requirements=requirements.strip(),
            contact=contact.strip(),
            version=version,
        )


def _notify(
    *,
    meeting: Meeting,
    by: Actor,
    reply_deadline: datetime,
    requirements: str,
    contact: str,
    version: int | None,
) -> Meeting:
    with transaction.atomic():
        fresh = locked(meeting, version)
        RULES.require("notify", by, fresh)
        now = timezone.now()
        if reply_deadline >= fresh.starts_at:
            raise ServiceError(
                "回执截止时间应早于会议开始时间", code="reply_deadline_after_start", field="reply_deadline"
            )
        if reply_deadline <= now:
            raise ServiceError(
                "回执截止时间已过，请重新选择", code="reply_deadline_past", field="reply_deadline"
            )
        if len(contact) > 100:
            raise ServiceError("联系人及电话不能超过100字", code="too_long", field="contact")
        attendees = list(
            fresh.attendees.select_related("person__user", "unit").exclude(role=AttendeeRole.STAFF)
        )
        if not attendees:
            raise ServiceError("尚未确定参会人员或参会单位，不能发送会议通知", code="no_attendees")
        people, by_unit = _recipients(attendees)
        for unit_id, liaisons in by_unit.items():
            if not liaisons:
                unit = next(a.unit for a in attendees if a.unit_id == unit_id)
                raise ServiceError(
                    f"{unit.name if unit else '参会单位'}没有联络员，无法接收会议通知",
                    code="unit_without_liaison",
                    field="attendees",
                )
        everyone = list(dict.fromkeys([*people, *(p for ps in by_unit.values() for p in ps)]))
        check_attendee_clearance(fresh, everyone)

        fresh.reply_deadline = reply_deadline
        fresh.notice_requirements = requirements
        fresh.notice_contact = contact
        again = fresh.state == MeetingState.NOTIFIED
        fresh.state = next_state(fresh.state, MeetingAction.NOTIFY)
        bump(fresh, "reply_deadline", "notice_requirements", "notice_contact", "state")
        # Whom the notice reaches may know the meeting: before the notices, which pass the policy.
        fresh.need_to_know_people.add(*everyone)
        fresh.need_to_know_units.add(*by_unit)

        layout = notice_layout(fresh, attendees=attendees, requirements=requirements, contact=contact)
        data = render_docx(layout)
        name = f"{notice_title(fresh)}.docx"
        stored = store_file(uploaded=SimpleUploadedFile(name, data, content_type=DOCX_TYPE), by=by)
        attachment = attach_file(owner=fresh, stored=stored, by=by, purpose=NOTICE_PURPOSE)
        Attendee.objects.filter(pk__in=[a.pk for a in attendees]).update(notified_at=now)

        link = meeting_url(fresh)
        deadline = _when(reply_deadline)
        prefix = "会议通知（更新）" if again else "会议通知"
        for person in people:
            notify(
                recipient=person.user,
                about=fresh,
                kind=NOTICE_KIND,
                title=f"{prefix}：{fresh.title}",
                body=f"{_when(fresh.starts_at)}，{_place(fresh)}。请于{deadline}前填报参会回执。",
                link=link,
                dedupe_key=f"{NOTICE_KIND}:{fresh.pk}:{fresh.version}:{person.user_id}",
            )
        told = {person.pk for person in people}
        for liaisons in by_unit.values():
            for person in liaisons:
                if person.pk in told:
                    continue
                told.add(person.pk)
                notify(
                    recipient=person.user,
                    about=fresh,
                    kind=NOTICE_KIND,
                    title=f"{prefix}：{fresh.title}",
                    body=(
                        f"{_when(fresh.starts_at)}，{_place(fresh)}。请贵单位确定参会人员，"
                        f"于{deadline}前填报参会回执。"
                    ),
                    link=link,
                    dedupe_key=f"{NOTICE_KIND}:{fresh.pk}:{fresh.version}:{person.user_id}",
                )
        record_event(
            fresh,
            action="renotify" if again else MeetingAction.NOTIFY,
            by=by,
            note=f"通知{len(told)}人，回执截止{deadline}",
        )
        audit(
            fresh,
            by=by,
            action="renotify" if again else "notify",
            recipients=len(told),
            reply_deadline=reply_deadline.isoformat(),
            attachment=attachment.pk,
        )
    return fresh


def notice_defaults(meeting: Meeting) -> dict[str, Any]:
    """What the send form shows: the last notice's words, or a reply deadline the working day before."""
    deadline = meeting.reply_deadline
    if deadline is None:
        start = timezone.localtime(meeting.starts_at)
        day = add_workdays(start.date(), -1)
        deadline = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=17))
    return {
        "reply_deadline": timezone.localtime(deadline).strftime("%Y-%m-%dT%H:%M"),
        "requirements": meeting.notice_requirements,
        "contact": meeting.notice_contact,
    }


def may_download(user: Any, meeting: models.Model) -> bool:
    """Who may download the notice: whoever may download the meeting (attachments.download_response)."""
    return can(user, meeting, Action.DOWNLOAD)

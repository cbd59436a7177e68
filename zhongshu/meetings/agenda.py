"""议题: a meeting's agenda — topics in order, who presents each, and the materials sent in by a deadline
counted in working days.

Services (keyword-only, each under the meeting's row lock, each audited and written to the meeting's history):

- `topic_add(meeting=, by=, title=, presenter=, presenter_unit=, minutes_planned=, materials_due_on=)` adds a
  topic at the end of the agenda and tells the presenter when the material is due;
- `topics_reorder(meeting=, by=, topic_ids=)` puts the topics in the order given (every topic, once);
- `topic_remove(topic=, by=)` takes a topic off (not once its material is in or copies of it were handed out);
- `topics_set(meeting=, by=, titles=)` makes the agenda exactly `titles`, in order: a topic whose title is
  kept stays (with its presenter and material), the others go, new titles are added. **The application part
  calls this from its apply/edit form** (one title per line), inside or outside its own transaction;
- `topic_material_submit(topic=, by=, files=)` stores the topic's material (zhongshu.attachments, encrypted
  like every file) and records `materials_submitted_at` the first time.

Who may do what is `actions.RULES` (`agenda`: the applying unit or the meeting staff, before the meeting
starts; `material`: the topic's presenter, their unit's people or the meeting staff, until it is closed).

The deadline is derived, never stored unless someone sets it by hand: a topic's own `materials_due`, else the
meeting's `materials_due`, else `materials_workdays()` working days before the meeting's day
(`zhongshu.workdays`; the number is `settings.ZHONGSHU_MEETING_MATERIALS_WORKDAYS`, default 2). So a meeting
moved to another day moves its deadlines with it. Whether a material is late is derived too
(`materials_state`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.attachments.models import Attachment
from zhongshu.attachments.services import attach_file, attachments_of, store_file
from zhongshu.core.errors import Conflict, Forbidden, ServiceError
from zhongshu.meetings.actions import RULES, is_classified_meeting
from zhongshu.meetings.models import Meeting, Topic
from zhongshu.meetings.roles import is_meeting_office
from zhongshu.meetings.secrecy import check_attendee_clearance, refusals_audited
from zhongshu.meetings.services import audit, bump, locked, meeting_url, record_event
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person, Unit
from zhongshu.workdays.calendar import deadline_in_workdays

# The most topics one meeting's agenda holds (a county meeting has a handful; a list longer than this is a
# mistake, and the reorder's temporary numbers stay inside the column).
MAX_TOPICS = 50
MAX_MINUTES = 600
MATERIAL_PURPOSE = "material"
MATERIAL_KINDS = frozenset({"pdf", "docx", "xlsx", "txt"})
DEFAULT_MATERIALS_WORKDAYS = 2


def materials_workdays() -> int:
    """How many working days before the meeting its materials are due (configurable)."""
    value = getattr(settings, "ZHONGSHU_MEETING_MATERIALS_WORKDAYS", DEFAULT_MATERIALS_WORKDAYS)
    return max(0, int(value))


@dataclass(frozen=True)
class MaterialsDue:
    date: date
    # A deadline counted across a year whose holiday schedule is not entered yet (zhongshu.workdays).
    note: str = ""


def materials_due(topic: Topic, meeting: Meeting | None = None) -> MaterialsDue:
    """A topic's materials deadline: its own, else the meeting's, else N working days before the meeting."""
    meeting = meeting or topic.meeting
    if topic.materials_due is not None:
        return MaterialsDue(topic.materials_due)
    if meeting.materials_due is not None:
        return MaterialsDue(meeting.materials_due)
    deadline = deadline_in_workdays(timezone.localdate(meeting.starts_at), -materials_workdays())
    return MaterialsDue(deadline.date, deadline.note)


class MaterialsState:
    """What the agenda says of a topic's material (derived from the deadline and the submission time)."""

    NOT_DUE = "pending"
    SUBMITTED = "submitted"
    LATE = "late"  # sent in after the deadline
    MISSING = "missing"  # not sent in, deadline passed

    LABELS = {NOT_DUE: "未报送", SUBMITTED: "已报送", LATE: "逾期报送", MISSING: "逾期未报送"}


def materials_state(topic: Topic, due: date, today: date | None = None) -> str:
    today = today or timezone.localdate()
    submitted: datetime | None = topic.materials_submitted_at
    if submitted is not None:
        return MaterialsState.LATE if timezone.localdate(submitted) > due else MaterialsState.SUBMITTED
    return MaterialsState.MISSING if today > due else MaterialsState.NOT_DUE


def _title(title: str) -> str:
    clean = " ".join((title or "").split())
    if not clean:
        raise ServiceError("请填写议题名称", code="topic_title_required", field="title")
    if len(clean) > 200:
        raise ServiceError("议题名称不能超过200字", code="too_long", field="title")
    return clean


def _minutes(minutes_planned: int | None) -> int | None:
    if minutes_planned is not None and not 1 <= minutes_planned <= MAX_MINUTES:
        raise ServiceError(
            f"计划时长应在1至{MAX_MINUTES}分钟之间：{minutes_planned}",
            code="bad_minutes_planned",
            field="minutes_planned",
        )
    return minutes_planned


def _due(meeting: Meeting, materials_due_on: date | None) -> date | None:
    if materials_due_on is not None and materials_due_on > timezone.localdate(meeting.starts_at):
        raise ServiceError(
            "材料报送截止日期不能晚于会议日期", code="materials_due_after_meeting", field="materials_due"
        )
    return materials_due_on


def _widen(meeting: Meeting, presenter: Person | None, unit: Unit | None) -> None:
    """The presenter learns of the meeting (to send in the material); for a meeting that is not a state
    secret their unit does too, so a colleague may send it in."""
    if presenter is not None:
        meeting.need_to_know_people.add(presenter)
    if unit is not None and not is_classified_meeting(meeting):
        meeting.need_to_know_units.add(unit)


def _next_order(meeting: Meeting) -> int:
    last = Topic.objects.filter(meeting=meeting).order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


def topic_add(
    *,
    meeting: Meeting,
    by: Actor,
    title: str,
    presenter: Person | None = None,
    presenter_unit: Unit | None = None,
    minutes_planned: int | None = None,
    materials_due_on: date | None = None,
) -> Topic:
    """Add a topic at the end of the agenda. A presenter of a 涉密会议 must be cleared for its level."""
    with refusals_audited(meeting, by=by, action="topic_add"), transaction.atomic():
        meeting = locked(meeting)
        RULES.require("agenda", by, meeting)
        clean = _title(title)
        _minutes(minutes_planned)
        _due(meeting, materials_due_on)
        if Topic.objects.filter(meeting=meeting).count() >= MAX_TOPICS:
            raise ServiceError(f"一次会议最多{MAX_TOPICS}个议题", code="too_many_topics")
        if presenter is not None:
            check_attendee_clearance(meeting, [presenter])
            presenter_unit = presenter_unit or presenter.unit
        topic = Topic.objects.create(
            meeting=meeting,
            order=_next_order(meeting),
            title=clean,
            presenter=presenter,
            presenter_unit=presenter_unit,
            minutes_planned=minutes_planned,
            materials_due=materials_due_on,
        )
        _widen(meeting, presenter, presenter_unit)
        bump(meeting)
        record_event(meeting, action="topic_add", by=by, note=clean)
        audit(
            meeting,
            by=by,
            action="topic_add",
            topic=topic.pk,
            presenter=presenter.pk if presenter else None,
            presenter_unit=presenter_unit.pk if presenter_unit else None,
        )
        if presenter is not None:
            _tell_presenter(meeting, topic, presenter, by)
    return topic


def _tell_presenter(meeting: Meeting, topic: Topic, presenter: Person, by: Actor) -> None:
    """The presenter is told of the topic and when its material is due (through the outbox)."""
    user = getattr(presenter, "user", None)
    if user is None or user.pk == by.pk:
        return
    due = materials_due(topic, meeting).date
    notify(
        recipient=user,
        about=meeting,
        kind="meetings.topic_presenter",
        title=f"请报送议题材料：{topic.title}",
        body=f"{meeting.title}：请于{due.year}年{due.month}月{due.day}日前报送议题材料",
        link=f"{meeting_url(meeting)}#agenda",
    )


def _renumber(topics: Sequence[Topic]) -> None:
    """Give `topics` the orders 1..n (two passes: the orders are unique per meeting at every moment)."""
    for index, topic in enumerate(topics, start=1):
        Topic.objects.filter(pk=topic.pk).update(order=MAX_TOPICS * 10 + index)
    for index, topic in enumerate(topics, start=1):
        Topic.objects.filter(pk=topic.pk).update(order=index)
        topic.order = index


def topics_reorder(*, meeting: Meeting, by: Actor, topic_ids: Sequence[int]) -> list[Topic]:
    """Put the agenda in the order of `topic_ids`, which must name every topic of the meeting once (else the
    agenda changed since the page was drawn)."""
    with refusals_audited(meeting, by=by, action="topics_reorder"), transaction.atomic():
        meeting = locked(meeting)
        RULES.require("agenda", by, meeting)
        topics = {topic.pk: topic for topic in Topic.objects.filter(meeting=meeting)}
        if len(set(topic_ids)) != len(topic_ids) or set(topic_ids) != set(topics):
            raise Conflict("议题已被他人修改，请刷新页面后重新排序", code="agenda_changed")
        ordered = [topics[pk] for pk in topic_ids]
        _renumber(ordered)
        bump(meeting)
        record_event(meeting, action="topics_reorder", by=by)
        audit(meeting, by=by, action="topics_reorder", topic_order=list(topic_ids))
    return ordered


def _removable(topic: Topic) -> None:
    if topic.materials_submitted_at is not None:
        raise ServiceError(
            f"议题“{topic.title}”的材料已报送，不能删除", code="topic_has_materials", field="topic"
        )
    if topic.copies.exists():
        raise ServiceError(
            f"议题“{topic.title}”的材料已发放份号，不能删除", code="topic_has_copies", field="topic"
        )


def topic_remove(*, topic: Topic, by: Actor) -> None:
    """Take a topic off the agenda; the rest close up."""
    meeting = topic.meeting
    with refusals_audited(meeting, by=by, action="topic_remove"), transaction.atomic():
        meeting = locked(meeting)
        RULES.require("agenda", by, meeting)
        topic = Topic.objects.get(pk=topic.pk, meeting=meeting)
        _removable(topic)
        title, pk = topic.title, topic.pk
        topic.delete()
        _renumber(list(Topic.objects.filter(meeting=meeting).order_by("order", "id")))
        bump(meeting)
        record_event(meeting, action="topic_remove", by=by, note=title)
        audit(meeting, by=by, action="topic_remove", topic=pk)


def topics_set(*, meeting: Meeting, by: Actor, titles: Sequence[str]) -> list[Topic]:
    """Make the agenda exactly `titles` (blank lines ignored), in order. Topics whose title is kept stay as
    they are (presenter, material); the rest are removed (refused when their material is in); new titles
    are added without a presenter. Returns the agenda."""
    wanted: list[str] = []
    for raw in titles:
        if raw and raw.strip():
            clean = _title(raw)
            if clean not in wanted:
                wanted.append(clean)
    if len(wanted) > MAX_TOPICS:
        raise ServiceError(f"一次会议最多{MAX_TOPICS}个议题", code="too_many_topics", field="topics")
    with refusals_audited(meeting, by=by, action="topics_set"), transaction.atomic():
        meeting = locked(meeting)
        RULES.require("agenda", by, meeting)
        existing = {topic.title: topic for topic in Topic.objects.filter(meeting=meeting)}
        if list(existing) == wanted and [t.order for t in existing.values()] == list(
            range(1, len(wanted) + 1)
        ):
            return list(existing.values())
        for title, topic in existing.items():
            if title not in wanted:
                _removable(topic)
                topic.delete()
        kept = {title: topic for title, topic in existing.items() if title in wanted}
        start = _next_order(meeting) + MAX_TOPICS
        agenda = []
        for index, title in enumerate(wanted):
            found = kept.get(title)
            if found is None:
                found = Topic.objects.create(meeting=meeting, order=start + index, title=title)
            agenda.append(found)
        _renumber(agenda)
        bump(meeting)
        record_event(meeting, action="topics_set", by=by, note="；".join(wanted)[:500])
        audit(meeting, by=by, action="topics_set", topic_order=[topic.pk for topic in agenda])
    return agenda


def may_submit_material(by: Actor, topic: Topic) -> bool:
    """The topic's presenter, a person of the presenting unit, or the meeting staff."""
    if is_meeting_office(by):
        return True
    person = by.person_or_none
    if person is None:
        return False
    return topic.presenter_id == person.pk or (
        topic.presenter_unit_id is not None and topic.presenter_unit_id == person.unit_id
    )


def topic_material_submit(*, topic: Topic, by: Actor, files: Sequence[Any]) -> Topic:
    """Send in a topic's material (one or more files); the first submission's time is what lateness is judged
    by. The files are kept encrypted (zhongshu.attachments) and read through the meeting's access."""
    meeting = topic.meeting
    with refusals_audited(meeting, by=by, action="material_submit"), transaction.atomic():
        meeting = locked(meeting)
        RULES.require("material", by, meeting)
        topic = Topic.objects.select_for_update().get(pk=topic.pk, meeting=meeting)
        if not may_submit_material(by, topic):
            raise Forbidden(
                f"只有议题“{topic.title}”的汇报人、汇报单位或会务人员可以报送材料", code="not_presenter"
            )
        if not files:
            raise ServiceError("请选择要报送的材料文件", code="material_file_required", field="files")
        stored_ids = []
        for uploaded in files:
            stored = store_file(uploaded=uploaded, by=by, allowed_kinds=MATERIAL_KINDS)
            attach_file(owner=topic, stored=stored, by=by, purpose=MATERIAL_PURPOSE)
            stored_ids.append(stored.pk)
        now = timezone.now()
        first = topic.materials_submitted_at is None
        if first:
            topic.materials_submitted_at = now
            topic.save(update_fields=["materials_submitted_at"])
        due = materials_due(topic, meeting).date
        late = timezone.localdate(topic.materials_submitted_at or now) > due
        bump(meeting)
        record_event(
            meeting,
            action="material_submit",
            by=by,
            note=f"{topic.title}{'（逾期）' if late else ''}",
        )
        audit(meeting, by=by, action="material_submit", topic=topic.pk, files=stored_ids, overdue=late)
    return topic


def materials_of(topic: Topic) -> list[Attachment]:
    return list(attachments_of(topic, MATERIAL_PURPOSE))


@dataclass(frozen=True)
class AgendaRow:
    topic: Topic
    due: MaterialsDue
    state: str
    files: list[Attachment]

    @property
    def state_label(self) -> str:
        return MaterialsState.LABELS[self.state]

    @property
    def late(self) -> bool:
        return self.state in (MaterialsState.LATE, MaterialsState.MISSING)


def agenda_rows(meeting: Meeting, today: date | None = None) -> list[AgendaRow]:
    """The agenda as the page and the API show it: each topic with its deadline, its material's state and
    files (two queries however many topics)."""
    topics = list(
        Topic.objects.filter(meeting=meeting).select_related("presenter", "presenter_unit").order_by("order")
    )
    files: dict[int, list[Attachment]] = {topic.pk: [] for topic in topics}
    if topics:
        for attachment in Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(Topic),
            object_id__in=list(files),
            purpose=MATERIAL_PURPOSE,
        ).select_related("file"):
            files[attachment.object_id].append(attachment)
    rows = []
    for topic in topics:
        due = materials_due(topic, meeting)
        rows.append(AgendaRow(topic, due, materials_state(topic, due.date, today), files[topic.pk]))
    return rows

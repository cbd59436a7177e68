"""座次: the 主席台 and the first rows, arranged by `leader_rank` under the office's convention, editable by
hand, printable (a landscape page and a DOCX).

**Who sits where.** The candidates are the invitations expected in the room after the replies: every
Attendee who is not 工作人员 and has not replied 请假; a 委派代参 reply puts its substitute in the seat
(`Attendee.present_person`). The 主席台 (row 0) holds the ranked leaders (主持 or 出席, a `leader_rank`) in
rank order, at most `ZHONGSHU_SEATING_PLATFORM_SIZE` (default 7). The rows in front (1, 2, …, each
`ZHONGSHU_SEATING_ROW_SIZE` wide, default 12) hold the others: the remaining ranked leaders by rank, then
everyone else in the notice's order (`Attendee.sort_order`: named people, then the units).

A substitute (`ZHONGSHU_SEATING_SUBSTITUTE`): `in_place` (the default) seats them at the rank of the person
they replace — on the 主席台 if that person would have sat there; `after_leaders` seats them in the rows
right after the ranked leaders, before the others.

**The convention** (`ZHONGSHU_SEATING_CONVENTION`; the seating page shows which is in force). Every row is
filled from its centre outward. Said from the stage facing the audience (台上视角, the leaders' own left
and right) and from the audience facing the stage (台下视角), which is mirrored:

- `party` (党委系统的通行排法, the default):
  odd count — No.1 in the centre, No.2 on No.1's left (台上视角) = on the audience's right, No.3 on No.1's
  right (台上) = the audience's left, then alternating outward. Five seen from the audience, left to right:
  5 3 1 2 4.
  even count — No.1 and No.2 share the centre, No.1 on the centre-left seen from the stage (= the audience's
  centre-right), No.2 beside him on his right (台上) = the audience's centre-left; No.3 goes on No.1's side,
  No.4 on No.2's, and so on outward. Six seen from the audience: 6 4 2 1 3 5.
- `government` (some places' even-row rule): odd as `party`; even — No.1 on the centre-right seen from the
  stage (= the audience's centre-left), No.2 on his left (台上) as in the odd rule; No.3 on No.1's side.
  Six seen from the audience: 5 3 1 2 4 6.

`Seat.position` counts from the left as the audience sees it (1-based), so a printed chart reads as the
hall does from the door.

**By hand.** The meeting staff swap two seats or move one to a free place (action `seat`); those seats are
marked `by_hand`. Re-arranging keeps a hand-set seat while its attendee is still expected and its place still
exists (row 0 up to the platform size, a row's position up to its width); the others fill the convention's
places in honour order around them.

**When replies change** the seating follows through `seating_changed(meeting)`, the hook the replies call
(notice part, replies.py) after a reply changes who comes: once a seating exists it is arranged again in the
reply's transaction; before the staff first arrange it there is nothing to update.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.models import Attendee, AttendeeRole, Meeting, ReplyState, Seat
from zhongshu.meetings.secrecy import refusals_audited
from zhongshu.meetings.services import audit, bump, locked, record_event

MAX_ROWS = 30


@dataclass(frozen=True)
class Convention:
    code: str
    label: str
    # Seen from the stage (台上视角): with an odd count, No.2 sits on No.1's left; with an even count, No.1
    # takes the centre seat on the left.
    odd_second_on_left: bool
    even_first_on_left: bool
    rule: str  # the rule in words, for the seating page


CONVENTIONS: dict[str, Convention] = {
    "party": Convention(
        "party",
        "党委惯例",
        odd_second_on_left=True,
        even_first_on_left=True,
        rule="单数时1号居中，2号在1号左手、3号在1号右手，依次左右排开；双数时1、2号同居中，"
        "1号在居中偏左（以主席台面向台下为准），2号在其右手，3号在1号一侧、4号在2号一侧依次排开",
    ),
    "government": Convention(
        "government",
        "政府惯例",
        odd_second_on_left=True,
        even_first_on_left=False,
        rule="单数时1号居中，2号在1号左手、3号在1号右手，依次左右排开；双数时1、2号同居中，"
        "1号在居中偏右（以主席台面向台下为准），2号在其左手，3号在1号一侧、4号在2号一侧依次排开",
    ),
}


def convention() -> Convention:
    """The convention in force (`ZHONGSHU_SEATING_CONVENTION`)."""
    return CONVENTIONS[str(getattr(settings, "ZHONGSHU_SEATING_CONVENTION", "party"))]


def platform_size() -> int:
    return int(getattr(settings, "ZHONGSHU_SEATING_PLATFORM_SIZE", 7))


def row_size() -> int:
    return int(getattr(settings, "ZHONGSHU_SEATING_ROW_SIZE", 12))


def substitute_in_place() -> bool:
    return str(getattr(settings, "ZHONGSHU_SEATING_SUBSTITUTE", "in_place")) == "in_place"


def honour_positions(count: int, rule: Convention | None = None) -> list[int]:
    """The positions (1-based, from the audience's left) of ranks 1..count in one row: item i is where
    No.i+1 sits. See the module's docstring for the conventions."""
    rule = rule or convention()
    if count <= 0:
        return []
    # Each side as a list from the centre outward; "audience right" is the stage's left.
    audience_right: list[int] = []
    audience_left: list[int] = []
    centre: list[int] = []
    ranks = list(range(1, count + 1))
    if count % 2:
        centre = [1]
        second_side, third_side = (
            (audience_right, audience_left) if rule.odd_second_on_left else (audience_left, audience_right)
        )
        for rank in ranks[1:]:
            (second_side if rank % 2 == 0 else third_side).append(rank)
    else:
        first_side, second_side = (
            (audience_right, audience_left) if rule.even_first_on_left else (audience_left, audience_right)
        )
        for rank in ranks:
            (first_side if rank % 2 else second_side).append(rank)
    seen_from_audience = [*reversed(audience_left), *centre, *audience_right]
    where = {rank: index + 1 for index, rank in enumerate(seen_from_audience)}
    return [where[rank] for rank in ranks]


# --- Who is expected, in honour order ---------------------------------------------------------------------


def _rank(person: Any) -> tuple[int, int] | None:
    """A ranked leader's place in honour order: the county's leaders (ranked in the units at the top of the
    tree: 县委, 县政府 …) before the leaders of a bureau or a town, whose rank counts within their own unit."""
    if person is None or not getattr(person, "is_leader", False):
        return None
    rank = getattr(person, "leader_rank", None)
    if rank is None:
        return None
    return (0 if person.unit.parent_id is None else 1, int(rank))


def expected(meeting: Meeting) -> list[Attendee]:
    """The invitations expected in the room: not staff, not 请假, with someone (or a unit) to seat."""
    rows = (
        Attendee.objects.filter(meeting=meeting)
        .exclude(role=AttendeeRole.STAFF)
        .exclude(reply=ReplyState.ABSENT)
        .select_related("person__unit", "unit", "substitute__unit")
    )
    return list(rows)


@dataclass(frozen=True)
class Ordered:
    platform: list[Attendee]
    rows: list[Attendee]


def ordered(meeting: Meeting) -> Ordered:
    """The expected attendees split into the 主席台 and the rows, each in honour order."""
    in_place = substitute_in_place()
    ranked: list[tuple[tuple[int, int], int, Attendee]] = []
    substitutes: list[Attendee] = []
    others: list[Attendee] = []
    for attendee in expected(meeting):
        is_substitute = attendee.reply == ReplyState.SUBSTITUTE and attendee.substitute_id is not None
        if is_substitute and not in_place:
            substitutes.append(attendee)
            continue
        # In place, the substitute takes the rank of the person replaced (or their own, when that one had none).
        rank = _rank(attendee.person) if is_substitute else None
        rank = rank if rank is not None else _rank(attendee.present_person)
        if rank is None:
            others.append(attendee)
        else:
            ranked.append((rank, attendee.sort_order, attendee))
    ranked.sort(key=lambda item: (item[0], item[1], item[2].pk))
    leaders = [attendee for _, _, attendee in ranked]
    # The 主席台 seats the county's leaders; a bureau's or a town's own leaders lead the rows below.
    county = {attendee.pk for tier_rank, _, attendee in ranked if tier_rank[0] == 0}
    platform = [a for a in leaders if a.role != AttendeeRole.SIT_IN and a.pk in county][: platform_size()]
    chosen = {a.pk for a in platform}
    rest = [a for a in leaders if a.pk not in chosen]
    return Ordered(platform=platform, rows=[*rest, *substitutes, *others])


def places(order: Ordered) -> list[tuple[tuple[int, int], Attendee]]:
    """The convention's place of each attendee: (row, position), the 主席台 first, in honour order."""
    rule = convention()
    width = row_size()
    result = [
        ((0, position), attendee)
        for position, attendee in zip(
            honour_positions(len(order.platform), rule), order.platform, strict=True
        )
    ]
    for start in range(0, len(order.rows), width):
        chunk = order.rows[start : start + width]
        row = start // width + 1
        result.extend(
            ((row, position), attendee)
            for position, attendee in zip(honour_positions(len(chunk), rule), chunk, strict=True)
        )
    return result


def place_exists(row: int, position: int) -> bool:
    if row == 0:
        return 1 <= position <= platform_size()
    return 1 <= row <= MAX_ROWS and 1 <= position <= row_size()


# --- Arranging --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Arrangement:
    seated: int
    kept_by_hand: int
    dropped_by_hand: int


def _arrange(meeting: Meeting) -> Arrangement:
    """Lay the seats out again (the meeting already locked by the caller)."""
    planned = places(ordered(meeting))
    expected_ids = {attendee.pk for _, attendee in planned}
    hand = list(Seat.objects.filter(meeting=meeting, by_hand=True))
    kept: dict[int, tuple[int, int]] = {}
    taken: set[tuple[int, int]] = set()
    for seat in hand:
        place = (seat.row, seat.position)
        if seat.attendee_id in expected_ids and place_exists(*place) and place not in taken:
            kept[seat.attendee_id] = place
            taken.add(place)
    free = [place for place, _ in planned if place not in taken]
    rest = [attendee for _, attendee in planned if attendee.pk not in kept]
    seats = [
        Seat(meeting=meeting, attendee_id=attendee_id, row=row, position=position, by_hand=True)
        for attendee_id, (row, position) in kept.items()
    ]
    seats += [
        Seat(meeting=meeting, attendee=attendee, row=row, position=position)
        for (row, position), attendee in zip(free, rest, strict=False)
    ]
    Seat.objects.filter(meeting=meeting).delete()
    Seat.objects.bulk_create(seats)
    return Arrangement(seated=len(seats), kept_by_hand=len(kept), dropped_by_hand=len(hand) - len(kept))


def seating_arrange(*, meeting: Meeting, by: Actor, version: int | None = None) -> Arrangement:
    """排座次: the 主席台 and rows by the convention, keeping the seats set by hand that are still valid."""
    with refusals_audited(meeting, by=by, action="seating_arranged"), transaction.atomic():
        meeting = locked(meeting, version)
        RULES.require("seat", by, meeting)
        result = _arrange(meeting)
        bump(meeting)
        record_event(meeting, action="seating_arranged", by=by, note=f"{result.seated}人")
        audit(
            meeting,
            by=by,
            action="seating_arranged",
            convention=convention().code,
            seated=result.seated,
            kept_by_hand=result.kept_by_hand,
        )
    return result


def seating_changed(meeting: Meeting) -> Arrangement | None:
    """The replies' hook: who comes changed (a substitute, an absence, a unit naming its person). Once the
    seating exists it is arranged again, in the caller's transaction (the reply is what is audited); before
    the staff first arrange it, nothing happens."""
    with transaction.atomic():
        meeting = locked(meeting)
        if not Seat.objects.filter(meeting=meeting).exists():
            return None
        return _arrange(meeting)


def _seat_of(meeting: Meeting, attendee: Attendee, field: str) -> Seat:
    seat = Seat.objects.filter(meeting=meeting, attendee=attendee).first()
    if seat is None:
        raise ServiceError(f"{attendee} 尚未排座", code="not_seated", field=field)
    return seat


def seat_swap(
    *, meeting: Meeting, by: Actor, first: Attendee, second: Attendee, version: int | None = None
) -> None:
    """对调两人的座位 (both become hand-set)."""
    with refusals_audited(meeting, by=by, action="seat_changed"), transaction.atomic():
        meeting = locked(meeting, version)
        RULES.require("seat", by, meeting)
        if first.pk == second.pk:
            raise ServiceError("请选择两个不同的人对调座位", code="same_seat", field="second")
        a, b = _seat_of(meeting, first, "first"), _seat_of(meeting, second, "second")
        a_place, b_place = (a.row, a.position), (b.row, b.position)
        # Through a free place, so the unique (row, position) constraint holds at every step.
        Seat.objects.filter(pk=a.pk).update(row=MAX_ROWS + 1, position=1)
        Seat.objects.filter(pk=b.pk).update(row=a_place[0], position=a_place[1], by_hand=True)
        Seat.objects.filter(pk=a.pk).update(row=b_place[0], position=b_place[1], by_hand=True)
        bump(meeting)
        note = f"{first}与{second}对调座位"
        record_event(meeting, action="seat_changed", by=by, note=note)
        audit(meeting, by=by, action="seat_changed", change="swap", first=first.pk, second=second.pk)


def _check_place(row: int, position: int) -> None:
    if not place_exists(row, position):
        raise ServiceError(
            f"没有这个座位：第{row}排第{position}号（主席台最多{platform_size()}座，每排最多{row_size()}座）",
            code="seat_out_of_range",
            field="position",
        )


def seat_move(
    *, meeting: Meeting, by: Actor, attendee: Attendee, row: int, position: int, version: int | None = None
) -> None:
    """把一人移到一个空座位 (hand-set). A taken place is refused: swap instead."""
    with refusals_audited(meeting, by=by, action="seat_changed"), transaction.atomic():
        meeting = locked(meeting, version)
        RULES.require("seat", by, meeting)
        _check_place(row, position)
        seat = _seat_of(meeting, attendee, "attendee")
        holder = Seat.objects.filter(meeting=meeting, row=row, position=position).exclude(pk=seat.pk).first()
        if holder is not None:
            raise ServiceError("该座位已有人，请用“对调座位”", code="seat_taken", field="position")
        Seat.objects.filter(pk=seat.pk).update(row=row, position=position, by_hand=True)
        bump(meeting)
        where = "主席台" if row == 0 else f"第{row}排"
        record_event(meeting, action="seat_changed", by=by, note=f"{attendee}移至{where}第{position}号")
        audit(
            meeting,
            by=by,
            action="seat_changed",
            change="move",
            attendee=attendee.pk,
            row=row,
            position=position,
        )


# --- Reading and printing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeatView:
    row: int
    position: int
    name: str
    title: str
    by_hand: bool
    attendee_id: int
    substitute_for: str  # the name of whom a substitute replaces, or ""


@dataclass(frozen=True)
class Chart:
    convention: Convention
    platform: list[SeatView]  # left to right as the audience sees it
    rows: list[list[SeatView]]  # row 1 first, each left to right

    @property
    def empty(self) -> bool:
        return not self.platform and not self.rows

    @property
    def seats(self) -> list[SeatView]:
        return [*self.platform, *(seat for row in self.rows for seat in row)]


def replaced_name(attendee: Attendee) -> str:
    """Whom a substitute replaces (the invited person's name), or "" when no substitute was sent."""
    if attendee.reply == ReplyState.SUBSTITUTE and attendee.substitute_id and attendee.person is not None:
        return attendee.person.name
    return ""


def _seat_view(seat: Seat) -> SeatView:
    attendee = seat.attendee
    person = attendee.present_person
    unit_name = attendee.unit.name if attendee.unit is not None else ""
    return SeatView(
        row=seat.row,
        position=seat.position,
        name=person.name if person is not None else unit_name,
        title=(person.title or unit_name) if person is not None else "",
        by_hand=seat.by_hand,
        attendee_id=attendee.pk,
        substitute_for=replaced_name(attendee),
    )


def chart(meeting: Meeting) -> Chart:
    """The seating as stored, for the page, the print and the DOCX (one query)."""
    seats = (
        Seat.objects.filter(meeting=meeting)
        .select_related("attendee__person", "attendee__substitute", "attendee__unit")
        .order_by("row", "position")
    )
    platform: list[SeatView] = []
    rows: dict[int, list[SeatView]] = {}
    for seat in seats:
        view = _seat_view(seat)
        if seat.row == 0:
            platform.append(view)
        else:
            rows.setdefault(seat.row, []).append(view)
    return Chart(convention=convention(), platform=platform, rows=[rows[key] for key in sorted(rows)])


def is_stale(meeting: Meeting, view: Chart | None = None) -> bool:
    """Whether the stored seating no longer matches who is expected (derived on read: a reply changed after
    it was made and nothing arranged it again). A substitute needs no new seat: the seat belongs to the
    invitation and shows whoever the reply sends."""
    view = view or chart(meeting)
    if view.empty:
        return False
    seated = {seat.attendee_id for seat in view.seats}
    return seated != {attendee.pk for attendee in expected(meeting)}


def seated_attendees(meeting: Meeting) -> list[Attendee]:
    """The attendees with a seat, for the swap and move forms."""
    return list(
        Attendee.objects.filter(meeting=meeting, seats__isnull=False)
        .select_related("person", "substitute", "unit")
        .order_by("seats__row", "seats__position")
    )


def _when(meeting: Meeting) -> str:
    from django.utils import timezone

    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    return f"{start:%Y}年{start.month}月{start.day}日 {start:%H:%M}—{end:%H:%M}"


def _where(meeting: Meeting) -> str:
    if meeting.room_id:
        room = meeting.room
        assert room is not None
        return room.name + (f"（{room.place}）" if room.place else "")
    return meeting.video_venue or ("视频会议" if meeting.is_video else "")


def _cells(table: Any, seats: Sequence[SeatView], *, size: int) -> None:
    for cell, seat in zip(table.rows[0].cells, seats, strict=True):
        cell.text = ""
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(seat.name)
        run.bold = True
        run.font.size = Pt(size)
        if seat.substitute_for:
            note = cell.add_paragraph(f"（代{seat.substitute_for}）")
            note.alignment = WD_ALIGN_PARAGRAPH.CENTER


def seating_docx(meeting: Meeting) -> tuple[bytes, str]:
    """The printed seating chart: landscape, title, time and place, the 主席台 as a row of name cards, the
    rows below, each left to right as the audience sees it."""
    view = chart(meeting)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    style = document.styles["Normal"]
    style.font.name = "仿宋_GB2312"
    style.font.size = Pt(12)
    if meeting.secrecy_marking:
        document.add_paragraph(meeting.secrecy_marking)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(f"{meeting.title}座次表")
    run.bold = True
    run.font.size = Pt(20)
    facts = document.add_paragraph(f"时间：{_when(meeting)}    地点：{_where(meeting) or '—'}")
    facts.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(
        f"排座规则：{view.convention.label}（台下视角，自左至右）"
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    label = document.add_paragraph("主席台")
    label.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if view.platform:
        table = document.add_table(rows=1, cols=len(view.platform))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _cells(table, view.platform, size=16)
    for number, row in enumerate(view.rows, start=1):
        document.add_paragraph(f"第{number}排").alignment = WD_ALIGN_PARAGRAPH.CENTER
        table = document.add_table(rows=1, cols=len(row))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _cells(table, row, size=12)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), f"{meeting.title}座次表.docx"

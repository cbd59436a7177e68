"""One input contract per action of the seating and sign-in part, for the page and the API alike.

Each contract reads a request's `Input` with `parse(data, viewer, meeting)` (an attendee is one of the
meeting's invitations, by id) and `apply(meeting=..., by=...)` calls the one service. `seating_action` runs
both for the page's forms and the API's routes, so the two edges refuse the same input with the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.meetings import seating, signin
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.models import Attendee, AttendeeRole, Meeting
from zhongshu.meetings.secrecy import refusals_audited

VERSION = "版本号"


def _version(data: Input) -> int | None:
    return data.integer("version", label=VERSION, low=1)


def _attendee(data: Input, name: str, meeting: Meeting, *, label: str) -> Attendee:
    found = data.record(
        name,
        Attendee.objects.filter(meeting=meeting).exclude(role=AttendeeRole.STAFF),
        label=label,
        code="unknown_attendee",
    )
    if found is None:
        raise ServiceError(f"请选择{label}", code="attendee_required", field=name)
    return found


@dataclass(frozen=True)
class ArrangeIn:
    """排座次 (again): by the convention, keeping the hand-set seats still valid."""

    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> ArrangeIn:
        return cls(version=_version(data))

    def apply(self, *, meeting: Meeting, by: Actor) -> Any:
        return seating.seating_arrange(meeting=meeting, by=by, version=self.version)


@dataclass(frozen=True)
class SwapIn:
    """对调座位: two seated attendees (ids of the meeting's invitations)."""

    first: Attendee
    second: Attendee
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> SwapIn:
        return cls(
            first=_attendee(data, "first", meeting, label="第一人"),
            second=_attendee(data, "second", meeting, label="第二人"),
            version=_version(data),
        )

    def apply(self, *, meeting: Meeting, by: Actor) -> Any:
        return seating.seat_swap(
            meeting=meeting, by=by, first=self.first, second=self.second, version=self.version
        )


@dataclass(frozen=True)
class MoveIn:
    """移动座位: one seated attendee to a free place (row 0 = 主席台; position from the audience's left)."""

    attendee: Attendee
    row: int
    position: int
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> MoveIn:
        attendee = _attendee(data, "attendee", meeting, label="参会人员")
        row = data.integer("row", label="排", low=0, high=seating.MAX_ROWS)
        position = data.integer("position", label="座号", low=1, high=99)
        if row is None:
            raise ServiceError("请填写排（主席台为0）", code="row_required", field="row")
        if position is None:
            raise ServiceError("请填写座号", code="position_required", field="position")
        return cls(attendee=attendee, row=row, position=position, version=_version(data))

    def apply(self, *, meeting: Meeting, by: Actor) -> Any:
        return seating.seat_move(
            meeting=meeting,
            by=by,
            attendee=self.attendee,
            row=self.row,
            position=self.position,
            version=self.version,
        )


@dataclass(frozen=True)
class OpenSignInIn:
    """开启签到 (a new code)."""

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> OpenSignInIn:
        return cls()

    def apply(self, *, meeting: Meeting, by: Actor) -> Any:
        return signin.sign_in_open(meeting=meeting, by=by)


@dataclass(frozen=True)
class SignInIn:
    """签到 with the room's 6-digit code."""

    code: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> SignInIn:
        code = data.text("code", label="签到码", max_length=12).strip()
        if not code:
            raise ServiceError("请输入签到码", code="sign_in_code_required", field="code")
        return cls(code=code)

    def apply(self, *, meeting: Meeting, by: Actor) -> Any:
        return signin.sign_in(meeting=meeting, by=by, code=self.code)


@dataclass(frozen=True)
class MarkIn:
    """代为签到: the secretary marks one invitation present."""

    attendee: Attendee
    note: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> MarkIn:
        return cls(
            attendee=_attendee(data, "attendee", meeting, label="参会人员"),
            note=data.text("note", label="说明", max_length=200),
        )

    def apply(self, *, meeting: Meeting, by: Actor) -> Any:
        return signin.sign_in_mark(meeting=meeting, by=by, attendee=self.attendee, note=self.note)


class Contract(Protocol):
    def apply(self, *, meeting: Meeting, by: Actor) -> Any: ...


@dataclass(frozen=True)
class Step:
    contract: Any  # a contract class with parse(data, viewer, meeting)
    rule: str  # the RULES action the service requires
    audit: str  # the service's audit code (meetings.<audit>), for a refusal on a 涉密会议
    done: str  # the page's message after it


ACTIONS: dict[str, Step] = {
    "arrange": Step(ArrangeIn, "seat", "seating_arranged", "已按排座规则排定座次"),
    "swap": Step(SwapIn, "seat", "seat_changed", "已对调座位"),
    "move": Step(MoveIn, "seat", "seat_changed", "已移动座位"),
    "open": Step(OpenSignInIn, "open_sign_in", "sign_in_opened", "已开启签到"),
    "sign_in": Step(SignInIn, "sign_in", "signed_in", "签到成功"),
    "mark": Step(MarkIn, "mark_present", "sign_in_marked", "已代为签到"),
}


def seating_action(action: str, *, meeting: Meeting, by: Actor, data: Input) -> Any:
    """Parse `data` with the action's contract and do it; what the service returns."""
    step = ACTIONS.get(action)
    if step is None:
        raise ServiceError("未知操作", code="unknown_action")
    # Who and when first (a refused person learns nothing of the input), then the input; a refusal of either on
    # a 涉密会议 is audited here, the service audits its own.
    with refusals_audited(meeting, by=by, action=step.audit):
        RULES.require(step.rule, by, meeting)
        contract: Contract = step.contract.parse(data, by, meeting)
    return contract.apply(meeting=meeting, by=by)

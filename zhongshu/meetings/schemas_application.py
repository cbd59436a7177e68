"""One input contract per action of the application part (申请, 修改, 报批, 取消, 批准, 退回, 不予批准, 合并召开,
同意突破额度), read alike from a page's form and an API call's JSON body (`core.inputs.Input`); people and
units through org.inputs, so a person or unit the viewer may not see reads as one that does not exist.
`meeting_action` runs the contract and the service for the page's action URL and the API's routes alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from zhongshu.access.policy import visible
from zhongshu.accounts.actors import Actor
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.meetings import application, approval
from zhongshu.meetings.models import Meeting, MeetingType, Room
from zhongshu.meetings.schemas_scheduling import parse_datetime
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Person, Unit, UnitKind
from zhongshu.org.pickers import UNIT_GROUPS

VERSION = "版本号"
# The levels an application may carry (绝密 meetings are not arranged in this system).
LEVELS = (
    Classification.PUBLIC,
    Classification.INTERNAL,
    Classification.SECRET,
    Classification.CONFIDENTIAL,
)
MAX_DURATION_MINUTES = 3 * 24 * 60


def _version(data: Input) -> int | None:
    return data.integer("version", label=VERSION, low=1)


def _units(data: Input, viewer: Any) -> tuple[list[Unit], bool]:
    """The invited units; a common group (各乡镇, 县直各单位) the picker sends as `group:<code>` (or the API
    names) stands for its members. Whether the 各乡镇 group was chosen is the second value."""
    ids: list[Any] = []
    groups = []
    for raw in data.values("units"):
        if isinstance(raw, str) and raw.startswith("group:"):
            group = next((g for g in UNIT_GROUPS if g.value == raw.strip()), None)
            if group is None:
                raise ServiceError(f"参会单位不存在：{raw[:40]}", code="unknown_unit", field="units")
            groups.append(group)
        else:
            ids.append(raw)
    units = org_inputs.units(Input({"units": ids}), "units", viewer, label="参会单位")
    for group in groups:
        members = org_inputs.unit_choices(viewer).filter(kind__in=group.kinds, is_active=True).order_by("id")
        units.extend(unit for unit in members if unit not in units)
    return units, any(group.kinds == frozenset({UnitKind.TOWN}) for group in groups)


def _topics(data: Input) -> list[str]:
    """Topics as lines: one textarea (a line per topic) or a list of strings."""
    lines: list[str] = []
    for text in data.texts("topics", label="议题"):
        lines.extend(text.splitlines())
    return lines


@dataclass(frozen=True)
class ApplyIn:
    """申请会议 (and 修改: the same fields). The end is given, or the start and a planned length in minutes."""

    plan: application.MeetingPlan
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting | None = None) -> ApplyIn:
        starts_at = parse_datetime(data, "starts_at", label="开始时间")
        ends_at = parse_datetime(data, "ends_at", label="结束时间")
        minutes = data.integer("duration_minutes", label="计划时长（分钟）", low=1, high=MAX_DURATION_MINUTES)
        if ends_at is None and starts_at is not None and minutes is not None:
            ends_at = starts_at + timedelta(minutes=minutes)
        level = data.integer("classification", label="密级")
        if level is None:
            level = int(Classification.INTERNAL)
        if level not in LEVELS:
            raise ServiceError(f"会议密级无效：{level}", code="bad_classification", field="classification")
        units, towns_group = _units(data, viewer)
        plan = application.MeetingPlan(
            title=data.text("title", label="会议名称"),
            meeting_type=data.choice("meeting_type", MeetingType.values, label="会议类型"),
            starts_at=starts_at,
            ends_at=ends_at,
            purpose=data.text("purpose", label="会议事由"),
            room=data.record("room", Room.objects.filter(active=True), label="会议室", code="unknown_room"),
            is_video=data.flag("is_video", label="视频会议"),
            video_venue=data.text("video_venue", label="视频会场"),
            chair=org_inputs.person(data, "chair", viewer, label="主持人"),
            people=org_inputs.people(data, "people", viewer, label="参会人员"),
            units=units,
            towns_must_attend=data.flag("towns_must_attend", label="乡镇须参会") or towns_group,
            expected_count=data.integer("expected_count", label="预计人数", low=1, high=10000),
            topics=_topics(data),
            classification=level,
            conflict_override=data.text("conflict_override", label="冲突说明"),
        )
        return cls(plan=plan, version=_version(data))

    def apply(self, *, by: Actor, meeting: Meeting | None = None) -> Meeting:
        if meeting is None:
            return application.meeting_apply(by=by, plan=self.plan)
        return application.meeting_edit(meeting=meeting, by=by, plan=self.plan, version=self.version)


@dataclass(frozen=True)
class SubmitIn:
    """报批: to the office director (the one the system knows when none is named), then optionally a leader."""

    approver: Person | None
    leader: Person | None
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> SubmitIn:
        return cls(
            approver=org_inputs.person(data, "approver", viewer, label="审批人"),
            leader=org_inputs.person(data, "leader", viewer, label="审批领导", leaders_only=True),
            version=_version(data),
        )

    def apply(self, *, meeting: Meeting, by: Actor) -> Meeting:
        return application.meeting_submit(
            meeting=meeting, by=by, approver=self.approver, leader=self.leader, version=self.version
        )


@dataclass(frozen=True)
class ReasonIn:
    """取消, 退回修改 and 不予批准: a reason."""

    reason: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> ReasonIn:
        return cls(reason=data.text("reason", label="理由"), version=_version(data))


@dataclass(frozen=True)
class CancelIn(ReasonIn):
    def apply(self, *, meeting: Meeting, by: Actor) -> Meeting:
        return application.meeting_cancel(meeting=meeting, by=by, reason=self.reason, version=self.version)


@dataclass(frozen=True)
class ReturnIn(ReasonIn):
    def apply(self, *, meeting: Meeting, by: Actor) -> Meeting:
        return approval.meeting_return(meeting=meeting, by=by, reason=self.reason, version=self.version)


@dataclass(frozen=True)
class RefuseIn(ReasonIn):
    def apply(self, *, meeting: Meeting, by: Actor) -> Meeting:
        return approval.meeting_refuse(meeting=meeting, by=by, reason=self.reason, version=self.version)


@dataclass(frozen=True)
class ApproveIn:
    opinion: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> ApproveIn:
        return cls(opinion=data.text("opinion", label="审批意见"), version=_version(data))

    def apply(self, *, meeting: Meeting, by: Actor) -> Meeting:
        return approval.meeting_approve(meeting=meeting, by=by, opinion=self.opinion, version=self.version)


@dataclass(frozen=True)
class MergeIn:
    """合并召开: the meeting to merge into (one the viewer may see), and an optional note."""

    into: Meeting
    reason: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> MergeIn:
        into = data.record(
            "into", visible(Meeting.objects.all(), viewer), label="并入会议", code="unknown_meeting"
        )
        if into is None:
            raise ServiceError("请选择并入的会议", code="into_required", field="into")
        return cls(into=into, reason=data.text("reason", label="合并说明"), version=_version(data))

    def apply(self, *, meeting: Meeting, by: Actor) -> Meeting:
        return approval.meeting_merge(
            meeting=meeting, by=by, into=self.into, reason=self.reason, version=self.version
        )


@dataclass(frozen=True)
class QuotaOverrideIn:
    """同意突破额度: the leader who consents (a leader recording their own consent names nobody) and why."""

    leader: Person | None
    reason: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> QuotaOverrideIn:
        return cls(
            leader=org_inputs.person(data, "leader", viewer, label="同意领导", leaders_only=True),
            reason=data.text("reason", label="书面说明"),
        )

    def apply(self, *, meeting: Meeting, by: Actor) -> Any:
        return approval.meeting_quota_override(meeting=meeting, by=by, reason=self.reason, leader=self.leader)


@dataclass(frozen=True)
class Step:
    contract: Any
    done: str


MEETING_ACTIONS: dict[str, Step] = {
    "submit": Step(SubmitIn, "已报批"),
    "cancel": Step(CancelIn, "已取消"),
    "approve": Step(ApproveIn, "已审批同意"),
    "return": Step(ReturnIn, "已退回修改"),
    "refuse": Step(RefuseIn, "已不予批准"),
    "merge": Step(MergeIn, "已合并召开"),
    "quota_override": Step(QuotaOverrideIn, "已记录领导同意突破额度"),
}


def meeting_action(action: str, *, meeting: Meeting, by: Actor, data: Input) -> Any:
    """Parse `data` with the action's contract and do it; what the service returns."""
    step = MEETING_ACTIONS.get(action)
    if step is None:
        raise ServiceError("未知操作", code="unknown_action")
    parse: Callable[..., Any] = step.contract.parse
    return parse(data, by, meeting).apply(meeting=meeting, by=by)

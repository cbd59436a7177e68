"""One input contract per action of the secrecy part (保密检查, 材料份号, 结束会议), for the page and the API
alike: `secrecy_action` parses and applies for both edges."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.meetings import closing, secrecy
from zhongshu.meetings.models import MaterialCopy, Meeting, SecrecyCheck, SecrecyCheckEntry, Topic
from zhongshu.meetings.schemas_agenda import MeetingContract, Step
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Person


@dataclass(frozen=True)
class SecrecyCheckIn:
    """记录保密检查: one item of the checklist and a note."""

    item: str
    note: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> SecrecyCheckIn:
        return cls(
            item=data.choice("item", SecrecyCheck.values, label="检查项目"),
            note=data.text(
                "note", label="说明", max_length=SecrecyCheckEntry._meta.get_field("note").max_length
            ),
        )

    def apply(self, *, meeting: Meeting, by: Actor) -> SecrecyCheckEntry:
        return secrecy.secrecy_check_record(meeting=meeting, by=by, item=self.item, note=self.note)


@dataclass(frozen=True)
class CopyHandOutIn:
    """发放涉密材料: the material (by name, or a topic's), the holder and, if not the next, the copy number."""

    material: str
    holder: Person | None
    copy_number: int | None
    topic: Topic | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> CopyHandOutIn:
        return cls(
            material=data.text("material", label="材料名称", max_length=200),
            holder=org_inputs.person(data, "holder", viewer, label="领取人"),
            copy_number=data.integer("copy_number", label="份号", low=1, high=secrecy.MAX_COPY_NUMBER),
            topic=data.record(
                "topic", Topic.objects.filter(meeting=meeting), label="议题", code="unknown_topic"
            ),
        )

    def apply(self, *, meeting: Meeting, by: Actor) -> MaterialCopy:
        return secrecy.material_copy_hand_out(
            meeting=meeting,
            by=by,
            material=self.material,
            holder=self.holder,
            copy_number=self.copy_number,
            topic=self.topic,
        )


@dataclass(frozen=True)
class CopyReturnIn:
    """收回涉密材料: the copy (one of the meeting's)."""

    copy: MaterialCopy

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> CopyReturnIn:
        copy = data.record(
            "copy", MaterialCopy.objects.filter(meeting=meeting), label="材料份号", code="unknown_copy"
        )
        if copy is None:
            raise ServiceError("请选择收回的材料份号", code="copy_required", field="copy")
        return cls(copy=copy)

    def apply(self, *, meeting: Meeting, by: Actor) -> MaterialCopy:
        return secrecy.material_copy_return(copy=self.copy, by=by)


@dataclass(frozen=True)
class CloseIn:
    """结束会议 (with the page's version, refused when someone changed the meeting since)."""

    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> CloseIn:
        return cls(version=data.integer("version", label="版本号", low=1))

    def apply(self, *, meeting: Meeting, by: Actor) -> Meeting:
        return closing.meeting_close(meeting=meeting, by=by, version=self.version)


SECRECY_ACTIONS: dict[str, Step] = {
    "secrecy_check": Step(SecrecyCheckIn, "已记录保密检查"),
    "copy_hand_out": Step(CopyHandOutIn, "已登记发放"),
    "copy_return": Step(CopyReturnIn, "已登记收回"),
    "close": Step(CloseIn, "会议已结束"),
}


def secrecy_action(action: str, *, meeting: Meeting, by: Actor, data: Input) -> Any:
    step = SECRECY_ACTIONS.get(action)
    if step is None:
        raise ServiceError("未知操作", code="unknown_action")
    contract: type[MeetingContract] = step.contract
    return contract.parse(data, by, meeting).apply(meeting=meeting, by=by)

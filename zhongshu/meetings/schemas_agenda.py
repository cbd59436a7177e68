"""One input contract per action of the agenda part (议题, materials), for the page and the API alike.

Each contract reads a request's `Input` with `parse(data, viewer, meeting)` (people and units through
`org.inputs`, a topic among the meeting's own) and `apply(meeting=, by=)` calls the one service.
`agenda_action` runs both for the page's action URL and the API's routes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from django.core.files.uploadedfile import UploadedFile

from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, parse_id
from zhongshu.meetings import agenda
from zhongshu.meetings.models import Meeting, Topic
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Person, Unit


def topic_of(data: Input, meeting: Meeting) -> Topic:
    """The topic the field `topic` names, among the meeting's own."""
    topic = data.record("topic", Topic.objects.filter(meeting=meeting), label="议题", code="unknown_topic")
    if topic is None:
        raise ServiceError("请选择议题", code="topic_required", field="topic")
    return topic


class MeetingContract(Protocol):
    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> MeetingContract: ...

    def apply(self, *, meeting: Meeting, by: Actor) -> Any: ...


@dataclass(frozen=True)
class TopicAddIn:
    """添加议题: the title, the presenter (person picker) and their unit, the planned minutes and, only to
    override the default (N working days before the meeting), the materials deadline."""

    title: str
    presenter: Person | None
    presenter_unit: Unit | None
    minutes_planned: int | None
    materials_due: date | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> TopicAddIn:
        return cls(
            title=data.text("title", label="议题"),
            presenter=org_inputs.person(data, "presenter", viewer, label="汇报人"),
            presenter_unit=org_inputs.unit(data, "presenter_unit", viewer, label="汇报单位"),
            minutes_planned=data.integer("minutes_planned", label="计划时长（分钟）"),
            materials_due=data.date("materials_due", label="材料报送截止"),
        )

    def apply(self, *, meeting: Meeting, by: Actor) -> Topic:
        return agenda.topic_add(
            meeting=meeting,
            by=by,
            title=self.title,
            presenter=self.presenter,
            presenter_unit=self.presenter_unit,
            minutes_planned=self.minutes_planned,
            materials_due_on=self.materials_due,
        )


@dataclass(frozen=True)
class TopicsReorderIn:
    """调整议题顺序: every topic's id, in the new order."""

    topics: list[int]

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> TopicsReorderIn:
        ids: list[int] = []
        for raw in data.values("topics"):
            pk = parse_id(raw)
            if pk is None:
                raise ServiceError(f"议题不存在：{str(raw)[:40]}", code="unknown_topic", field="topics")
            ids.append(pk)
        if not ids:
            raise ServiceError("请给出议题的新顺序", code="topics_required", field="topics")
        return cls(topics=ids)

    def apply(self, *, meeting: Meeting, by: Actor) -> list[Topic]:
        return agenda.topics_reorder(meeting=meeting, by=by, topic_ids=self.topics)


@dataclass(frozen=True)
class TopicMoveIn:
    """上移 / 下移 one topic (the page's buttons): the topic and the direction, `up` or `down`."""

    topic: Topic
    direction: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> TopicMoveIn:
        return cls(
            topic=topic_of(data, meeting),
            direction=data.choice("direction", ("up", "down"), label="移动方向"),
        )

    def apply(self, *, meeting: Meeting, by: Actor) -> list[Topic]:
        ids = list(Topic.objects.filter(meeting=meeting).order_by("order", "id").values_list("pk", flat=True))
        at = ids.index(self.topic.pk)
        other = at - 1 if self.direction == "up" else at + 1
        if 0 <= other < len(ids):
            ids[at], ids[other] = ids[other], ids[at]
        return agenda.topics_reorder(meeting=meeting, by=by, topic_ids=ids)


@dataclass(frozen=True)
class TopicRemoveIn:
    """删除议题."""

    topic: Topic

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> TopicRemoveIn:
        return cls(topic=topic_of(data, meeting))

    def apply(self, *, meeting: Meeting, by: Actor) -> None:
        agenda.topic_remove(topic=self.topic, by=by)


@dataclass(frozen=True)
class MaterialIn:
    """报送议题材料: the topic and its files (multipart)."""

    topic: Topic
    files: list[UploadedFile]

    @classmethod
    def parse(cls, data: Input, viewer: Any, meeting: Meeting) -> MaterialIn:
        return cls(topic=topic_of(data, meeting), files=data.uploads("files", label="议题材料"))

    def apply(self, *, meeting: Meeting, by: Actor) -> Topic:
        return agenda.topic_material_submit(topic=self.topic, by=by, files=self.files)


@dataclass(frozen=True)
class Step:
    contract: type[MeetingContract]
    done: str


AGENDA_ACTIONS: dict[str, Step] = {
    "topic_add": Step(TopicAddIn, "已添加议题"),
    "topics_reorder": Step(TopicsReorderIn, "已调整议题顺序"),
    "topic_move": Step(TopicMoveIn, "已调整议题顺序"),
    "topic_remove": Step(TopicRemoveIn, "已删除议题"),
    "material": Step(MaterialIn, "已报送材料"),
}


def agenda_action(action: str, *, meeting: Meeting, by: Actor, data: Input) -> Any:
    """Parse `data` with the action's contract and do it; what the service returns."""
    step = AGENDA_ACTIONS.get(action)
    if step is None:
        raise ServiceError("未知操作", code="unknown_action")
    return step.contract.parse(data, by, meeting).apply(meeting=meeting, by=by)

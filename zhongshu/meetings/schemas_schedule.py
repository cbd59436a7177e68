"""One input contract per action of the leaders' schedule, for the page and the API alike (core.inputs):
an engagement's fields (add and edit), its deletion, and a feed token."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, max_length_of
from zhongshu.meetings.engagements import EngagementFields
from zhongshu.meetings.models import Engagement, EngagementKind
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Person

# 2026-12-07T09:30 (a datetime-local field), 2026-12-07 09:30, seconds and an offset optional.
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$")


def parse_datetime(data: Input, name: str, *, label: str) -> datetime | None:
    """A moment written YYYY-MM-DD HH:MM (or ISO 8601), local time unless an offset is given."""
    raw = data.value(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str) and _DATETIME.match(raw.strip()):
        try:
            value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
        except ValueError:
            value = None
        if value is not None:
            return timezone.make_aware(value) if timezone.is_naive(value) else value
    shown = str(raw)[:40]
    raise ServiceError(f"{label}格式应为 YYYY-MM-DD HH:MM：{shown}", code="bad_datetime", field=name)


def _version(data: Input) -> int | None:
    return data.integer("version", label="版本号", low=1)


@dataclass(frozen=True)
class EngagementIn:
    """录入或修改领导活动: the leader, kind, content, place, time, level and 知悉范围."""

    fields: EngagementFields
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> EngagementIn:
        classification = data.integer("classification", label="密级")
        if classification is None:
            classification = Classification.INTERNAL
        elif classification not in Classification.values:
            raise ServiceError(
                f"未知的密级：{classification}", code="unknown_classification", field="classification"
            )
        fields = EngagementFields(
            leader=org_inputs.person(data, "leader", viewer, label="领导", leaders_only=True),
            kind=data.choice("kind", EngagementKind.values, label="活动类型", default=EngagementKind.OTHER),
            title=data.text("title", label="活动内容"),
            place=data.text("place", label="地点", max_length=max_length_of(Engagement, "place")),
            starts_at=parse_datetime(data, "starts_at", label="开始时间"),
            ends_at=parse_datetime(data, "ends_at", label="结束时间"),
            classification=classification,
            secrecy_term_years=data.integer("secrecy_term_years", label="保密期限（年）", low=1, high=30),
            note=data.text("note", label="备注", max_length=max_length_of(Engagement, "note")),
            need_to_know_people=org_inputs.people(
                data, "need_to_know_people", viewer, label="知悉范围（人员）"
            ),
            need_to_know_units=org_inputs.units(data, "need_to_know_units", viewer, label="知悉范围（单位）"),
        )
        return cls(fields=fields, version=_version(data))


@dataclass(frozen=True)
class EngagementDeleteIn:
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> EngagementDeleteIn:
        return cls(version=_version(data))


@dataclass(frozen=True)
class FeedTokenIn:
    """生成日程订阅: for whom (a leader; a leader's own when he leaves it empty)."""

    person: Person | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> FeedTokenIn:
        person = org_inputs.person(data, "person", viewer, label="领导", leaders_only=True)
        if person is None and not data.has("person"):
            person = getattr(viewer, "person_or_none", None)
        return cls(person=person)

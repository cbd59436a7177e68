"""The logbook part's input contracts, for the page's form and the API's JSON alike (core.inputs.Input):
一条值班记录 (`EntryIn`, for logging and editing), 办结 (`CloseIn`) and 交班 (`HandOverIn`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, max_length_of
from zhongshu.duty.logbook import TEXT_FIELDS, EntryData
from zhongshu.duty.models import DutyLogEntry, EntryKind, Urgency

_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?$")

# The levels an officer may mark an entry with: 内部 (the default) and the state-secret levels above it.
LEVELS = (
    Classification.INTERNAL,
    Classification.CONFIDENTIAL,
    Classification.SECRET,
    Classification.TOP_SECRET,
)


def parse_moment(data: Input, name: str, *, label: str) -> datetime | None:
    """A date and time as a datetime-local box sends it (2026-12-05T02:10) or ISO 8601; without an offset it
    is the county's local time. None when nothing was given."""
    raw = data.text(name, label=label).strip()
    if not raw:
        return None
    if _MOMENT.match(raw):
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None:
            return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    shown = raw if len(raw) <= 40 else raw[:40] + "…"
    raise ServiceError(f"{label}格式应为 YYYY-MM-DD HH:MM：{shown}", code="bad_datetime", field=name)


def _label(name: str) -> str:
    return str(getattr(DutyLogEntry._meta.get_field(name), "verbose_name", name))


@dataclass(frozen=True)
class EntryIn:
    """One entry as typed: every field of the log book; `version` as the edit form was drawn."""

    data: EntryData
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> EntryIn:
        received_at = parse_moment(data, "received_at", label="时间")
        if received_at is None:
            raise ServiceError(
                "请填写来电（来文、来访）时间", code="received_at_missing", field="received_at"
            )
        texts = {
            name: data.text(name, label=_label(name), max_length=max_length_of(DutyLogEntry, name)).strip()
            for name in TEXT_FIELDS
        }
        if not texts["summary"]:
            raise ServiceError("请填写事由", code="summary_missing", field="summary")
        level = data.integer("classification", label="密级")
        if level is None:
            level = Classification.INTERNAL
        if level not in LEVELS:
            raise ServiceError(f"密级无效：{level}", code="bad_classification", field="classification")
        return cls(
            data=EntryData(
                kind=data.choice("kind", EntryKind.values, label="类别", default=EntryKind.CALL),
                urgency=data.choice("urgency", Urgency.values, label="紧急程度", default=Urgency.ROUTINE),
                received_at=received_at,
                classification=int(level),
                texts=texts,
            ),
            version=data.integer("version", label="版本", low=1),
        )


@dataclass(frozen=True)
class CloseIn:
    result: str

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> CloseIn:
        result = data.text("result", label="结果", max_length=4000).strip()
        if not result:
            raise ServiceError("办结须填写结果", code="result_missing", field="result")
        return cls(result=result)


@dataclass(frozen=True)
class HandOverIn:
    notes: str
    item_notes: dict[int, str]

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> HandOverIn:
        notes = data.text("notes", label="交班说明", max_length=4000)
        item_notes: dict[int, str] = {}
        for row in data.rows("items", {"entry": "item_entry", "note": "item_note"}):
            entry = row.integer("entry", label="值班记录", low=1)
            note = row.text("note", label="交接说明", max_length=200).strip()
            if entry is not None and note:
                item_notes[entry] = note
        return cls(notes=notes, item_notes=item_notes)

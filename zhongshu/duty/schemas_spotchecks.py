"""One input contract per action of the spot checks, for the page's forms and the API alike (core.inputs):
`DrawIn` (抽取一轮) and `RecordIn` (记录结果). Each reads an `Input` with `parse` and calls the one service in
`apply`, so both edges refuse the same input with the same code and Chinese message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import INT_LIMIT, Input, max_length_of
from zhongshu.duty import spotchecks
from zhongshu.duty.models import CheckResult, SpotCheck, SpotCheckRound


def parse_moment(data: Input, name: str, *, label: str) -> datetime | None:
    """A local date and time as a datetime-local field or an ISO 8601 string sends it (seconds optional)."""
    raw = data.value(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if not isinstance(raw, str):
        raise ServiceError(f"{label}格式不正确", code="bad_datetime", field=name)
    try:
        value = datetime.fromisoformat(raw.strip().replace(" ", "T", 1))
    except ValueError:
        raise ServiceError(
            f"{label}格式不正确：{raw.strip()[:40]}（应为 2026-12-07T21:00）", code="bad_datetime", field=name
        ) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


@dataclass(frozen=True)
class DrawIn:
    """抽取一轮: the window, the scope (全部单位, 县直部门, 乡镇), how many units (blank: all of the scope), an
    optional seed (to draw a recorded round again) and title."""

    window_starts_at: datetime | None
    window_ends_at: datetime | None
    scope: str
    count: int | None
    seed: int | None
    title: str

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> DrawIn:
        return cls(
            window_starts_at=parse_moment(data, "window_starts_at", label="抽查时段开始时间"),
            window_ends_at=parse_moment(data, "window_ends_at", label="抽查时段结束时间"),
            scope=data.choice("scope", list(spotchecks.SCOPES), label="抽查范围", default="all"),
            count=data.integer("count", label="抽查单位数", low=1),
            seed=data.integer("seed", label="抽取种子", low=0, high=INT_LIMIT),
            title=data.text("title", label="名称", max_length=max_length_of(SpotCheckRound, "title")),
        )

    def apply(self, *, by: Actor, now: datetime | None = None) -> SpotCheckRound:
        return spotchecks.draw_round(
            by=by,
            window_starts_at=self.window_starts_at,
            window_ends_at=self.window_ends_at,
            count=self.count,
            scope=self.scope,
            seed=self.seed,
            title=self.title,
            now=now,
        )


@dataclass(frozen=True)
class RecordIn:
    """记录结果: the result, the time called (blank: now), who answered, the number dialled and a note."""

    result: str
    called_at: datetime | None
    answered_by: str
    phone: str
    note: str

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> RecordIn:
        if not data.text("result", label="抽查结果").strip():
            raise ServiceError("请选择抽查结果", code="result_required", field="result")
        result = data.choice("result", list(CheckResult.values), label="抽查结果")
        return cls(
            result=result,
            called_at=parse_moment(data, "called_at", label="拨打时间"),
            answered_by=data.text(
                "answered_by", label="接听人", max_length=max_length_of(SpotCheck, "answered_by")
            ),
            phone=data.text("phone", label="拨打号码", max_length=max_length_of(SpotCheck, "phone")),
            note=data.text("note", label="备注", max_length=max_length_of(SpotCheck, "note")),
        )

    def apply(self, *, check: SpotCheck, by: Actor, now: datetime | None = None) -> SpotCheck:
        return spotchecks.record_check(
            check=check,
            by=by,
            result=self.result,
            called_at=self.called_at,
            answered_by=self.answered_by,
            phone=self.phone,
            note=self.note,
            now=now,
        )

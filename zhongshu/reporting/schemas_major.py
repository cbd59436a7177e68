"""One input contract per action of the 三重一大 part (报备, 修改, 登记决策结果, 撤回, the register's filters), read
alike from the page's form and the API's JSON: a refusal is a `ServiceError` with a Chinese message, an English
code and the field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from zhongshu.accounts.actors import Actor
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, max_length_of
from zhongshu.reporting import major
from zhongshu.reporting.models import MajorCategory, MajorDecisionFiling

_AMOUNT = re.compile(r"^\d{1,12}(\.\d{1,2})?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_amount(data: Input, name: str = "amount") -> Decimal | None:
    """涉及金额（万元）: up to two decimals; blank is none. A negative amount is refused by name."""
    raw = data.value(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise ServiceError("涉及金额应为数字（万元）", code="bad_amount", field=name)
    text = str(raw).strip().replace(",", "").replace("，", "")
    if text.startswith("-"):
        try:
            Decimal(text)
        except InvalidOperation:
            raise ServiceError("涉及金额应为数字（万元）", code="bad_amount", field=name) from None
        raise ServiceError("涉及金额不能为负数", code="negative_amount", field=name)
    if isinstance(raw, float):
        text = f"{raw:.2f}"
    if not _AMOUNT.match(text):
        raise ServiceError("涉及金额应为数字（万元），最多两位小数", code="bad_amount", field=name)
    return Decimal(text)


def parse_month(data: Input, name: str = "month") -> date | None:
    raw = data.text(name, label="会议月份", max_length=7).strip()
    if not raw:
        return None
    found = _MONTH.match(raw)
    if found is None or not 1 <= int(found.group(2)) <= 12 or not 1900 <= int(found.group(1)) <= 2999:
        raise ServiceError(f"会议月份格式应为 YYYY-MM：{raw}", code="bad_month", field=name)
    return date(int(found.group(1)), int(found.group(2)), 1)


def _classification(data: Input) -> int:
    return int(
        data.choice(
            "classification",
            [str(level.value) for level in major.LEVELS],
            label="密级",
            default=str(Classification.INTERNAL.value),
        )
    )


@dataclass(frozen=True)
class MajorIn:
    """报备 or 修改: category, title, summary, amount, the deciding meeting, the classification."""

    category: str
    title: str
    summary: str
    amount: Decimal | None
    meeting_name: str
    meeting_on: date | None
    classification: int
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> MajorIn:
        return cls(
            category=data.choice("category", MajorCategory.values, label="事项类别"),
            title=data.text(
                "title", label="事项名称", max_length=max_length_of(MajorDecisionFiling, "title")
            ),
            summary=data.text("summary", label="主要内容", max_length=5000),
            amount=parse_amount(data),
            meeting_name=data.text(
                "meeting_name",
                label="决策会议",
                max_length=max_length_of(MajorDecisionFiling, "meeting_name"),
            ),
            meeting_on=data.date("meeting_on", label="会议日期"),
            classification=_classification(data),
            version=data.integer("version", label="版本号", low=1),
        )

    def file(self, *, by: Actor) -> MajorDecisionFiling:
        return major.file_major(
            by=by,
            category=self.category,
            title=self.title,
            summary=self.summary,
            amount=self.amount,
            meeting_name=self.meeting_name,
            meeting_on=self.meeting_on,
            classification=self.classification,
        )

    def edit(self, *, by: Actor, filing: MajorDecisionFiling) -> MajorDecisionFiling:
        return major.edit_major(
            by=by,
            filing=filing,
            version=self.version,
            category=self.category,
            title=self.title,
            summary=self.summary,
            amount=self.amount,
            meeting_name=self.meeting_name,
            meeting_on=self.meeting_on,
            classification=self.classification,
        )


@dataclass(frozen=True)
class OutcomeIn:
    """登记决策结果."""

    decided_on: date | None
    outcome: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> OutcomeIn:
        return cls(
            decided_on=data.date("decided_on", label="决策日期"),
            outcome=data.text(
                "outcome", label="决策结果", max_length=max_length_of(MajorDecisionFiling, "outcome")
            ),
            version=data.integer("version", label="版本号", low=1),
        )

    def apply(self, *, by: Actor, filing: MajorDecisionFiling) -> MajorDecisionFiling:
        return major.record_outcome(
            by=by, filing=filing, version=self.version, decided_on=self.decided_on, outcome=self.outcome
        )


@dataclass(frozen=True)
class WithdrawIn:
    """撤回报备."""

    reason: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> WithdrawIn:
        return cls(
            reason=data.text("reason", label="撤回理由", max_length=200),
            version=data.integer("version", label="版本号", low=1),
        )

    def apply(self, *, by: Actor, filing: MajorDecisionFiling) -> MajorDecisionFiling:
        return major.withdraw_major(by=by, filing=filing, version=self.version, reason=self.reason)


def parse_filters(data: Input) -> major.Filters:
    """The register's filters: unit (id), category, month (YYYY-MM of the meeting), late only."""
    return major.Filters(
        unit_id=data.integer("unit", label="单位", low=1, high=2**31 - 1),
        category=data.choice("category", ["", *MajorCategory.values], label="事项类别"),
        month=parse_month(data),
        late_only=data.flag("late", label="只看迟报"),
    )

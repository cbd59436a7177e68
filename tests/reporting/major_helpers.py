"""Helpers for the 三重一大 tests: a moment on a given day, and a filing made through the service."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from zhongshu.base.levels import Classification
from zhongshu.org.models import Person
from zhongshu.reporting.major import file_major
from zhongshu.reporting.models import MajorDecisionFiling


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def filing(
    person: Person,
    *,
    meeting_on: date,
    filed_on: date | None = None,
    category: str = "fund_use",
    title: str = "县财政局2025年度办公设备集中采购资金使用",
    amount: Decimal | None = Decimal("86.5"),
    classification: int = Classification.INTERNAL,
    **extra: Any,
) -> MajorDecisionFiling:
    return file_major(
        by=person.user,
        category=category,
        title=title,
        summary="拟使用年度预算资金集中采购办公设备。",
        amount=amount,
        meeting_name="局党组会议",
        meeting_on=meeting_on,
        classification=classification,
        now=at(filed_on) if filed_on else None,
        **extra,
    )

"""三重一大 filings. (Skeleton: the major part fills this in; the compliance view calls `counts_by_unit`.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class MajorCounts:
    filed: int
    late: int  # filed fewer than ZHONGSHU_MAJOR_DECISION_LEAD_DAYS working days before the meeting


def counts_by_unit(unit_ids: list[int], start: date, end: date) -> dict[int, MajorCounts]:
    """Per unit, its 三重一大 filings whose meeting fell in [start, end] (withdrawn ones not counted)."""
    return {}

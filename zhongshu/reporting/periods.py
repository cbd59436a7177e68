"""When a checklist line falls due. (Skeleton: the compliance part fills this in first; the checklist part's
reminders use it too.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhongshu.reporting.models import ChecklistLine


@dataclass(frozen=True)
class Period:
    start: date  # the period a filing covers (ChecklistFiling.period_start)
    end: date
    due_on: date  # the last day a filing counts as on time (working-day calendar)


def periods_of(line: ChecklistLine, start: date, end: date) -> list[Period]:
    """The line's periods whose due date falls in [start, end], in order; none for an ad-hoc line."""
    raise NotImplementedError

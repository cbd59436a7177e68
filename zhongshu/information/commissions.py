"""约稿: commissioned pieces. (Skeleton: the commissions part fills this in; submissions and scoring call the two
functions below.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhongshu.information.models import CommissionTarget


@dataclass(frozen=True)
class MissedCommission:
    unit_id: int
    commission_id: int
    topic: str
    deadline: date  # the penalty scores under the rule table in force on this date


def open_targets_for(unit_id: int) -> list[CommissionTarget]:
    """The unit's commissions not yet answered and not cancelled, for the submission form's 所答约稿 choice."""
    return []


def missed_targets(start: date, end: date) -> list[MissedCommission]:
    """Targets whose deadline fell in [start, end] (and has passed) with no item of the unit answering them
    submitted by the deadline: each costs the rule table's penalty."""
    return []

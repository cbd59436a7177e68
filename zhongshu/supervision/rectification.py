"""Reads for 整改: problem lists (问题清单) and their problems, which are supervision items of kind
rectification. A viewer sees a list through its problems: the access policy decides which problems, so a
unit's liaison sees only their unit's problems and the progress among them; the office sees every list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from zhongshu.access.policy import RecordNotFound, visible
from zhongshu.supervision.escalation import escalation_level, thresholds_by_category
from zhongshu.supervision.models import ItemKind, Level, ProblemList, Reminder, SupervisionItem
from zhongshu.supervision.roles import is_supervising
from zhongshu.supervision.states import ESCALATING_STATES, ItemState


@dataclass(frozen=True)
class Progress:
    closed: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.closed / self.total) if self.total else 0


@dataclass(frozen=True)
class ListSummary:
    problem_list: ProblemList
    progress: Progress


@dataclass(frozen=True)
class ProblemRow:
    item: SupervisionItem
    # The derived escalation level, while the unit still owes work; None once completion is requested.
    level: Level | None
    overdue: bool


def visible_problems(user: Any) -> QuerySet[SupervisionItem]:
    return visible(SupervisionItem.objects.filter(kind=ItemKind.RECTIFICATION), user)


def _progress_by_list(problems: QuerySet[SupervisionItem]) -> dict[int, Progress]:
    rows = (
        problems.filter(problem_list__isnull=False)
        .order_by()
        .values("problem_list_id")
        .annotate(total=Count("id"), closed=Count("id", filter=Q(state=ItemState.CLOSED)))
    )
    return {row["problem_list_id"]: Progress(row["closed"], row["total"]) for row in rows}


def problem_lists_for(user: Any) -> list[ListSummary]:
    """The lists the viewer may see, newest first, each with its 销号 progress among the visible problems."""
    progress = _progress_by_list(visible_problems(user))
    lists = ProblemList.objects.all()
    if not is_supervising(user):
        lists = lists.filter(pk__in=list(progress))
    return [ListSummary(pl, progress.get(pl.pk, Progress(0, 0))) for pl in lists]


def problem_list_for(user: Any, pk: int) -> ProblemList:
    """One list, or `RecordNotFound` alike for a missing list and one with no problem the viewer may see."""
    problem_list = ProblemList.objects.filter(pk=pk).first()
    if problem_list is None:
        raise RecordNotFound()
    if not is_supervising(user) and not visible_problems(user).filter(problem_list=problem_list).exists():
        raise RecordNotFound()
    return problem_list


def problem_rows(user: Any, problem_list: ProblemList, today: date) -> tuple[list[ProblemRow], Progress]:
    """The list's problems the viewer may see, in the order they were listed, with state and escalation."""
    items = list(
        visible_problems(user).filter(problem_list=problem_list).select_related("lead_unit").order_by("id")
    )
    thresholds = thresholds_by_category()
    presses = dict(
        Reminder.objects.filter(
            item_id__in=[item.pk for item in items], level=Level.PRESS, answered_at__isnull=True
        )
        .order_by()
        .values("item_id")
        .annotate(n=Count("id"))
        .values_list("item_id", "n")
    )
    rows = []
    for item in items:
        level = None
        if item.state in ESCALATING_STATES:
            level = escalation_level(
                deadline=item.deadline,
                today=today,
                thresholds=thresholds[item.category],
                unanswered_presses=presses.get(item.pk, 0),
            )
        rows.append(ProblemRow(item, level, item.is_overdue(today)))
    closed = sum(1 for item in items if item.state == ItemState.CLOSED)
    return rows, Progress(closed, len(items))

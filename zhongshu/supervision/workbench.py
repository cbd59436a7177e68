"""Supervision on the workbench (`core.workbench`): a leader's items and the office's figures.

- 我负责的督办事项: the open items naming the viewer as 责任领导 — those made from his own 批示 among them — each
  with its state, deadline, lead unit and the last progress report (its text and date), overdue first. Read
  through the ledger's own filter (`leader_filter`: his, not yet closed), the last report by a subquery, so
  the panel's link to the ledger opens the same items.
- The office's figures: 督办逾期, 待销号, 待签收, each the count of the ledger behind its link, read through the
  ledger's own filter (`LedgerFilter.from_params` over the link's query string), so the figure and the list
  agree and neither counts an item the viewer may not see.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.db.models import Case, F, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.urls import reverse
from django.utils.http import urlencode

from zhongshu.access.policy import viewer_of
from zhongshu.base.roles import Role
from zhongshu.core.workbench import Figure, Panel, PanelRow
from zhongshu.supervision.models import ProgressReport, Source, SupervisionItem, overdue_q
from zhongshu.supervision.roles import is_supervising
from zhongshu.supervision.selectors import UNCLOSED_STATES, LedgerFilter, filtered_items
from zhongshu.supervision.states import ItemState

LIMIT = 30
RECORD_TYPE = SupervisionItem._meta.label_lower
# The states the panel lists: the ledger's open filter (?open=1), so its link opens the same items.
LEADER_STATES = UNCLOSED_STATES


def leader_filter(person_id: int) -> LedgerFilter:
    """The ledger's filter for a leader's open items: the panel reads through it and links to it."""
    return LedgerFilter(leader_id=person_id, open=True)


def leader_records(user: Any, today: date) -> QuerySet[SupervisionItem]:
    """The open items the viewer is 责任领导 for and may see, overdue first, then by deadline (undated last)."""
    viewer = viewer_of(user)
    if viewer.person_id is None:
        return SupervisionItem.objects.none()
    last = ProgressReport.objects.filter(item_id=OuterRef("pk")).order_by("-at", "-id")
    return (
        filtered_items(user, leader_filter(viewer.person_id), today)
        .annotate(
            late=Case(When(overdue_q(today), then=Value(0)), default=Value(1), output_field=IntegerField()),
            report_text=Subquery(last.values("text")[:1]),
            report_at=Subquery(last.values("at")[:1]),
        )
        .select_related("lead_unit")
        .only(
            "id", "title", "state", "deadline", "source", "source_note", "classification", "lead_unit__name"
        )
        .order_by("late", F("deadline").asc(nulls_last=True), "id")
    )


def leader_rows(items: Iterable[Any], today: date) -> list[PanelRow]:
    return [
        PanelRow(
            title=item.title,
            url=reverse("supervision:item", args=[item.pk]),
            state_label=item.get_state_display(),
            due=item.deadline,
            overdue=item.is_overdue(today),
            unit=item.lead_unit.name if item.lead_unit else "",
            source_label=item.get_source_display() if item.source == Source.INSTRUCTION else "",
            report=item.report_text or "",
            report_at=item.report_at,
            classification=item.classification,
            record=(RECORD_TYPE, str(item.pk)),
        )
        for item in items
    ]


def leader_items(user: Any, today: date, *, limit: int = LIMIT) -> list[PanelRow]:
    """The panel's rows: the first `limit` of `leader_records`."""
    return leader_rows(leader_records(user, today)[:limit], today)


def leader_panel(user: Any, today: date) -> Panel | None:
    viewer = viewer_of(user)
    if not viewer.is_business_person or viewer.person_id is None or not user.has_role(Role.LEADER):
        return None
    ledger = f"{reverse('supervision:home')}?{urlencode(leader_filter(viewer.person_id).as_params())}"
    return Panel.cut(
        leader_records(user, today),
        lambda items: leader_rows(items, today),
        limit=LIMIT,
        key="supervision.leader",
        title="我负责的督办事项",
        empty="暂无由您担任责任领导的督办事项。",
        columns=("state", "due", "unit", "report"),
        order=20,
        more_url=ledger,
        more_label="在督查台账中查看全部",
    )


# The office's figures: (key, label, the ledger's query string, alert). The figure is the ledger's count.
OFFICE_FIGURES: tuple[tuple[str, str, dict[str, str], bool], ...] = (
    ("supervision.overdue", "督办逾期", {"overdue": "1"}, True),
    ("supervision.close_out", "待销号", {"state": ItemState.COMPLETION_REQUESTED.value}, False),
    ("supervision.receive", "待签收", {"state": ItemState.ASSIGNED.value}, False),
)


def office_figures(user: Any, today: date) -> Iterator[Figure]:
    if not viewer_of(user).is_business_person or not is_supervising(user):
        return
    ledger = reverse("supervision:home")
    for order, (key, label, params, alert) in enumerate(OFFICE_FIGURES, start=30):
        count = filtered_items(user, LedgerFilter.from_params(params), today).count()
        yield Figure(
            key=key, label=label, count=count, url=f"{ledger}?{urlencode(params)}", order=order, alert=alert
        )


def register() -> None:
    from zhongshu.core.workbench import register_figure_source, register_panel_source

    register_panel_source("supervision.leader", leader_panel)
    register_figure_source("supervision.office", office_figures)

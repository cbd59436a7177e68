"""Reads: the inbox and the lists (keyset-paged, through the access policy), registers, errors and turnaround."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from zhongshu.access.policy import Action, visible
from zhongshu.documents.models import Direction, DocumentEvent, ErrorBookEntry, OfficialDocument, VoidedNumber
from zhongshu.documents.states import DocState
from zhongshu.org.selectors import person_of_user
from zhongshu.workflow.models import Step, StepEvent
from zhongshu.workflow.states import StepAction, StepKind

PAGE_SIZE = 50


@dataclass
class Page:
    rows: list[OfficialDocument]
    next_before: int | None


def keyset(queryset: QuerySet[OfficialDocument], *, before: int | None, size: int = PAGE_SIZE) -> Page:
    """Newest first by id; `before` is the last id of the previous page (no OFFSET, so deep pages stay fast)."""
    if before is not None:
        queryset = queryset.filter(id__lt=before)
    rows = list(queryset.order_by("-id")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, rows[-1].pk if more and rows else None)


def inbox_documents(
    user: Any, *, unit_id: int | None, state: str = "", received: date | None = None
) -> QuerySet[OfficialDocument]:
    """A unit's incoming documents (its 收文 list), recalled copies left out; of one state, or received on one
    day, when asked (the workbench's 今日收文 counts this same query)."""
    queryset = (
        visible(OfficialDocument.objects.all(), user)
        .filter(direction=Direction.INCOMING, owner_unit_id=unit_id or 0)
        .exclude(state=DocState.RECALLED)
    )
    if state:
        queryset = queryset.filter(state=state)
    if received is not None:
        queryset = queryset.filter(received_on=received)
    return queryset


def inbox(
    user: Any,
    *,
    unit_id: int | None,
    before: int | None = None,
    state: str = "",
    received: date | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """A page of the unit's 收文 list (`inbox_documents`)."""
    queryset = inbox_documents(user, unit_id=unit_id, state=state, received=received).only(
        "id",
        "title",
        "doc_type",
        "state",
        "classification",
        "urgency",
        "source_unit_name",
        "source_doc_number",
        "incoming_number",
        "received_on",
        "doc_number",
    )
    return keyset(queryset, before=before, size=size)


def outbox_documents(user: Any, *, dispatched: date | None = None) -> QuerySet[OfficialDocument]:
    """The outgoing documents the viewer may see; those dispatched (分发) on one day, when asked (the
    workbench's 今日发文 counts this same query)."""
    queryset = visible(OfficialDocument.objects.all(), user).filter(direction=Direction.OUTGOING)
    if dispatched is not None:
        tz = timezone.get_current_timezone()
        queryset = queryset.filter(
            dispatched_at__gte=datetime.combine(dispatched, time.min, tz),
            dispatched_at__lt=datetime.combine(dispatched + timedelta(days=1), time.min, tz),
        )
    return queryset


def outbox(
    user: Any, *, before: int | None = None, mine_only: bool = False, dispatched: date | None = None
) -> Page:
    person = person_of_user(user)
    queryset = outbox_documents(user, dispatched=dispatched)
    if mine_only and person is not None:
        queryset = queryset.filter(owner_unit_id=person.unit_id)
    return keyset(queryset.select_related("drafter"), before=before)


def outgoing_register(user: Any, *, year: int, action: Action = Action.VIEW) -> QuerySet[OfficialDocument]:
    """发文登记簿: numbered documents of the year, by agency code and serial."""
    return (
        visible(OfficialDocument.objects.all(), user, action)
        .filter(direction=Direction.OUTGOING, doc_year=year, doc_serial__isnull=False)
        .select_related("owner_unit", "drafter", "signer")
        .order_by("agency_code", "doc_serial")
    )


def incoming_register(user: Any, *, year: int, action: Action = Action.VIEW) -> QuerySet[OfficialDocument]:
    """收文登记簿: registered incoming documents of the year, by 收文编号."""
    return (
        visible(OfficialDocument.objects.all(), user, action)
        .filter(direction=Direction.INCOMING, incoming_year=year, incoming_serial__isnull=False)
        .select_related("owner_unit")
        .order_by("owner_unit_id", "incoming_serial")
    )


def voided_numbers(year: int) -> QuerySet[VoidedNumber]:
    return VoidedNumber.objects.filter(year=year).order_by("agency_code", "serial")


def numbering_gaps(agency_code: str, year: int) -> tuple[int, int]:
    """(duplicates, gaps) among the serials given out: numbered documents plus voided numbers."""
    numbered = OfficialDocument.objects.filter(
        direction=Direction.OUTGOING, agency_code=agency_code, doc_year=year, doc_serial__isnull=False
    ).values_list("doc_serial", flat=True)
    voided = VoidedNumber.objects.filter(agency_code=agency_code, year=year).values_list("serial", flat=True)
    serials = [serial for serial in [*numbered, *voided] if serial is not None]
    duplicates = len(serials) - len(set(serials))
    top = max(serials, default=0)
    gaps = top - len(set(serials))
    return duplicates, gaps


# --- 差错汇编 ------------------------------------------------------------------------------------------------


@dataclass
class ErrorGroup:
    unit: str
    drafter: str
    entries: list[ErrorBookEntry] = field(default_factory=list)


def error_compilation(user: Any, *, start: date, end: date) -> list[ErrorGroup]:
    """差错汇编: errors confirmed in review in a period, by unit and drafter, with their corrections."""
    tz = timezone.get_current_timezone()
    documents = visible(OfficialDocument.objects.all(), user).values("pk")
    entries = (
        ErrorBookEntry.objects.filter(
            document__in=documents,
            confirmed_at__gte=datetime.combine(start, time.min, tz),
            confirmed_at__lte=datetime.combine(end, time.max, tz),
        )
        .select_related("unit", "drafter", "document")
        .order_by("unit__name", "drafter__name", "confirmed_at", "id")
    )
    groups: dict[tuple[str, str], ErrorGroup] = {}
    for entry in entries:
        key = (entry.unit.name if entry.unit else "—", entry.drafter.name if entry.drafter else "—")
        groups.setdefault(key, ErrorGroup(*key)).entries.append(entry)
    return list(groups.values())


# --- turnaround ----------------------------------------------------------------------------------------------


@dataclass
class TurnaroundRow:
    key: str
    documents: int
    median_review_hours: float | None
    returns_per_document: float
    median_total_hours: float | None


@dataclass
class Turnaround:
    by_unit: list[TurnaroundRow]
    by_drafter: list[TurnaroundRow]
    # Median hours spent in each document state, by the state's name, in the order a document moves through
    # them (拟稿, 审核中, 已签发, ...: the order `DocState` declares), not the names' order.
    step_hours: dict[str, float]


def _hours(a: datetime, b: datetime) -> float:
    return round((b - a).total_seconds() / 3600, 2)


def turnaround(user: Any, *, year: int) -> Turnaround:
    """报审时间: time at each step, median review time and returns per document, by unit and by drafter."""
    documents = list(
        visible(OfficialDocument.objects.all(), user)
        .filter(direction=Direction.OUTGOING, created_at__year=year)
        .select_related("owner_unit", "drafter")
        .only("id", "workflow_id", "owner_unit__name", "drafter__name", "created_at", "signed_at")
    )
    ids = [d.pk for d in documents]
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(OfficialDocument)
    review_steps = Step.objects.filter(
        workflow__content_type=content_type,
        workflow__object_id__in=ids,
        kind__in=[StepKind.REVIEW, StepKind.COUNTERSIGN],
        opened_at__isnull=False,
        closed_at__isnull=False,
    ).values_list("workflow__object_id", "opened_at", "closed_at")
    review_hours: dict[int, list[float]] = defaultdict(list)
    for object_id, opened, closed in review_steps:
        if opened is not None and closed is not None:
            review_hours[object_id].append(_hours(opened, closed))
    returns: dict[int, int] = defaultdict(int)
    for object_id in StepEvent.objects.filter(
        step__workflow__content_type=content_type, step__workflow__object_id__in=ids, action=StepAction.RETURN
    ).values_list("step__workflow__object_id", flat=True):
        returns[object_id] += 1
    state_hours: dict[str, list[float]] = defaultdict(list)
    last: dict[int, tuple[str, datetime]] = {}
    for document_id, to_state, at in (
        DocumentEvent.objects.filter(document_id__in=ids)
        .order_by("document_id", "at", "id")
        .values_list("document_id", "to_state", "at")
    ):
        if document_id in last and last[document_id][0] != to_state:
            state, since = last[document_id]
            state_hours[state].append(_hours(since, at))
        if document_id not in last or last[document_id][0] != to_state:
            last[document_id] = (to_state, at)

    def rows(key_of: Any) -> list[TurnaroundRow]:
        grouped: dict[str, list[OfficialDocument]] = defaultdict(list)
        for document in documents:
            grouped[key_of(document)].append(document)
        result = []
        for key, docs in sorted(grouped.items()):
            reviews = [h for d in docs for h in review_hours.get(d.pk, [])]
            totals = [_hours(d.created_at, d.signed_at) for d in docs if d.signed_at is not None]
            result.append(
                TurnaroundRow(
                    key=key,
                    documents=len(docs),
                    median_review_hours=round(statistics.median(reviews), 2) if reviews else None,
                    returns_per_document=round(sum(returns.get(d.pk, 0) for d in docs) / len(docs), 2),
                    median_total_hours=round(statistics.median(totals), 2) if totals else None,
                )
            )
        return result

    return Turnaround(
        by_unit=rows(lambda d: d.owner_unit.name if d.owner_unit else "—"),
        by_drafter=rows(lambda d: d.drafter.name if d.drafter else "—"),
        step_hours={
            state.label: round(statistics.median(state_hours[state.value]), 2)
            for state in DocState
            if state.value in state_hours
        },
    )

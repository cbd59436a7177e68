"""Filing against the checklist (报送): a filing covers one line and, for a periodic or by-date line, one of its
periods; one filing per line and period. Two ways in:

- from the documents module: a 请示 or 报告 the county office received from the unit (an incoming document the
  filer may see, read through the access policy) is linked to its line and period; the filing keeps the
  document as its source (access.links), so the document's page shows 由此产生 and the filing shows 来源, and
  it counts as filed when the document was received;
- a lighter filing for routine reports, made by the unit itself: a title, the period and an attachment.

A filing for a period the line does not have (before it starts, not one of its periods, or after it was
retired) is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.links import register_derived
from zhongshu.access.policy import visible
from zhongshu.accounts.actors import Actor
from zhongshu.attachments.services import attach_file, store_file
from zhongshu.audit.services import audit_record
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.documents.models import DocType, OfficialDocument
from zhongshu.documents.selectors import inbox_documents
from zhongshu.reporting.checklist import may_file_for, may_keep, own_unit_id
from zhongshu.reporting.models import ChecklistFiling, ChecklistLine, Cycle
from zhongshu.reporting.periods import Period, periods_of

TITLE_MAX = 200
NOTE_MAX = 200
PURPOSE = "reporting.filing"
REPORT_TYPES = (DocType.REQUEST.value, DocType.REPORT.value)
LOOK_BACK_DAYS = 400
LOOK_AHEAD_DAYS = 130
YEAR_LOW, YEAR_HIGH = 2000, 2100


def filing_url(filing: ChecklistFiling) -> str:
    return reverse("reporting:filing", args=[filing.pk])


# --- periods ------------------------------------------------------------------------------------------------


def periods_around(line: ChecklistLine, today: date | None = None) -> list[Period]:
    """The line's periods a filer may choose now: those due within about the last year and the next months,
    up to its retirement."""
    today = today or timezone.localdate()
    return [
        period
        for period in periods_of(
            line, today - timedelta(days=LOOK_BACK_DAYS), today + timedelta(days=LOOK_AHEAD_DAYS)
        )
        if line.ends_on is None or period.start <= line.ends_on
    ]


def period_of(line: ChecklistLine, period_start: date | None) -> Period | None:
    """The line's period starting on `period_start` (None for an ad-hoc line); refused when the line has no
    such period."""
    if line.cycle == Cycle.AD_HOC:
        if period_start is not None:
            raise ServiceError("随时报送的事项不分期间", code="no_period_for_ad_hoc", field="period_start")
        return None
    if period_start is None:
        raise ServiceError("请选择所属期间", code="period_required", field="period_start")
    if not YEAR_LOW <= period_start.year <= YEAR_HIGH:
        raise ServiceError("所属期间超出可报送的年份范围", code="period_out_of_range", field="period_start")
    # A period's due date falls after its start and within about a year and a half of it.
    for period in periods_of(line, period_start, period_start + timedelta(days=560)):
        if period.start == period_start:
            return period
    if line.ends_on is not None and period_start > line.ends_on:
        raise ServiceError(
            "所选期间在该事项停止之后，不能报送", code="period_after_retired", field="period_start"
        )
    if period_start < line.starts_on:
        raise ServiceError("所选期间早于该事项的起始日期", code="period_before_start", field="period_start")
    raise ServiceError("该事项没有所选的期间", code="unknown_period", field="period_start")


def period_label(line: ChecklistLine, start: date | None) -> str:
    if start is None:
        return "逐事报送"
    if line.cycle == Cycle.MONTHLY:
        return f"{start.year}年{start.month}月"
    if line.cycle == Cycle.QUARTERLY:
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    return f"{start.year}年度"


# --- the documents a filing may come from ------------------------------------------------------------------


def received_from(viewer: Any, line: ChecklistLine) -> QuerySet[OfficialDocument]:
    """请示 and 报告 received from the line's unit that the viewer may see: the office's incoming copies of what
    the unit sent (its 收文 list, through the documents' selector) or a paper one registered with the unit as
    来文单位."""
    office_unit = own_unit_id(viewer)
    unit = line.unit
    return (
        inbox_documents(viewer, unit_id=office_unit)
        .filter(doc_type__in=REPORT_TYPES)
        .filter(Q(origin__owner_unit_id=unit.pk) | Q(source_unit_name=unit.name))
        .order_by("-received_on", "-id")
    )


def received_at(document: OfficialDocument) -> datetime:
    """When the office received the document: its 收文日期 (the moment it was registered when that was the same
    day, else that morning), or when it was made when it has none."""
    if document.received_on is not None:
        registered = document.registered_at
        if registered is not None and timezone.localtime(registered).date() == document.received_on:
            return registered
        return timezone.make_aware(datetime.combine(document.received_on, time(9, 0)))
    return document.registered_at or document.created_at


# --- filing -------------------------------------------------------------------------------------------------


def _check_filer(line: ChecklistLine, by: Actor) -> None:
    if not may_file_for(by, line.unit_id):
        raise Forbidden("只能报送本单位清单上的事项", code="not_unit_filer")


def _create(line: ChecklistLine, period: Period | None, **values: Any) -> ChecklistFiling:
    start = period.start if period is not None else None
    locked = ChecklistLine.objects.select_for_update().get(pk=line.pk)
    if start is not None and ChecklistFiling.objects.filter(line=locked, period_start=start).exists():
        raise ServiceError(
            f"{period_label(line, start)}的“{line.matter}”已经报送过",
            code="already_filed",
            field="period_start",
        )
    try:
        with transaction.atomic():
            return ChecklistFiling.objects.create(line=locked, period_start=start, **values)
    except IntegrityError:
        raise ServiceError(
            f"{period_label(line, start)}的“{line.matter}”已经报送过",
            code="already_filed",
            field="period_start",
        ) from None


def file_from_document(
    *,
    line: ChecklistLine,
    period_start: date | None,
    document: OfficialDocument | None,
    by: Actor,
    note: str = "",
) -> ChecklistFiling:
    """Link a 请示 or 报告 received from the unit to its line and period."""
    _check_filer(line, by)
    if document is None:
        raise ServiceError("请选择收到的请示或报告", code="document_required", field="document")
    if not received_from(by, line).filter(pk=document.pk).exists():
        raise ServiceError(
            "所选公文不是收到的该单位请示或报告，或您无权查看", code="unknown_document", field="document"
        )
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ServiceError(f"备注不能超过{NOTE_MAX}字", code="too_long", field="note")
    period = period_of(line, period_start)
    document_type = ContentType.objects.get_for_model(OfficialDocument)
    with transaction.atomic():
        if ChecklistFiling.objects.filter(source_type=document_type, source_id=document.pk).exists():
            raise ServiceError("该公文已关联过报送记录", code="document_already_filed", field="document")
        filing = _create(
            line,
            period,
            title=document.title[:TITLE_MAX],
            filed_at=received_at(document),
            filed_by=by,
            source_type=document_type,
            source_id=document.pk,
            note=note,
        )
        audit_record(
            actor=by,
            action="reporting.filing.from_document",
            target=filing,
            details={"period_start": str(filing.period_start or ""), "title": filing.title},
        )
    return filing


def file_lightly(
    *,
    line: ChecklistLine,
    period_start: date | None,
    title: str,
    uploads: Sequence[Any],
    by: Actor,
    note: str = "",
    now: datetime | None = None,
) -> ChecklistFiling:
    """A routine report filed by the unit itself: its title, the period and the report as an attachment."""
    _check_filer(line, by)
    if may_keep(by) and own_unit_id(by) != line.unit_id:
        raise Forbidden("简易报送由单位自行报送", code="not_unit_filer")
    title = (title or "").strip()
    if not title:
        raise ServiceError("请填写报送标题", code="title_required", field="title")
    if len(title) > TITLE_MAX:
        raise ServiceError(f"标题不能超过{TITLE_MAX}字", code="too_long", field="title")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ServiceError(f"备注不能超过{NOTE_MAX}字", code="too_long", field="note")
    if not uploads:
        raise ServiceError("请上传报告附件", code="attachment_required", field="file")
    if len(uploads) > 10:
        raise ServiceError("附件最多10个", code="too_many_files", field="file")
    period = period_of(line, period_start)
    stored = [store_file(uploaded=upload, by=by) for upload in uploads]
    with transaction.atomic():
        filing = _create(line, period, title=title, filed_at=now or timezone.now(), filed_by=by, note=note)
        for one in stored:
            attach_file(owner=filing, stored=one, by=by, purpose=PURPOSE)
        audit_record(
            actor=by,
            action="reporting.filing.light",
            target=filing,
            details={"period_start": str(filing.period_start or ""), "title": title, "count": len(stored)},
        )
    return filing


# --- reading ------------------------------------------------------------------------------------------------


def visible_filings(viewer: Any) -> QuerySet[ChecklistFiling]:
    return visible(ChecklistFiling.objects.all(), viewer).select_related("line__unit", "filed_by")


def due_of(filing: ChecklistFiling) -> date | None:
    if filing.period_start is None:
        return None
    for period in periods_of(filing.line, filing.period_start, filing.period_start + timedelta(days=560)):
        if period.start == filing.period_start:
            return period.due_on
    return None


def is_late(filing: ChecklistFiling, due_on: date | None) -> bool:
    return due_on is not None and timezone.localtime(filing.filed_at).date() > due_on


def register() -> None:
    register_derived(
        ChecklistFiling,
        type_field="source_type",
        id_field="source_id",
        noun="请示报告清单报送",
        title=lambda filing: filing.title,
        url=filing_url,
        newest="filed_at",
    )

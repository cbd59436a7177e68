"""报送 API, mounted under /api/reporting: /filings (the filings the viewer may see), one filing (with its
source document as the viewer may see it), and filing against a line — from a received 请示 or 报告
(document) or, multipart, a lighter filing with its title and attachment (file)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from zhongshu.access.links import source_of
from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.attachments.services import attachments_of
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input
from zhongshu.reporting import filings
from zhongshu.reporting.models import ChecklistFiling
from zhongshu.reporting.roles import may_use_reporting
from zhongshu.reporting.schemas_checklist import FilingIn

router = Router(tags=["请示报告报送"])


def _allowed(request: HttpRequest) -> None:
    if not may_use_reporting(request.user):
        raise Forbidden("无权使用请示报告", code="not_allowed")


def filing_out(request: HttpRequest, filing: ChecklistFiling, *, full: bool = False) -> dict[str, Any]:
    due = filings.due_of(filing)
    out: dict[str, Any] = {
        "id": filing.pk,
        "line": filing.line_id,
        "unit": filing.line.unit_id,
        "period_start": filing.period_start.isoformat() if filing.period_start else None,
        "period": filings.period_label(filing.line, filing.period_start),
        "title": filing.title,
        "filed_at": timezone.localtime(filing.filed_at).isoformat(),
        "due_on": due.isoformat() if due else None,
        "late": filings.is_late(filing, due),
        "from_document": filing.source_id is not None,
        "note": filing.note,
    }
    if full:
        source = source_of(filing, request.user)
        out["source"] = (
            None
            if source is None
            else {
                "noun": source.noun,
                "title": source.title,
                "url": source.url,
                "id": source.id,
                "visible": source.visible,
            }
        )
        out["attachments"] = [
            {"id": a.pk, "name": a.file.original_name, "size": a.file.size}
            for a in attachments_of(filing, filings.PURPOSE)
        ]
    return out


@router.get("/filings", summary="报送记录（unit, line 可选）")
def list_filings(
    request: HttpRequest, unit: IdParam | None = None, line: IdParam | None = None
) -> dict[str, Any]:
    _allowed(request)
    rows = filings.visible_filings(request.user)
    if unit is not None:
        rows = rows.filter(line__unit_id=unit)
    if line is not None:
        rows = rows.filter(line_id=line)
    return {"filings": [filing_out(request, filing) for filing in rows.order_by("-filed_at", "-id")[:500]]}


@router.get("/filings/{filing_id}", summary="报送记录（含来源公文与附件）")
def get_filing(request: HttpRequest, filing_id: IdParam) -> dict[str, Any]:
    _allowed(request)
    filing = get_for(request.user, ChecklistFiling.objects.select_related("line__unit"), filing_id)
    return filing_out(request, filing, full=True)


@router.post(
    "/filings",
    summary="报送（line, period_start, 以及 document 关联收文；或 title 与 file 附件，multipart）",
)
def make_filing(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    filing = FilingIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return filing_out(
        request, ChecklistFiling.objects.select_related("line__unit").get(pk=filing.pk), full=True
    )

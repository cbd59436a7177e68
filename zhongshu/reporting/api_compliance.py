"""The compliance part's JSON API (应报尽报), mounted under /api/reporting: the all-units summary for the county
office and one unit's lines and periods (the office for any unit, a unit's filers for their own; another unit
answers as one that does not exist). `period` is a month (2026-10), a quarter (2026-Q4) or a year (2026); none
means this month. Anyone else, the administrators included, is refused in JSON."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router
from pydantic import Field

from zhongshu.access.policy import get_for
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam
from zhongshu.org.models import Unit
from zhongshu.reporting import compliance
from zhongshu.reporting.compliance import LineCompliance, Span, Tally, UnitCompliance

router = Router(tags=["应报尽报"])
PeriodParam = Annotated[str, Field(max_length=30)]  # 2026-01-01~2026-12-31 is 21


def _allowed(request: HttpRequest) -> None:
    if not compliance.may_view_compliance(request.user):
        raise Forbidden("无权查看应报尽报情况", code="compliance_forbidden")


def _span(period: str | None) -> Span:
    raw = (period or "").strip()
    return Span.parse(raw) if raw else Span.month_of(compliance.local_today())


def _tally(tally: Tally) -> dict[str, Any]:
    return {
        "due": tally.due,
        "on_time": tally.on_time,
        "late": tally.late,
        "missing": tally.missing,
        "pending": tally.pending,
        "ad_hoc": tally.ad_hoc,
        "on_time_rate": tally.rate,
    }


def _span_out(span: Span) -> dict[str, Any]:
    return {"code": span.code, "label": span.label, "start": span.start, "end": span.end}


def _unit_brief(unit: UnitCompliance) -> dict[str, Any]:
    return {
        "unit": {"id": unit.unit_id, "name": unit.unit_name},
        **_tally(unit.tally),
        "major": {"filed": unit.major.filed, "late": unit.major.late},
    }


def _line_out(line: LineCompliance) -> dict[str, Any]:
    return {
        "id": line.line_id,
        "matter": line.matter,
        "kind": line.kind,
        "cycle": line.cycle,
        "basis": line.basis,
        "ad_hoc_filings": line.ad_hoc_filings if line.is_ad_hoc else None,
        "periods": [
            {
                "start": item.period.start,
                "end": item.period.end,
                "label": item.period_label,
                "due_on": item.period.due_on,
                "status": item.status.value,
                "status_label": item.status_label,
                "filed_at": item.filed_at.isoformat() if item.filed_at else None,
                "filing_id": item.filing_id,
            }
            for item in line.periods
        ],
        **_tally(line.tally),
    }


@router.get("/compliance", summary="各单位应报尽报情况（县委办）")
def summary(request: HttpRequest, period: PeriodParam | None = None) -> dict[str, Any]:
    _allowed(request)
    if not compliance.sees_all_units(request.user):
        raise Forbidden(
            "只有县委办（文书、督查员、办公室主任）可以查看各单位情况", code="compliance_forbidden"
        )
    span = _span(period)
    rows = compliance.units_compliance(span.start, span.end)
    return {
        "period": _span_out(span),
        "units": [_unit_brief(row) for row in rows],
        "total": _tally(compliance.totals(rows)),
    }


@router.get("/compliance/units/{unit_id}", summary="一个单位的清单事项及各期报送情况")
def unit_detail(
    request: HttpRequest,
    unit_id: IdParam,
    period: PeriodParam | None = None,
) -> dict[str, Any]:
    _allowed(request)
    ids = compliance.visible_unit_ids(request.user)
    units = Unit.objects.all() if ids is None else Unit.objects.filter(pk__in=ids)
    unit = get_for(request.user, units, unit_id)
    span = _span(period)
    result = compliance.unit_compliance(unit.pk, span.start, span.end)
    return {
        "period": _span_out(span),
        **_unit_brief(result),
        "lines": [_line_out(line) for line in result.lines],
    }

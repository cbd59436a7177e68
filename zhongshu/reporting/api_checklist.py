"""请示报告清单 API, mounted under /api/reporting: /checklist (the lines the viewer may see, by unit), one line,
add (to several units at once), edit, retire, delete. Every action goes through the pages' contracts
(schemas_checklist) and the services; a refusal is JSON."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from ninja import Router

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input
from zhongshu.reporting import checklist
from zhongshu.reporting.actions_checklist import LINE_RULES
from zhongshu.reporting.models import ChecklistLine
from zhongshu.reporting.roles import may_use_reporting
from zhongshu.reporting.schemas_checklist import LineAddIn, LineEditIn, LineRetireIn

router = Router(tags=["请示报告清单"])


def _allowed(request: HttpRequest) -> None:
    if not may_use_reporting(request.user):
        raise Forbidden("无权使用请示报告", code="not_allowed")


def line_out(request: HttpRequest, line: ChecklistLine) -> dict[str, Any]:
    return {
        "id": line.pk,
        "unit": line.unit_id,
        "unit_name": line.unit.name,
        "kind": line.kind,
        "timing": line.timing,
        "matter": line.matter,
        "basis": line.basis,
        "cycle": line.cycle,
        "due_working_days": line.due_working_days,
        "due_on": line.due_on.isoformat() if line.due_on else None,
        "starts_on": line.starts_on.isoformat(),
        "ends_on": line.ends_on.isoformat() if line.ends_on else None,
        "sort_order": line.sort_order,
        "version": line.version,
        "actions": LINE_RULES.available(request.user, line),
    }


def _line(request: HttpRequest, pk: int) -> ChecklistLine:
    _allowed(request)
    return get_for(request.user, ChecklistLine.objects.select_related("unit"), pk)


@router.get("/checklist", summary="请示报告清单（unit 可选）")
def list_lines(request: HttpRequest, unit: IdParam | None = None) -> dict[str, Any]:
    _allowed(request)
    lines = checklist.visible_lines(request.user)
    if unit is not None:
        lines = lines.filter(unit_id=unit)
    lines = lines.annotate(filed_count=Count("filings")).order_by("unit_id", "sort_order", "id")
    return {"lines": [line_out(request, line) for line in lines[:1000]]}


@router.get("/checklist/{line_id}", summary="清单事项")
def get_line(request: HttpRequest, line_id: IdParam) -> dict[str, Any]:
    return line_out(request, _line(request, line_id))


@router.post(
    "/checklist",
    summary="添加清单事项（units, kind, timing, matter, basis, cycle, due_working_days, due_on, starts_on, ends_on）",
)
def add_line(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    if not checklist.may_keep(request.user):
        raise Forbidden("只有县委办公室才能维护请示报告清单", code="not_keeper")
    lines = LineAddIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return {"lines": [line_out(request, line) for line in lines]}


@router.post("/checklist/{line_id}/edit", summary="修改清单事项（各字段与 version）")
def edit_line(request: HttpRequest, line_id: IdParam) -> dict[str, Any]:
    line = _line(request, line_id)
    LINE_RULES.require("edit", request.user, line)
    line = LineEditIn.parse(Input.of(request)).apply(line=line, by=actor_of(request))
    return line_out(request, line)


@router.post("/checklist/{line_id}/retire", summary="停止清单事项（ends_on, version）")
def retire_line(request: HttpRequest, line_id: IdParam) -> dict[str, Any]:
    line = _line(request, line_id)
    LINE_RULES.require("retire", request.user, line)
    line = LineRetireIn.parse(Input.of(request)).apply(line=line, by=actor_of(request))
    return line_out(request, line)


@router.post("/checklist/{line_id}/delete", summary="删除尚无报送记录的清单事项（version）")
def delete_line(request: HttpRequest, line_id: IdParam) -> dict[str, Any]:
    line = _line(request, line_id)
    LINE_RULES.require("delete", request.user, line)
    data = Input.of(request)
    checklist.line_delete(
        line=line, version=data.integer("version", label="版本号", low=1), by=actor_of(request)
    )
    return {"deleted": line_id}

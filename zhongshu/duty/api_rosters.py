"""The rosters part's JSON API, mounted under /api/duty by duty/api.py: every action of the pages (list,
read with `actions`, generate, replace a person on a shift, publish, delete, the DOCX, the configuration),
through the pages' contracts (schemas_rosters) and services. Refusals are JSON (`Forbidden`), never the
pages' HTML 403."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from ninja import Router

from zhongshu.access.policy import RecordNotFound
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.duty import rosters
from zhongshu.duty.actions_rosters import RULES
from zhongshu.duty.models import DutyEligibility, DutyPoint, DutyRole, DutyRoster, SensitivePeriod
from zhongshu.duty.roles import may_use_duty
from zhongshu.duty.roster_docx import SCOPES, roster_docx
from zhongshu.duty.schemas_rosters import GenerateIn, ReplaceIn, config_action, roster_action

router = Router(tags=["值班表"])
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _allowed(request: HttpRequest) -> None:
    if not may_use_duty(request.user):
        raise Forbidden("无权使用值班应急", code="not_allowed")


def _manager(request: HttpRequest) -> None:
    _allowed(request)
    user: Any = request.user
    if not (rosters.may_configure(user) or rosters.may_manage_unit(user, user.unit_id)):
        raise Forbidden("无权设置值班", code="roster_forbidden")


def _roster(request: HttpRequest, pk: int) -> DutyRoster:
    _allowed(request)
    roster = rosters.visible_rosters(request.user).filter(pk=pk).first()
    if roster is None:
        raise RecordNotFound()
    return roster


def _summary(roster: DutyRoster) -> dict[str, Any]:
    return {
        "id": roster.pk,
        "title": roster.title,
        "unit": {"id": roster.unit_id, "name": roster.unit.name},
        "starts_on": roster.starts_on,
        "ends_on": roster.ends_on,
        "state": roster.state,
        "version": roster.version,
    }


def _roster_out(request: HttpRequest, roster: DutyRoster) -> dict[str, Any]:
    roster = DutyRoster.objects.select_related("unit").get(pk=roster.pk)
    roles, rows = rosters.roster_table(roster)
    codes = {r.pk: r.code for r in roles}
    return {
        **_summary(roster),
        "actions": RULES.available(request.user, roster),
        "roles": [{"id": r.pk, "code": r.code, "name": r.name} for r in roles],
        "days": [
            {
                "day": row.info.day,
                "weekday": row.info.weekday,
                "rest": row.info.rest,
                "holiday": row.info.holiday_name,
                "makeup": row.info.makeup,
                "shifts": [
                    {
                        "id": s.pk,
                        "role": codes[role_id],
                        "person": {"id": s.person_id, "name": s.person.name},
                        "kind": s.kind,
                        "starts_at": s.starts_at,
                        "ends_at": s.ends_at,
                    }
                    for role_id, shifts in row.cells.items()
                    for s in shifts
                ],
            }
            for row in rows
        ],
    }


@router.get("/rosters", summary="值班表列表")
def list_rosters(request: HttpRequest, unit: IdParam | None = None) -> dict[str, Any]:
    _allowed(request)
    qs = rosters.visible_rosters(request.user)
    if unit is not None:
        qs = qs.filter(unit_id=unit)
    return {"rosters": [_summary(r) for r in qs.order_by("-starts_on", "unit_id")[:200]]}


@router.post("/rosters", summary="生成值班表（草稿）", openapi_extra=request_body(GenerateIn))
def generate(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    roster = GenerateIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return _roster_out(request, roster)


@router.get("/rosters/config", summary="值班设置（岗位、轮值人员、值班电话、敏感时期）")
def get_config(request: HttpRequest) -> dict[str, Any]:
    _manager(request)
    user: Any = request.user
    units = None if rosters.may_configure(user) else [user.unit_id]
    eligibility = DutyEligibility.objects.select_related("person")
    points = DutyPoint.objects.all()
    if units is not None:
        eligibility = eligibility.filter(unit_id__in=units)
        points = points.filter(unit_id__in=units)
    return {
        "roles": [
            {
                "id": r.pk,
                "code": r.code,
                "name": r.name,
                "is_leader_role": r.is_leader_role,
                "required_on_holidays": r.required_on_holidays,
            }
            for r in DutyRole.objects.order_by("sort_order", "id")
        ],
        "eligibility": [
            {
                "id": e.pk,
                "unit": e.unit_id,
                "role": e.role_id,
                "person": {"id": e.person_id, "name": e.person.name},
                "order": e.sort_order,
                "active": e.active,
            }
            for e in eligibility.order_by("unit_id", "role_id", "sort_order", "id")
        ],
        "duty_points": [
            {"unit": p.unit_id, "phone": p.phone, "fax": p.fax, "place": p.place} for p in points
        ],
        "sensitive_periods": [
            {"id": p.pk, "name": p.name, "starts_on": p.starts_on, "ends_on": p.ends_on}
            for p in SensitivePeriod.objects.order_by("-starts_on")
        ],
    }


@router.post("/rosters/config/{action}", summary="修改值班设置")
def post_config(request: HttpRequest, action: str) -> dict[str, Any]:
    _manager(request)
    config_action(action, by=actor_of(request), data=Input.of(request))
    return get_config(request)


@router.get("/rosters/{roster_id}", summary="值班表（按日，含可执行操作）")
def get_roster(request: HttpRequest, roster_id: IdParam) -> dict[str, Any]:
    return _roster_out(request, _roster(request, roster_id))


@router.post("/rosters/{roster_id}/shifts", summary="换人（草稿）", openapi_extra=request_body(ReplaceIn))
def replace(request: HttpRequest, roster_id: IdParam) -> dict[str, Any]:
    roster = _roster(request, roster_id)
    roster_action("edit", roster=roster, by=actor_of(request), data=Input.of(request))
    return _roster_out(request, roster)


@router.post("/rosters/{roster_id}/publish", summary="发布")
def publish(request: HttpRequest, roster_id: IdParam) -> dict[str, Any]:
    roster = _roster(request, roster_id)
    roster_action("publish", roster=roster, by=actor_of(request), data=Input.of(request))
    return _roster_out(request, roster)


@router.post("/rosters/{roster_id}/delete", summary="删除草稿")
def delete(request: HttpRequest, roster_id: IdParam) -> dict[str, Any]:
    roster = _roster(request, roster_id)
    roster_action("delete", roster=roster, by=actor_of(request), data=Input.of(request))
    return {"deleted": roster_id}


@router.get("/rosters/{roster_id}/docx", summary="打印（DOCX）：全表、一周或节假日")
def docx(request: HttpRequest, roster_id: IdParam, scope: str = "all", day: str = "") -> HttpResponse:
    roster = _roster(request, roster_id)
    around = Input({"day": day}).date("day", label="日期") if day else None
    data = roster_docx(roster, scope if scope in SCOPES else "all", around or roster.starts_on)
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(roster.title + '.docx')}"
    return response

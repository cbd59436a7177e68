"""The 额度 page (精文减会): the office director chooses a kind (发文 by default, or a type of meeting), sees
each unit's count this year and last, its quota, its share and the explanations, and sets every unit's quota
in one form with one 保存 (all saved, or on any error none). Documents' old address, /documents/quotas/, is
the same view with the kind fixed to 发文."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode

from zhongshu.base.roles import Role
from zhongshu.core.errors import ServiceError
from zhongshu.core.htmx import vary
from zhongshu.core.inputs import Input, parse_id
from zhongshu.org.selectors import unit_choices
from zhongshu.quotas import schemas
from zhongshu.quotas.charts import quota_chart
from zhongshu.quotas.registry import QuotaKind, quota_kinds
from zhongshu.quotas.selectors import quota_overview


def may_set_quotas(user: Any) -> bool:
    from zhongshu.access.policy import is_business_person

    return is_business_person(user) and bool(user.has_role(Role.OFFICE_DIRECTOR))


def _kind(request: HttpRequest, fixed: str | None) -> QuotaKind:
    try:
        return schemas.kind_of(Input(request.GET), fixed)
    except ServiceError:
        raise Http404("没有这种额度") from None


@login_required
def quotas_page(request: HttpRequest, kind: str | None = None) -> HttpResponse:
    user: Any = request.user
    spec = _kind(request, kind)
    if not user.has_role(Role.OFFICE_DIRECTOR):
        raise PermissionDenied(f"只有办公室主任才能设定{spec.label}额度")
    year = parse_id(request.GET.get("year")) or timezone.localdate().year
    query: dict[str, str | int] = {"year": year} if kind else {"kind": spec.code, "year": year}
    problems: dict[int, str] = {}
    entered: dict[int, Any] = {}
    status = 200
    if request.method == "POST":
        data = Input.of(request)
        year = parse_id(data.value("year")) or year
        query["year"] = year
        units = list(unit_choices(user))
        try:
            changed = schemas.QuotasIn.parse(data, kind=spec, units=units, year=year).apply(by=user)
        except ServiceError as error:
            problems = getattr(error, "problems", {})
            entered = {unit.pk: data.value(f"limit-{unit.pk}") for unit in units}
            messages.error(request, error.message)
            status = error.status
        else:
            saved = f"，{len(changed)}个单位有变动" if changed else "，没有变动"
            messages.success(request, f"已保存{year}年度{spec.label}额度{saved}")
            return redirect(f"{request.path}?{urlencode(query)}")
    rows = quota_overview(user, kind=spec, year=year)
    lines = [
        {
            "row": row,
            "value": entered.get(row.unit.pk, row.limit) if entered else row.limit,
            "problem": problems.get(row.unit.pk, ""),
        }
        for row in rows
    ]
    context = {
        "kind": spec,
        "kinds": quota_kinds(),
        "fixed_kind": kind is not None,
        "year": year,
        "query": urlencode(query),
        "lines": lines,
        "chart": quota_chart(rows, spec, year),
        "explains": spec.explanations is not None,
    }
    return vary(render(request, "quotas/quotas.html", context, status=status))

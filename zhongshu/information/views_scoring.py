"""Pages of the scoring part (采用计分): the ranking of a month, quarter or year with its chart and table, a
unit's breakdown (every fact behind its score), the 通报 DOCX, the rule table's versions (计分规则), and the
item page's section 采用与计分 with the editor's form for an upward adoption. Views stay thin: scoring.py,
rule_tables.py and adoptions.py decide."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.access.policy import get_for, visible
from zhongshu.accounts.actors import actor_of
from zhongshu.core.charts import Chart, Series
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.information import adoptions, rule_tables, scoring
from zhongshu.information.actions_scoring import (
    ADOPTION_RULES,
    ITEM_RULES,
    TABLE_RULES,
    lines_shown_to,
    may_keep_rules,
    may_see_ranking,
    may_see_unit,
    sees_all_units,
)
from zhongshu.information.models import (
    AdoptionLevel,
    InfoReport,
    QuotaPeriod,
    RuleKind,
    ScoreRuleTable,
    ScoringMode,
    UpwardAdoption,
)
from zhongshu.information.ranking_docx import bulletin_title, change_text, points, ranking_docx
from zhongshu.information.schemas_scoring import AdoptionIn, TableIn, period_in
from zhongshu.information.views import allowed
from zhongshu.org.models import Unit

CHART_TOP = 20


def _ranking_allowed(request: HttpRequest) -> None:
    allowed(request)
    if not may_see_ranking(request.user):
        raise PermissionDenied("无权查看信息采用计分")


def _period(request: HttpRequest) -> scoring.Period:
    try:
        return period_in(
            request.GET.get("period", "month"), request.GET.get("year"), request.GET.get("number")
        )
    except ServiceError:
        return period_in("month", None, None)


def _query(period: scoring.Period) -> str:
    return urlencode({"period": period.kind, "year": period.year, "number": period.number})


def item_url(item_id: int) -> str:
    try:
        return reverse("information:item", args=[item_id])
    except NoReverseMatch:
        return f"/information/items/{item_id}/"


def _chart(ranking: scoring.Ranking, lines: list[scoring.RankLine], own: bool) -> Chart:
    if own:
        line = lines[0] if lines else None
        return Chart(
            id="info-score",
            title="本单位得分（本期与上期）",
            kind="bar",
            category_label="统计周期",
            categories=[ranking.previous.label, ranking.period.label],
            series=[
                Series(
                    "得分",
                    [float(line.previous_score), float(line.score)] if line else [None, None],
                )
            ],
            unit="分",
        )
    top = lines[:CHART_TOP]
    return Chart(
        id="info-ranking",
        title=f"{ranking.period.label}得分前{len(top)}名",
        kind="hbar",
        category_label="单位",
        categories=[line.unit_name for line in top],
        series=[Series("得分", [float(line.score) for line in top])],
        unit="分",
    )


@login_required
def ranking_page(request: HttpRequest) -> HttpResponse:
    """采用计分: the period's ranking (all units for editors, the director and leaders; a writer's own line)."""
    _ranking_allowed(request)
    period = _period(request)
    result = scoring.ranking(period.kind, period.year, period.number)
    user: Any = request.user
    all_units = sees_all_units(user)
    lines = lines_shown_to(user, result.lines)
    today = timezone.localdate()
    return render(
        request,
        "information/scoring_ranking.html",
        {
            "current_tab": "scoring",
            "ranking": result,
            "period": period,
            "lines": lines,
            "all_units": all_units,
            "chart": _chart(result, lines, not all_units),
            "query": _query(period),
            "kinds": scoring.PERIOD_LABELS,
            "months": range(1, 13),
            "quarters": range(1, 5),
            "years": range(today.year - 5, today.year + 1),
            "change_text": change_text,
            "may_keep_rules": may_keep_rules(user),
            "bulletin_title": bulletin_title(result),
        },
    )


@login_required
def unit_page(request: HttpRequest, unit_id: int) -> HttpResponse:
    """A unit's breakdown: every fact behind its score in the period, each item linked through the policy."""
    _ranking_allowed(request)
    if not may_see_unit(request.user, unit_id):
        raise PermissionDenied("只能查看本单位的得分明细")
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise Http404("单位不存在")
    period = _period(request)
    found = scoring.facts(period.start, period.end, unit_id=unit.pk)
    item_ids = {fact.item_id for fact in found if fact.item_id is not None}
    shown = dict(visible(InfoReport.objects.filter(pk__in=item_ids), request.user).values_list("pk", "title"))
    rows = [
        {
            "fact": fact,
            "points": points(fact.points),
            "title": shown.get(fact.item_id) if fact.item_id else None,
            "url": item_url(fact.item_id) if fact.item_id in shown else "",
            "hidden": fact.item_id is not None and fact.item_id not in shown,
        }
        for fact in found
    ]
    total = sum((fact.points for fact in found), scoring.ZERO)
    return render(
        request,
        "information/scoring_unit.html",
        {
            "current_tab": "scoring",
            "unit": unit,
            "period": period,
            "rows": rows,
            "total": points(total),
            "query": _query(period),
        },
    )


@login_required
def bulletin(request: HttpRequest) -> HttpResponse:
    """通报 (DOCX) of the period's ranking: for those who see every unit."""
    _ranking_allowed(request)
    if not sees_all_units(request.user):
        raise PermissionDenied("只有县委办信息科、办公室主任和领导才能下载通报")
    period = _period(request)
    result = scoring.ranking(period.kind, period.year, period.number)
    body = ranking_docx(result, on=timezone.localdate())
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    filename = f"{bulletin_title(result)}.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# --- 计分规则 ------------------------------------------------------------------------------------------------


def _table_rows(table: ScoreRuleTable | None) -> dict[str, Any]:
    """The form's lines: the table's rules and quotas, or one blank line per kind and level."""
    rules: list[tuple[str, str, str]]
    quotas: list[tuple[str, Any, str]]
    if table is not None:
        rules = [(r.kind, r.level, points(r.points)) for r in table.rules.all()]
        quotas = [(q.period, q.items, points(q.penalty_per_missing)) for q in table.quotas.all()]
    else:
        rules, quotas = [], []
    if not rules:
        rules = [(kind, level, "") for kind in RuleKind.values for level in AdoptionLevel.values]
    given = {q[0] for q in quotas}
    quotas += [(p, "", "") for p in QuotaPeriod.values if p not in given]
    return {"rule_rows": rules, "quota_rows": quotas}


def _rules_context(request: HttpRequest, table: ScoreRuleTable | None = None) -> dict[str, Any]:
    versions = rule_tables.tables()
    return {
        "current_tab": "scoring",
        "versions": [
            {"table": t, "actions": TABLE_RULES.available(request.user, t), "rules": list(t.rules.all())}
            for t in versions
        ],
        "table": table,
        "may_keep": may_keep_rules(request.user),
        "kinds": RuleKind.choices,
        "levels": AdoptionLevel.choices,
        "periods": QuotaPeriod.choices,
        "modes": ScoringMode.choices,
        **_table_rows(table),
    }


@login_required
def rules_page(request: HttpRequest) -> HttpResponse:
    """计分规则: every version (newest first) and, for editors, the form of a new version."""
    _ranking_allowed(request)
    context = _rules_context(request)
    if request.method == "POST":
        if not may_keep_rules(request.user):
            raise PermissionDenied("只有县委办信息科和办公室主任才能维护计分规则")
        try:
            table = TableIn.parse(Input.of(request)).create(by=actor_of(request))
        except ServiceError as refused:
            context.update(error=refused.message, error_code=refused.code, posted=request.POST)
            context.update(_posted_rows(request))
            return render(request, "information/scoring_rules.html", context, status=refused.status)
        messages.success(request, f"计分规则“{table.name}”已保存")
        return redirect("information:scoring_rules")
    return render(request, "information/scoring_rules.html", context)


def _posted_rows(request: HttpRequest) -> dict[str, Any]:
    post = request.POST
    rules = list(
        zip(post.getlist("rule_kind"), post.getlist("rule_level"), post.getlist("rule_points"), strict=False)
    )
    quotas = list(
        zip(
            post.getlist("quota_period"),
            post.getlist("quota_items"),
            post.getlist("quota_penalty"),
            strict=False,
        )
    )
    return {"rule_rows": rules[:40], "quota_rows": quotas[:40]}


@login_required
def rule_table_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One version: its form while it has scored nothing, else read-only."""
    _ranking_allowed(request)
    table = get_for(request.user, ScoreRuleTable.objects.prefetch_related("rules", "quotas"), pk)
    context = _rules_context(request, table)
    context["actions"] = TABLE_RULES.available(request.user, table)
    if request.method == "POST":
        try:
            TableIn.parse(Input.of(request)).update(table=table, by=actor_of(request))
        except ServiceError as refused:
            context.update(error=refused.message, error_code=refused.code, posted=request.POST)
            context.update(_posted_rows(request))
            return render(request, "information/scoring_rule_table.html", context, status=refused.status)
        messages.success(request, "计分规则已修改")
        return redirect("information:scoring_rules")
    return render(request, "information/scoring_rule_table.html", context)


@login_required
@require_POST
def rule_table_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _ranking_allowed(request)
    table = get_for(request.user, ScoreRuleTable, pk)
    try:
        rule_tables.table_delete(table=table, by=actor_of(request))
    except ServiceError as refused:
        messages.error(request, refused.message)
        return redirect("information:scoring_rule_table", table.pk)
    messages.success(request, "计分规则版本已删除")
    return redirect("information:scoring_rules")


# --- 上级采用 -----------------------------------------------------------------------------------------------


@login_required
@require_POST
def adoption_new(request: HttpRequest, pk: int) -> HttpResponse:
    """登记上级采用 from the item page's section; a refusal comes back on the item page as a message."""
    allowed(request)
    item = get_for(request.user, InfoReport, pk)
    refusal = ITEM_RULES.check("record_adoption", request.user, item)
    if refusal is not None and refusal.forbidden:
        raise PermissionDenied(refusal.message)
    try:
        AdoptionIn.parse(Input.of(request)).apply(item=item, by=actor_of(request))
    except ServiceError as refused:
        if refused.status == 403:
            raise PermissionDenied(refused.message) from None
        messages.error(request, refused.message)
        return redirect(item_url(item.pk) + "#adoption")
    messages.success(request, "上级采用已登记")
    return redirect(item_url(item.pk) + "#adoption")


@login_required
@require_POST
def adoption_delete(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    adoption = get_for(request.user, UpwardAdoption, pk)
    try:
        adoptions.adoption_delete(adoption=adoption, by=actor_of(request))
    except ServiceError as refused:
        if refused.status == 403:
            raise PermissionDenied(refused.message) from None
        messages.error(request, refused.message)
    else:
        messages.success(request, "上级采用登记已删除")
    return redirect(item_url(adoption.item_id) + "#adoption")


# --- the item page's section ---------------------------------------------------------------------------------


def adoption_section(request: HttpRequest, item: InfoReport) -> dict[str, Any] | None:
    """采用与计分: where the item was adopted and the points each adoption (and instruction) earned."""
    lines = adoptions.adoptions_of(item)
    item_facts = scoring.item_facts(item.pk)
    user: Any = request.user
    return {
        "adoptions": lines,
        "facts": [{"fact": f, "points": points(f.points)} for f in item_facts],
        "total": points(sum((f.points for f in item_facts), scoring.ZERO)),
        "may_record": "record_adoption" in ITEM_RULES.available(user, item),
        "may_delete": "delete" in ADOPTION_RULES.available(user, UpwardAdoption(item=item)),
        "levels": adoptions.UPWARD_LEVELS,
        "today": timezone.localdate(),
    }


urlpatterns: list[URLPattern] = [
    path("scoring/", ranking_page, name="scoring_ranking"),
    path("scoring/units/<int:unit_id>/", unit_page, name="scoring_unit"),
    path("scoring/bulletin.docx", bulletin, name="scoring_bulletin"),
    path("scoring/rules/", rules_page, name="scoring_rules"),
    path("scoring/rules/<int:pk>/", rule_table_page, name="scoring_rule_table"),
    path("scoring/rules/<int:pk>/delete/", rule_table_delete, name="scoring_rule_table_delete"),
    path("scoring/items/<int:pk>/adoptions/", adoption_new, name="scoring_adoption_new"),
    path("scoring/adoptions/<int:pk>/delete/", adoption_delete, name="scoring_adoption_delete"),
]


def register() -> None:
    """The part's tab, its section on the item page and its access scopes."""
    from zhongshu.information.sections import ITEM_PAGE
    from zhongshu.information.tabs import BAR

    BAR.register("scoring", "采用计分", "information:scoring_ranking", 40, may_see_ranking)
    ITEM_PAGE.register(
        "adoption", "采用与计分", 40, "information/scoring_item_section.html", adoption_section
    )
    adoptions.register()
    rule_tables.register()

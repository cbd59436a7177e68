"""Shared makers for the plans part's tests: a plan with steps at two levels, and an incident through the
incidents part's service."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from zhongshu.duty.incidents import register_incident
from zhongshu.duty.models import ContingencyPlan, Incident, Severity
from zhongshu.duty.plans import plan_create, plan_step_add


def make_plan(county, *, subtype: str = "水旱灾害", title: str = "县防汛抗旱应急预案") -> ContingencyPlan:  # type: ignore[no-untyped-def]
    by = county.duty_officers[0].user
    plan = plan_create(by=by, title=title, category="natural", subtype=subtype, unit=county.emergency)
    for level, steps in {
        Severity.IV: [
            ("启动Ⅳ级应急响应", "县应急管理局"),
            ("通知水利局加强巡堤", "县水利局"),
            ("转移低洼群众", "乡镇"),
        ],
        Severity.III: [("启动Ⅲ级应急响应", "县防指"), ("县领导赶赴现场", "带班领导")],
    }.items():
        for text, responsible in steps:
            plan_step_add(by=by, plan=plan, level=level, text=text, responsible=responsible)
    return plan


def make_incident(
    county,
    *,
    severity: str = Severity.IV,
    subtype: str = "水旱灾害",
    learned: datetime | None = None,  # type: ignore[no-untyped-def]
) -> Incident:
    learned = learned or timezone.now() - timedelta(hours=2)
    return register_incident(
        by=county.duty_officers[0].user,
        title="河口乡山洪",
        category="natural",
        subtype=subtype,
        severity=severity,
        place="河口乡",
        occurred_at=learned - timedelta(minutes=20),
        learned_at=learned,
        summary="河口乡突降暴雨引发山洪",
    )

"""应急预案: steps per level in order; the matching current plan offered on an incident; its steps at the
incident's severity shown as a checklist and ticked once each, with who and when; bad input refused with a
clear message and nothing saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.duty.conftest import signed_in
from tests.duty.plans_helpers import make_incident, make_plan
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.duty import plans
from zhongshu.duty.models import ContingencyPlan, IncidentStep, PlanStep, Severity


def test_steps_are_kept_per_level_in_order(county):
    plan = make_plan(county)
    levels = {level: [step.text for step in steps] for level, _label, steps in plans.steps_by_level(plan)}
    assert levels[Severity.IV] == ["启动Ⅳ级应急响应", "通知水利局加强巡堤", "转移低洼群众"]
    assert levels[Severity.III] == ["启动Ⅲ级应急响应", "县领导赶赴现场"]
    assert levels[Severity.I] == []


def test_plan_input_is_checked(county):
    by = county.duty_officers[0].user
    cases = [
        ({"title": "", "category": "natural"}, "title_required"),
        ({"title": "预案", "category": "weather"}, "category_invalid"),
        ({"title": "预案", "category": "natural", "subtype": "道路交通事故"}, "subtype_invalid"),
    ]
    for fields, code in cases:
        with pytest.raises(ServiceError) as refused:
            plans.plan_create(by=by, unit=county.emergency, **fields)
        assert refused.value.code == code
    with pytest.raises(ServiceError) as refused:
        plans.plan_create(by=by, title="预案", category="natural", unit=None)
    assert refused.value.code == "unit_required"
    with pytest.raises(Forbidden):
        plans.plan_create(by=county.leaders[0].user, title="预案", category="natural", unit=county.emergency)
    assert not ContingencyPlan.objects.exists()
    plan = make_plan(county)
    with pytest.raises(ServiceError) as refused:
        plans.plan_step_add(by=by, plan=plan, level="V", text="x")
    assert refused.value.code == "level_invalid"
    with pytest.raises(ServiceError) as refused:
        plans.plan_step_add(by=by, plan=plan, level="IV", text="  ")
    assert refused.value.code == "step_text_required"
    assert plan.steps.count() == 5


def test_matching_current_plans_only(county):
    flood = make_plan(county)
    general = plans.plan_create(
        by=county.director.user, title="县自然灾害救助应急预案", category="natural", unit=county.emergency
    )
    fire = make_plan(county, subtype="森林草原火灾", title="县森林火灾应急预案")
    old = make_plan(county, title="县防汛应急预案（2019年版）")
    plans.plan_update(
        by=county.director.user,
        plan=old,
        title=old.title,
        category="natural",
        subtype="水旱灾害",
        unit=county.emergency,
        active=False,
    )
    incident = make_incident(county)
    assert [plan.pk for plan in plans.plans_for(incident)] == [flood.pk, general.pk]
    with pytest.raises(ServiceError) as refused:
        plans.incident_choose_plan(by=county.duty_officers[0].user, incident=incident, plan=fire)
    assert refused.value.code == "plan_not_matching"
    with pytest.raises(ServiceError) as refused:
        plans.incident_choose_plan(by=county.duty_officers[0].user, incident=incident, plan=old)
    assert refused.value.code == "plan_not_matching"
    incident.refresh_from_db()
    assert incident.plan is None


def test_checklist_is_the_severity_s_steps_ticked_once(county):
    plan = make_plan(county)
    incident = make_incident(county, severity=Severity.III)
    officer = county.duty_officers[1]
    plans.incident_choose_plan(by=officer.user, incident=incident, plan=plan)
    incident.refresh_from_db()
    rows = plans.checklist(incident)
    assert [row.step.text for row in rows] == ["启动Ⅲ级应急响应", "县领导赶赴现场"]
    assert all(row.done is None for row in rows)
    now = timezone.now()
    done_at = incident.learned_at + timedelta(minutes=30)
    plans.step_tick(
        by=officer.user,
        incident=incident,
        step=rows[1].step,
        done_by=county.leaders[2],
        done_at=done_at,
        now=now,
    )
    rows = plans.checklist(incident)
    assert rows[0].done is None
    assert rows[1].done is not None
    assert rows[1].done.done_by == county.leaders[2]
    assert rows[1].done.done_at == done_at
    assert rows[1].done.recorded_by == officer.user
    with pytest.raises(ServiceError) as refused:
        plans.step_tick(
            by=officer.user, incident=incident, step=rows[1].step, done_by=officer, done_at=done_at, now=now
        )
    assert refused.value.code == "step_already_done"
    # Once a step is done, the plan stays.
    general = plans.plan_create(
        by=officer.user, title="县自然灾害救助应急预案", category="natural", unit=county.emergency
    )
    with pytest.raises(ServiceError) as refused:
        plans.incident_choose_plan(by=officer.user, incident=incident, plan=general)
    assert refused.value.code == "plan_steps_done"
    # A ticked step cannot be removed from its plan.
    with pytest.raises(ServiceError) as refused:
        plans.plan_step_remove(by=officer.user, step=rows[1].step)
    assert refused.value.code == "step_in_use"


def test_tick_refuses_bad_times_and_other_levels(county):
    plan = make_plan(county)
    incident = make_incident(county, severity=Severity.IV)
    officer = county.duty_officers[0]
    plans.incident_choose_plan(by=officer.user, incident=incident, plan=plan)
    incident.refresh_from_db()
    step = plans.checklist(incident)[0].step
    other_level = PlanStep.objects.get(plan=plan, level=Severity.III, sort_order=1)
    now = timezone.now()
    cases = [
        ({"step": step, "done_at": incident.learned_at - timedelta(minutes=1)}, "done_before_learned"),
        ({"step": step, "done_at": now + timedelta(minutes=5)}, "done_in_future"),
        ({"step": step, "done_at": None}, "done_at_required"),
        ({"step": other_level, "done_at": now}, "step_not_in_plan"),
        ({"step": None, "done_at": now}, "step_required"),
    ]
    for fields, code in cases:
        with pytest.raises(ServiceError) as refused:
            plans.step_tick(by=officer.user, incident=incident, done_by=officer, now=now, **fields)
        assert refused.value.code == code, fields
    with pytest.raises(ServiceError) as refused:
        plans.step_tick(by=officer.user, incident=incident, step=step, done_by=None, done_at=now, now=now)
    assert refused.value.code == "done_by_required"
    with pytest.raises(Forbidden):
        plans.step_tick(by=county.leaders[0].user, incident=incident, step=step, done_by=officer, done_at=now)
    assert not IncidentStep.objects.exists()


def test_incident_page_shows_checklist_and_ticks_a_step(county):
    plan = make_plan(county)
    incident = make_incident(county)
    client = signed_in("zhiban1")
    page = client.get(f"/duty/incidents/{incident.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "预案处置" in html and "启用预案" in html and plan.title in html
    assert client.post(f"/duty/incidents/{incident.pk}/plan/", {"plan": plan.pk}).status_code == 302
    html = client.get(f"/duty/incidents/{incident.pk}/").content.decode()
    assert "转移低洼群众" in html and "启动Ⅲ级应急响应" not in html
    step = PlanStep.objects.get(plan=plan, level=Severity.IV, sort_order=2)
    future = (timezone.localtime() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(
        f"/duty/incidents/{incident.pk}/steps/",
        {"step": step.pk, "done_by": county.water_liaison.pk, "done_at": future},
    )
    assert refused.status_code == 400
    assert "完成时间不能晚于现在" in refused.content.decode()
    assert not IncidentStep.objects.exists()
    done_at = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/duty/incidents/{incident.pk}/steps/",
        {"step": step.pk, "done_by": county.water_liaison.pk, "done_at": done_at, "note": "已通知"},
    )
    assert response.status_code == 302
    row = IncidentStep.objects.get()
    assert row.done_by == county.water_liaison
    html = client.get(f"/duty/incidents/{incident.pk}/").content.decode()
    assert "何联络" in html and "已办" in html
    # The leader sees the checklist but cannot tick.
    leader_html = signed_in("leader1").get(f"/duty/incidents/{incident.pk}/").content.decode()
    assert "转移低洼群众" in leader_html and "确认办结" not in leader_html


def test_plan_pages_create_and_add_steps(county):
    client = signed_in("zhuren")
    refused = client.post("/duty/plans/", {"title": "", "category": "natural", "unit": county.emergency.pk})
    assert refused.status_code == 400 and "请填写预案名称" in refused.content.decode()
    assert not ContingencyPlan.objects.exists()
    response = client.post(
        "/duty/plans/",
        {
            "title": "县地质灾害应急预案",
            "category": "natural",
            "subtype": "地质灾害",
            "unit": county.emergency.pk,
        },
    )
    plan = ContingencyPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/duty/plans/{plan.pk}/"
    client.post(
        f"/duty/plans/{plan.pk}/steps/",
        {"level": "II", "text": "组织专家会商", "responsible": "县自然资源局"},
    )
    client.post(f"/duty/plans/{plan.pk}/steps/", {"level": "II", "text": "划定危险区", "responsible": "乡镇"})
    assert [s.text for s in plan.steps.filter(level="II")] == ["组织专家会商", "划定危险区"]
    html = client.get(f"/duty/plans/{plan.pk}/").content.decode()
    assert "重大（Ⅱ级）响应" in html and "划定危险区" in html
    listing = signed_in("leader1").get("/duty/plans/").content.decode()
    assert "县地质灾害应急预案" in listing and "新建预案" not in listing

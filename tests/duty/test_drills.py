"""应急演练: planned, then recorded with its problems; a supervisor or the office director turns the problems
into 整改 items assigned to their units (supervision's 问题清单), linked both ways; bad input refused, nothing
half-saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.duty.conftest import signed_in
from tests.duty.plans_helpers import make_plan
from zhongshu.access.links import source_of
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.duty import drills
from zhongshu.duty.models import Drill, DrillProblem
from zhongshu.supervision.models import ItemKind, ProblemList, SupervisionItem


def _drill(county, **fields):  # type: ignore[no-untyped-def]
    values = {
        "by": county.duty_officers[0].user,
        "title": "2026年防汛抢险综合演练",
        "plan": make_plan(county),
        "scenario": "河口乡遭遇强降雨，山洪冲毁道路，群众被困",
        "held_on": timezone.localdate() - timedelta(days=3),
        "place": "河口乡",
        "units": [county.emergency, county.water, county.towns[1]],
    }
    values.update(fields)
    return drills.drill_plan(**values)


def _recorded(county):  # type: ignore[no-untyped-def]
    drill = _drill(county)
    deadline = timezone.localdate() + timedelta(days=30)
    return drills.drill_record(
        by=county.duty_officers[0].user,
        drill=drill,
        participants=120,
        evaluation="响应迅速，转移有序；通信保障和物资储备存在不足",
        problems=[
            drills.ProblemIn("卫星电话无人会用", county.emergency, "组织操作培训", deadline),
            drills.ProblemIn("冲锋舟燃油储备不足", county.water, "补足燃油储备", deadline),
        ],
    )


def test_drill_input_is_checked(county):
    cases = [
        ({"title": ""}, "title_required"),
        ({"scenario": " "}, "scenario_required"),
        ({"held_on": None}, "held_on_required"),
        ({"units": []}, "units_required"),
    ]
    for fields, code in cases:
        with pytest.raises(ServiceError) as refused:
            _drill(county, **fields)
        assert refused.value.code == code
    with pytest.raises(Forbidden):
        _drill(county, by=county.leaders[0].user)
    assert not Drill.objects.exists()


def test_record_refuses_bad_problems_and_saves_nothing(county):
    drill = _drill(county)
    by = county.duty_officers[0].user
    ok = {"participants": 50, "evaluation": "良好"}
    cases = [
        ({"participants": None}, "participants_required"),
        ({"evaluation": ""}, "evaluation_required"),
        ({"problems": [drills.ProblemIn("问题", None)]}, "problem_unit_required"),
        ({"problems": [drills.ProblemIn(" ", county.water)]}, "problem_text_required"),
        (
            {
                "problems": [
                    drills.ProblemIn("问题", county.water, "", timezone.localdate() - timedelta(days=1))
                ]
            },
            "problem_deadline_past",
        ),
    ]
    for fields, code in cases:
        with pytest.raises(ServiceError) as refused:
            drills.drill_record(by=by, drill=drill, **{**ok, **fields})
        assert refused.value.code == code
    drill.refresh_from_db()
    assert drill.recorded_at is None and not DrillProblem.objects.exists()
    future = _drill(county, held_on=timezone.localdate() + timedelta(days=5))
    with pytest.raises(ServiceError) as refused:
        drills.drill_record(by=by, drill=future, **ok)
    assert refused.value.code == "drill_not_held"


def test_problems_become_rectification_items_linked_both_ways(county):
    drill = _recorded(county)
    with pytest.raises(Forbidden):
        drills.drill_rectify(by=county.duty_officers[0].user, drill=drill)
    assert not ProblemList.objects.exists()
    drills.drill_rectify(by=county.supervisor.user, drill=drill)
    items = list(SupervisionItem.objects.order_by("pk"))
    assert [(item.kind, item.title, item.lead_unit) for item in items] == [
        (ItemKind.RECTIFICATION, "卫星电话无人会用", county.emergency),
        (ItemKind.RECTIFICATION, "冲锋舟燃油储备不足", county.water),
    ]
    assert all(item.problem_list is not None for item in items)
    # each item names its problem (and the drill's page) as its source
    problems = list(drill.problems.all())
    for item, problem in zip(items, problems, strict=True):
        source = source_of(item, county.supervisor.user)
        assert source is not None and source.url == f"/duty/drills/{drill.pk}/#problem-{problem.pk}"
    # the drill's page reads each problem's item and its state
    rows = drills.problem_rows(drill, county.director.user)
    assert [[link.id for link in links] for _problem, links in rows] == [[items[0].pk], [items[1].pk]]
    assert rows[0][1][0].state == items[0].get_state_display()
    with pytest.raises(ServiceError) as refused:
        drills.drill_rectify(by=county.director.user, drill=drill)
    assert refused.value.code == "drill_already_rectified"
    with pytest.raises(ServiceError) as refused:
        drills.drill_record(by=county.duty_officers[0].user, drill=drill, participants=1, evaluation="改")
    assert refused.value.code == "drill_rectified"
    html = signed_in("zhuren").get(f"/duty/drills/{drill.pk}/").content.decode()
    assert "卫星电话无人会用" in html and 'data-testid="item-state"' in html and "转为整改事项" not in html


def test_problem_without_deadline_is_refused_whole(county):
    drill = _drill(county)
    drills.drill_record(
        by=county.duty_officers[0].user,
        drill=drill,
        participants=10,
        evaluation="一般",
        problems=[
            drills.ProblemIn(
                "预警发布滞后", county.emergency, "完善流程", timezone.localdate() + timedelta(days=9)
            ),
            drills.ProblemIn("点名不到位", county.towns[1], "加强点名"),
        ],
    )
    with pytest.raises(ServiceError) as refused:
        drills.drill_rectify(by=county.supervisor.user, drill=drill)
    assert refused.value.code == "problem_deadline_required"
    assert not SupervisionItem.objects.exists() and not ProblemList.objects.exists()


def test_drill_pages_plan_and_record(county):
    plan = make_plan(county)
    client = signed_in("zhiban2")
    refused = client.post("/duty/drills/", {"title": "演练", "scenario": "", "held_on": "2026-11-01"})
    assert refused.status_code == 400 and "请填写演练情景" in refused.content.decode()
    response = client.post(
        "/duty/drills/",
        {
            "title": "森林防火演练",
            "plan": plan.pk,
            "scenario": "林区起火",
            "held_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "place": "城关镇",
            "units": [county.emergency.pk, county.towns[0].pk],
        },
    )
    drill = Drill.objects.get()
    assert response.status_code == 302 and set(drill.units.all()) == {county.emergency, county.towns[0]}
    deadline = (timezone.localdate() + timedelta(days=20)).isoformat()
    refused = client.post(
        f"/duty/drills/{drill.pk}/record/",
        {
            "participants": "40",
            "evaluation": "总体良好",
            "problem_text": ["扑火工具老化", ""],
            "problem_unit": ["", ""],
            "problem_measure": ["更新工具", ""],
            "problem_deadline": [deadline, ""],
        },
    )
    assert refused.status_code == 400 and "请选择责任单位" in refused.content.decode()
    assert not DrillProblem.objects.exists()
    response = client.post(
        f"/duty/drills/{drill.pk}/record/",
        {
            "participants": "40",
            "evaluation": "总体良好",
            "problem_text": ["扑火工具老化", ""],
            "problem_unit": [str(county.towns[0].pk), ""],
            "problem_measure": ["更新工具", ""],
            "problem_deadline": [deadline, ""],
        },
    )
    assert response.status_code == 302
    assert [(p.text, p.unit) for p in DrillProblem.objects.all()] == [("扑火工具老化", county.towns[0])]
    assert (
        "转为整改事项" not in client.get(f"/duty/drills/{drill.pk}/").content.decode()
    )  # not the duty officer's
    supervisor = signed_in("ducha")
    assert "转为整改事项" in supervisor.get(f"/duty/drills/{drill.pk}/").content.decode()
    assert supervisor.post(f"/duty/drills/{drill.pk}/rectify/").status_code == 302
    assert SupervisionItem.objects.get().lead_unit == county.towns[0]
    assert signed_in("town0").get(f"/duty/drills/{drill.pk}/").status_code == 403

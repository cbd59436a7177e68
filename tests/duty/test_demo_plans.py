"""The plans part's demo, on the test county: three plans with steps per level, last month's drill with two
problems turned into 整改 items, and on the latest incident (open, or closed: 补录 before its 终报) the plan's
first steps ticked and a leader's instruction supervised; built twice, it adds nothing the second time."""

from __future__ import annotations

from tests.duty.plans_helpers import make_incident
from zhongshu.demo.build import DemoResult
from zhongshu.demo.duty_plans import DRILL_TITLE, build_demo_plans
from zhongshu.duty.models import ContingencyPlan, Drill, IncidentInstruction, IncidentStep
from zhongshu.supervision.models import ItemKind, Source, SupervisionItem


def test_demo_builds_plans_drill_and_incident_joints(county):
    incident = make_incident(county)
    result = DemoResult()
    build_demo_plans(result)
    assert ContingencyPlan.objects.filter(active=True).count() == 3
    assert all(plan.steps.exists() for plan in ContingencyPlan.objects.all())
    drill = Drill.objects.get(title=DRILL_TITLE)
    assert drill.recorded_at is not None and drill.rectification_at is not None
    rectification = SupervisionItem.objects.filter(kind=ItemKind.RECTIFICATION)
    assert sorted(item.lead_unit.code for item in rectification) == ["SLJ", "YJJ"]
    incident.refresh_from_db()
    assert incident.plan is not None and incident.plan.subtype == "水旱灾害"
    assert IncidentStep.objects.filter(incident=incident).count() == 2
    instruction = IncidentInstruction.objects.get(incident=incident)
    assert instruction.supervised_at is not None
    assert SupervisionItem.objects.filter(source=Source.INSTRUCTION, source_id=instruction.pk).exists()
    again = DemoResult()
    build_demo_plans(again)
    assert not again.changed


def test_demo_on_the_incidents_demo_s_closed_incident(county):
    import pytest

    try:
        from zhongshu.demo.duty_incidents import build_demo_incidents
    except ImportError:  # pragma: no cover - the incidents part's demo not there
        pytest.skip("the incidents part's demo (zhongshu/demo/duty_incidents.py) is not there")
    from zhongshu.duty.models import Incident

    build_demo_incidents(DemoResult())
    incident = Incident.objects.order_by("-learned_at").first()
    if incident is None:
        pytest.skip("the incidents part's demo made no incident on the test county")
    build_demo_plans(DemoResult())
    incident.refresh_from_db()
    assert incident.plan is not None
    assert IncidentStep.objects.filter(incident=incident).count() == 2
    assert IncidentInstruction.objects.get(incident=incident).supervised_at is not None

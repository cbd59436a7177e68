"""The demo county's supervision history (zhongshu/demo/supervision_history.py): items worked through the real
services and dated in the past, so the 挂图督查 wall and the workbenches show real figures, not zeros."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone

from zhongshu.audit.models import AuditEvent
from zhongshu.core.workbench import figures_for, panels_for
from zhongshu.demo.build import build_demo
from zhongshu.demo.supervision_history import STORIES
from zhongshu.org.models import Person
from zhongshu.supervision.models import (
    CloseOutConfirmation,
    ItemEvent,
    ProgressReport,
    SupervisionItem,
    overdue_q,
)
from zhongshu.supervision.progress_wall import progress_wall
from zhongshu.supervision.services import close_out_figures
from zhongshu.supervision.states import ItemState


@pytest.fixture
def county(db):
    return build_demo(io.StringIO())


def _history():
    return SupervisionItem.objects.filter(title__in=[story.title for story in STORIES])


def test_the_history_has_items_closed_on_time_closed_late_overdue_and_awaiting_close_out(county):
    today = timezone.localdate()
    items = _history()
    assert items.count() == len(STORIES) == 9
    closed = items.filter(state=ItemState.CLOSED)
    assert closed.count() == 6
    assert closed.filter(closed_on_time=False).count() == 2
    for item in closed:
        assert item.assigned_on < item.completion_requested_at.date() <= item.closed_on < today
        assert item.closed_on_time == (timezone.localdate(item.completion_requested_at) <= item.deadline)
        assert item.handling_workdays > 0 and item.look_back_due > item.closed_on
        # The figures are 销号's own rule on the story's days, not a copy of it in the demo.
        assert close_out_figures(item, item.closed_on).fields() == {
            "closed_on": item.closed_on,
            "closed_on_time": item.closed_on_time,
            "handling_workdays": item.handling_workdays,
            "look_back_due": item.look_back_due,
        }
        assert CloseOutConfirmation.objects.filter(item=item).count() == 2
    overdue = items.filter(overdue_q(today))
    assert {item.lead_unit.short_name for item in overdue} == {"青石镇", "住建局"}
    awaiting = items.get(state=ItemState.COMPLETION_REQUESTED)
    assert awaiting.deadline >= today and awaiting.completion_requested_at.date() < today
    # Nothing is dated in a weekend or the future but the deadline still ahead.
    for item in items:
        assert item.assigned_on.weekday() < 5 and item.deadline.weekday() < 5
        assert item.created_at < timezone.now() and item.created_at.date() <= item.assigned_on


def test_every_step_went_through_the_services_with_its_events_reports_and_audit_rows(county):
    for item in _history():
        actions = list(ItemEvent.objects.filter(item=item).order_by("pk").values_list("action", flat=True))
        assert actions[:3] == ["open", "assign", "receive"], item.title
        assert ProgressReport.objects.filter(item=item).exists()
        if item.state == ItemState.CLOSED:
            assert actions[-4:] == ["request_completion", "confirm", "confirm", "close_out"]
        audited = AuditEvent.objects.filter(object_id=str(item.pk), action__startswith="supervision.")
        assert {"supervision.open", "supervision.assign", "supervision.receive"} <= set(
            audited.values_list("action", flat=True)
        )


def test_the_wall_shows_a_real_trend_and_on_time_rates(county):
    officer = Person.objects.get(user__username="duchayuan")
    wall = progress_wall(officer.user)
    trend = [count for _, count in wall.trend]
    assert len(trend) == 8
    assert trend[-1] == wall.overdue_open == 2
    assert sum(1 for count in trend if count) >= 4 and len(set(trend)) >= 3  # a curve, not a flat line
    rates = {unit.name: unit.on_time_rate for unit in wall.units}
    assert rates["示例县教育局"] == 100
    assert rates["示例县住房和城乡建设局"] == 50
    assert rates["示例县青石镇"] == 0  # its one closed item was late; the other is overdue
    assert rates["示例县财政局"] == 100


def test_the_director_sees_overdue_items_and_one_awaiting_close_out(county):
    today = timezone.localdate()
    director = Person.objects.get(user__username="zhuren")
    figures = {figure.label: figure.count for figure in figures_for(director.user, today)}
    assert figures["督办逾期"] == 2
    assert figures["待销号"] == 1
    leader = Person.objects.get(user__username="leader1")
    rows = {row.title: row for panel in panels_for(leader.user, today) for row in panel.rows}
    assert "落实义务教育课后服务全覆盖" in rows and "完成城区中小学校舍安全隐患排查" not in rows  # closed


def test_building_again_adds_no_history(county):
    counts = (SupervisionItem.objects.count(), ItemEvent.objects.count(), ProgressReport.objects.count())
    again = build_demo(io.StringIO())
    assert not again.changed
    assert (
        SupervisionItem.objects.count(),
        ItemEvent.objects.count(),
        ProgressReport.objects.count(),
    ) == counts

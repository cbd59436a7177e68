"""The progress wall's figures, the access split behind them, and the one definition of overdue."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from zhongshu.access.policy import visible
from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import AdminRole, Role
from zhongshu.core.jobs import registered_ticks
from zhongshu.supervision import services
from zhongshu.supervision.escalation import DEFAULT_THRESHOLDS, escalation_level
from zhongshu.supervision.models import Level, SupervisionItem, WallSnapshot
from zhongshu.supervision.progress_wall import STATES, progress_wall, visible_split
from zhongshu.supervision.reminders import escalation_tick
from zhongshu.supervision.selectors import LedgerFilter, ledger_page
from zhongshu.supervision.states import ItemState
from zhongshu.supervision.wall import MARGIN, wall_snapshot_rebuild
from zhongshu.testing.factories import make_person, make_user

FROZEN = "2026-06-15 09:00:00+08:00"
TODAY = date(2026, 6, 15)
SHANGHAI = ZoneInfo("Asia/Shanghai")
# The trend's days: today (a Monday) and the Mondays of the seven weeks before.
WEEKS = [TODAY - timedelta(weeks=back) for back in range(7, -1, -1)]


def _late_on(item, day):
    """The trend's rule, item by item: assigned by `day`, due before it, and by its end neither completion
    requested nor closed."""
    requested = item.completion_requested_at and timezone.localdate(item.completion_requested_at)
    return (
        item.deadline < day
        and item.assigned_on <= day
        and (item.closed_on is None or item.closed_on > day)
        and (requested is None or requested > day)
    )


def _shape(county, title, *, unit=None, **fields):
    """An assigned item, then put straight into the state the figures need."""
    item = county.assigned(title, deadline=date(2026, 6, 30))
    if unit is not None:
        fields["lead_unit"] = unit
    SupervisionItem.objects.filter(pk=item.pk).update(**fields)
    return SupervisionItem.objects.get(pk=item.pk)


@pytest.fixture
def ledger(county):
    with time_machine.travel("2026-01-05 09:00:00+08:00", tick=False):
        _shape(
            county,
            "按期办结",
            state=ItemState.CLOSED,
            deadline=date(2026, 3, 1),
            closed_on=date(2026, 2, 20),
            closed_on_time=True,
            handling_workdays=20,
            assigned_on=date(2026, 1, 5),
        )
        _shape(
            county,
            "逾期办结",
            state=ItemState.CLOSED,
            deadline=date(2026, 3, 1),
            closed_on=date(2026, 5, 10),
            closed_on_time=False,
            handling_workdays=60,
            assigned_on=date(2026, 1, 5),
        )
        _shape(
            county,
            "逾期在办",
            state=ItemState.IN_PROGRESS,
            deadline=date(2026, 4, 1),
            assigned_on=date(2026, 1, 5),
        )
        _shape(
            county,
            "逾期后申请办结",
            state=ItemState.COMPLETION_REQUESTED,
            deadline=date(2026, 4, 1),
            assigned_on=date(2026, 1, 5),
            completion_requested_at=datetime(2026, 6, 1, 23, 30, tzinfo=SHANGHAI),
        )
        _shape(
            county,
            "未到期",
            state=ItemState.ASSIGNED,
            deadline=date(2026, 7, 1),
            assigned_on=date(2026, 6, 1),
        )
        _shape(
            county,
            "林业逾期",
            unit=county.other,
            state=ItemState.ASSIGNED,
            deadline=date(2026, 5, 1),
            assigned_on=date(2026, 1, 5),
        )
        _shape(
            county,
            "林业秘密",
            unit=county.other,
            classification=Classification.CONFIDENTIAL,
            owner_unit=county.other,
            owner_person=None,
            state=ItemState.CLOSED,
            deadline=date(2026, 3, 1),
            closed_on=date(2026, 2, 1),
            closed_on_time=True,
            handling_workdays=15,
            assigned_on=date(2026, 1, 5),
        )
        _shape(
            county,
            "教育秘密",
            classification=Classification.SECRET,
            owner_unit=county.bureau,
            owner_person=None,
            state=ItemState.IN_PROGRESS,
            deadline=date(2026, 5, 1),
            assigned_on=date(2026, 1, 5),
        )
    return county


def _viewers(county):
    cleared_outsider = make_person(
        "冯保密", unit=county.office, roles=[Role.SUPERVISOR], clearance=Clearance.CORE
    )
    cleared_owner = make_person(
        "陈保密", unit=county.other, roles=[Role.SUPERVISOR], clearance=Clearance.ORDINARY
    )
    inactive = make_person("离职督查", unit=county.office, roles=[Role.SUPERVISOR])
    inactive.user.is_active = False
    inactive.user.save()
    return {
        "supervisor": county.supervisor.user,
        "director": county.director.user,
        "head": county.head.user,
        "liaison": county.liaison.user,
        "co_liaison": county.co_liaison.user,
        "other_liaison": county.other_liaison.user,
        "cleared_outsider": cleared_outsider.user,
        "cleared_owner": cleared_owner.user,
        "inactive": inactive.user,
        "admin": make_user("secadmin", admin_role=AdminRole.SECURITY_ADMIN),
    }


@time_machine.travel(FROZEN, tick=False)
def test_the_split_holds_exactly_the_rows_visible_returns_for_every_kind_of_viewer(ledger):
    for name, user in _viewers(ledger).items():
        plain, secret = visible_split(SupervisionItem.objects.all(), user)
        plain_ids, secret_ids = (
            set(plain.values_list("pk", flat=True)),
            set(secret.values_list("pk", flat=True)),
        )
        assert not plain_ids & secret_ids, name
        assert plain_ids | secret_ids == set(
            visible(SupervisionItem.objects.all(), user).values_list("pk", flat=True)
        ), name


def _naive_wall(user):
    """The wall's figures counted item by item in Python, from `visible()`."""
    items = list(visible(SupervisionItem.objects.all(), user))
    # A withdrawn item (作废) is not on the wall.
    items = [item for item in items if item.state != ItemState.WITHDRAWN]
    by_state = {
        state.value: sum(item.state == state for item in items) for state in ItemState if state in STATES
    }
    units = {}
    for item in items:
        figures = units.setdefault(
            item.lead_unit_id, {"total": 0, "closed": 0, "on_time": 0, "overdue": 0, "days": []}
        )
        figures["total"] += 1
        if item.state == ItemState.CLOSED:
            figures["closed"] += 1
            figures["on_time"] += bool(item.closed_on_time)
            figures["overdue"] += item.closed_on_time is False
            figures["days"].append(item.handling_workdays)
        figures["overdue"] += item.is_overdue(TODAY)
    return by_state, units, items


@time_machine.travel(FROZEN, tick=False)
@pytest.mark.parametrize("who", ["supervisor", "cleared_owner", "liaison", "other_liaison"])
def test_the_wall_agrees_with_counting_the_visible_items_one_by_one(ledger, who):
    user = _viewers(ledger)[who]
    wall = progress_wall(user, top=0)
    by_state, units, items = _naive_wall(user)
    assert {state: count for state, _, count in wall.by_state} == by_state
    assert wall.total == len(items)
    assert wall.closed == by_state["closed"]
    assert wall.on_time == sum(bool(item.closed_on_time) for item in items)
    assert wall.overdue_open == sum(item.is_overdue(TODAY) for item in items)
    assert wall.trend == [(day, sum(_late_on(item, day) for item in items)) for day in WEEKS]
    got = {u.unit_id: (u.total, u.closed, u.on_time, u.overdue, u.avg_workdays) for u in wall.units}
    assert got == {
        unit: (
            f["total"],
            f["closed"],
            f["on_time"],
            f["overdue"],
            round(sum(f["days"]) / len(f["days"]), 1) if f["days"] else None,
        )
        for unit, f in units.items()
    }


@time_machine.travel(FROZEN, tick=False)
def test_the_wall_figures_for_the_office(ledger):
    wall = progress_wall(ledger.supervisor.user)  # 一般 clearance, not an owner of either secret
    assert wall.total == 6
    assert (wall.closed, wall.on_time, wall.on_time_rate) == (2, 1, 50.0)
    # 逾期在办 and 林业逾期; the item whose completion was requested late is the office's move, not late.
    assert wall.overdue_open == 2
    names = {u.name: (u.total, u.overdue, u.avg_workdays) for u in wall.units}
    assert names == {"县教育局": (5, 2, 40.0), "县林业局": (1, 1, None)}
    # Mondays Apr 27 .. Jun 15: 逾期在办 late throughout; 逾期办结 until its close-out on May 10; 林业逾期
    # from its deadline (May 1); the late request until it was sent, late on June 1 (so not late that day).
    assert wall.trend == list(zip(WEEKS, [3, 4, 3, 3, 3, 2, 2, 2], strict=True))
    assert wall.trend[-1][1] == wall.overdue_open


@time_machine.travel(FROZEN, tick=False)
def test_the_cleared_owner_sees_the_secret_item_in_the_figures_and_others_do_not(ledger):
    viewers = _viewers(ledger)
    assert progress_wall(viewers["cleared_owner"]).total == 7
    assert progress_wall(viewers["cleared_outsider"]).total == 6
    assert progress_wall(viewers["admin"]).total == 0
    assert progress_wall(viewers["inactive"]).total == 0


def test_a_completion_requested_after_the_deadline_is_neither_overdue_in_the_ledger_nor_escalated(county):
    with time_machine.travel("2026-03-02 09:00:00+08:00", tick=False):
        item = county.assigned("逾期后申请办结", deadline=date(2026, 3, 10))
        still = county.assigned("逾期未申请", deadline=date(2026, 3, 10))
    with time_machine.travel("2026-03-20 09:00:00+08:00", tick=False):
        services.supervision_item_receive(item=item, by=county.liaison.user)
        services.supervision_item_request_completion(item=item, by=county.liaison.user, evidence="已完成")
        rows = ledger_page(county.supervisor.user, LedgerFilter(overdue=True)).rows
        assert [row.item.title for row in rows] == ["逾期未申请"]
        assert all(row.overdue for row in rows)
        every = {row.item.pk: row.overdue for row in ledger_page(county.supervisor.user, LedgerFilter()).rows}
        assert every == {item.pk: False, still.pk: True}
        assert escalation_tick() == 1
        escalated = set(SupervisionItem.objects.filter(reminders__isnull=False).values_list("pk", flat=True))
        assert escalated == {still.pk}
        level = escalation_level(
            deadline=still.deadline, today=date(2026, 3, 20), thresholds=DEFAULT_THRESHOLDS
        )
        assert level != Level.NONE and level != Level.REMINDER


def _figures(wall):
    units = sorted((u.unit_id, u.total, u.closed, u.on_time, u.overdue, u.avg_workdays) for u in wall.units)
    trend = [count for _, count in wall.trend]  # the days move with the clock; the counts must not
    return wall.by_state, wall.total, wall.closed, wall.on_time, wall.overdue_open, trend, units


@time_machine.travel(FROZEN, tick=False)
def test_the_snapshot_gives_the_same_figures_as_counting_live(ledger):
    SupervisionItem.objects.filter(state=ItemState.CLOSED).update(look_back_due=None)
    viewers = _viewers(ledger)
    live = {name: _figures(progress_wall(user, top=0)) for name, user in viewers.items()}
    assert wall_snapshot_rebuild() == 1  # 按期办结 and 逾期办结 of 县教育局; the secret one is never in it
    snapshot = WallSnapshot.objects.get()
    assert (snapshot.unit_id, snapshot.settled, snapshot.on_time, snapshot.late) == (
        ledger.bureau.pk,
        2,
        1,
        1,
    )
    # Built ten minutes ago or more: the settled items are no longer "recent" and come from the snapshot.
    WallSnapshot.objects.update(built_at=timezone.now() + MARGIN + timedelta(minutes=1))
    for name, user in viewers.items():
        assert _figures(progress_wall(user, top=0)) == live[name], name


def test_items_settled_or_reopened_after_the_snapshot_count_live_until_the_next_rebuild(county):
    with time_machine.travel("2026-03-02 09:00:00+08:00", tick=False):
        item = county.assigned("回头看事项", deadline=date(2026, 3, 20))
        SupervisionItem.objects.filter(pk=item.pk).update(
            state=ItemState.CLOSED,
            closed_on=date(2026, 3, 10),
            closed_on_time=True,
            handling_workdays=7,
            look_back_due=date(2026, 4, 20),
        )
        wall_snapshot_rebuild()
        assert not WallSnapshot.objects.exists()  # awaiting its look-back: not settled
    with time_machine.travel("2026-04-20 09:00:00+08:00", tick=False):
        before = _figures(progress_wall(county.supervisor.user))
        services.supervision_item_look_back(
            item=SupervisionItem.objects.get(pk=item.pk),
            by=county.supervisor.user,
            outcome="confirmed",
            note="成果巩固",
        )
        assert _figures(progress_wall(county.supervisor.user)) == before
        wall_snapshot_rebuild()  # settled a moment ago: within the margin, still counted live
        assert not WallSnapshot.objects.exists()
        assert _figures(progress_wall(county.supervisor.user)) == before
    with time_machine.travel("2026-04-21 09:00:00+08:00", tick=False):
        wall_snapshot_rebuild()
        assert WallSnapshot.objects.get().settled == 1
        assert _figures(progress_wall(county.supervisor.user)) == before
    assert (before[1], before[2], before[3]) == (1, 1, 1)


def test_the_snapshot_rebuild_is_a_tick():
    assert "supervision.wall_snapshot" in registered_ticks()


@time_machine.travel(FROZEN, tick=False)
def test_a_late_state_secret_counts_for_who_may_know_it_with_or_without_the_snapshot(ledger):
    _shape(
        ledger,
        "林业秘密逾期",
        unit=ledger.other,
        classification=Classification.CONFIDENTIAL,
        owner_unit=ledger.other,
        owner_person=None,
        state=ItemState.IN_PROGRESS,
        deadline=date(2026, 4, 10),
        assigned_on=date(2026, 1, 5),
    )
    viewers = _viewers(ledger)
    for built in (False, True):
        if built:
            SupervisionItem.objects.filter(state=ItemState.CLOSED).update(look_back_due=None)
            wall_snapshot_rebuild()
            WallSnapshot.objects.update(built_at=timezone.now() + MARGIN + timedelta(minutes=1))
        owner, outsider = progress_wall(viewers["cleared_owner"]), progress_wall(viewers["supervisor"])
        # Late from its deadline (April 10, before the first day) on, for the owner's unit alone.
        assert [count for _, count in owner.trend] == [count + 1 for _, count in outsider.trend], built
        assert owner.overdue_open == outsider.overdue_open + 1
        forestry = {u.name: u.overdue for u in owner.units}["县林业局"]
        assert forestry == {u.name: u.overdue for u in outsider.units}["县林业局"] + 1

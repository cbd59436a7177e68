"""约稿: the deadline counted in working days across the 2026 National Day holiday (hand-computed), bad input
refused with nothing saved, the asked units told and given a to-do, the reminders sent once each (before the
deadline to the writers, the day after it to the writers and the editors), and each unit's state derived:
answered, answered late (still missed for the penalty), missed, waiting; a cancelled 约稿 never counts.

2026 calendar: 中秋 25–27 September and 国庆 1–7 October are off; Saturday 10 October is a make-up working day.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.information.commissions_helpers import at, issue, submit, target_of
from tests.information.conftest import County
from zhongshu.core.errors import ServiceError
from zhongshu.information import commissions
from zhongshu.information.commissions import MissedCommission, TargetState
from zhongshu.information.models import Commission, CommissionReminder, CommissionTarget
from zhongshu.notifications.models import OutboxMessage

TUESDAY = date(2026, 9, 29)


def test_the_deadline_is_counted_in_working_days_across_the_holiday(county: County) -> None:
    # 29 Sep (Tue) + 2 working days: 30 Sep is one, 1–7 Oct are off, 8 Oct (Thu) is the second.
    assert issue(county, today=TUESDAY, days=2).deadline == date(2026, 10, 8)
    # 8 Oct (Thu) + 2: 9 Oct (Fri), then Saturday 10 Oct, a make-up working day.
    assert issue(county, today=date(2026, 10, 8), days=2).deadline == date(2026, 10, 10)
    # 24 Sep (Thu) + 3: 25 Sep (Fri) is 中秋 off, 28 Sep (Mon), 29 Sep, 30 Sep.
    assert issue(county, today=date(2026, 9, 24), days=3).deadline == date(2026, 9, 30)
    made = Commission.objects.get(issued_on=TUESDAY)
    assert made.working_days == 2 and made.targets.count() == 3


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"topic": "  "}, "topic_required"),
        ({"units": []}, "units_required"),
        ({"working_days": 0}, "deadline_in_past"),
        ({"working_days": -3}, "deadline_in_past"),
        ({"working_days": None}, "working_days_required"),
        ({"working_days": 61}, "too_many_days"),
        ({"topic": "长" * 121}, "too_long"),
    ],
)
def test_bad_input_is_refused_with_nothing_saved(county: County, fields: dict, code: str) -> None:
    values = {
        "by": county.editors[0].user,
        "topic": "秋粮收购进展",
        "units": list(county.towns),
        "working_days": 2,
        "today": TUESDAY,
    }
    values.update(fields)
    with pytest.raises(ServiceError) as refused:
        commissions.commission_issue(**values)
    assert refused.value.code == code and refused.value.message
    assert not Commission.objects.exists() and not CommissionTarget.objects.exists()
    assert not OutboxMessage.objects.filter(kind="information.commission").exists()


def test_only_the_editors_commission(county: County) -> None:
    for person in (county.town_writers[0], county.leaders[0], county.supervisor):
        with pytest.raises(ServiceError) as refused:
            commissions.commission_issue(
                by=person.user, topic="秋粮", units=county.towns, working_days=2, today=TUESDAY
            )
        assert refused.value.code == "not_editor"
    assert not Commission.objects.exists()
    assert commissions.may_commission(county.director.user)


def test_the_asked_units_writers_are_told_and_see_a_todo(county: County) -> None:
    commission = issue(county, today=TUESDAY, units=[county.towns[0]])
    told = OutboxMessage.objects.filter(kind="information.commission")
    assert [message.recipient for message in told] == [county.town_writers[0].user]
    assert told.get().title == "约稿：秋粮收购进展" and "2026年10月8日" in told.get().body
    (todo,) = commissions.commission_todos(county.town_writers[0].user)
    assert todo.title == "约稿待报：秋粮收购进展" and todo.due == date(2026, 10, 8)
    assert todo.url == f"/information/commissions/{commission.pk}/"
    assert commissions.commission_todos(county.town_writers[1].user) == []
    assert commissions.commission_todos(county.town_leaders[0].user) == []  # a leader is no writer


def test_reminders_before_the_deadline_and_when_late_are_sent_once_each(county: County) -> None:
    commission = issue(county, today=TUESDAY)  # deadline 8 Oct
    town0, town1 = county.town_writers
    # town0 answers on 30 Sep: never reminded.
    submit(
        town0,
        "城关镇秋粮收购过半",
        when=at(date(2026, 9, 30), 10),
        target=target_of(commission, county.towns[0]),
    )
    assert commissions.commission_reminders_tick(now=at(TUESDAY, 9)) == 0  # not yet: due in two working days
    # 30 Sep: one working day before 8 Oct (ZHONGSHU_INFORMATION_COMMISSION_REMIND_DAYS = 1).
    assert commissions.commission_reminders_tick(now=at(date(2026, 9, 30), 18)) == 2
    assert commissions.commission_reminders_tick(now=at(date(2026, 10, 2), 9)) == 0
    assert commissions.commission_reminders_tick(now=at(date(2026, 10, 8), 9)) == 0  # the day itself: sent
    due = OutboxMessage.objects.filter(kind="information.commission_due")
    assert sorted(message.recipient_id for message in due) == sorted(
        [town1.user.pk, county.bureau_writer.user.pk]
    )
    assert due.first().title == "约稿即将截止：秋粮收购进展"
    # The day after the deadline: late, to the writers of the two units and to the editors.
    sent = commissions.commission_reminders_tick(now=at(date(2026, 10, 9), 9))
    assert commissions.commission_reminders_tick(now=at(date(2026, 10, 9), 15)) == 0
    assert commissions.commission_reminders_tick(now=at(date(2026, 10, 12), 9)) == 0
    late = OutboxMessage.objects.filter(kind="information.commission_late")
    assert sent == late.count() == 2 + 2 * len(county.editors)
    assert {message.recipient_id for message in late} == {
        town1.user.pk,
        county.bureau_writer.user.pk,
        *(editor.user.pk for editor in county.editors),
    }
    assert set(late.filter(recipient=county.editors[0].user).values_list("title", flat=True)) == {
        "约稿已逾期：秋粮收购进展（河口乡）",
        "约稿已逾期：秋粮收购进展（县农业农村局）",
    }
    assert CommissionReminder.objects.count() == 4  # (two units) × (due, late)
    assert not CommissionReminder.objects.filter(target__unit=county.towns[0]).exists()


def test_a_cancelled_commission_is_not_reminded_and_never_missed(county: County) -> None:
    commission = issue(county, today=TUESDAY)
    commissions.commission_cancel(by=county.editors[1].user, commission=commission, now=at(TUESDAY, 10))
    assert commissions.commission_reminders_tick(now=at(date(2026, 9, 30), 18)) == 0
    assert commissions.commission_reminders_tick(now=at(date(2026, 10, 9), 9)) == 0
    assert commissions.missed_targets(date(2026, 10, 1), date(2026, 10, 31), now=at(date(2026, 11, 1))) == []
    assert commissions.open_targets_for(county.towns[0].pk) == []
    assert commissions.commission_todos(county.town_writers[0].user) == []
    with pytest.raises(ServiceError) as refused:
        commissions.commission_cancel(by=county.editors[1].user, commission=commission)
    assert refused.value.code == "commission_cancelled"
    other = issue(county, today=TUESDAY, topic="另一约稿")
    with pytest.raises(ServiceError) as refused:
        commissions.commission_cancel(by=county.town_writers[0].user, commission=other)
    assert refused.value.code == "not_editor"


def test_answered_late_and_missed_are_derived(county: County) -> None:
    commission = issue(county, today=TUESDAY)  # deadline 8 Oct
    town_a, town_b = county.towns
    during = {
        row.unit: row.state for row in commissions.target_rows(commission, now=at(date(2026, 10, 8), 12))
    }
    assert during == {
        town_a: TargetState.WAITING,
        town_b: TargetState.WAITING,
        county.bureau: TargetState.WAITING,
    }
    # 城关镇 answers at 23:30 on the deadline day (on time); 河口乡 on 9 Oct (late); the bureau never.
    submit(
        county.town_writers[0],
        "城关镇秋粮",
        when=at(date(2026, 10, 8), 23, 30),
        target=target_of(commission, town_a),
    )
    submit(
        county.town_writers[1],
        "河口乡秋粮",
        when=at(date(2026, 10, 9), 8),
        target=target_of(commission, town_b),
    )
    # an item of another unit naming the target does not answer it; a draft does not either
    submit(
        county.bureau_writer, "借用的约稿", when=at(date(2026, 10, 1)), target=target_of(commission, town_b)
    )
    submit(county.bureau_writer, "农业局草稿", when=None, target=target_of(commission, county.bureau))
    after = {
        row.unit: (row.state, row.label)
        for row in commissions.target_rows(commission, now=at(date(2026, 10, 10)))
    }
    assert after == {
        town_a: (TargetState.ANSWERED, "已报送"),
        town_b: (TargetState.LATE, "逾期报送"),
        county.bureau: (TargetState.MISSED, "逾期未报"),
    }
    # the penalty: the late answer and the missed one, once the deadline has passed
    assert (
        commissions.missed_targets(date(2026, 10, 1), date(2026, 10, 31), now=at(date(2026, 10, 8), 12)) == []
    )
    missed = commissions.missed_targets(date(2026, 10, 1), date(2026, 10, 31), now=at(date(2026, 10, 9)))
    assert missed == [  # by deadline, 约稿, unit
        MissedCommission(town_b.pk, commission.pk, "秋粮收购进展", date(2026, 10, 8)),
        MissedCommission(county.bureau.pk, commission.pk, "秋粮收购进展", date(2026, 10, 8)),
    ]
    # the deadline's own period: 8 Oct in [start, end]
    assert (
        len(commissions.missed_targets(date(2026, 10, 8), date(2026, 10, 8), now=at(date(2026, 10, 9)))) == 2
    )
    assert commissions.missed_targets(date(2026, 10, 9), date(2026, 12, 31), now=at(date(2026, 10, 9))) == []
    assert commissions.missed_targets(date(2026, 9, 1), date(2026, 10, 7), now=at(date(2026, 10, 9))) == []
    assert commissions.commission_states([commission], now=at(date(2026, 10, 10)))[commission.pk] == {
        "answered": 1,
        "late": 1,
        "missed": 1,
        "waiting": 0,
    }


def test_open_targets_for_a_unit(county: County, django_assert_max_num_queries) -> None:
    town = county.towns[0]
    first = issue(county, today=TUESDAY, topic="秋粮收购进展")  # deadline 8 Oct
    second = issue(county, today=date(2026, 9, 24), days=3, topic="中秋假期安全生产")  # deadline 30 Sep
    third = issue(county, today=TUESDAY, units=[county.towns[1]], topic="河口乡专题")
    cancelled = issue(county, today=TUESDAY, topic="已撤销的约稿")
    commissions.commission_cancel(by=county.editors[0].user, commission=cancelled)
    with django_assert_max_num_queries(1):
        targets = commissions.open_targets_for(town.pk)
        topics = [target.commission.topic for target in targets]
    assert topics == ["中秋假期安全生产", "秋粮收购进展"]  # soonest deadline first
    # answering one (even late) takes it off; a draft naming it does not
    submit(county.town_writers[0], "草稿", when=None, target=target_of(second, town))
    assert len(commissions.open_targets_for(town.pk)) == 2
    submit(county.town_writers[0], "中秋假期安全", when=at(date(2026, 10, 9)), target=target_of(second, town))
    assert [t.commission_id for t in commissions.open_targets_for(town.pk)] == [first.pk]
    assert [t.commission_id for t in commissions.open_targets_for(county.towns[1].pk)] == [
        second.pk,
        first.pk,
        third.pk,
    ]

"""The commissions and instructions parts' demo on the county of the tests, after the submissions, screening and
publications parts' demos: a 约稿 two weeks ago to three units (two answered in time through the submissions
service, the third missed it and was reminded before and after the deadline), an open 约稿 due next week, and
the county Party secretary's 批示 on a distributed issue turned into a supervision item by the supervisor;
built twice, it adds nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.information.conftest import County
from zhongshu.access.links import source_of
from zhongshu.demo.build import DemoResult
from zhongshu.demo.information_commissions import OPEN_TOPIC, PAST_TOPIC, build_demo_commissions
from zhongshu.demo.information_publications import build_demo_publications
from zhongshu.demo.information_screening import build_demo_screening
from zhongshu.demo.information_submissions import build_demo_submissions
from zhongshu.information import commissions
from zhongshu.information.commissions import TargetState
from zhongshu.information.models import Commission, CommissionReminder, InfoInstruction
from zhongshu.supervision.models import SupervisionItem


def test_the_demo_commissions_one_missed_one_open_and_a_supervised_instruction(county: County) -> None:
    build_demo_submissions(DemoResult())
    build_demo_screening(DemoResult())
    build_demo_publications(DemoResult())
    result = DemoResult()
    build_demo_commissions(result)
    assert result.created == {
        "information_commissions": 2,
        "information_commission_answers": 2,
        "information_instructions": 1,
        "information_instruction_supervision_items": 1,
    }
    today = timezone.localdate()
    past = Commission.objects.get(topic=PAST_TOPIC)
    assert today - timedelta(days=20) <= past.issued_on <= today - timedelta(days=14)
    assert past.deadline < today
    states = [row.state for row in commissions.target_rows(past)]
    assert states == [TargetState.ANSWERED, TargetState.ANSWERED, TargetState.MISSED]
    (missed,) = commissions.missed_targets(past.deadline, past.deadline)
    assert missed.commission_id == past.pk
    assert set(CommissionReminder.objects.values_list("kind", flat=True)) == {"due", "late"}
    assert CommissionReminder.objects.count() == 2
    opened = Commission.objects.get(topic=OPEN_TOPIC)
    assert opened.deadline.isocalendar()[:2] == (today + timedelta(days=7)).isocalendar()[:2]
    instruction = InfoInstruction.objects.get()
    assert instruction.leader == county.leaders[0] and instruction.issue_id is not None
    item = SupervisionItem.objects.get()
    assert item.supervisor == county.supervisor
    source = source_of(item, county.supervisor.user)
    assert source is not None and source.url.endswith(f"#instruction-{instruction.pk}")
    again = DemoResult()
    build_demo_commissions(again)
    assert not again.changed
    assert Commission.objects.count() == 2 and SupervisionItem.objects.count() == 1

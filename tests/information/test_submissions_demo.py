"""The submissions part's demo on the county of the tests: a month of items from its towns and bureau through
the services, dates spread over the last 30 days, the two flood reports near-duplicates of each other (a long
passage in common), one 紧急信息 telling the editors, one 问题 waiting for its town leader; built twice, it adds
nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.information.conftest import County
from zhongshu.demo.build import DemoResult
from zhongshu.demo.information_submissions import FLOOD_SHARED, PIECES, build_demo_submissions
from zhongshu.information.models import DuplicateFlag, InfoReport, InfoType, ItemState
from zhongshu.notifications.models import OutboxMessage


def test_the_demo_builds_a_month_of_submissions_with_two_near_duplicates(county: County) -> None:
    result = DemoResult()
    build_demo_submissions(result)
    items = list(InfoReport.objects.all())
    assert result.created == {"information_items": 20} and len(items) == 20
    assert {item.unit_id for item in items} == {county.towns[0].pk, county.towns[1].pk, county.bureau.pk}
    now = timezone.now()
    sent = [item for item in items if item.submitted_at is not None]
    assert len(sent) == 19
    assert all(now - timedelta(days=30) <= item.submitted_at <= now for item in sent)
    assert (max(i.submitted_at for i in sent) - min(i.submitted_at for i in sent)).days >= 25
    waiting = [item for item in items if item.state == ItemState.AWAITING_SIGN_OFF]
    assert len(waiting) == 1 and waiting[0].info_type == InfoType.PROBLEM
    signed = InfoReport.objects.filter(signed_off_by__isnull=False)
    assert signed.count() == 3  # the other 问题 and the 舆情
    urgent = InfoReport.objects.get(info_type=InfoType.URGENT)
    assert (
        OutboxMessage.objects.filter(kind="information.urgent_item", title__contains=urgent.title).count()
        == 3
    )
    first, second = InfoReport.objects.filter(body__contains=FLOOD_SHARED).order_by("submitted_at")
    assert first.unit_id != second.unit_id
    assert len(FLOOD_SHARED) >= 40 and FLOOD_SHARED in first.body and FLOOD_SHARED in second.body
    assert len(FLOOD_SHARED) / min(len(first.body), len(second.body)) >= 0.6
    assert DuplicateFlag.objects.filter(item=second, similar=first).exists()
    again = DemoResult()
    build_demo_submissions(again)
    assert not again.changed
    assert InfoReport.objects.count() == 20


def test_on_the_demo_county_the_liaisons_of_towns_and_bureaus_write(db: object) -> None:
    from zhongshu.demo.build import build_demo
    from zhongshu.org.models import UnitKind

    result = build_demo()  # the lead's build may already run this part: then the call below adds nothing
    build_demo_submissions(result)
    titles = [piece.title for piece in PIECES]
    items = [
        item
        for item in InfoReport.objects.select_related("unit", "author__user")
        if any(item.title == t.format(unit=item.unit.name.removeprefix("示例县")) for t in titles)
    ]
    assert len(items) == 20
    units = {item.unit for item in items}
    assert 4 <= len(units) <= 6
    assert {unit.kind for unit in units} == {UnitKind.TOWN, UnitKind.BUREAU}
    assert all(
        item.author.user.username.endswith("_llr") or "liaison" in item.author.user.username for item in items
    )
    first, second = InfoReport.objects.filter(body__contains=FLOOD_SHARED).order_by("submitted_at")
    assert DuplicateFlag.objects.filter(item=second, similar=first).exists()
    waiting = [item for item in items if item.state == ItemState.AWAITING_SIGN_OFF]
    assert len(waiting) == 1 and waiting[0].unit.kind == UnitKind.TOWN
    again = DemoResult()
    build_demo_submissions(again)
    assert not again.changed

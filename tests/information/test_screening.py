"""Screening (编辑处理): the near-duplicate check and the editors' actions, on the real database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.information.conftest import County
from tests.information.screening_helpers import FLOOD_A, FLOOD_B, UNRELATED, submitted
from zhongshu.access.policy import can
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Conflict, Forbidden, InvalidTransition, ServiceError
from zhongshu.information import screening
from zhongshu.information.actions_screening import ITEM_RULES
from zhongshu.information.models import DuplicateFlag, InfoReport, InfoType, ItemState, ItemVersion
from zhongshu.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _item(county: County, n: int, title: str, body: str, **kw: object) -> InfoReport:
    return submitted(county.town_writers[n], title, body, office_unit_id=county.office.pk, **kw)  # type: ignore[arg-type]


def test_check_flags_another_towns_item_about_one_event_not_an_unrelated_one(county: County) -> None:
    first = _item(county, 0, "城关镇全力应对青龙河汛情", FLOOD_A, hours_ago=5)
    unrelated = submitted(
        county.bureau_writer, "高标准农田建设", UNRELATED, office_unit_id=county.office.pk, hours_ago=4
    )
    second = _item(county, 1, "河口乡做好青龙河防汛", FLOOD_B)
    flags = list(DuplicateFlag.objects.filter(item=second))
    assert [f.similar_id for f in flags] == [first.pk]
    assert flags[0].score >= 0.4
    assert not DuplicateFlag.objects.filter(similar=unrelated).exists()
    assert not DuplicateFlag.objects.filter(item=unrelated).exists()


def test_check_flags_a_units_resubmission(county: County) -> None:
    first = _item(county, 0, "城关镇全力应对青龙河汛情", FLOOD_A, hours_ago=30)
    again = _item(county, 0, "城关镇青龙河汛情续报", FLOOD_A + "截至目前，水位已回落。")
    flag = DuplicateFlag.objects.get(item=again)
    assert flag.similar_id == first.pk and flag.score > 0.9


def test_check_ignores_items_outside_the_window(county: County, settings: object) -> None:
    _item(county, 0, "城关镇全力应对青龙河汛情", FLOOD_A, hours_ago=24 * 40)
    second = _item(county, 1, "河口乡做好青龙河防汛", FLOOD_B)
    assert not DuplicateFlag.objects.filter(item=second).exists()


def test_side_by_side_marks_the_shared_passage(county: County) -> None:
    first = _item(county, 0, "城关镇全力应对青龙河汛情", FLOOD_A, hours_ago=5)
    second = _item(county, 1, "河口乡做好青龙河防汛", FLOOD_B)
    left, right, score = screening.side_by_side(second, first)
    assert score >= 0.4
    assert "".join(p.text for p in left) == FLOOD_B
    assert "".join(p.text for p in right) == FLOOD_A
    shared = [p.text for p in left if p.shared]
    assert any("青龙河水位于七月十二日凌晨三时" in text for text in shared)
    assert not any("河口乡积极配合" in p.text for p in left if p.shared)


def test_return_tells_the_writer_and_gives_him_a_todo(county: County) -> None:
    editor = county.editors[0].user
    item = _item(county, 0, "城关镇全力应对青龙河汛情", FLOOD_A)
    with pytest.raises(ServiceError) as no_reason:
        screening.screen_return(item=item, reason="  ", by=editor)
    assert no_reason.value.code == "reason_required"
    screening.screen_return(item=item, reason="请补充转移群众安置情况", by=editor, version=item.version)
    item.refresh_from_db()
    assert item.state == ItemState.RETURNED and item.returned_reason == "请补充转移群众安置情况"
    writer = county.town_writers[0].user
    assert OutboxMessage.objects.filter(recipient=writer, kind="information.returned").count() == 1
    todos = screening.writer_todos(writer)
    assert [t.title for t in todos] == ["被退回：城关镇全力应对青龙河汛情"]
    assert screening.writer_todos(county.town_writers[1].user) == []
    assert AuditEvent.objects.filter(action="information.screening.return").count() == 1


def test_only_editors_act(county: County) -> None:
    item = _item(county, 0, "城关镇全力应对青龙河汛情", FLOOD_A)
    for user in (county.town_writers[0].user, county.leaders[0].user, county.supervisor.user):
        assert ITEM_RULES.available(user, item) == []
        with pytest.raises(Forbidden):
            screening.screen_adopt(item=item, by=user)
    assert ITEM_RULES.available(county.director.user, item) == ["adopt", "merge", "edit", "return"]
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED


def test_merge_keeps_every_version_and_lists_the_joint_unit(county: County) -> None:
    editor = county.editors[0].user
    first = _item(county, 0, "城关镇全力应对青龙河汛情", FLOOD_A, hours_ago=5)
    second = _item(county, 1, "河口乡做好青龙河防汛", FLOOD_B)
    screening.screen_edit(item=first, title=first.title, body=FLOOD_A + "（编辑补充）", by=editor)
    first.refresh_from_db()
    merged_text = FLOOD_A + "\n" + "河口乡同时派出两支抢险队伍加固堤防八百米。"
    screening.screen_merge(
        target=first,
        sources=[second],
        title="我县全力应对青龙河汛情",
        body=merged_text,
        by=editor,
        version=first.version,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.title, first.body, first.state) == (
        "我县全力应对青龙河汛情",
        merged_text,
        ItemState.SUBMITTED,
    )
    versions = list(ItemVersion.objects.filter(item=first).values_list("number", "note", "body"))
    assert [(n, note) for n, note, _ in versions] == [
        (1, "报送"),
        (2, "编辑"),
        (3, "合并自：河口乡《河口乡做好青龙河防汛》"),
    ]
    assert versions[0][2] == FLOOD_A and versions[1][2] == FLOOD_A + "（编辑补充）"
    assert second.state == ItemState.MERGED and second.merged_into_id == first.pk
    assert list(ItemVersion.objects.filter(item=second).values_list("body", flat=True)) == [FLOOD_B]
    assert screening.joint_units(first) == ["河口乡"]
    # The merged item's writer may follow the target; the flag between them is closed.
    assert can(county.town_writers[1].user, first)
    assert not DuplicateFlag.objects.filter(item=second, dismissed_at__isnull=True).exists()
    screening.screen_adopt(item=first, by=editor)
    first.refresh_from_db()
    assert first.state == ItemState.ADOPTED and first.adopted_by_id == editor.pk


def test_merge_refuses_an_item_already_adopted_and_saves_nothing(county: County) -> None:
    editor = county.editors[0].user
    first = _item(county, 0, "城关镇全力应对青龙河汛情", FLOOD_A, hours_ago=5)
    second = _item(county, 1, "河口乡做好青龙河防汛", FLOOD_B)
    screening.screen_adopt(item=second, by=editor)
    with pytest.raises(ServiceError) as refused:
        screening.screen_merge(target=first, sources=[second], title="合并", body="合并正文", by=editor)
    assert refused.value.code == "source_not_submitted"
    first.refresh_from_db()
    assert first.title == "城关镇全力应对青龙河汛情" and ItemVersion.objects.filter(item=first).count() == 1


def test_two_editors_at_once_the_second_is_told_and_nothing_is_saved(county: County) -> None:
    one, two = (e.user for e in county.editors)
    item = _item(county, 0, "城关镇全力应对青龙河汛情", FLOOD_A)
    seen = item.version  # both editors opened the page at this version
    screening.screen_edit(item=item, title="城关镇应对青龙河汛情", body=FLOOD_A, by=one, version=seen)
    with pytest.raises(Conflict):
        screening.screen_edit(item=item, title="另一个标题", body=FLOOD_A, by=two, version=seen)
    with pytest.raises(Conflict):
        screening.screen_adopt(item=item, by=two, version=seen)
    item.refresh_from_db()
    assert item.title == "城关镇应对青龙河汛情" and item.state == ItemState.SUBMITTED
    assert ItemVersion.objects.filter(item=item).count() == 2
    screening.screen_adopt(item=item, by=two, version=item.version)
    with pytest.raises(InvalidTransition):
        screening.screen_adopt(item=item, by=one)


def test_false_only_after_adoption_and_once(county: County) -> None:
    editor = county.editors[0].user
    item = _item(county, 0, "城关镇全力应对青龙河汛情", FLOOD_A)
    with pytest.raises(InvalidTransition):
        screening.screen_mark_false(item=item, reason="数字不实", by=editor)
    screening.screen_adopt(item=item, by=editor)
    screening.screen_mark_false(item=item, reason="转移人数与实际不符", by=editor)
    item.refresh_from_db()
    assert item.false_marked_at is not None and item.false_reason == "转移人数与实际不符"
    with pytest.raises(InvalidTransition):
        screening.screen_mark_false(item=item, reason="再次", by=editor)


def test_dismiss_a_flag(county: County) -> None:
    editor = county.editors[0].user
    _item(county, 0, "城关镇全力应对青龙河汛情", FLOOD_A, hours_ago=5)
    second = _item(county, 1, "河口乡做好青龙河防汛", FLOOD_B)
    flag = DuplicateFlag.objects.get(item=second)
    with pytest.raises(Forbidden):
        screening.flag_dismiss(flag=flag, by=county.town_writers[1].user)
    screening.flag_dismiss(flag=flag, by=editor)
    flag.refresh_from_db()
    assert flag.dismissed_by_id == editor.pk
    assert not screening.queue(editor).get(pk=second.pk).flagged  # type: ignore[attr-defined]


def test_editors_queue_and_todos_urgent_first(county: County) -> None:
    editor = county.editors[0].user
    old = _item(county, 0, "城关镇全力应对青龙河汛情", FLOOD_A, hours_ago=5)
    dup = _item(county, 1, "河口乡做好青龙河防汛", FLOOD_B, hours_ago=3)
    urgent = submitted(
        county.bureau_writer,
        "县农业农村局发现草地贪夜蛾虫情",
        UNRELATED,
        office_unit_id=county.office.pk,
        info_type=InfoType.URGENT,
    )
    rows = list(screening.queue(editor))
    assert [r.pk for r in rows] == [urgent.pk, old.pk, dup.pk]
    assert [r.flagged for r in rows] == [False, True, True]  # type: ignore[attr-defined]
    assert [r.pk for r in screening.queue(editor, unit_id=county.towns[1].pk)] == [dup.pk]
    assert [r.pk for r in screening.queue(editor, info_type=InfoType.URGENT)] == [urgent.pk]
    tomorrow = timezone.localdate() + timedelta(
        days=1
    )  # the office's date, not UTC's (they differ before 8:00)
    assert list(screening.queue(editor, since=tomorrow)) == []
    titles = [t.title for t in screening.editor_todos(editor)]
    assert titles[0] == "待编辑：县农业农村局发现草地贪夜蛾虫情" and len(titles) == 3
    assert screening.editor_todos(county.town_writers[0].user) == []

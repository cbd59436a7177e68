"""信息报送 · submissions services: a writer drafts, edits and submits his unit's item; a 问题 item waits for its
unit leader's sign-off (signed off or sent back); submitting keeps a version, widens need-to-know to the office
and runs the screening check; a 紧急信息 tells every editor through the outbox; bad input saves nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.information.conftest import County
from tests.information.submissions_helpers import FLOOD, draft
from zhongshu.access.policy import can
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.information import submissions
from zhongshu.information.models import InfoReport, InfoType, ItemState, ItemVersion
from zhongshu.notifications.models import OutboxMessage


def test_a_draft_belongs_to_the_writers_unit_and_is_hidden_from_the_office(county: County) -> None:
    writer = county.town_writers[0]
    item = draft(writer)
    assert item.state == ItemState.DRAFT and item.unit == county.towns[0]
    assert item.owner_unit == county.towns[0] and item.owner_person == writer
    assert item.classification == Classification.INTERNAL
    assert can(county.town_leaders[0].user, item)
    assert not can(county.editors[0].user, item)
    assert not can(county.town_writers[1].user, item)
    assert AuditEvent.objects.filter(action="information.item.draft", object_id=str(item.pk)).exists()


def test_submitting_keeps_version_one_and_lets_the_editors_see_it(county: County) -> None:
    writer = county.town_writers[0]
    item = draft(writer)
    when = timezone.now() - timedelta(days=3)
    item = submissions.item_submit(item=item, by=writer.user, version=item.version, now=when)
    assert item.state == ItemState.SUBMITTED and item.submitted_at == when
    version = ItemVersion.objects.get(item=item)
    assert (version.number, version.note, version.body) == (1, "报送", FLOOD)
    assert version.edited_by == writer.user and version.edited_at == when
    assert can(county.editors[0].user, item) and can(county.director.user, item)
    assert not can(county.town_writers[1].user, item)
    assert not OutboxMessage.objects.filter(kind="information.urgent_item").exists()


def test_a_returned_item_is_edited_and_resubmitted_as_the_next_version(county: County) -> None:
    writer = county.town_writers[0]
    item = submissions.item_submit(item=draft(writer), by=writer.user)
    InfoReport.objects.filter(pk=item.pk).update(state=ItemState.RETURNED, returned_reason="请补充数据")
    item.refresh_from_db()
    item = submissions.item_update(
        item=item,
        by=writer.user,
        title=item.title,
        body=FLOOD + "累计降雨量一百二十毫米。",
        info_type=InfoType.NEWS,
        version=item.version,
    )
    item = submissions.item_submit(item=item, by=writer.user)
    notes = list(ItemVersion.objects.filter(item=item).values_list("number", "note"))
    assert notes == [(1, "报送"), (2, "重新报送")]
    assert item.returned_reason == ""


def test_a_problem_item_waits_for_its_unit_leader_who_signs_it_off(county: County) -> None:
    writer, leader = county.town_writers[0], county.town_leaders[0]
    item = draft(writer, info_type=InfoType.PROBLEM, title="部分村组饮水工程老化亟待改造")
    item = submissions.item_submit(item=item, by=writer.user)
    assert item.state == ItemState.AWAITING_SIGN_OFF and item.submitted_at is None
    assert not ItemVersion.objects.filter(item=item).exists()
    assert not can(county.editors[0].user, item)
    todos = submissions.sign_off_todos(leader.user)
    assert [t.url for t in todos] == [f"/information/items/{item.pk}/"]
    assert submissions.sign_off_todos(county.town_leaders[1].user) == []
    # another unit's leader may not sign it off; nothing changes
    with pytest.raises(ServiceError) as refused:
        submissions.item_sign_off(item=item, by=county.town_leaders[1].user)
    assert refused.value.code == "not_unit_leader"
    with pytest.raises(ServiceError) as refused:
        submissions.item_sign_off(item=item, by=county.bureau_leader.user)
    assert refused.value.code == "not_unit_leader"
    item = submissions.item_sign_off(item=item, by=leader.user, version=item.version)
    assert item.state == ItemState.SUBMITTED and item.signed_off_by == leader
    assert ItemVersion.objects.get(item=item).note == "报送"
    assert can(county.editors[0].user, item)


def test_the_leader_sends_an_item_back_with_a_reason(county: County) -> None:
    writer, leader = county.town_writers[0], county.town_leaders[0]
    item = submissions.item_submit(item=draft(writer, info_type=InfoType.OPINION), by=writer.user)
    with pytest.raises(ServiceError) as refused:
        submissions.item_send_back(item=item, by=leader.user, reason="  ")
    assert refused.value.code == "reason_required"
    item = submissions.item_send_back(item=item, by=leader.user, reason="表述不准确，请核实后再报")
    assert item.state == ItemState.RETURNED and item.returned_reason == "表述不准确，请核实后再报"
    assert OutboxMessage.objects.filter(kind="information.item_sent_back", recipient=writer.user).exists()
    # the writer may edit it again
    submissions.item_update(
        item=item,
        by=writer.user,
        title="网络反映某小区停水问题的核实情况",
        body=FLOOD,
        info_type=InfoType.OPINION,
    )


def test_an_urgent_item_notifies_every_editor_once(county: County) -> None:
    writer = county.bureau_writer
    item = draft(
        writer,
        info_type=InfoType.URGENT,
        title="某村发生山体滑坡",
        body="今晨六时许，某村发生山体滑坡，已转移群众三十人。",
    )
    submissions.item_submit(item=item, by=writer.user)
    told = set(
        OutboxMessage.objects.filter(kind="information.urgent_item").values_list("recipient_id", flat=True)
    )
    assert told == {county.editors[0].user.pk, county.editors[1].user.pk, county.director.user.pk}
    message = OutboxMessage.objects.filter(kind="information.urgent_item").first()
    assert message is not None and "山体滑坡" in message.title


def test_urgent_items_come_first_in_the_units_list(county: County) -> None:
    writer = county.town_writers[0]
    now = timezone.now()
    urgent = submissions.item_submit(
        item=draft(writer, info_type=InfoType.URGENT, title="紧急"),
        by=writer.user,
        now=now - timedelta(days=2),
    )
    newer = submissions.item_submit(item=draft(writer, title="较新的动态"), by=writer.user, now=now)
    rows = list(submissions.unit_items(writer.user))
    assert [r.pk for r in rows[:2]] == [urgent.pk, newer.pk]
    assert list(submissions.unit_items(writer.user, info_type="urgent")) == [urgent]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": " "}, "title_required"),
        ({"body": ""}, "body_required"),
        ({"title": "标" * 121}, "too_long"),
        ({"body": "字" * 20001}, "too_long"),
        ({"info_type": "rumour"}, "unknown_info_type"),
        ({"classification": Classification.PUBLIC}, "unknown_classification"),
        ({"classification": Classification.TOP_SECRET}, "clearance_too_low"),
        ({"classification": Classification.CONFIDENTIAL}, "clearance_too_low"),
        ({"commission_target": 999}, "unknown_commission_target"),
    ],
)
def test_bad_input_saves_nothing(county: County, fields: dict, code: str) -> None:
    with pytest.raises(ServiceError) as refused:
        draft(county.town_writers[0], **fields)
    assert refused.value.code == code
    assert not InfoReport.objects.exists()


def test_only_a_writer_drafts_and_only_his_units_writer_edits(county: County) -> None:
    with pytest.raises(ServiceError) as refused:
        draft(county.leaders[0])
    assert refused.value.code == "not_writer"
    item = draft(county.town_writers[0])
    with pytest.raises(ServiceError) as refused:
        submissions.item_update(
            item=item, by=county.town_writers[1].user, title="改", body="改", info_type="news"
        )
    assert refused.value.code == "not_unit_writer"


def test_a_submitted_item_may_not_be_edited(county: County) -> None:
    writer = county.town_writers[0]
    item = submissions.item_submit(item=draft(writer), by=writer.user)
    with pytest.raises(ServiceError) as refused:
        submissions.item_update(item=item, by=writer.user, title="改", body="改", info_type="news")
    assert refused.value.code == "item_not_editable"
    with pytest.raises(ServiceError) as refused:
        submissions.item_submit(item=item, by=writer.user)
    assert refused.value.code == "item_not_editable"
    assert ItemVersion.objects.filter(item=item).count() == 1


def test_two_people_editing_at_once_the_second_is_told(county: County) -> None:
    writer = county.town_writers[0]
    item = draft(writer)
    seen = item.version
    submissions.item_update(
        item=item, by=writer.user, title="第一人的标题", body=FLOOD, info_type="news", version=seen
    )
    with pytest.raises(ServiceError) as refused:
        submissions.item_update(
            item=item, by=writer.user, title="第二人的标题", body=FLOOD, info_type="news", version=seen
        )
    assert refused.value.code == "stale_version"
    item.refresh_from_db()
    assert item.title == "第一人的标题"


def test_history_reads_the_audit_trail_in_chinese(county: County) -> None:
    writer, leader = county.town_writers[0], county.town_leaders[0]
    item = submissions.item_submit(item=draft(writer, info_type=InfoType.PROBLEM), by=writer.user)
    submissions.item_sign_off(item=item, by=leader.user)
    lines = submissions.history(item)
    assert [line.what for line in lines] == ["拟写信息", "送单位领导签发", "单位领导签发", "报送信息"]
    assert [line.who for line in lines] == [writer.name, writer.name, leader.name, leader.name]


def test_items_are_found_by_search_by_whoever_may_see_them(county: County) -> None:
    from zhongshu.search.selectors import SearchFilters, search

    writer = county.town_writers[0]
    kept = draft(writer, title="巡堤查险草稿")
    sent = submissions.item_submit(item=draft(writer, title="城关镇巡堤查险情况"), by=writer.user)
    filters = SearchFilters(kind="information_item")

    def found(user: object) -> set[int]:
        return {int(hit.entry.source_id) for hit in search(user, "巡堤查险", filters).hits}

    assert found(county.editors[0].user) == {sent.pk}
    assert found(writer.user) == {sent.pk, kept.pk}
    assert found(county.town_writers[1].user) == set()


def test_a_cleared_writer_may_classify_an_item_secret_and_the_form_offers_only_his_levels(
    county: County,
) -> None:
    editor = county.editors[0]  # the office's 信息员: a writer of the office's items, cleared 一般
    item = draft(editor, classification=Classification.CONFIDENTIAL)
    assert item.classification == Classification.CONFIDENTIAL
    assert not can(county.town_writers[0].user, item)
    assert list(submissions.classifications_for(editor)) == [
        Classification.INTERNAL,
        Classification.CONFIDENTIAL,
    ]
    assert list(submissions.classifications_for(county.town_writers[0])) == [Classification.INTERNAL]

"""Supervision items of the sample county, made through the supervision services as 督查员 would make them:
one assigned to 教育局 and waiting for its liaison to sign for it (签收), one in progress at 财政局 with a progress
report, and one opened but not yet assigned; then the county's history of the last weeks
(`supervision_history`). An item whose title exists already is left as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from zhongshu.demo.supervision_history import build_demo_supervision_history
from zhongshu.org.models import Person, Unit
from zhongshu.supervision.models import Category, Source, SupervisionItem
from zhongshu.supervision.services import (
    progress_report_submit,
    supervision_item_assign,
    supervision_item_open,
    supervision_item_receive,
)

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult

AWAITING_RECEIPT = "落实县委书记关于校园食品安全专项整治的批示"
IN_PROGRESS = "推进县直部门预算绩效管理改革"
UNASSIGNED = "办理县人大代表关于农村客运班线的建议"


def _person(username: str) -> Person:
    return Person.objects.select_related("user", "unit").get(user__username=username)


def build_demo_supervision(result: DemoResult) -> None:
    officer = _person("duchayuan")
    secretary = _person("leader1")
    today = timezone.localdate()
    if not SupervisionItem.objects.filter(title=AWAITING_RECEIPT).exists():
        item = supervision_item_open(
            by=officer.user,
            title=AWAITING_RECEIPT,
            source=Source.INSTRUCTION,
            category=Category.LIVELIHOOD,
            body="县委书记批示：校园食品安全关系千家万户，请教育局牵头，市场监管局配合，一个月内完成全县学校食堂排查整治。",
            leader=secretary,
        )
        supervision_item_assign(
            item=item,
            by=officer.user,
            lead_unit=Unit.objects.get(code="JYJ"),
            co_units=[Unit.objects.get(code="SJJ")],  # 市场监管局
            deadline_workdays=20,
            leader=secretary,
        )
        result.count("supervision_items")
    if not SupervisionItem.objects.filter(title=IN_PROGRESS).exists():
        item = supervision_item_open(
            by=officer.user,
            title=IN_PROGRESS,
            source=Source.MEETING_DECISION,
            category=Category.DECISION,
            body="县委常委会议定：年底前完成县直部门预算绩效目标全覆盖，建立绩效评价结果与预算安排挂钩机制。",
            leader=secretary,
        )
        item = supervision_item_assign(
            item=item, by=officer.user, lead_unit=Unit.objects.get(code="CZJ"), deadline_workdays=30
        )
        liaison = _person("czj_llr")
        item = supervision_item_receive(item=item, by=liaison.user)
        progress_report_submit(
            item=item,
            by=liaison.user,
            text=f"截至{today.month}月{today.day}日，已完成22个县直部门绩效目标审核，剩余部门本月内完成。",
        )
        result.count("supervision_items")
    if not SupervisionItem.objects.filter(title=UNASSIGNED).exists():
        supervision_item_open(
            by=officer.user,
            title=UNASSIGNED,
            source=Source.DEPUTY_PROPOSAL,
            category=Category.LIVELIHOOD,
            body="代表建议增开县城至青石镇、柳河镇的农村客运班线，方便群众出行。",
        )
        result.count("supervision_items")
    build_demo_supervision_history(result)

"""Submitted items for the screening tests, made as the submissions part leaves them (a first version, the
office in the need-to-know, the near-duplicate check run), without going through its pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from zhongshu.information.models import InfoReport, InfoType, ItemState, ItemVersion
from zhongshu.information.screening import check_submission
from zhongshu.org.models import Person

# Two towns about one event (a flood on the 青龙河), written differently around a shared core.
FLOOD_CORE = (
    "受强降雨影响，青龙河水位于七月十二日凌晨三时超过警戒水位一点二米，沿岸三个村四百余户群众需要转移。"
    "镇党委、镇政府立即启动防汛二级应急响应，组织党员干部挨家挨户动员，连夜转移群众四百一十二户一千零三十六人，"
    "未发生人员伤亡。"
)
FLOOD_A = (
    "城关镇全力应对青龙河汛情。" + FLOOD_CORE + "目前，城关镇已设立六个临时安置点，保障转移群众基本生活。"
)
FLOOD_B = "河口乡积极配合做好青龙河防汛工作。" + FLOOD_CORE + "河口乡同时派出两支抢险队伍加固堤防八百米。"
UNRELATED = (
    "县农业农村局扎实推进高标准农田建设。今年以来，全县新建高标准农田二万三千亩，完成投资四千六百万元，"
    "配套建设灌溉渠道四十二公里、机耕道路十八公里，项目区粮食亩产预计提高一成以上。"
)


def submitted(
    writer: Person,
    title: str,
    body: str,
    *,
    office_unit_id: int,
    info_type: str = InfoType.NEWS,
    hours_ago: float = 0,
) -> InfoReport:
    now = timezone.now() - timedelta(hours=hours_ago)
    user: Any = writer.user
    item = InfoReport.objects.create(
        unit_id=writer.unit_id,
        author=writer,
        owner_unit_id=writer.unit_id,
        owner_person=writer,
        title=title,
        body=body,
        info_type=info_type,
        state=ItemState.SUBMITTED,
        submitted_at=now,
        created_by=user,
        created_at=now,
    )
    ItemVersion.objects.create(item=item, number=1, title=title, body=body, note="报送", edited_by=user)
    item.need_to_know_units.add(office_unit_id)
    check_submission(item)
    return item

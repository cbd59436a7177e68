"""Shared steps of the submissions part's tests."""

from __future__ import annotations

from typing import Any

from zhongshu.information import submissions
from zhongshu.information.models import InfoReport

FLOOD = (
    "城关镇连续三日强降雨，镇防汛指挥部启动四级应急响应，转移安置低洼地带群众一百二十人，"
    "组织巡堤查险人员六十人次，全镇未发生人员伤亡。"
)


def draft(
    writer: Any, *, title: str = "城关镇全力做好强降雨防范应对", body: str = FLOOD, **kw: Any
) -> InfoReport:
    return submissions.item_draft(by=writer.user, title=title, body=body, **kw)

"""挂图督查's charts: the wall's figures as `core.charts.Chart` values for the shared include. Nothing is
counted here; every figure is one `progress_wall` already counted over the items the viewer may see."""

from __future__ import annotations

from datetime import date

from zhongshu.core.charts import Chart, Series
from zhongshu.supervision.progress_wall import Wall


def day_label(day: date) -> str:
    return f"{day.month}月{day.day}日"


def wall_charts(wall: Wall) -> list[Chart]:
    return [
        Chart(
            id="by-state",
            title="事项按状态",
            kind="bar",
            category_label="状态",
            categories=[label for _, label, _ in wall.by_state],
            series=[Series("事项", [count for _, _, count in wall.by_state])],
            unit="件",
        ),
        Chart(
            id="overdue-trend",
            title=f"逾期趋势（近{len(wall.trend)}周，每周同日逾期未办结）",
            kind="line",
            category_label="日期",
            categories=[day_label(day) for day, _ in wall.trend],
            series=[Series("逾期未办结", [count for _, count in wall.trend])],
            unit="件",
        ),
        Chart(
            id="unit-on-time",
            title="各牵头单位按期办结率",
            kind="hbar",
            category_label="牵头单位",
            categories=[unit.name for unit in wall.units],
            series=[Series("按期办结率", [unit.on_time_rate for unit in wall.units])],
            unit="%",
        ),
    ]

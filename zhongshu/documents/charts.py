"""The documents pages' charts (办文时效) as `core.charts.Chart` values for the shared include.
Nothing is counted here: each figure is one the page's selector already counted for the viewer."""

from __future__ import annotations

from zhongshu.core.charts import Chart, Series
from zhongshu.documents.selectors import Turnaround


def turnaround_charts(stats: Turnaround) -> list[Chart]:
    return [
        Chart(
            id="step-hours",
            title="各环节停留时间（中位数）",
            kind="hbar",
            category_label="环节",
            categories=list(stats.step_hours),
            series=[Series("停留时间", list(stats.step_hours.values()))],
            unit="小时",
        ),
        Chart(
            id="unit-hours",
            title="各单位办文用时（中位数）",
            kind="hbar",
            category_label="单位",
            categories=[row.key for row in stats.by_unit],
            series=[
                Series("核稿用时", [row.median_review_hours for row in stats.by_unit]),
                Series("拟稿至签发", [row.median_total_hours for row in stats.by_unit]),
            ],
            unit="小时",
        ),
    ]

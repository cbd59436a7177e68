"""core.charts: one value gives the drawing's data and its table view; a series may carry the colour of the status
it counts, so 按时 is green and 未报 red on every chart that shows them."""

from __future__ import annotations

from typing import Any

import pytest

from zhongshu.core.charts import BAD, GOOD, Chart, Series


def test_a_series_colour_reaches_the_drawing_and_the_table_view_is_unchanged() -> None:
    chart = Chart(
        id="t",
        title="报送情况",
        kind="bar",
        category_label="单位",
        categories=["财政局", "教育局"],
        series=[Series("按时", [3, 1], GOOD), Series("未报", [0, None], BAD), Series("待报", [1, 2])],
        unit="项",
    )
    series: Any = chart.data["series"]
    assert [s["color"] for s in series] == [GOOD, BAD, ""]
    assert chart.header == ["单位", "按时", "未报", "待报"]
    assert chart.rows == [("财政局", ["3项", "0项", "1项"]), ("教育局", ["1项", "—", "2项"])]


def test_a_series_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError):
        Chart(id="t", title="", kind="bar", category_label="", categories=["a"], series=[Series("x", [1, 2])])

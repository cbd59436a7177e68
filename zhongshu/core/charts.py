"""A chart as data: what a page hands the shared include `web/_chart.html`.

One value gives both the drawing and its table view (表格视图): the browser draws `data` with ECharts
(`web/charts.js`), and the template writes `rows` as a ledger table. A chart is built from figures the page's
selector already counted through the access policy, so it can never show a number the viewer could not list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Kind = Literal["bar", "hbar", "line"]
# The colours of a status, the same on every chart that shows one.
GOOD, LATE, BAD, WAITING = "#2e7d32", "#b7791f", "#b42318", "#8a94a6"
Value = int | float | None


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Value]
    # A colour that carries meaning (按时 green, 迟报 amber, 未报 red); otherwise the palette's next.
    color: str = ""


@dataclass(frozen=True)
class Chart:
    """`categories` name the bars (or points); each series holds one value per category. `unit`
    follows every figure ("件", "%", "个工作日"); a missing value (None) is drawn as a gap and listed as "—"."""

    id: str
    title: str
    kind: Kind
    category_label: str
    categories: Sequence[str]
    series: Sequence[Series]
    unit: str = ""

    def __post_init__(self) -> None:
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(f"chart {self.id}: series {series.name} has the wrong number of values")

    @property
    def data_id(self) -> str:
        return f"chart-{self.id}-data"

    @property
    def data(self) -> dict[str, object]:
        """The JSON data island the script draws."""
        return {
            "kind": self.kind,
            "title": self.title,
            "unit": self.unit,
            "categories": list(self.categories),
            "series": [{"name": s.name, "values": list(s.values), "color": s.color} for s in self.series],
        }

    @property
    def header(self) -> list[str]:
        return [self.category_label, *(series.name for series in self.series)]

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """The table view: per category, each series' figure as the chart labels it."""
        return [
            (category, [self.figure(series.values[i]) for series in self.series])
            for i, category in enumerate(self.categories)
        ]

    def figure(self, value: Value) -> str:
        if value is None:
            return "—"
        return f"{value:g}{self.unit}" if isinstance(value, float) else f"{value}{self.unit}"

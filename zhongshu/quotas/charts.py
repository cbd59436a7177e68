"""The 额度 page's chart as a `core.charts.Chart` for the shared include. Nothing is counted here: each figure
is one the page's selector already counted."""

from __future__ import annotations

from zhongshu.core.charts import Chart, Series
from zhongshu.quotas.registry import QuotaKind
from zhongshu.quotas.selectors import QuotaRow


def quota_chart(rows: list[QuotaRow], kind: QuotaKind, year: int) -> Chart:
    """The units with something to show (a count this year or last, or a quota): forty bars of nothing
    would hide the few that matter. The table below the chart still lists every unit."""
    shown = [row for row in rows if row.used or row.last_year or row.limit is not None]
    label = kind.label
    return Chart(
        id="quotas",
        title=f"各单位{label}数与额度（{year}年度，有{label}或已设额度的单位）",
        kind="hbar",
        category_label="单位",
        categories=[row.unit.name for row in shown],
        series=[
            Series(f"本年{label}", [row.used for row in shown]),
            Series(f"上年{label}", [row.last_year for row in shown]),
            Series(f"{label}额度", [row.limit for row in shown]),
        ],
        unit=kind.noun,
    )

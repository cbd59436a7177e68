"""October 2026 for the compliance tests: three units' checklist lines and filings, made directly (the compliance
view only reads them). The seeded 2026 calendar: National Day 1–7 October (休), Saturday 10 October a make-up
working day (班).

Working days after Wednesday 30 September: Thu 8 Oct (1), Fri 9 (2), Sat 10 班 (3), Mon 12 (4), Tue 13 (5),
Wed 14 (6), Thu 15 (7), Fri 16 (8), Mon 19 (9), Tue 20 (10). Without the holiday the 5th would be Wed 7 Oct.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from zhongshu.reporting.models import ChecklistFiling, ChecklistLine, Cycle, MatterKind, Timing

SHANGHAI = ZoneInfo("Asia/Shanghai")
OCT_START, OCT_END = date(2026, 10, 1), date(2026, 10, 31)
TODAY = date(2026, 10, 16)  # a Friday: the 20 October quarterly report is not yet due
SEPTEMBER = date(2026, 9, 1)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@dataclass
class October:
    lines: dict[str, ChecklistLine]


def make_line(unit: Any, by: Any, matter: str, cycle: str, **fields: Any) -> ChecklistLine:
    fields.setdefault("starts_on", date(2026, 1, 1))
    return ChecklistLine.objects.create(
        unit=unit,
        kind=fields.pop("kind", MatterKind.REPORT),
        timing=Timing.AFTER,
        matter=matter,
        basis="县委办〔2026〕1号",
        cycle=cycle,
        updated_by=by,
        **fields,
    )


def file(
    line: ChecklistLine, by: Any, filed_at: datetime, period_start: date | None = None
) -> ChecklistFiling:
    return ChecklistFiling.objects.create(
        line=line, period_start=period_start, title=f"{line.matter}（报送）", filed_at=filed_at, filed_by=by
    )


def make_october(county: Any) -> October:
    """Three units' lines and filings; the expected statuses are written beside each."""
    czj, jyj, cgz = county.units
    by = county.keeper.user
    lines: dict[str, ChecklistLine] = {}

    # 县财政局
    lines["czj_monthly"] = make_line(czj, by, "财政收支月报", Cycle.MONTHLY, due_working_days=5)
    # September's report due Tue 13 Oct; filed Mon 12 Oct 15:00 → 按时.
    file(lines["czj_monthly"], by, at(10, 12, 15), SEPTEMBER)
    lines["czj_quarterly"] = make_line(czj, by, "预算执行季度报告", Cycle.QUARTERLY, due_working_days=10)
    # Q3 due Tue 20 Oct (10th working day); not filed, today is 16 Oct → 待报.
    lines["czj_ad_hoc"] = make_line(czj, by, "重大资金调度请示", Cycle.AD_HOC, kind=MatterKind.REQUEST)
    # Filings on 9 and 20 October count (2); the one on 30 September does not.
    file(lines["czj_ad_hoc"], by, at(10, 9, 10))
    file(lines["czj_ad_hoc"], by, at(10, 20, 16))
    file(lines["czj_ad_hoc"], by, at(9, 30, 23, 59))

    # 县教育局
    lines["jyj_monthly"] = make_line(jyj, by, "教育安全月报", Cycle.MONTHLY, due_working_days=5)
    # Due Tue 13 Oct; filed 13 Oct 23:30 → 按时 (by the due day's end; with no holiday it would be late).
    file(lines["jyj_monthly"], by, at(10, 13, 23, 30), SEPTEMBER)
    lines["jyj_by_date"] = make_line(jyj, by, "秋季开学工作报告", Cycle.BY_DATE, due_on=date(2026, 10, 1))
    # 1 October is a holiday through the 7th: due Thu 8 Oct; filed Fri 9 Oct 10:00 → 迟报.
    file(lines["jyj_by_date"], by, at(10, 9, 10), date(2026, 1, 1))

    # 城关镇
    lines["cgz_monthly3"] = make_line(cgz, by, "安全生产月报", Cycle.MONTHLY, due_working_days=3)
    # Due on the 3rd working day, the make-up Saturday 10 Oct; never filed → 未报.
    lines["cgz_monthly5"] = make_line(cgz, by, "信访稳定月报", Cycle.MONTHLY, due_working_days=5)
    # Due Tue 13 Oct; filed Wed 14 Oct 09:00 → 迟报. August's report (due in September) is not counted.
    file(lines["cgz_monthly5"], by, at(10, 14, 9), SEPTEMBER)
    file(lines["cgz_monthly5"], by, at(9, 7, 9), date(2026, 8, 1))
    lines["cgz_new"] = make_line(
        cgz, by, "防汛值守月报", Cycle.MONTHLY, due_working_days=5, starts_on=date(2026, 10, 1)
    )
    # Starts with October: its first report is due in November → nothing due in October.
    lines["cgz_yearly"] = make_line(
        cgz, by, "年度工作总结", Cycle.YEARLY, due_working_days=5, starts_on=date(2025, 1, 1)
    )
    # 2025's report was due 8 January 2026 → nothing due in October.
    lines["cgz_retired"] = make_line(
        cgz, by, "撤并前旧报表", Cycle.MONTHLY, due_working_days=5, ends_on=date(2026, 8, 31)
    )
    # Retired with August, whose report was due in September → not shown for October.
    return October(lines)

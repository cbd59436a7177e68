"""A month, a quarter or a year of the calendar: the periods statistics are asked for by (值班抽查's results, the
information rankings, 应报尽报). One home for their bounds, codes (`2026-11`, `2026-Q4`, `2026`), Chinese labels,
the period before, and parsing what a page or the API was given; the duty, information and reporting modules
each kept a copy."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Self

from zhongshu.core.errors import ServiceError

KINDS = ("month", "quarter", "year")
QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")
COUNTS = {"month": 12, "quarter": 4, "year": 1}


@dataclass(frozen=True)
class CalendarPeriod:
    """Whole local days from `start` to `end`, both included."""

    kind: str  # month, quarter, year
    year: int
    number: int  # the month 1–12 or the quarter 1–4; 1 for a year

    # What `parse` tells a person who typed something else (a subclass that accepts more says so).
    FORMS: ClassVar[str] = "2026-11、2026-Q4 或 2026"

    @classmethod
    def of(cls, kind: str, year: int, number: int = 1) -> Self:
        """The period, or ValueError for a kind, year or number out of range."""
        if kind not in COUNTS:
            raise ValueError("kind")
        if not 1 <= year <= 9998:
            raise ValueError("year")
        if kind == "year":
            number = 1
        elif not 1 <= number <= COUNTS[kind]:
            raise ValueError(kind)
        return cls(kind, year, number)

    @classmethod
    def containing(cls, kind: str, day: date) -> Self:
        number = day.month if kind == "month" else (day.month + 2) // 3 if kind == "quarter" else 1
        return cls.of(kind, day.year, number)

    @classmethod
    def parse(cls, raw: str) -> Self:
        """`2026-11`, `2026-Q4` or `2026` (years 2000–2100), or a ServiceError saying what is expected."""
        text = raw.strip().upper()
        try:
            if len(text) == 4 and text.isdigit():
                period = cls.of("year", int(text))
            elif len(text) == 7 and text[4:6] == "-Q" and text[:4].isdigit() and text[6] in "1234":
                period = cls.of("quarter", int(text[:4]), int(text[6]))
            elif len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
                period = cls.of("month", int(text[:4]), int(text[5:]))
            else:
                raise ValueError(text)
            if not 2000 <= period.year <= 2100:
                raise ValueError(text)
        except ValueError:
            raise ServiceError(
                f"统计期间格式不正确：{raw[:30]}（应为 {cls.FORMS}）", code="bad_period", field="period"
            ) from None
        return period

    @property
    def start(self) -> date:
        if self.kind == "month":
            return date(self.year, self.number, 1)
        if self.kind == "quarter":
            return date(self.year, 3 * self.number - 2, 1)
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        if self.kind == "year":
            return date(self.year, 12, 31)
        last_month = self.number if self.kind == "month" else 3 * self.number
        return date(self.year, last_month, monthrange(self.year, last_month)[1])

    @property
    def code(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        return str(self.year)

    @property
    def label(self) -> str:
        """2026年11月, 2026年第四季度, 2026年."""
        if self.kind == "month":
            return f"{self.year}年{self.number}月"
        if self.kind == "quarter":
            return f"{self.year}年{QUARTER_NAMES[self.number - 1]}"
        return f"{self.year}年"

    def previous(self) -> Self:
        if self.number == 1:
            return self.of(self.kind, self.year - 1, COUNTS[self.kind])
        return self.of(self.kind, self.year, self.number - 1)


def whole_periods(start: date, end: date) -> list[CalendarPeriod]:
    """Every month, quarter and year lying wholly inside [start, end]."""
    found: list[CalendarPeriod] = []
    for year in range(start.year, end.year + 1):
        for kind in KINDS:
            for number in range(1, COUNTS[kind] + 1):
                period = CalendarPeriod.of(kind, year, number)
                if start <= period.start and period.end <= end:
                    found.append(period)
    return found


def add_years(day: date, years: int) -> date:
    """The same day `years` later (or earlier); 29 February becomes 28 February in a common year. Secrecy terms,
    cooling-off periods and re-vetting run so."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)

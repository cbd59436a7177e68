"""精文减会: where a unit stands against its yearly quota of one kind (发文, a type of meeting) — a warning at
80 %, used up at 100 % (beyond only with a leader's recorded consent) — and the 2024 burden-reduction rule that
a yearly count rising over last year's needs a written explanation. Pure: the figures come from the services.

Last year's count is *known* when the unit had some last year or a quota set for last year; a unit with no
record of last year (a fresh installation) is not asked to explain a rise from nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

WARNING_SHARE = 0.8


@dataclass(frozen=True)
class QuotaStatus:
    limit: int | None
    used: int
    last_year: int | None = None  # None: no record of last year
    label: str = "发文"  # the kind's label: 发文, 政府常务会
    noun: str = "件"  # what is counted: 件, 次
    verb: str = ""  # what needs the consent once used up (继续…): 发文, 召开政府常务会; the label when empty

    @property
    def share(self) -> float:
        return self.used / self.limit if self.limit else 0.0

    @property
    def warning(self) -> bool:
        return self.limit is not None and self.share >= WARNING_SHARE and not self.exhausted

    @property
    def exhausted(self) -> bool:
        return self.limit is not None and self.used >= self.limit

    @property
    def next_exceeds_last_year(self) -> bool:
        """Would one more take this year's count over last year's?"""
        return self.last_year is not None and self.used + 1 > self.last_year

    @property
    def explanation_message(self) -> str:
        if not self.next_exceeds_last_year:
            return ""
        return (
            f"本单位本年度{self.label}将达{self.used + 1}{self.noun}，超过上年的{self.last_year}{self.noun}，"
            "须填写书面说明（整治形式主义为基层减负若干规定）"
        )

    @property
    def message(self) -> str:
        if self.limit is None:
            return ""
        if self.exhausted:
            return (
                f"本单位本年度{self.label}已达额度（{self.used}/{self.limit}），"
                f"须经领导同意方可继续{self.verb or self.label}"
            )
        if self.warning:
            return f"本单位本年度{self.label}已用额度的{round(self.share * 100)}%（{self.used}/{self.limit}）"
        return ""

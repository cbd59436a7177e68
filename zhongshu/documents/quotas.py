"""精文减会: a unit's yearly document quota — a warning at 80 %, blocked at 100 % unless a leader overrides —
and the 2024 burden-reduction rule that a yearly count rising over last year's needs a written explanation.

Last year's count is what 中枢 registered for the unit. It is *known* when the unit registered documents
last year or had a quota set for it; a unit with no record of last year (a fresh installation) is not
asked to explain a rise from nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhongshu.documents.models import Direction, DocumentQuota, OfficialDocument

WARNING_SHARE = 0.8


@dataclass(frozen=True)
class QuotaStatus:
    limit: int | None
    used: int
    last_year: int | None = None  # None: no record of last year

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
        """Would one more registration take this year's count over last year's?"""
        return self.last_year is not None and self.used + 1 > self.last_year

    @property
    def explanation_message(self) -> str:
        if not self.next_exceeds_last_year:
            return ""
        return (
            f"本单位本年度发文将达{self.used + 1}件，超过上年的{self.last_year}件，"
            "须填写书面说明（整治形式主义为基层减负若干规定）"
        )

    @property
    def message(self) -> str:
        if self.limit is None:
            return ""
        if self.exhausted:
            return f"本单位本年度发文已达额度（{self.used}/{self.limit}），须经领导同意方可继续发文"
        if self.warning:
            return f"本单位本年度发文已用额度的{round(self.share * 100)}%（{self.used}/{self.limit}）"
        return ""


def registered_count(unit_id: int | None, year: int) -> int:
    return OfficialDocument.objects.filter(
        direction=Direction.OUTGOING, owner_unit_id=unit_id, doc_year=year, doc_serial__isnull=False
    ).count()


def quota_status(unit_id: int | None, year: int) -> QuotaStatus:
    quota = DocumentQuota.objects.filter(unit_id=unit_id, year=year).first() if unit_id else None
    last = registered_count(unit_id, year - 1)
    known = last > 0 or (
        unit_id is not None and DocumentQuota.objects.filter(unit_id=unit_id, year=year - 1).exists()
    )
    return QuotaStatus(
        limit=quota.limit if quota else None,
        used=registered_count(unit_id, year),
        last_year=last if known else None,
    )

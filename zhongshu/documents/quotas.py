"""精文减会: a unit's yearly document quota — a warning at 80 %, blocked at 100 % unless a leader overrides."""

from __future__ import annotations

from dataclasses import dataclass

from zhongshu.documents.models import Direction, DocumentQuota, OfficialDocument

WARNING_SHARE = 0.8


@dataclass(frozen=True)
class QuotaStatus:
    limit: int | None
    used: int

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
    def message(self) -> str:
        if self.limit is None:
            return ""
        if self.exhausted:
            return f"本单位本年度发文已达额度（{self.used}/{self.limit}），须经领导同意方可继续发文"
        if self.warning:
            return f"本单位本年度发文已用额度的{round(self.share * 100)}%（{self.used}/{self.limit}）"
        return ""


def quota_status(unit_id: int | None, year: int) -> QuotaStatus:
    quota = DocumentQuota.objects.filter(unit_id=unit_id, year=year).first() if unit_id else None
    used = OfficialDocument.objects.filter(
        direction=Direction.OUTGOING, owner_unit_id=unit_id, doc_year=year, doc_serial__isnull=False
    ).count()
    return QuotaStatus(limit=quota.limit if quota else None, used=used)

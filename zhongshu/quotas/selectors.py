"""The 额度 page's reads: every active unit with its counts of one kind this year and last, its quota and the
written explanations the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass, field

from zhongshu.org.models import Unit
from zhongshu.quotas.models import Quota
from zhongshu.quotas.registry import Explanation, QuotaKind
from zhongshu.quotas.status import QuotaStatus


@dataclass
class QuotaRow:
    """One unit on the quota page: this year's and last year's counts, the quota, explanations."""

    kind: QuotaKind
    unit: Unit
    year: int
    used: int
    last_year: int
    limit: int | None
    explained: list[Explanation] = field(default_factory=list)

    @property
    def status(self) -> QuotaStatus:
        return QuotaStatus(limit=self.limit, used=self.used, label=self.kind.label, noun=self.kind.noun)

    @property
    def share_percent(self) -> int | None:
        return round(self.status.share * 100) if self.limit else None

    @property
    def over_last_year(self) -> bool:
        return self.used > self.last_year

    @property
    def status_label(self) -> tuple[str, str]:
        """The row's one status and its tone ("danger", "warning", "muted" or ""): every finding at once
        (已用满，超过上年), and 正常 only when there is none — never 正常 beside a red 超过上年."""
        status = self.status
        findings = []
        if status.exhausted:
            findings.append("已用满")
        elif status.warning:
            findings.append(f"已用{round(status.share * 100)}%")
        if self.over_last_year:
            findings.append("超过上年")
        if findings:
            danger = status.exhausted or self.over_last_year
            return "，".join(findings), "danger" if danger else "warning"
        return ("未设额度", "muted") if self.limit is None else ("正常", "")


def active_units() -> list[Unit]:
    return list(Unit.objects.filter(is_active=True).order_by("sort_order", "code"))


def quota_overview(user: object, *, kind: QuotaKind, year: int) -> list[QuotaRow]:
    """Every active unit with its counts and quota: the kind's counts for two years (one query each with
    `counts`), the limits in one; explanations through the kind's hook, which reads through the policy."""
    this_year, last_year = kind.counts_for(year), kind.counts_for(year - 1)
    limits = dict(Quota.objects.filter(kind=kind.code, year=year).values_list("unit_id", "limit"))
    explained = kind.explanations(user, year) if kind.explanations is not None else {}
    return [
        QuotaRow(
            kind=kind,
            unit=unit,
            year=year,
            used=this_year.get(unit.pk, 0),
            last_year=last_year.get(unit.pk, 0),
            limit=limits.get(unit.pk),
            explained=explained.get(unit.pk, []),
        )
        for unit in active_units()
    ]

"""One input contract for issuing a 约稿, read the same way by the page and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zhongshu.accounts.actors import Actor
from zhongshu.core.inputs import Input
from zhongshu.information import commissions
from zhongshu.information.models import Commission
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Unit


@dataclass(frozen=True)
class CommissionIssueIn:
    topic: str
    detail: str
    units: list[Unit]
    working_days: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> CommissionIssueIn:
        return cls(
            topic=data.text("topic", label="约稿主题"),
            detail=data.text("detail", label="约稿要求"),
            units=org_inputs.units(data, "units", viewer, label="约稿单位"),
            working_days=data.integer("working_days", label="时限（工作日）", low=-1000, high=1000),
        )

    def apply(self, *, by: Actor) -> Commission:
        return commissions.commission_issue(
            by=by, topic=self.topic, detail=self.detail, units=self.units, working_days=self.working_days
        )

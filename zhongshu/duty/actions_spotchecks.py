"""Which actions a person may take on a spot check now (core.actions): the page shows the result buttons only
where `record` is open, the API returns the same list with each check, and `spotchecks.record_check` calls
`RULES.require("record", ...)` on the locked check before it writes."""

from __future__ import annotations

from typing import Any

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.duty.models import SpotCheck

DUTY_ROOM_ONLY = "只有县委办值班室可以记录抽查结果"
ALREADY_RECORDED = "该单位的抽查结果已经记录，不能重复记录"


def _record(viewer: Any, check: SpotCheck) -> Refusal | None:
    from zhongshu.duty.spotchecks import may_spot_check  # spotchecks imports these rules

    if not may_spot_check(viewer):
        return not_allowed(DUTY_ROOM_ONLY, "not_duty_room")
    if check.result:
        return not_now(ALREADY_RECORDED, "already_recorded")
    return None


RULES: ActionRules[SpotCheck] = ActionRules(noun="抽查记录", rules={"record": _record})

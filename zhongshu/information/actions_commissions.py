"""Which actions a person may take now on a 约稿: 撤销 (an editor, while it is not cancelled). The pages offer
these, the API returns them, the service requires them."""

from __future__ import annotations

from typing import Any

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.information.models import Commission
from zhongshu.information.roles import is_editor


def _cancel(viewer: Any, commission: Commission) -> Refusal | None:
    if not (getattr(viewer, "is_authenticated", False) and is_editor(viewer)):
        return not_allowed("只有县委办信息科（编辑）可以撤销约稿", "not_editor")
    if commission.cancelled_at is not None:
        return not_now("该约稿已撤销", "commission_cancelled")
    return None


COMMISSION_RULES: ActionRules[Commission] = ActionRules(noun="约稿", rules={"cancel": _cancel})

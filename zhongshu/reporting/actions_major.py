"""Which actions a viewer may take on a 三重一大 filing now (the page offers these, the API returns them, the
service requires them): the filing unit's filers edit or withdraw it while it waits for its meeting, and record
the outcome once the meeting day has come."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.reporting.major import files_for
from zhongshu.reporting.models import MajorDecisionFiling, MajorFilingState


def _who(viewer: Any, filing: MajorDecisionFiling) -> Refusal | None:
    if not files_for(viewer, filing):
        return not_allowed("只有报备单位的联络员、文书或负责人可以办理该报备", "not_allowed")
    return None


def _open(filing: MajorDecisionFiling) -> Refusal | None:
    if filing.state != MajorFilingState.FILED:
        return not_now(f"该报备{filing.get_state_display()}，不能再办理", "not_open")
    return None


def _edit(viewer: Any, filing: MajorDecisionFiling) -> Refusal | None:
    return _who(viewer, filing) or _open(filing)


def _decide(viewer: Any, filing: MajorDecisionFiling) -> Refusal | None:
    refusal = _who(viewer, filing) or _open(filing)
    if refusal is not None:
        return refusal
    if filing.meeting_on > timezone.localdate():
        return not_now("会议尚未召开，会后再登记决策结果", "meeting_not_held")
    return None


RULES: ActionRules[MajorDecisionFiling] = ActionRules(
    noun="三重一大报备",
    rules={"edit": _edit, "decide": _decide, "withdraw": _edit},
)

"""Which review a viewer may give on a 公开审查 round now (the page offers these, the API returns them, the
service requires them): the drafting unit's reviewer while it waits for the unit, the secrecy office after."""

from __future__ import annotations

from typing import Any

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.secrecy.models_publication import PublicationReview, ReviewState
from zhongshu.secrecy.roles import keeps_ledger


def _unit_review(viewer: Any, review: PublicationReview) -> Refusal | None:
    from zhongshu.secrecy.publication import reviews_for_unit

    if not reviews_for_unit(viewer, review.unit_id):
        return not_allowed("只有起草单位负责人或兼职保密管理员才能进行起草单位审查", "not_unit_reviewer")
    if review.state != ReviewState.UNIT_PENDING:
        return not_now(f"起草单位已审查（{ReviewState(review.state).label}），不能再审", "already_reviewed")
    return None


def _secrecy_review(viewer: Any, review: PublicationReview) -> Refusal | None:
    if not keeps_ledger(viewer) or getattr(viewer, "person_or_none", None) is None:
        return not_allowed("只有保密办才能进行保密审查", "not_secrecy_office")
    if review.state == ReviewState.UNIT_PENDING:
        return not_now("须先经起草单位审查，才能进行保密审查", "unit_review_first")
    if review.state != ReviewState.SECRECY_PENDING:
        return not_now(f"保密审查已办理（{ReviewState(review.state).label}），不能再审", "already_reviewed")
    return None


RULES: ActionRules[PublicationReview] = ActionRules(
    noun="公开审查",
    rules={"unit_review": _unit_review, "secrecy_review": _secrecy_review},
)

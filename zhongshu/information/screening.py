"""Screening submitted items: near-duplicate check (core.similarity fingerprints) and the editors' actions.
(Skeleton: the screening part fills this in; the submissions part calls `check_submission` once an item is
submitted, inside the submitting transaction.)"""

from __future__ import annotations

from zhongshu.information.models import DuplicateFlag, InfoItem


def check_submission(item: InfoItem) -> list[DuplicateFlag]:
    """Index the submitted item's text and flag the earlier items it nearly duplicates (from other units about
    the same event, or the unit's own resubmission); returns the flags made, most similar first."""
    return []

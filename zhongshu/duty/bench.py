"""`zhongshu bench duty`: rosters, who is on duty now, the whereabouts board and the incident tick."""

from __future__ import annotations


def register() -> None:
    """Registers the bench with core.bench (built by the bench part)."""

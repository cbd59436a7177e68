"""`zhongshu bench secrecy` (written with the module's integration)."""

from __future__ import annotations


def register() -> None:
    """Registered when the bench is written."""

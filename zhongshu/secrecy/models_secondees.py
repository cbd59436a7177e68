"""机要保密 · secondees: models (filled in by this part)."""

from __future__ import annotations

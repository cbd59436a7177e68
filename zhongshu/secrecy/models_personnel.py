"""机要保密 · personnel: models (filled in by this part)."""

from __future__ import annotations

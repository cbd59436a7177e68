"""机要保密 · classification: models (filled in by this part)."""

from __future__ import annotations

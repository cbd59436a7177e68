"""机要保密 · publication: models (filled in by this part)."""

from __future__ import annotations

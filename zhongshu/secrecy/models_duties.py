"""机要保密 · duties: models (filled in by this part)."""

from __future__ import annotations

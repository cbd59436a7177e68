"""机要保密 · inspection: models (filled in by this part)."""

from __future__ import annotations

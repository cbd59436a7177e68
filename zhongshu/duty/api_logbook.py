"""The logbook part's JSON API, mounted under /api/duty by duty/api.py."""

from __future__ import annotations

from ninja import Router

router = Router()

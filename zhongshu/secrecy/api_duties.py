"""The 机要保密 API's duties part (mounted under /api/secrecy)."""

from __future__ import annotations

from ninja import Router

router = Router()

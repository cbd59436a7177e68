"""The meetings API's secrecy part: a router mounted under /api/meetings by meetings/api.py."""

from __future__ import annotations

from ninja import Router

router = Router()

"""请示报告 · major: the part's API routes. (Skeleton: the part's helper fills this in.)"""

from __future__ import annotations

from ninja import Router

router = Router()

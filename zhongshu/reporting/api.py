"""The 请示报告 API, mounted at /api/reporting: each part of the module brings its own router under its own
prefix (/checklist, /filings, /compliance, /major), so no part's path shadows another's."""

from __future__ import annotations

from ninja import Router

from zhongshu.reporting import (
    api_checklist,
    api_compliance,
    api_filings,
    api_major,
)

router = Router()
for part in (
    api_checklist,
    api_filings,
    api_compliance,
    api_major,
):
    router.add_router("", part.router)

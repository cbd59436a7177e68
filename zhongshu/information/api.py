"""The 信息报送 API, mounted at /api/information: each part of the module brings its own router under its own
prefix (/items, /screening, /publications, /scoring, /commissions, /instructions), so no part's path shadows another's."""

from __future__ import annotations

from ninja import Router

from zhongshu.information import (
    api_commissions,
    api_instructions,
    api_publications,
    api_scoring,
    api_screening,
    api_submissions,
)

router = Router()
for part in (
    api_submissions,
    api_screening,
    api_publications,
    api_scoring,
    api_commissions,
    api_instructions,
):
    router.add_router("", part.router)

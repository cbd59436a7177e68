"""The duty API, mounted at /api/duty: each part of the module brings its own router, under its own prefix
(/rosters, /swaps, /log, /spot-checks, /incidents, /plans, /absences), so no part's path shadows another's."""

from __future__ import annotations

from ninja import Router

from zhongshu.duty import (
    api_incidents,
    api_logbook,
    api_plans,
    api_rosters,
    api_spotchecks,
    api_swaps,
    api_whereabouts,
)

router = Router()
for part in (
    api_rosters,
    api_swaps,
    api_logbook,
    api_spotchecks,
    api_incidents,
    api_plans,
    api_whereabouts,
):
    router.add_router("", part.router)

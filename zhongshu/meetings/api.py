"""The meetings API, mounted at /api/meetings: each part of the module brings its own router."""

from __future__ import annotations

from ninja import Router

from zhongshu.meetings import (
    api_agenda,
    api_application,
    api_minutes,
    api_notice,
    api_schedule,
    api_scheduling,
    api_seating,
    api_secrecy,
    api_signin,
)

router = Router()
for part in (
    api_application,
    api_scheduling,
    api_notice,
    api_seating,
    api_signin,
    api_agenda,
    api_secrecy,
    api_minutes,
    api_schedule,
):
    router.add_router("", part.router)

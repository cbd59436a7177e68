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
# The application part's `/{meeting_id}` takes any one-segment path (ninja gives it no int converter), so
# its router comes last: the other parts' literal paths (/rooms, /conflicts, /schedule, /engagements,
# /feeds) are matched first.
for part in (
    api_scheduling,
    api_notice,
    api_seating,
    api_signin,
    api_agenda,
    api_secrecy,
    api_minutes,
    api_schedule,
    api_application,
):
    router.add_router("", part.router)

"""The test clock: a local wall time to travel to, never ahead of now.

SQLite's own clock and the files' times do not travel with time_machine, so a Python clock ahead of them makes a
file written now look old and a row written now look future. Travelling back is safe: going to "the latest
09:00" means this morning's, or yesterday's in the small hours.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone


def latest_local(hour: int, minute: int = 0) -> datetime:
    """The latest moment at `hour:minute` local time that is not after now."""
    now = timezone.localtime()
    moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return moment - timedelta(days=1) if moment > now else moment

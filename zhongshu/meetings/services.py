"""Shared pieces of the meetings services: the meeting's lock, its history and its audit line. Each part of
the module keeps its own services in its own module (application.py, scheduling.py, notices.py, seating.py,
signin.py, agenda.py, secrecy.py, minutes.py, decisions.py, engagements.py, feeds.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.core.locking import lock_at_version
from zhongshu.meetings.models import Meeting, MeetingEvent


def meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting", args=[meeting.pk])


def locked(meeting: Meeting, version: int | None = None) -> Meeting:
    """The meeting re-read under a row lock (inside the caller's transaction); with `version`, refused when
    someone else changed it since the page was drawn."""
    return lock_at_version(
        Meeting.objects.all(),
        meeting.pk,
        version,
        changed="会议已被他人修改，请刷新页面后重试",
        code="meeting_changed",
    )


def bump(meeting: Meeting, *fields: str) -> None:
    """Save `fields` and the next version."""
    meeting.version += 1
    meeting.save(update_fields=[*fields, "version", "updated_at"])


def record_event(meeting: Meeting, *, action: str, by: Actor, note: str = "") -> MeetingEvent:
    return MeetingEvent.objects.create(meeting=meeting, action=action, by=by, note=note[:500])


def audit(meeting: Meeting, *, by: Actor, action: str, **details: Any) -> None:
    """One audit line `meetings.<action>` about the meeting, in the caller's transaction."""
    audit_record(actor=by, action=f"meetings.{action}", target=meeting, details=details or None)

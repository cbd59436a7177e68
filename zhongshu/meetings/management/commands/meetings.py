"""`zhongshu meetings ics USERNAME`: a leader's calendar, as his feed serves it, on standard output."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhongshu.accounts.models import User
from zhongshu.meetings.feeds import WEEKS_AHEAD, WEEKS_BACK, own_calendar


class Command(BaseCommand):
    help = (
        "Meetings tools. `meetings ics USERNAME`: write the person's calendar (iCalendar) to standard output."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        ics = commands.add_parser(
            "ics",
            help=(
                f"the person's meetings and engagements, {WEEKS_BACK} weeks back to {WEEKS_AHEAD} weeks ahead, "
                "read as the person (classified entries they may not see read 另有安排)"
            ),
        )
        ics.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["command"] == "ics":
            self._ics(options["username"])

    def _ics(self, username: str) -> None:
        user = User.objects.filter(username=username).select_related("person").first()
        if user is None:
            raise CommandError(f"no account named {username!r}")
        person = user.person_or_none
        if person is None:
            raise CommandError(f"account {username!r} is not a person in the directory: it has no calendar")
        if not user.is_active:
            raise CommandError(f"account {username!r} is disabled")
        body, _ = own_calendar(person)
        out = getattr(self.stdout, "_out", sys.stdout)
        buffer = getattr(out, "buffer", None)
        if buffer is not None:
            buffer.write(body)
            buffer.flush()
        else:
            out.write(body.decode("utf-8"))

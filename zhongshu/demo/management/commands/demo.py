"""`zhongshu demo [--if-empty]`: build the sample county 示例县 and, in development, print the sign-ins."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Build the sample county 示例县 (idempotent) and print the demo sign-ins (development only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing when any unit exists")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.ZHONGSHU_ENV == "production":
            raise CommandError(
                "refusing to load demo data in production (ZHONGSHU_ENV=production)", returncode=2
            )
        from zhongshu.demo.build import build_demo, describe
        from zhongshu.org.models import Unit

        if options["if_empty"] and Unit.objects.exists():
            self.stdout.write("demo: the organisation is not empty, nothing to do (--if-empty)")
            return
        result = build_demo(self.stdout)
        if settings.ZHONGSHU_ENV != "development":
            return
        rows = [("username", "role", "in the demo", "password", "TOTP secret (base32)"), *describe(result)]
        widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
        self.stdout.write(
            "\ndemo sign-ins (development only; `zhongshu totp USERNAME` prints the current code):"
        )
        for row in rows:
            cells = (cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  " + "  ".join(cells).rstrip())


def _width(text: str) -> int:
    """Columns on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)

"""`zhongshu audit verify [--anchor SEQ:HASH]`: walk the audit chain and name the first bad event, checking it
against the newest signed head in the anchor log by default; `zhongshu audit anchor` publishes the head now."""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhongshu.audit.anchor import AnchorError, log_path, publish_head, verify_with_anchor

_ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


class Command(BaseCommand):
    help = (
        "Audit log tools. `verify` walks the HMAC-SM3 chain and checks it reaches the newest signed head of "
        "the anchor log (ZHONGSHU_AUDIT_ANCHOR_DIR), so rows cut off the end are caught: exit 0 when intact, "
        "then publishes the head; 1 naming the first bad event. `anchor` publishes the head now (the tick "
        "does it periodically)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser(
            "verify", help="walk the chain and name the first altered, missing or inserted event"
        )
        verify.add_argument(
            "--anchor",
            default="",
            help="SEQ:HASH of an event noted earlier outside the database (as printed by a previous OK run), "
            "checked besides the anchor log's newest head",
        )
        sub.add_parser("anchor", help="append the chain's current head, signed, to the anchor log")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "anchor":
            try:
                head = publish_head()
            except AnchorError as error:
                self.stdout.write(f"FAILED: {error}")
                raise SystemExit(1) from None
            self.stdout.write(f"published: {head.seq}:{head.hash}" if head else "nothing new to publish")
            return
        anchor = None
        if options["anchor"]:
            match = _ANCHOR.match(options["anchor"].strip().lower())
            if match is None:
                raise CommandError("--anchor must be SEQ:HASH, e.g. 1200:<64 hex digits>", returncode=2)
            anchor = (int(match.group(1)), match.group(2))
        result, head = verify_with_anchor(anchor=anchor)
        self.stdout.write(result.summary())
        if not result.ok:
            raise SystemExit(1)
        if result.last_seq:
            # The chain cannot show events cut off its end; this line, kept elsewhere, can (--anchor).
            self.stdout.write(f"anchor: {result.last_seq}:{result.last_hash}")
        path = log_path()
        if path is None:
            self.stdout.write("anchor log: off (ZHONGSHU_AUDIT_ANCHOR_DIR is empty)")
            return
        self.stdout.write(
            f"anchor log: reached head #{head.seq} of {head.at}"
            if head
            else f"anchor log: no head yet in {path}"
        )
        try:
            published = publish_head()
        except AnchorError as error:
            self.stdout.write(f"FAILED: {error}")
            raise SystemExit(1) from None
        if published is not None:
            self.stdout.write(f"anchor log: published head #{published.seq}")

"""The `zhongshu` command: one entry point for serving, demo data, audits, benches and Django's commands.

`zhongshu COMMAND ...` runs the Django management command of that name with the project's settings, so
`zhongshu migrate` works as `manage.py migrate` would. Configuration errors end in one clear line.
"""

from __future__ import annotations

import os
import signal
import sys

# The commands this project adds, in the order `zhongshu --help` lists them.
COMMANDS: list[tuple[str, str]] = [
    ("serve", "serve the web application (waitress) on --host/--port, running background jobs in-process"),
    ("proofread", "proofread FILE|- [--format text|json|jsonl]: check a text or .docx for errors (offline)"),
    ("document", "document render --demo --out FILE.docx [--pdf FILE.pdf]: a GB/T 9704 document to inspect"),
    ("demo", "build the sample county 示例县 (idempotent) and print the demo sign-ins"),
    ("admins", "admins init: create the three administrators (三员) of a new installation"),
    ("totp", "print the current second-factor code of an account (development only)"),
    ("audit", "audit verify: walk the audit chain and name the first altered, missing or inserted event"),
    ("tick", "run periodic work once: deliver the notice outbox, escalate, recount deadlines (idempotent)"),
    ("worker", "run background jobs from Redis (production) until stopped"),
    ("calendar", "calendar import|status: the working-day calendar (holiday schedules, 调休)"),
    ("import", "import materials DIR --user USERNAME: ingest .txt/.docx/.pdf files into the 素材库"),
    ("bench", "bench NAME [--json]: run a benchmark and print its figures"),
    ("meetings", "meetings ics USERNAME: write a person's calendar (meetings and engagements) as iCalendar"),
    ("search", "search reindex [--kind KIND] | search reconcile: rebuild or repair the search index"),
    (
        "files",
        "files prune [--older-than HOURS] [--delete]: find (and remove) stored files no record names; "
        "files encrypt: encrypt stored files still kept in clear",
    ),
]

DJANGO_NOTE = (
    "Django's management commands run through zhongshu too, e.g. `zhongshu migrate`, `zhongshu check --deploy`,\n"
    "`zhongshu makemigrations --check`. Run `zhongshu help --all` for the full list."
)


def print_help() -> None:
    print("usage: zhongshu COMMAND [options]\n\n中枢 Zhongshu: the open platform for a general office.\n")
    print("commands:")
    width = max(len(name) for name, _ in COMMANDS)
    for name, summary in COMMANDS:
        print(f"  {name.ljust(width)}  {summary}")
    print()
    print(DJANGO_NOTE)


def main(argv: list[str] | None = None) -> int:
    if argv is None and hasattr(signal, "SIGPIPE"):
        # `zhongshu calendar status | head` should stop quietly, as any Unix tool does.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"} or args == ["help"]:
        print_help()
        return 0
    if args[:1] == ["proofread"]:
        # The proofreader needs no Django: it starts fast and runs where no database is configured.
        from zhongshu.proofreader.cli import main as proofread

        return proofread(args[1:])
    if args[:2] == ["help", "--all"]:
        args = ["help", "--commands"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhongshu.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as error:
        print(f"zhongshu: configuration error: {error}", file=sys.stderr)
        return 2
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    try:
        execute_from_command_line(["zhongshu", *args])
    except ImproperlyConfigured as error:
        print(f"zhongshu: configuration error: {error}", file=sys.stderr)
        return 2
    except OperationalError as error:
        # The database cannot be reached or opened: say which, in one line, instead of a traceback.
        from django.db import connection

        target = connection.settings_dict.get("NAME")
        reason = " ".join(str(error).split())
        print(f"zhongshu: database error ({connection.vendor} {target}): {reason}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`zhongshu calendar status` and `zhongshu calendar import FILE --year 2027`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhongshu.core.errors import ServiceError
from zhongshu.workdays.models import ScheduleSource
from zhongshu.workdays.schedule_input import UnreadableFile, parse_file
from zhongshu.workdays.selectors import schedule_years, upcoming_years_missing
from zhongshu.workdays.services import holiday_schedule_enter


class Command(BaseCommand):
    help = "The working-day calendar: which years have a holiday schedule, and importing one."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser(
            "status", help="list the years with a schedule and say which upcoming ones lack one"
        )
        importing = commands.add_parser(
            "import", help="enter a year's schedule from a .xlsx, .csv or .txt file"
        )
        importing.add_argument(
            "file", help="columns 日期, 类型 (休/班), 名称; or .txt lines '2027-01-01 休 元旦'"
        )
        importing.add_argument("--year", type=int, required=True)
        importing.add_argument("--note", default="", help="e.g. the State Council notice's number")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "status":
            self._status()
        else:
            self._import(Path(options["file"]), options["year"], options["note"])

    def _status(self) -> None:
        years = schedule_years()
        self.stdout.write(f"{'year':<6}{'source':<10}{'holidays':>9}{'workdays':>9}  entered")
        for y in years:
            entered = f"{y.entered_at:%Y-%m-%d %H:%M}" + (f" by {y.entered_by}" if y.entered_by else "")
            self.stdout.write(f"{y.year:<6}{y.source:<10}{y.holidays:>9}{y.workdays:>9}  {entered}")
        missing = upcoming_years_missing()
        if missing:
            listed = ", ".join(str(year) for year in missing)
            self.stdout.write(
                f"missing: no holiday schedule for {listed}; deadlines counted into it use weekends only and are "
                f"provisional until it is entered (zhongshu calendar import FILE --year {missing[0]})"
            )
        else:
            self.stdout.write("this year and next have a holiday schedule")

    def _import(self, path: Path, year: int, note: str) -> None:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}", returncode=2) from None
        try:
            parsed = parse_file(path.name, data, year)
        except UnreadableFile as error:
            raise CommandError(f"{path}: {error.en}", returncode=2) from None
        if not parsed.ok:
            for problem in parsed.errors:
                self.stderr.write(f"{path}: {problem.message_en}")
            raise CommandError(f"{len(parsed.errors)} error(s); nothing was saved", returncode=2)
        try:
            entered = holiday_schedule_enter(
                by=None, year=year, days=parsed.entries(), source=ScheduleSource.IMPORT, note=note
            )
        except ServiceError as error:
            raise CommandError(f"{error.code}: nothing was saved", returncode=2) from None
        recount = entered.recount
        holidays = sum(1 for day in parsed.days if day.kind == "holiday")
        self.stdout.write(
            f"entered the {year} schedule: {holidays} holidays, {len(parsed.days) - holidays} make-up workdays; "
            f"recounted {recount.recounted} provisional deadline(s), {recount.moved} moved, "
            f"{recount.notices} notice(s) queued"
        )

"""Reading a year's schedule from text lines, CSV or XLSX, and checking it. No database access.

Text: one day a line, "2027-01-01 休 元旦" / "2027-02-07 班 春节调休" (blank lines and lines starting with
# are skipped). CSV and XLSX: a header row naming the columns 日期, 类型 (休/班), 名称, then one day a row.
Each problem is reported with its line (or row) number, in Chinese for pages and in English for the CLI.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

KINDS = {"休": "holiday", "班": "workday"}
KIND_LABELS = {"holiday": "休", "workday": "班"}
FIRST_YEAR, LAST_YEAR = 2000, 2100
NAME_MAX = 40
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WEEKDAYS = "一二三四五六日"
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class LineError:
    line: int
    zh: str
    en: str

    @property
    def message(self) -> str:
        return f"第{self.line}行：{self.zh}" if self.line else self.zh

    @property
    def message_en(self) -> str:
        return f"line {self.line}: {self.en}" if self.line else self.en


@dataclass(frozen=True)
class ScheduleDay:
    line: int
    date: date
    kind: str
    name: str


@dataclass
class ParsedSchedule:
    year: int
    days: list[ScheduleDay] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def entries(self) -> list[tuple[date, str, str]]:
        return [(day.date, day.kind, day.name) for day in self.days]


def year_problem(year: Any) -> tuple[str, str] | None:
    """(zh, en) when `year` is not a year a schedule can be entered for."""
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR:
        return (
            f"年度应为{FIRST_YEAR}至{LAST_YEAR}之间的整数",
            f"the year must be a whole number from {FIRST_YEAR} to {LAST_YEAR}",
        )
    return None


def check_days(year: int, days: Iterable[ScheduleDay]) -> list[LineError]:
    """The rules every schedule keeps, however it was entered."""
    errors: list[LineError] = []
    seen: dict[date, ScheduleDay] = {}
    count = 0
    for day in days:
        count += 1
        text = f"{day.date:%Y-%m-%d}"
        if day.date.year != year:
            errors.append(
                LineError(day.line, f"日期{text}不在{year}年内", f"the date {text} is not in {year}")
            )
            continue
        if day.kind not in KIND_LABELS:
            errors.append(
                LineError(day.line, "类型应为“休”或“班”", 'the kind must be "休" (holiday) or "班" (workday)')
            )
            continue
        if not day.name.strip():
            errors.append(LineError(day.line, "缺少名称（如“春节”）", "the name is missing (e.g. 春节)"))
            continue
        if len(day.name) > NAME_MAX:
            errors.append(
                LineError(
                    day.line, f"名称不能超过{NAME_MAX}个字", f"the name is longer than {NAME_MAX} characters"
                )
            )
            continue
        earlier = seen.get(day.date)
        if earlier is not None:
            if earlier.kind != day.kind:
                zh = f"{text}已在第{earlier.line}行标为“{KIND_LABELS[earlier.kind]}”，不能同时标为“{KIND_LABELS[day.kind]}”"
                en = f"{text} is already marked {earlier.kind} on line {earlier.line}; it cannot also be a {day.kind}"
            else:
                zh = f"日期{text}与第{earlier.line}行重复"
                en = f"the date {text} repeats line {earlier.line}"
            errors.append(LineError(day.line, zh, en))
            continue
        seen[day.date] = day
        if day.kind == "workday" and day.date.weekday() < 5:
            weekday = day.date.weekday()
            errors.append(
                LineError(
                    day.line,
                    f"{text}是星期{_WEEKDAYS[weekday]}，本就是工作日；调休上班日应在周六或周日",
                    f"{text} is a {WEEKDAYS_EN[weekday]}, already a working day; a make-up working day falls on a weekend",
                )
            )
    if count == 0 and not errors:
        errors.append(LineError(0, "没有录入任何日期", "no days were given"))
    return errors


def _parse_date(value: Any, line: int, errors: list[LineError]) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if _DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            errors.append(LineError(line, f"日期{text}不存在", f"the date {text} does not exist"))
            return None
    errors.append(LineError(line, "日期格式应为YYYY-MM-DD", "the date must be written YYYY-MM-DD"))
    return None


def _parse_kind(value: Any, line: int, errors: list[LineError]) -> str | None:
    text = str(value or "").strip()
    if text in KINDS:
        return KINDS[text]
    errors.append(LineError(line, "类型应为“休”或“班”", 'the kind must be "休" (holiday) or "班" (workday)'))
    return None


def _parse_row(line: int, cells: list[Any], errors: list[LineError]) -> ScheduleDay | None:
    if len(cells) < 3 or not str(cells[2] or "").strip():
        before = len(errors)
        if cells:
            _parse_date(cells[0], line, errors)
        if len(errors) == before and len(cells) > 1:
            _parse_kind(cells[1], line, errors)
        if len(errors) == before:
            errors.append(
                LineError(
                    line,
                    "应为“日期 类型 名称”三项，如“2027-01-01 休 元旦”",
                    'expected "date kind name", e.g. "2027-01-01 休 元旦"',
                )
            )
        return None
    found = len(errors)
    day = _parse_date(cells[0], line, errors)
    kind = _parse_kind(cells[1], line, errors) if len(errors) == found else None
    if day is None or kind is None:
        return None
    return ScheduleDay(line, day, kind, str(cells[2]).strip())


def _finish(year: int, rows: Iterable[tuple[int, list[Any]]]) -> ParsedSchedule:
    parsed = ParsedSchedule(year)
    problem = year_problem(year)
    if problem:
        parsed.errors.append(LineError(0, *problem))
        return parsed
    for line, cells in rows:
        day = _parse_row(line, cells, parsed.errors)
        if day is not None:
            parsed.days.append(day)
    parsed.errors.extend(check_days(year, parsed.days) if parsed.days or not parsed.errors else [])
    parsed.errors.sort(key=lambda error: error.line)
    if parsed.errors:
        parsed.days = []
    return parsed


def parse_text(text: str, year: int) -> ParsedSchedule:
    """Lines "2027-01-01 休 元旦"; the name may contain spaces."""

    def rows() -> Iterable[tuple[int, list[Any]]]:
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.replace("\u3000", " ").strip()
            if not line or line.startswith("#"):
                continue
            yield number, line.split(None, 2)

    return _finish(year, rows())


HEADERS = ("日期", "类型", "名称")


class UnreadableFile(ValueError):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


def _table_rows(table: Iterable[tuple[int, list[Any]]]) -> Iterable[tuple[int, list[Any]]]:
    """Rows under a header naming 日期, 类型, 名称 (in any order), reordered to those three columns."""
    columns: list[int] | None = None
    for number, cells in table:
        texts = [str(cell).strip() if cell is not None else "" for cell in cells]
        if not any(texts):
            continue
        if columns is None:
            if not all(header in texts for header in HEADERS):
                raise UnreadableFile(
                    f"第{number}行应为表头：日期、类型、名称",
                    f"line {number} must be the header: 日期, 类型, 名称",
                )
            columns = [texts.index(header) for header in HEADERS]
            continue
        yield number, [cells[i] if i < len(cells) else None for i in columns]
    if columns is None:
        raise UnreadableFile(
            "文件为空，应有表头：日期、类型、名称", "the file is empty; it needs a header: 日期, 类型, 名称"
        )


def parse_csv(data: bytes, year: int) -> ParsedSchedule:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise UnreadableFile(
                "无法识别文件编码，请另存为UTF-8编码的CSV", "cannot decode the file; save it as UTF-8 CSV"
            ) from None
    reader = csv.reader(io.StringIO(text))
    return _finish(year, _table_rows((number, row) for number, row in enumerate(reader, start=1)))


def parse_xlsx(data: bytes, year: int) -> ParsedSchedule:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable upload is the user's to fix, not a server error
        raise UnreadableFile(
            "无法读取该Excel文件（应为.xlsx格式）", "cannot read the file as .xlsx"
        ) from None
    try:
        sheet = workbook.worksheets[0]
        table = [(number, list(row)) for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        workbook.close()
    return _finish(year, _table_rows(table))


def parse_file(filename: str, data: bytes, year: int) -> ParsedSchedule:
    """By extension: .xlsx, .csv, or (for the command line) .txt in the text format."""
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        return parse_xlsx(data, year)
    if lower.endswith(".csv"):
        return parse_csv(data, year)
    if lower.endswith(".txt"):
        try:
            return parse_text(data.decode("utf-8-sig"), year)
        except UnicodeDecodeError:
            raise UnreadableFile(
                "无法识别文件编码，请使用UTF-8编码", "cannot decode the file; use UTF-8"
            ) from None
    raise UnreadableFile("只支持.xlsx或.csv文件", "only .xlsx, .csv or .txt files can be imported")


def schedule_lines(days: Iterable[tuple[date, str, str]]) -> str:
    """The text format of a schedule, for editing an entered year."""
    return "\n".join(f"{d:%Y-%m-%d} {KIND_LABELS[kind]} {name}" for d, kind, name in days)

"""Turning what the pages post into what the services take: a problem list typed or pasted as lines, and the
thresholds table. Format errors are reported here by line; the rules themselves are the services'."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q

from zhongshu.org.models import Person, Unit
from zhongshu.supervision.models import Category
from zhongshu.supervision.services import THRESHOLD_FIELDS, problem_list_check

# One problem a line: 问题｜整改措施｜责任单位｜整改时限 — a pasted Excel row arrives tab-separated.
PROBLEM_COLUMNS = "问题｜整改措施｜责任单位｜整改时限"
_SEPARATOR = re.compile(r"[|｜\t]")
_WORKDAYS = re.compile(r"^(\d{1,4})\s*(个工作日|工作日)?$")
_LINE_NUMBER = re.compile(r"^第(\d+)行")


@dataclass
class ParsedProblems:
    problems: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _deadline(raw: str) -> tuple[date | None, int | None] | None:
    """A date (YYYY-MM-DD) or a number of working days ("20" or "20个工作日"); None when it is neither."""
    matched = _WORKDAYS.match(raw)
    if matched:
        return None, int(matched.group(1))
    try:
        return date.fromisoformat(raw), None
    except ValueError:
        return None


def _units_by_name(names: set[str]) -> dict[str, Unit]:
    found: dict[str, Unit] = {}
    for unit in Unit.objects.filter(Q(name__in=names) | Q(code__in=names), is_active=True):
        found.setdefault(unit.name, unit)
        if unit.code:
            found.setdefault(unit.code, unit)
    return found


def _by_line(message: str) -> int:
    matched = _LINE_NUMBER.match(message)
    return int(matched.group(1)) if matched else 0


def parse_problem_lines(*, title: str, text: str, category: str, leader: Person | None) -> ParsedProblems:
    """Every problem of the textarea, and every error of the list at once, ordered by line."""
    rows: list[tuple[int, list[str]]] = []
    errors: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in _SEPARATOR.split(line)]
        if len(cells) != 4:
            errors.append(f"第{number}行：应有4项（{PROBLEM_COLUMNS}），实有{len(cells)}项")
            continue
        rows.append((number, cells))
    units = _units_by_name({cells[2] for _, cells in rows if cells[2]})
    parsed = ParsedProblems()
    for number, (problem, measure, unit_name, raw_deadline) in rows:
        unit = units.get(unit_name) if unit_name else None
        if unit_name and unit is None:
            errors.append(f"第{number}行：责任单位不存在：{unit_name}")
            continue
        deadline: date | None = None
        workdays: int | None = None
        if raw_deadline:
            counted = _deadline(raw_deadline)
            if counted is None:
                errors.append(f"第{number}行：整改时限应为日期（YYYY-MM-DD）或工作日天数：{raw_deadline}")
                continue
            deadline, workdays = counted
        parsed.problems.append(
            {
                "line": number,
                "problem": problem,
                "measure": measure,
                "unit": unit,
                "deadline": deadline,
                "deadline_workdays": workdays,
                "category": category,
                "leader": leader,
            }
        )
    parsed.errors = problem_list_errors(title=title, problems=parsed.problems, unreadable=errors)
    return parsed


def problem_list_errors(*, title: str, problems: list[dict[str, Any]], unreadable: list[str]) -> list[str]:
    """The rules' errors for the problems that could be read, with the errors of those that could not, by
    line."""
    checked = problem_list_check(title=title, problems=problems)
    if unreadable and not problems:
        # Problems were given, only none of them could be read: their own errors say why.
        checked = [message for message in checked if message != "请至少填写一个问题"]
    return sorted(unreadable + checked, key=_by_line)


def thresholds_from_post(post: Any) -> dict[str, dict[str, Any]]:
    """Each category's figures from fields named "<category>-<field>"; what is not a whole number is
    passed on as typed, for the service to refuse with its message."""
    rules: dict[str, dict[str, Any]] = {}
    for category in Category.values:
        values: dict[str, Any] = {}
        for threshold in THRESHOLD_FIELDS:
            raw = str(post.get(f"{category}-{threshold.name}", "")).strip()
            values[threshold.name] = int(raw) if raw.isascii() and raw.isdigit() else raw
        rules[category] = values
    return rules

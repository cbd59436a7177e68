"""What can be made from problems found (整改): a drill, an inspection or a spot check finds problems, each
with its responsible unit, measure and deadline; the module that rectifies them (督查督办 makes a 问题清单 whose
problems are items of kind rectification) registers a follow-up here from its `AppConfig.ready()`, and the
module that found them hands it the problems. Neither imports the other, as with `core.instructions`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Problem:
    """One problem found, and the record that holds it (the item made from it names it as its source)."""

    text: str
    unit: Any  # the org.Unit responsible
    measure: str
    source_record: models.Model
    deadline: date | None = None
    deadline_workdays: int | None = None


@dataclass(frozen=True)
class ProblemListFollowUp:
    kind: str  # code name the finding module asks for: "supervision"
    label: str  # the action as users see it: 转为整改事项
    # make(by=user, title=..., origin=..., problems=[Problem, ...]) -> the list made; all or nothing, it applies
    # its own permission checks and raises ServiceError as any service does.
    make: Callable[..., Any]
    allowed: Callable[[Any], bool] = lambda user: True
    refused: str = "无权办理此操作"


_FOLLOW_UPS: dict[str, ProblemListFollowUp] = {}


def register_problem_list_follow_up(follow_up: ProblemListFollowUp) -> None:
    """Register (or replace: apps may be set up twice) what can be made of problems found."""
    _FOLLOW_UPS[follow_up.kind] = follow_up


def problem_list_follow_up(kind: str) -> ProblemListFollowUp | None:
    """The follow-up of `kind`, or None when no installed module offers it."""
    return _FOLLOW_UPS.get(kind)


def problems_as_dicts(problems: Sequence[Problem]) -> list[dict[str, Any]]:
    return [
        {
            "line": position,
            "problem": problem.text,
            "unit": problem.unit,
            "measure": problem.measure,
            "deadline": problem.deadline,
            "deadline_workdays": problem.deadline_workdays,
        }
        for position, problem in enumerate(problems, start=1)
    ]

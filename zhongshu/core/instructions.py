"""What can be made from a leader's instruction (领导批示).

A 批示 is written on a record of one module (an incoming document today) and acted on by another
(督查督办 opens an item from it). The module that acts registers a follow-up here from its `AppConfig.ready()`;
the module that holds the 批示 looks the follow-up up by its kind and hands it an `Instruction`. Neither
imports the other, as with the navigation and to-do registries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from zhongshu.core.errors import Forbidden, ServiceError

Row = TypeVar("Row", bound=models.Model)


@dataclass(frozen=True)
class Instruction:
    """A leader's instruction and the record it was written on."""

    title: str  # the record's title
    text: str  # the 批示, in the leader's own words
    source_record: models.Model  # the record that carries it (an incoming document)
    source_note: str  # who instructed on what, e.g. 王县长批示：县委办收〔2026〕3号
    classification: int  # the record's 密级: what is made from it keeps it
    secrecy_term_years: int | None = None
    leader: Any = None  # the org.Person who gave it, if known
    # What kind of record carries it: a leader's 批示 ("instruction") or a meeting's 议定事项
    # ("meeting_decision"); the follow-up records it as the source's kind (supervision's 来源).
    origin: str = "instruction"
    # Where the decision already names them (a meeting's 议定事项: 牵头单位 and 完成时限), the follow-up
    # may assign at once, so the work reaches the lead unit's 待办 in the same action.
    lead_unit: Any = None
    deadline: date | None = None


@dataclass(frozen=True)
class InstructionFollowUp:
    kind: str  # code name the holding module asks for: "supervision"
    label: str  # the action as users see it: 转为督办事项
    # make(by=user, instruction=...) -> the record made; it applies its own permission and duplicate checks and
    # raises ServiceError as any service does.
    make: Callable[..., Any]
    # Who may make it (the page offers the action to them alone): by default whoever may see the 批示.
    allowed: Callable[[Any], bool] = lambda user: True
    refused: str = "无权办理此操作"  # what the others are told


_FOLLOW_UPS: dict[str, InstructionFollowUp] = {}


def register_instruction_follow_up(follow_up: InstructionFollowUp) -> None:
    """Register (or replace: apps may be set up twice) what can be made of an instruction."""
    _FOLLOW_UPS[follow_up.kind] = follow_up


def instruction_follow_up(kind: str) -> InstructionFollowUp | None:
    """The follow-up of `kind`, or None when no installed module offers it."""
    return _FOLLOW_UPS.get(kind)


def supervise_once(
    *,
    by: Any,
    rows: QuerySet[Row],
    pk: int,
    allowed: bool,
    instruction_of: Callable[[Row], Instruction],
) -> tuple[Row, Any]:
    """转为督办事项, once: the holding module's 批示 row (with a `supervised_at`) is locked, refused if already
    turned, handed to the supervision follow-up, and marked. Call inside the caller's transaction, which audits
    the step in the module's own words; returns the locked row and the supervision item made."""
    follow_up = instruction_follow_up("supervision")
    if follow_up is None:
        raise ServiceError("督查督办模块未安装", code="no_supervision")
    if not allowed:
        raise Forbidden(follow_up.refused, code="not_allowed")
    # Only the instruction's own row is locked: PostgreSQL refuses FOR UPDATE on the nullable side of an outer
    # join, which a select_related to an optional record (an item or an issue) makes.
    row = rows.select_for_update(of=("self",)).get(pk=pk)
    if getattr(row, "supervised_at", None) is not None:
        raise ServiceError("该批示已转为督办事项", code="instruction_already_supervised")
    made = follow_up.make(by=by, instruction=instruction_of(row))
    row.supervised_at = timezone.now()  # type: ignore[attr-defined]
    row.save(update_fields=["supervised_at"])
    return row, made

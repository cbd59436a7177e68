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
from typing import Any

from django.db import models


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

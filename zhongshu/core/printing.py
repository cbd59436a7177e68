"""A classified copy printed (份号): the module that prints it (documents) tells whoever keeps the ledger of
classified carriers (secrecy), inside the printing transaction, so the copy is on the ledger from the moment it
exists — or, if the ledger refuses, it is not printed. Neither module imports the other, as with
`core.instructions`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models


@dataclass(frozen=True)
class PrintedCopyFacts:
    """One printed copy: the record printed, its 份号, and what the ledger needs to know of it."""

    record: models.Model  # the printed record (an OfficialDocument); carries the access fields (Classified)
    copy_number: str  # 份号, six digits
    title: str
    classification: int
    secrecy_term_years: int | None
    source: str  # who issued it, as the ledger's 来源 column shows it: 县委办公室
    by: Any  # the user who printed it
    at: datetime


CopyListener = Callable[[PrintedCopyFacts], None]
_LISTENERS: dict[str, CopyListener] = {}


def register_copy_listener(name: str, listener: CopyListener) -> None:
    """Be told of every classified copy printed; registering the same name again replaces it."""
    _LISTENERS[name] = listener


def copy_printed(facts: PrintedCopyFacts) -> None:
    """Tell every listener; call inside the printing transaction (a listener that raises undoes the print)."""
    for listener in _LISTENERS.values():
        listener(facts)

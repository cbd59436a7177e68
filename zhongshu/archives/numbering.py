"""档号 and 件号: reference codes built by DA/T 22-2015, item numbers that never duplicate and never gap.

`allocate_item_number` must run inside the filing transaction: it locks the counter row of the lowest class
(fonds, year, retention, organisation code) with `select_for_update`, so two filings of one class queue on
that row and the second sees the first's number; a rolled-back filing rolls its number back too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from zhongshu.archives.models import CATEGORY_WS, RETENTION_BY_CODE, RETENTION_CODE, ItemCounter, Retention

# Z109-WS·2024-Y-BGS-0001 (codes: letters, digits; the year four digits; the item number four digits or more).
REFERENCE_CODE = re.compile(
    r"^(?P<fonds>[A-Za-z0-9]{1,20})-(?P<category>[A-Z]{2})·(?P<year>\d{4})-(?P<retention>Y|D30|D10)"
    r"-(?P<org>[A-Za-z0-9]{1,32})-(?P<number>\d{4,})$"
)


@dataclass(frozen=True)
class ReferenceCode:
    fonds: str
    category: str
    year: int
    retention: str
    org_code: str
    item_number: int

    def __str__(self) -> str:
        return format_reference_code(
            self.fonds, self.year, self.retention, self.org_code, self.item_number, self.category
        )


def format_reference_code(
    fonds: str, year: int, retention: str, org_code: str, item_number: int, category: str = CATEGORY_WS
) -> str:
    return f"{fonds}-{category}·{year}-{RETENTION_CODE[Retention(retention)]}-{org_code}-{item_number:04d}"


def parse_reference_code(text: str) -> ReferenceCode | None:
    """The parts of a 档号, or None when it is not one (a middle dot may be typed as ・ or .)."""
    normalised = (text or "").strip().replace("・", "·").replace("．", "·")
    match = REFERENCE_CODE.match(normalised)
    if match is None:
        return None
    return ReferenceCode(
        fonds=match["fonds"],
        category=match["category"],
        year=int(match["year"]),
        retention=RETENTION_BY_CODE[match["retention"]],
        org_code=match["org"],
        item_number=int(match["number"]),
    )


def _counter_row(fonds: str, year: int, retention: str, org_code: str) -> ItemCounter:
    key = {"fonds": fonds, "year": year, "retention": retention, "org_code": org_code}
    counter = ItemCounter.objects.select_for_update().filter(**key).first()
    if counter is not None:
        return counter
    # The first item of a class: create the row in a savepoint; a racing creator wins and we lock its row.
    try:
        with transaction.atomic():
            ItemCounter.objects.create(**key, last_number=0)
    except IntegrityError:
        pass
    return ItemCounter.objects.select_for_update().get(**key)


def allocate_item_number(fonds: str, year: int, retention: str, org_code: str) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_item_number must run inside the filing transaction")
    counter = _counter_row(fonds, year, retention, org_code)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def reserve_item_number(fonds: str, year: int, retention: str, org_code: str, item_number: int) -> None:
    """An imported item brings its own number: the class's counter moves past it so filing never reuses it."""
    counter = _counter_row(fonds, year, retention, org_code)
    if item_number > counter.last_number:
        counter.last_number = item_number
        counter.save(update_fields=["last_number"])

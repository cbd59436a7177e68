"""发文字号 and 收文编号: serials per scope and year, never duplicated and never skipped.

`allocate_serial` must run inside the registration transaction: it locks the counter row
(`select_for_update`), so two registrations of the same scope and year queue on that row and the second
sees the first's number. If the registration rolls back, so does the counter: no number is lost.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from zhongshu.documents.models import NumberCounter


def format_doc_number(agency_code: str, year: int, serial: int) -> str:
    """县委办发〔2024〕12号: full year in 〔〕, no 第, no leading zeros."""
    return f"{agency_code}〔{year}〕{serial}号"


def format_incoming_number(year: int, serial: int) -> str:
    return f"收〔{year}〕{serial}号"


def _counter_row(scope: str, year: int) -> NumberCounter:
    counter = NumberCounter.objects.select_for_update().filter(scope=scope, year=year).first()
    if counter is not None:
        return counter
    # The first number of a year: create the row in a savepoint; a racing creator wins, we lock its row.
    try:
        with transaction.atomic():
            NumberCounter.objects.create(scope=scope, year=year, last_serial=0)
    except IntegrityError:
        pass
    return NumberCounter.objects.select_for_update().get(scope=scope, year=year)


def allocate_serial(scope: str, year: int) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_serial must run inside the registration transaction")
    counter = _counter_row(scope, year)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return counter.last_serial


def outgoing_scope(agency_code: str) -> str:
    return f"发:{agency_code}"


def incoming_scope(unit_id: int) -> str:
    return f"收:{unit_id}"

"""档号: the DA/T 22-2015 format, item numbers restarting in each lowest class, and no duplicate nor gap when
fifty filings race on PostgreSQL's row locks."""

from __future__ import annotations

import threading

import pytest
from django.db import connections, transaction

from tests.archives.conftest import dispatched
from zhongshu.archives.filing import file_record
from zhongshu.archives.models import ArchiveItem, Retention
from zhongshu.archives.numbering import allocate_item_number, format_reference_code, parse_reference_code


def test_reference_code_format_and_parse():
    code = format_reference_code("Z109", 2024, Retention.PERMANENT, "BGS", 1)
    assert code == "Z109-WS·2024-Y-BGS-0001"
    assert format_reference_code("Z109", 2024, Retention.Y30, "MSK", 12) == "Z109-WS·2024-D30-MSK-0012"
    assert format_reference_code("Z109", 2024, Retention.Y10, "MSK", 12345) == "Z109-WS·2024-D10-MSK-12345"
    parsed = parse_reference_code("Z109-WS·2024-D10-BGS-0007")
    assert parsed is not None
    assert (parsed.fonds, parsed.year, parsed.retention, parsed.org_code, parsed.item_number) == (
        "Z109",
        2024,
        Retention.Y10,
        "BGS",
        7,
    )
    assert str(parse_reference_code("Z109-WS・2024-Y-BGS-0001")) == "Z109-WS·2024-Y-BGS-0001"
    for bad in ("", "Z109-WS·2024-D20-BGS-0001", "Z109-WS·24-Y-BGS-0001", "Z109-WS·2024-Y-BGS-1", "随便"):
        assert parse_reference_code(bad) is None, bad


@pytest.mark.django_db
def test_item_numbers_restart_in_each_lowest_class():
    def allocate(*key):
        with transaction.atomic():
            return allocate_item_number(*key)

    assert [allocate("Z109", 2024, Retention.Y30, "MSK") for _ in range(3)] == [1, 2, 3]
    assert allocate("Z109", 2024, Retention.PERMANENT, "MSK") == 1  # another retention
    assert allocate("Z109", 2025, Retention.Y30, "MSK") == 1  # another year
    assert allocate("Z109", 2024, Retention.Y30, "DCS") == 1  # another organisation
    assert allocate("Z110", 2024, Retention.Y30, "MSK") == 1  # another fonds
    assert allocate("Z109", 2024, Retention.Y30, "MSK") == 4


@pytest.mark.django_db(transaction=True)
def test_allocation_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        allocate_item_number("Z109", 2024, Retention.Y30, "MSK")


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_filings_give_no_duplicate_and_no_gap(county, on_postgres):
    documents = [dispatched(county, title=f"关于第{n}项工作的通知") for n in range(50)]
    barrier = threading.Barrier(50)
    errors: list[BaseException] = []

    def file_one(document) -> None:
        try:
            barrier.wait()
            file_record(county.archivist.user, document, retention=Retention.Y30)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=file_one, args=(document,)) for document in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(ArchiveItem.objects.values_list("item_number", flat=True))
    assert numbers == list(range(1, 51))
    assert ArchiveItem.objects.values("reference_code").distinct().count() == 50

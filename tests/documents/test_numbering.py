"""发文字号: per agency code per year, no leading zeros, never duplicated nor skipped; voided numbers kept."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from tests.documents.test_outgoing_flow import signed
from zhongshu.core.errors import ServiceError
from zhongshu.documents.models import OfficialDocument, VoidedNumber
from zhongshu.documents.numbering import format_doc_number
from zhongshu.documents.selectors import numbering_gaps
from zhongshu.documents.services import document_number_void, document_recheck, document_register
from zhongshu.documents.states import DocState


def test_format_has_full_year_and_no_leading_zeros():
    assert format_doc_number("县委办发", 2024, 5) == "县委办发〔2024〕5号"
    assert format_doc_number("县委办发", 2024, 12) == "县委办发〔2024〕12号"


def rechecked(county):
    document = signed(county)
    return document_recheck(document=document, by=county.clerk.user)


@pytest.mark.django_db
def test_serials_follow_and_a_voided_number_is_recorded_not_reused(county):
    first = document_register(document=rechecked(county), by=county.clerk.user, copies=5)
    second = document_register(document=rechecked(county), by=county.clerk.user, copies=5)
    year = first.doc_year
    assert (first.doc_serial, second.doc_serial) == (1, 2)
    voided = document_number_void(document=second, by=county.clerk.user, reason="标题有误重新登记")
    assert voided.doc_number == f"县委办发〔{year}〕2号"
    second = OfficialDocument.objects.get(pk=second.pk)
    assert second.state == DocState.RECHECKED and second.doc_number == ""
    second = document_register(document=second, by=county.clerk.user, copies=5)
    assert second.doc_number == f"县委办发〔{year}〕3号"
    assert numbering_gaps("县委办发", year) == (0, 0)
    assert VoidedNumber.objects.get().reason == "标题有误重新登记"


@pytest.mark.django_db
def test_voiding_needs_a_reason(county):
    document = document_register(document=rechecked(county), by=county.clerk.user, copies=5)
    with pytest.raises(ServiceError) as caught:
        document_number_void(document=document, by=county.clerk.user, reason=" ")
    assert caught.value.message == "作废文号须说明理由"
    document.refresh_from_db()
    assert document.doc_serial == 1


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_registrations_give_no_duplicate_and_no_gap(county, on_postgres):
    documents = [rechecked(county) for _ in range(50)]
    barrier = threading.Barrier(50)
    errors: list[BaseException] = []

    def register(document: OfficialDocument) -> None:
        try:
            barrier.wait()
            document_register(document=document, by=county.clerk.user, copies=3)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(document,)) for document in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    serials = sorted(
        OfficialDocument.objects.filter(pk__in=[d.pk for d in documents]).values_list("doc_serial", flat=True)
    )
    assert serials == list(range(1, 51))
    year = OfficialDocument.objects.get(pk=documents[0].pk).doc_year
    assert numbering_gaps("县委办发", year) == (0, 0)

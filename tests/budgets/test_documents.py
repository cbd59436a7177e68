"""Query budgets of 办文's pages: the 收文 inbox, the 发文 list, both registers (登记簿) and a document's page.

Each list is measured with 20 documents and with 40; a document's page with 20 reviewers, recipients, readers
and handling units and with 40. The count must be the same both times (see `tests.budgets.helpers`)."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from django.utils import timezone

from tests.budgets.helpers import assert_flat, counter, signed_in
from tests.documents import conftest as documents_fixtures
from tests.documents.conftest import NOTICE_BODY
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.documents.incoming import (
    circulation_read,
    handling_complete,
    incoming_assign,
    incoming_circulate,
    incoming_instruct,
    incoming_propose,
    incoming_register_paper,
    incoming_screen,
)
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.services import (
    document_dispatch,
    document_draft_create,
    document_recheck,
    document_register,
    document_review,
    document_sign_off,
    document_submit,
)
from zhongshu.testing.factories import make_person, make_unit

pytestmark = pytest.mark.django_db
county = documents_fixtures.county  # the documents' county: its office, two bureaux and their people

N = 20
_serial = itertools.count(1)


def paper_incoming(county, count: int, *, marker: str = "预算收文") -> list[OfficialDocument]:
    """Paper documents received and registered by the office, some taken on to 初审 and 拟办."""
    documents = []
    for i in range(count):
        n = next(_serial)
        document = incoming_register_paper(
            by=county.clerk.user,
            title=f"关于{marker}第{n}号事项的函",
            source_unit_name=f"市第{n}局",
            source_doc_number=f"市{n}函〔2026〕{n}号",
            received_on=timezone.localdate(),
            copies=2,
        )
        if i % 3:
            document = incoming_screen(document=document, by=county.clerk.user, passed=True)
        if i % 3 == 2:
            document = incoming_propose(
                document=document, by=county.clerk.user, proposal="拟请书记阅示", leader=county.leader
            )
        documents.append(document)
    return documents


def numbered(county, count: int, *, marker: str = "预算发文") -> list[OfficialDocument]:
    """Outgoing documents through the real flow to a 文号: drafted, reviewed, signed, rechecked, registered."""
    documents = []
    for _ in range(count):
        n = next(_serial)
        document = document_draft_create(
            by=county.clerk.user,
            doc_type="notice",
            title=f"关于{marker}第{n}项工作的通知",
            body=NOTICE_BODY,
            primary_units=[county.education, county.health],
        )
        document_submit(
            document=document, by=county.clerk.user, reviewers=[county.reviewer1], signer=county.leader
        )
        document_review(document=document, by=county.reviewer1.user, approve=True, opinion="同意")
        document = document_sign_off(document=document, by=county.leader.user, opinion="同意印发")
        document = document_recheck(document=document, by=county.clerk.user)
        documents.append(document_register(document=document, by=county.clerk.user, copies=3))
    return documents


def test_the_inbox_costs_the_same_for_20_and_40_documents(county):
    paper_incoming(county, N)
    assert_flat(
        signed_in(county.clerk.user),
        "/documents/inbox/",
        grow=lambda: paper_incoming(county, N),
        rows=counter("预算收文"),
        ceiling=13,  # measured 11 on SQLite and PostgreSQL
    )


def test_the_incoming_register_costs_the_same_for_20_and_40_documents(county):
    paper_incoming(county, N)
    assert_flat(
        signed_in(county.clerk.user),
        f"/documents/registers/incoming/?year={timezone.localdate().year}",
        grow=lambda: paper_incoming(county, N),
        rows=counter("预算收文"),
        ceiling=12,  # measured 10 on SQLite and PostgreSQL
    )


def test_the_outgoing_register_costs_the_same_for_20_and_40_documents(county):
    numbered(county, N)
    assert_flat(
        signed_in(county.clerk.user),
        f"/documents/registers/outgoing/?year={timezone.localdate().year}",
        grow=lambda: numbered(county, N),
        rows=counter("预算发文"),
        ceiling=13,  # measured 11 on SQLite and PostgreSQL
    )


def test_the_outgoing_list_costs_the_same_for_20_and_40_documents(county):
    numbered(county, N)
    assert_flat(
        signed_in(county.clerk.user),
        "/documents/",
        grow=lambda: numbered(county, N),
        rows=counter("预算发文"),
        ceiling=13,  # measured 11 on SQLite and PostgreSQL
    )


def _units(county, count: int, batch: str) -> list:
    return [make_unit(f"{batch}批单位{next(_serial)}", parent=county.office) for _ in range(count)]


def _reviewers(county, count: int) -> list:
    return [
        make_person(f"核稿{next(_serial)}", unit=county.office, clearance=Clearance.IMPORTANT)
        for _ in range(count)
    ]


def dispatched_to(county, units: list, reviewers: list) -> OfficialDocument:
    """An outgoing document reviewed by `reviewers`, signed, numbered and dispatched to `units`."""
    document = document_draft_create(
        by=county.clerk.user,
        doc_type="notice",
        title=f"关于做好第{next(_serial)}批工作的通知",
        body=NOTICE_BODY,
        primary_units=units,
    )
    document_submit(document=document, by=county.clerk.user, reviewers=reviewers, signer=county.leader)
    for reviewer in reviewers:
        document_review(document=document, by=reviewer.user, approve=True, opinion="同意")
    document = document_sign_off(document=document, by=county.leader.user, opinion="同意印发")
    document = document_recheck(document=document, by=county.clerk.user)
    document = document_register(document=document, by=county.clerk.user, copies=len(units))
    document_dispatch(document=document, by=county.clerk.user)
    return OfficialDocument.objects.get(pk=document.pk)


def test_an_outgoing_documents_page_costs_the_same_for_20_and_40_reviewers_and_recipients(county):
    small = dispatched_to(county, _units(county, N, "甲"), _reviewers(county, N))
    batch = ["甲"]

    def grow() -> str:
        batch[0] = "乙"
        large = dispatched_to(county, _units(county, 2 * N, "乙"), _reviewers(county, 2 * N))
        return f"/documents/{large.pk}/"

    assert_flat(
        signed_in(county.clerk.user),
        f"/documents/{small.pk}/",
        grow=grow,
        rows=lambda page: page.count(f"{batch[0]}批单位"),
        # measured 33 on SQLite and PostgreSQL; 39 with the secrecy module (its copies on the carriers ledger, its
        # classification decisions and its 公开审查 rounds: access.links asks one query per derived kind, flat)
        ceiling=39,
    )


def _leaders(county, count: int) -> list:
    return [
        make_person(
            f"阅文领导{next(_serial)}",
            unit=county.office,
            roles=[Role.LEADER],
            is_leader=True,
            leader_rank=10 + next(_serial),
            clearance=Clearance.IMPORTANT,
        )
        for _ in range(count)
    ]


def handled(county, count: int, batch: str) -> OfficialDocument:
    """An incoming document instructed on, circulated to `count` leaders (half have read it) and handed to
    `count` units (half have reported back)."""
    document = incoming_register_paper(
        by=county.clerk.user,
        title=f"关于第{next(_serial)}项重点工作的函",
        source_unit_name="市委办公室",
        source_doc_number="市委办函〔2026〕8号",
        received_on=date.today(),
        copies=1,
    )
    document = incoming_screen(document=document, by=county.clerk.user, passed=True)
    document = incoming_propose(
        document=document, by=county.clerk.user, proposal="拟请阅示", leader=county.leader
    )
    document = incoming_instruct(document=document, by=county.leader.user, instruction="请各单位抓好落实。")
    units = _units(county, count, batch)
    handlings = incoming_assign(document=document, by=county.clerk.user, units=units, workdays=5)
    document = OfficialDocument.objects.get(pk=document.pk)
    slips = incoming_circulate(document=document, by=county.clerk.user, readers=_leaders(county, count))
    for slip in slips[: count // 2]:
        circulation_read(slip=slip, by=slip.reader.user, remark="已阅")
    for handling in handlings[: count // 2]:
        clerk = make_person(unit=handling.unit, roles=[Role.CLERK])
        handling_complete(handling=handling, by=clerk.user, result="已按要求办理")
    return document


def test_an_incoming_documents_page_costs_the_same_for_20_and_40_readers_and_units(county):
    small = handled(county, N, "甲")
    batch = ["甲"]

    def grow() -> str:
        batch[0] = "乙"
        return f"/documents/{handled(county, 2 * N, '乙').pk}/"

    assert_flat(
        signed_in(county.clerk.user),
        f"/documents/{small.pk}/",
        grow=grow,
        rows=lambda page: page.count(f"{batch[0]}批单位"),
        # measured 24 on SQLite and PostgreSQL; 29 with the secrecy module (derived kinds: one query each, flat)
        ceiling=29,
    )

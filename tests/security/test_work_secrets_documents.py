"""Issue 14, finding 8 (documents): 工作秘密 is kept to those who should know it (知悉范围).

Before the change any business account read every unit's 内部 documents: another office's draft still under
review, its 核稿 page, and another bureau's incoming mail with its full body. Now a 内部 document is known to
its own unit, to whoever it reached in the flow (reviewers and signer, recipients, the leader asked to
instruct, handling units, readers) and, office-wide, to the office director.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from tests.documents import conftest as documents
from tests.documents.test_outgoing_flow import draft, signed
from zhongshu.base.roles import Role
from zhongshu.documents.incoming import (
    incoming_assign,
    incoming_circulate,
    incoming_instruct,
    incoming_propose,
    incoming_register_paper,
    incoming_screen,
)
from zhongshu.documents.services import (
    document_dispatch,
    document_recheck,
    document_register,
    document_submit,
)
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_person, make_unit

pytestmark = pytest.mark.django_db

county = documents.county  # the documents' small county, as a fixture here too

BODY_MARK = "只限本单位知悉的正文"


def _get(person, url: str) -> tuple[int, str]:
    client = sign_in(Client(raise_request_exception=False), person.user)
    response = client.get(url)
    return response.status_code, response.content.decode()


def test_a_draft_under_review_is_kept_from_other_units_and_open_to_its_reviewers(county):
    document = draft(county, body=f"{BODY_MARK}。\n各单位要抓好落实。")
    document_submit(
        document=document, by=county.clerk.user, reviewers=[county.reviewer1], signer=county.leader
    )

    for stranger in (county.edu_clerk, county.health_clerk, county.outsider):
        for url in (f"/documents/{document.pk}/", f"/documents/{document.pk}/review/"):
            status, page = _get(stranger, url)
            assert status == 404 and BODY_MARK not in page and document.title not in page, (stranger, url)
        status, _ = _get(stranger, f"/api/documents/{document.pk}")
        assert status == 404
    for knower in (county.clerk, county.reviewer1, county.leader):  # its unit, its reviewer, its signer
        status, page = _get(knower, f"/documents/{document.pk}/")
        assert status == 200 and BODY_MARK in page, knower


def test_another_units_incoming_mail_is_kept_from_the_rest(county):
    incoming = incoming_register_paper(
        by=county.clerk.user,
        title="关于核查医疗机构的函",
        body=BODY_MARK,
        source_unit_name="市卫健委",
        source_doc_number="市卫函〔2026〕3号",
        received_on=timezone.localdate(),
        copies=1,
    )
    url = f"/documents/{incoming.pk}/"
    for stranger in (county.edu_clerk, county.health_clerk):
        status, page = _get(stranger, url)
        assert status == 404 and BODY_MARK not in page
    status, page = _get(county.clerk, url)
    assert status == 200 and BODY_MARK in page
    # Those it is handed on to come to know it: the leader asked to instruct, a handling unit, a reader.
    incoming = incoming_screen(document=incoming, by=county.clerk.user, passed=True)
    incoming = incoming_propose(
        document=incoming, by=county.clerk.user, proposal="拟请教育局办理", leader=county.leader
    )
    incoming = incoming_instruct(document=incoming, by=county.leader.user, instruction="请教育局落实。")
    incoming_assign(document=incoming, by=county.clerk.user, units=[county.education], workdays=5)
    assert _get(county.edu_clerk, url)[0] == 200
    incoming_circulate(document=incoming, by=county.clerk.user, readers=[county.deputy])
    assert _get(county.deputy, url)[0] == 200
    assert _get(county.health_clerk, url)[0] == 404


def test_an_outgoing_document_reaches_its_recipients_and_the_office_director(county):
    document = signed(county)
    document_recheck(document=document, by=county.clerk.user)
    document_register(document=document, by=county.clerk.user, copies=2)
    elsewhere = make_unit("县林业局")
    stranger = make_person("冯某", unit=elsewhere, roles=[Role.CLERK])
    director = make_person("赵主任", unit=elsewhere, roles=[Role.OFFICE_DIRECTOR])
    assert _get(county.edu_clerk, f"/documents/{document.pk}/")[0] == 404  # not sent yet

    document_dispatch(document=document, by=county.clerk.user)

    assert _get(county.edu_clerk, f"/documents/{document.pk}/")[0] == 200  # a recipient now
    assert _get(stranger, f"/documents/{document.pk}/")[0] == 404
    assert _get(director, f"/documents/{document.pk}/")[0] == 200  # office-wide remit


def test_a_bureau_leader_is_not_an_office_role_for_documents(county):
    """A bureau head holds 领导, which gives no remit over other units' 内部 documents."""
    document = draft(county, body=BODY_MARK)
    head = make_person("钱局长", unit=county.health, roles=[Role.LEADER], is_leader=True, leader_rank=1)
    status, page = _get(head, f"/documents/{document.pk}/")
    assert status == 404 and BODY_MARK not in page

"""A county office that issues documents (县委办发) and keeps archives: a 文书 in 秘书科 drafts, two reviewers,
a leader signs, a 档案员 and the head of 档案室 file and approve, and a colleague without clearance."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.documents.test_outgoing_flow import draft
from zhongshu.archives.models import Fonds
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.services import (
    document_dispatch,
    document_recheck,
    document_register,
    document_review,
    document_sign_off,
    document_submit,
)
from zhongshu.testing.factories import make_department, make_person, make_unit


@pytest.fixture
def county(db):
    office = make_unit("县委办公室", agency_code="县委办发", code="XWB")
    education = make_unit("县教育局", parent=office, code="JYJ")
    health = make_unit("县卫健局", parent=office, code="WJJ")
    secretariat = make_department(office, "秘书科", "MSK")
    archives_room = make_department(office, "档案室", "DAS")
    Fonds.objects.create(unit=office, code="Z109")
    return SimpleNamespace(
        office=office,
        education=education,
        health=health,
        secretariat=secretariat,
        clerk=make_person(
            "王文书", unit=office, department=secretariat, roles=[Role.CLERK], clearance=Clearance.IMPORTANT
        ),
        reviewer1=make_person("李核稿", unit=office, clearance=Clearance.IMPORTANT),
        reviewer2=make_person("赵核稿", unit=office, clearance=Clearance.IMPORTANT),
        leader=make_person(
            "陈书记",
            unit=office,
            roles=[Role.LEADER],
            is_leader=True,
            leader_rank=1,
            clearance=Clearance.CORE,
        ),
        archivist=make_person(
            "钱档案",
            unit=office,
            department=archives_room,
            roles=[Role.ARCHIVIST],
            clearance=Clearance.IMPORTANT,
            title="科员",
            username="dangan",
        ),
        head=make_person(
            "孙科长",
            unit=office,
            department=archives_room,
            roles=[Role.ARCHIVIST],
            clearance=Clearance.IMPORTANT,
            title="科长",
            username="dangan_kz",
        ),
        # The office's own clerk: 工作秘密 (issue 14) keeps the office's 内部 items to its own people.
        colleague=make_person("周同事", unit=office, roles=[Role.CLERK], username="tongshi"),
        outsider=make_person("吴某", unit=health),
        # Cleared people in the receiving units, so classified documents may be dispatched to them.
        edu_secretary=make_person("郑机要", unit=education, roles=[Role.CLERK], clearance=Clearance.CORE),
        health_secretary=make_person("冯机要", unit=health, clearance=Clearance.CORE),
    )


def dispatched(county, **extra) -> OfficialDocument:
    """An outgoing document through the whole real flow: drafted, reviewed, signed, registered, dispatched."""
    document = draft(county, **extra)
    document_submit(
        document=document,
        by=county.clerk.user,
        reviewers=[county.reviewer1, county.reviewer2],
        signer=county.leader,
    )
    document_review(document=document, by=county.reviewer1.user, approve=True)
    document_review(document=document, by=county.reviewer2.user, approve=True)
    document = document_sign_off(document=document, by=county.leader.user, opinion="同意印发")
    document_recheck(document=document, by=county.clerk.user)
    document = document_register(document=document, by=county.clerk.user, copies=5)
    document_dispatch(document=document, by=county.clerk.user)
    return OfficialDocument.objects.get(pk=document.pk)

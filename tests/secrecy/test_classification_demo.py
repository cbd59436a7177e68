"""The 定密 demo on the county of the tests (with the demo's usernames added): the office's classification officer
named, a 机密 document classified, a 变更, a secret due for the yearly review, one proposal pending; built twice,
it adds nothing."""

from __future__ import annotations

from django.utils import timezone

from tests.secrecy.conftest import County
from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import Role
from zhongshu.demo.build import DemoResult
from zhongshu.demo.secrecy_classification import (
    CHANGED_TITLE,
    PENDING_TITLE,
    REVIEW_TITLE,
    SECRET_TITLE,
    build_demo_classification,
)
from zhongshu.documents.models import OfficialDocument
from zhongshu.secrecy import classification as service
from zhongshu.secrecy.models_classification import ClassificationDecision, ClassificationOfficer
from zhongshu.testing.factories import make_person


def test_the_demo_classifies_changes_awaits_review_and_leaves_one_pending(county: County) -> None:
    office = county.office
    make_person(
        "机要科长",
        unit=office,
        department=county.confidential_department,
        roles=[Role.CLERK],
        clearance=Clearance.IMPORTANT,
        username="xwb_jyk_kz",
    )
    make_person(
        "保密办主任",
        unit=office,
        department=county.secrecy_department,
        roles=[Role.SECRECY_OFFICER],
        clearance=Clearance.IMPORTANT,
        username="xwb_bmb_kz",
    )
    deputy = make_person(
        "副主任",
        unit=office,
        roles=[Role.OFFICE_DIRECTOR],
        clearance=Clearance.IMPORTANT,
        username="xwb_fzr1",
    )
    first = DemoResult()
    build_demo_classification(first)
    assert first.created == {"classification_officers": 1, "classification_decisions": 5}
    assert ClassificationOfficer.objects.get().person == deputy
    documents = {document.title: document for document in OfficialDocument.objects.filter(owner_unit=office)}
    assert documents[SECRET_TITLE].secrecy_marking == "机密★10年"
    assert documents[CHANGED_TITLE].secrecy_marking == "机密★10年"
    assert documents[REVIEW_TITLE].secrecy_marking == "秘密★1年"
    assert documents[PENDING_TITLE].classification == Classification.INTERNAL
    change = ClassificationDecision.objects.get(kind="change")
    assert change.previous_classification == Classification.CONFIDENTIAL and change.is_latest
    queue = service.review_queue(on=timezone.localdate())
    due = [line for line in queue if line.object_id == documents[REVIEW_TITLE].pk]
    assert len(queue) == 3 and due and 0 < due[0].days_left <= 31 and due[0].reviewed == ""
    assert [d.object_id for d in service.pending_for(deputy.user)] == [documents[PENDING_TITLE].pk]
    assert any("审定定密事项" in item.title for item in service.todos(deputy.user))
    again = DemoResult()
    build_demo_classification(again)
    assert not again.changed and ClassificationDecision.objects.count() == 5

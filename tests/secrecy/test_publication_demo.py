"""The 公开审查 demo on the county of the tests, with the demo's usernames added where the county lacks them (the
县委办's 文书 wenshu, two 秘书科 colleagues who 核稿, leader4 who signs, zhuren the office's 常务副主任 who gives
the drafting unit's review, xwb_bmb_kz the 保密办's head): a notice waits for its 保密审查 — the drafting unit's
review done, the 保密办's pending, on xwb_bmb_kz's 待我审查 — and another was reviewed and published. Built twice,
it adds nothing."""

from __future__ import annotations

from tests.secrecy.conftest import County, signed_in
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.demo.build import DemoResult
from zhongshu.demo.secrecy_publication import AWAITING_TITLE, PUBLISHED_TITLE, build_demo_publication
from zhongshu.documents.models import OfficialDocument
from zhongshu.org.models import Person, Unit
from zhongshu.secrecy.models_publication import PublicationReview, ReviewState
from zhongshu.testing.factories import make_department, make_person


def _demo_people(county: County) -> None:
    Unit.objects.filter(pk=county.office.pk).update(agency_code="县委办发")  # the demo's office numbers so
    secretariat = make_department(county.office, "秘书科", "MSK")
    Person.objects.filter(user__username="wenshu").update(department=secretariat)
    for n in (1, 2):
        make_person(f"秘书{n}", unit=county.office, department=secretariat, username=f"xwb_msk_{n}")
    make_person(
        "办公室主任",
        unit=county.office,
        roles=[Role.LEADER],
        is_leader=True,
        leader_rank=4,
        username="leader4",
    )
    Person.objects.filter(user__username="zhuren").update(is_leader=True, leader_rank=20)
    make_person(
        "保密办科长",
        unit=county.office,
        department=county.secrecy_department,
        roles=[Role.SECRECY_OFFICER],
        clearance=Clearance.CORE,
        username="xwb_bmb_kz",
    )


def test_a_notice_waits_for_its_secrecy_review_and_another_was_published(county: County) -> None:
    _demo_people(county)
    first = DemoResult()
    build_demo_publication(first)
    assert first.created == {"publication_reviews": 2, "published_documents": 1}
    waiting = OfficialDocument.objects.get(title=AWAITING_TITLE)
    published = OfficialDocument.objects.get(title=PUBLISHED_TITLE)
    assert waiting.state == "registered" and waiting.publicity == "proactive" and waiting.published_at is None
    assert published.published_at is not None
    review = PublicationReview.objects.get(object_id=waiting.pk)
    assert review.state == ReviewState.SECRECY_PENDING and review.unit_reviewer is not None
    assert review.unit_reviewer.user.username == "zhuren"
    assert PublicationReview.objects.get(object_id=published.pk).state == ReviewState.PUBLISHED
    page = signed_in("xwb_bmb_kz").get("/secrecy/publication/").content.decode()
    assert AWAITING_TITLE in page and "待保密审查" in page
    again = DemoResult()
    build_demo_publication(again)
    assert not again.changed and PublicationReview.objects.count() == 2

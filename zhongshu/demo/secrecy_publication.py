"""The demo's 公开审查 part: two 主动公开 notices of the 县委办公室, drafted, reviewed, signed off and registered through
the documents services as 文书 (wenshu), the two 核稿人 and the 县委常委、办公室主任 (leader4) would. The first has
passed the drafting unit's review (the office's 常务副主任, zhuren) and waits for the 保密办's (xwb_bmb_kz: 待我审查);
the second passed both reviews and was published. Each is looked up by its title first: built again, it adds
nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zhongshu.documents.models import Direction, DocType, OfficialDocument, Publicity
from zhongshu.documents.publication import document_publish
from zhongshu.documents.services import (
    document_draft_create,
    document_recheck,
    document_register,
    document_review,
    document_sign_off,
    document_submit,
)
from zhongshu.org.models import Person
from zhongshu.secrecy.publication import (
    publication_review_request,
    publication_review_secrecy,
    publication_review_unit,
)

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult

CLERK, SIGNER, UNIT_REVIEWER, SECRECY_REVIEWER = "wenshu", "leader4", "zhuren", "xwb_bmb_kz"

AWAITING_TITLE = "关于做好今冬明春森林防火工作的通知"
AWAITING_BODY = """各乡镇党委，县委各部门，县直各单位：
一、压实防火责任
各乡镇、各有关部门要严格落实森林防火行政首长负责制，层层签订责任书，明确到山头地块。
二、严格火源管控
（一）加强野外用火管理。防火期内严禁野外烧荒、烧纸祭祀等用火行为。
（二）加强巡山护林。重点林区设置检查卡点，落实专人值守。
三、做好扑救准备
各地要充实半专业扑火队伍，储备必要的扑火物资，确保一旦发生火情能够迅速处置。"""

PUBLISHED_TITLE = "关于做好今年冬季农村道路交通安全工作的通知"
PUBLISHED_BODY = """各乡镇党委，县委各部门，县直各单位：
一、开展隐患排查
各乡镇要对农村公路临水临崖、急弯陡坡路段开展一次全面排查，完善安全防护设施。
二、加强宣传教育
利用村村响、宣传栏等形式，开展农村道路交通安全宣传，提醒群众不乘坐无牌无证车辆。
三、强化路面管控
公安交警部门要加强节假日和赶集日重点路段巡逻管控，严查酒驾醉驾等违法行为。"""


def _person(username: str) -> Person | None:
    return Person.objects.select_related("user", "unit").filter(user__username=username).first()


def _issued(clerk: Person, signer: Person, title: str, body: str) -> OfficialDocument:
    """A 主动公开 notice of the clerk's office, through review, sign-off, recheck and registration."""
    reviewers = list(
        Person.objects.select_related("user")
        .filter(unit_id=clerk.unit_id, department=clerk.department, user__is_active=True)
        .exclude(pk=clerk.pk)
        .order_by("sort_order", "id")[:2]
    )
    document = document_draft_create(
        by=clerk.user,
        doc_type=DocType.NOTICE,
        title=title,
        body=body,
        primary_recipients="各乡镇党委，县委各部门，县直各单位",
        publicity=Publicity.PROACTIVE,
    )
    document_submit(document=document, by=clerk.user, reviewers=reviewers, signer=signer)
    for reviewer in reviewers:
        document_review(document=document, by=reviewer.user, approve=True, opinion="同意")
    document_sign_off(document=document, by=signer.user, opinion="同意印发")
    document_recheck(document=document, by=clerk.user)
    return document_register(
        document=document, by=clerk.user, copies=10, explanation="按年度工作安排印发的森林防火、交通安全通知"
    )


def build_demo_publication(result: DemoResult) -> None:
    clerk, signer = _person(CLERK), _person(SIGNER)
    unit_reviewer, secrecy_reviewer = _person(UNIT_REVIEWER), _person(SECRECY_REVIEWER)
    if clerk is None or signer is None or unit_reviewer is None or secrecy_reviewer is None:
        return  # a partial organisation: nobody to act as
    for title, body, published in (
        (AWAITING_TITLE, AWAITING_BODY, False),
        (PUBLISHED_TITLE, PUBLISHED_BODY, True),
    ):
        if OfficialDocument.objects.filter(
            owner_unit=clerk.unit, title=title, direction=Direction.OUTGOING
        ).exists():
            continue
        document = _issued(clerk, signer, title, body)
        review = publication_review_request(record=document, by=clerk.user)
        review = publication_review_unit(
            review=review,
            by=unit_reviewer.user,
            approve=True,
            opinion="经审查，文稿不涉及国家秘密和工作秘密，同意公开，请保密办审查",
        )
        result.count("publication_reviews")
        if published:
            publication_review_secrecy(
                review=review, by=secrecy_reviewer.user, approve=True, opinion="经保密审查，同意主动公开"
            )
            document_publish(document=document, by=clerk.user)
            result.count("published_documents")

"""Documents of the sample county, in states worth looking at: a 通知 awaiting review by 文书's colleagues, a
registered and dispatched 通知 that the bureaus find in their 收文, a reviewed 通知 awaiting the 县委书记's 签发,
a paper document awaiting 拟办 and one the 县委书记 has instructed on (批示).

Unlike the organisation, these are made through the documents services, as the people who would make them:
a document's events, workflow steps, numbers, dispatches and audit trail must agree with one another, and
only the services keep them so. Each document is looked up by its title in the 县委办 first; one that
exists is left exactly as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from zhongshu.base.roles import Role
from zhongshu.documents.incoming import (
    incoming_instruct,
    incoming_propose,
    incoming_register_paper,
    incoming_screen,
)
from zhongshu.documents.models import Direction, DocType, OfficialDocument
from zhongshu.documents.quotas import DOCUMENTS_QUOTA
from zhongshu.documents.services import (
    document_dispatch,
    document_draft_create,
    document_recheck,
    document_register,
    document_review,
    document_sign_off,
    document_submit,
)
from zhongshu.org.models import Person, Unit
from zhongshu.quotas.models import Quota

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult

OFFICE = "XWB"
DISPATCH_TO = ("JYJ", "CZJ", "FGJ")
OFFICE_QUOTA = 120

AWAITING_REVIEW_TITLE = "关于做好全县“五一”假期值班值守工作的通知"
AWAITING_REVIEW_BODY = """一、高度重视值班值守工作
各单位要充分认识假期值班值守工作的重要性，严格落实领导带班和24小时值班制度。
二、严格执行信息报送制度
（一）及时报送。发生突发事件，要第一时间向县委总值班室报告，不得迟报、漏报、瞒报。
（二）规范报送。报送信息要素齐全，表述准确。
三、加强安全隐患排查
各单位要在节前组织开展一次安全隐患排查，发现问题及时整改。"""

DISPATCHED_TITLE = "关于进一步精简文件简报的通知"
DISPATCHED_BODY = """一、严格控制发文数量
各单位要坚持精文减会，本年度发文数量不得超过上年度，可发可不发的文件一律不发。
二、切实提高文件质量
（一）突出针对性。文件要直奔主题，不穿靴戴帽，不照抄照搬上级文件。
（二）控制篇幅。一般性文件不超过5000字，具体工作文件不超过4000字。
三、加强审核把关
县委办公室对各单位报送县委的文件严格审核，不符合要求的予以退回。"""

PAPER_TITLE = "关于做好今年防汛抗旱工作的通知"

# Reviewed by the 文书's colleagues and waiting for the 县委书记's 签发 (his workbench's 待我签发).
AWAITING_SIGN_OFF_TITLE = "关于开展全县优化营商环境专项督查的通知"
AWAITING_SIGN_OFF_BODY = """一、督查内容
重点督查涉企审批事项办理时限、惠企政策兑现、涉企收费清理等情况。
二、时间安排
（一）自查阶段。各单位对照督查内容开展自查，形成自查报告。
（二）抽查阶段。县委办公室督查室会同有关部门组成督查组，采取明察暗访方式开展抽查。
三、工作要求
各单位要如实报送情况，对督查发现的问题建立台账，限期整改到位。"""

# Proposed to the 县委书记 and instructed by him (his workbench's 我的批示); the supervision item on 校园食品安全
# carries the same words.
INSTRUCTED_TITLE = "关于开展校园食品安全专项整治的通知"
INSTRUCTION = "校园食品安全关系千家万户，请教育局牵头，市场监管局配合，一个月内完成全县学校食堂排查整治。"


def _person(username: str) -> Person:
    return Person.objects.select_related("user", "unit").get(user__username=username)


def _colleagues(clerk: Person, count: int) -> list[Person]:
    """The 文书's colleagues in the same 科 who review drafts (核稿), in the directory's order."""
    return list(
        Person.objects.select_related("user")
        .filter(unit_id=clerk.unit_id, department=clerk.department, user__is_active=True)
        .exclude(pk=clerk.pk)
        .order_by("sort_order", "id")[:count]
    )


def _exists(office: Unit, title: str, direction: str) -> bool:
    return OfficialDocument.objects.filter(owner_unit=office, title=title, direction=direction).exists()


def build_demo_documents(result: DemoResult) -> None:
    clerk = _person("wenshu")
    signer = _person("leader4")  # 县委常委、县委办公室主任 signs the office's documents
    office = Unit.objects.get(code=OFFICE)
    reviewers = _colleagues(clerk, 2)
    year = timezone.localdate().year

    if not Quota.objects.filter(kind=DOCUMENTS_QUOTA, unit=office, year=year).exists():
        Quota.objects.create(kind=DOCUMENTS_QUOTA, unit=office, year=year, limit=OFFICE_QUOTA)
        result.count("document_quotas")

    if not _exists(office, DISPATCHED_TITLE, Direction.OUTGOING):
        bureaus = list(Unit.objects.filter(code__in=DISPATCH_TO).order_by("sort_order"))
        document = document_draft_create(
            by=clerk.user,
            doc_type=DocType.NOTICE,
            title=DISPATCHED_TITLE,
            body=DISPATCHED_BODY,
            primary_units=bureaus,
        )
        document_submit(document=document, by=clerk.user, reviewers=reviewers, signer=signer)
        for reviewer in reviewers:
            document_review(document=document, by=reviewer.user, approve=True, opinion="同意")
        document_sign_off(document=document, by=signer.user, opinion="同意印发")
        document_recheck(document=document, by=clerk.user)
        document_register(document=document, by=clerk.user, copies=len(bureaus) + 5)
        document_dispatch(document=document, by=clerk.user)
        result.count("documents")

    if not _exists(office, AWAITING_REVIEW_TITLE, Direction.OUTGOING):
        document = document_draft_create(
            by=clerk.user,
            doc_type=DocType.NOTICE,
            title=AWAITING_REVIEW_TITLE,
            body=AWAITING_REVIEW_BODY,
            primary_recipients="各乡镇党委，县委各部门，县直各单位",
        )
        document_submit(document=document, by=clerk.user, reviewers=reviewers, signer=signer)
        result.count("documents")

    if not _exists(office, AWAITING_SIGN_OFF_TITLE, Direction.OUTGOING):
        secretary = _person("leader1")  # 县委书记
        document = document_draft_create(
            by=clerk.user,
            doc_type=DocType.NOTICE,
            title=AWAITING_SIGN_OFF_TITLE,
            body=AWAITING_SIGN_OFF_BODY,
            primary_recipients="各乡镇党委，县委各部门，县直各单位",
        )
        document_submit(document=document, by=clerk.user, reviewers=reviewers, signer=secretary)
        for reviewer in reviewers:
            document_review(document=document, by=reviewer.user, approve=True, opinion="同意，呈周书记签发")
        result.count("documents")

    if not _exists(office, PAPER_TITLE, Direction.INCOMING):
        document = incoming_register_paper(
            by=clerk.user,
            title=PAPER_TITLE,
            source_unit_name="示例市防汛抗旱指挥部办公室",
            source_doc_number=f"市防指办〔{year}〕8号",
            received_on=timezone.localdate(),
            copies=2,
            body="请各县（市、区）落实防汛抗旱责任制，做好汛前检查和物资储备。",
        )
        incoming_screen(document=document, by=clerk.user, passed=True, note="属县委办公室办理范围")
        result.count("documents")

    if not _exists(office, INSTRUCTED_TITLE, Direction.INCOMING):
        secretary = _person("leader1")
        document = incoming_register_paper(
            by=clerk.user,
            title=INSTRUCTED_TITLE,
            source_unit_name="示例市教育局",
            source_doc_number=f"市教发〔{year}〕21号",
            received_on=timezone.localdate(),
            copies=1,
            body="请各县（市、区）开展校园食品安全专项整治，全面排查学校食堂和校外供餐单位。",
        )
        incoming_screen(document=document, by=clerk.user, passed=True, note="属县委办公室办理范围")
        incoming_propose(
            document=document,
            by=clerk.user,
            proposal="拟请周书记阅示，建议由县教育局牵头落实。",
            leader=secretary,
        )
        incoming_instruct(document=document, by=secretary.user, instruction=INSTRUCTION)
        result.count("documents")


def demo_document_roles_present() -> bool:
    """The documents need the 文书 and a leader to act as; a partial organisation cannot give them."""
    return (
        Person.objects.filter(user__username="wenshu", user__groups__name=Role.CLERK.value).exists()
        and Person.objects.filter(user__username="leader4", is_leader=True).exists()
        and Person.objects.filter(user__username="leader1", is_leader=True).exists()
    )

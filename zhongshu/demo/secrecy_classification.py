"""The demo's 定密 part, made through the part's services as the office's people would: the 保密办 head names the
office's deputy director (xwb_fzr1) its classification officer (定密责任人); the 机要科 head drafts four documents
and proposes their classification —

- 关于县委机要通信保障方案的报告: 定密 机密★10年 (the demo's 机密 document; the carriers part may print it);
- 县重点目标安全防范工作方案: classified 秘密★5年 last spring, then changed (变更) to 机密★10年;
- 关于年度保密工作检查情况的报告: classified 秘密★1年 eleven months ago, so due for this year's review;
- 全县保密要害部门部位名单: proposed 机密★20年, waiting for the officer (his 待我审定).

Each document is looked up by its title in the county office first: one that exists is left as it is, so a second
run adds nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from zhongshu.base.levels import Classification
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.services import document_draft_create
from zhongshu.org.models import Person, Unit
from zhongshu.secrecy import classification as service
from zhongshu.secrecy.models_classification import ClassificationOfficer, DecisionKind

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult

OFFICE = "XWB"
HANDLER = "xwb_jyk_kz"  # 机要科科长: the person handling the matters
KEEPER = "xwb_bmb_kz"  # 保密办 head: names the officer
OFFICER = "xwb_fzr1"  # 县委办公室副主任: the office's classification officer

SECRET_TITLE = "关于县委机要通信保障方案的报告"
CHANGED_TITLE = "县重点目标安全防范工作方案"
REVIEW_TITLE = "关于年度保密工作检查情况的报告"
PENDING_TITLE = "全县保密要害部门部位名单"


@dataclass(frozen=True)
class Step:
    kind: str
    level: int
    term: int
    days_ago: int | None  # when the officer approved it; None: still pending
    reason: str
    basis: str = "县委办公室保密事项范围"


PLANS: dict[str, tuple[str, list[Step]]] = {
    SECRET_TITLE: (
        "一、机要通信网络现状\n二、保障措施\n三、应急预案",
        [Step(DecisionKind.CLASSIFY, Classification.SECRET, 10, 3, "涉及县委机要通信网络布局和密码保障安排")],
    ),
    CHANGED_TITLE: (
        "一、重点目标名录\n二、防范责任分工\n三、检查安排",
        [
            Step(DecisionKind.CLASSIFY, Classification.CONFIDENTIAL, 5, 260, "涉及重点目标防范安排"),
            Step(DecisionKind.CHANGE, Classification.SECRET, 10, 40, "增补重点目标具体位置，提高密级"),
        ],
    ),
    REVIEW_TITLE: (
        "一、检查基本情况\n二、发现的问题\n三、整改要求",
        [Step(DecisionKind.CLASSIFY, Classification.CONFIDENTIAL, 1, 335, "涉及检查发现的保密隐患")],
    ),
    PENDING_TITLE: (
        "一、要害部门名单\n二、要害部位名单",
        [Step(DecisionKind.CLASSIFY, Classification.SECRET, 20, None, "要害部门部位名单属机密级国家秘密")],
    ),
}


def _at(days_ago: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=days_ago), time(10)))


def build_demo_classification(result: DemoResult) -> None:
    office = Unit.objects.get(code=OFFICE)
    handler = Person.objects.select_related("user").get(user__username=HANDLER)
    keeper = Person.objects.select_related("user").get(user__username=KEEPER)
    officer = Person.objects.select_related("user").get(user__username=OFFICER)
    if not ClassificationOfficer.objects.filter(person=officer, unit=office).exists():
        service.officer_name(
            by=keeper.user,
            person=officer,
            unit=office,
            starts_on=date(timezone.localdate().year, 1, 1),
            note="县委办公室定密责任人",
        )
        result.count("classification_officers")
    for title, (body, steps) in PLANS.items():
        if OfficialDocument.objects.filter(owner_unit=office, title=title).exists():
            continue
        record = document_draft_create(by=handler.user, doc_type="report", title=title, body=body)
        for step in steps:
            decision = service.decision_propose(
                by=handler.user,
                kind=step.kind,
                record=record,
                classification=step.level,
                secrecy_term_years=step.term,
                basis=step.basis,
                reason=step.reason,
                now=_at(step.days_ago + 1) if step.days_ago is not None else None,
            )
            result.count("classification_decisions")
            if step.days_ago is not None:
                service.decision_decide(
                    by=officer.user,
                    decision=decision,
                    version=decision.version,
                    approve=True,
                    opinion="同意",
                    now=_at(step.days_ago),
                )
            record.refresh_from_db()

"""The demo's classified carriers (涉密载体台账), through the part's services as the county office's 保密办 and 机要科
would record them: two cabinets (机要科 and 保密办), a 机密 notice from the city committee registered as a carrier
and lent to the office's director leader4 — due back three days ago, so the ledger marks it 逾期, he and the 保密办
have it in their 待办 and the day's reminder is sent — and a handful of others in several states: a 秘密 disk in
its cabinet, a 机密 report collected by a 机要员, a 秘密 notice returned to its issuer and a 秘密 draft destroyed by
two people. When a 机密 document of the office exists, one copy of it is printed through the documents module and
enters the ledger by itself. Run again, it adds nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.org.models import Person, Unit
from zhongshu.secrecy import carriers
from zhongshu.secrecy.carrier_reminders import overdue_reminders_tick
from zhongshu.secrecy.models_carriers import Cabinet, Carrier

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult

HEAD = "xwb_bmb_kz"  # 保密办 科长: keeps the ledger
COLLEAGUE = "xwb_bmb_1"  # 保密办 科员: the second person at a destruction
CABINET_KEEPER = "xwb_jyk_kz"  # 机要科 科长: keeps the 机要科 cabinet
CLERK = "xwb_jyk_1"  # 机要科 科员: collects a carrier
BORROWER = "leader4"  # 县委常委、县委办公室主任 (重要)

OVERDUE_TITLE = "中共××市委办公室关于做好重大活动期间安全稳定工作的通知"


@dataclass(frozen=True)
class DemoCarrier:
    title: str
    classification: int
    kind: str
    source: str
    copy_number: str
    cabinet: str  # "jyk" or "bmb"
    fate: str  # in_cabinet, lent_overdue, held, returned_to_issuer, destroyed


CARRIERS = (
    DemoCarrier(OVERDUE_TITLE, Classification.SECRET, "paper", "市委办公室", "000007", "jyk", "lent_overdue"),
    # What the 机要科's cabinet holds for the inventory demo to count.
    DemoCarrier(
        "市委办公室关于做好重要节假日期间安全保密工作的通知",
        Classification.SECRET,
        "paper",
        "市委办公室",
        "000012",
        "jyk",
        "in_cabinet",
    ),
    DemoCarrier(
        "市国家保密局关于保密检查情况的通报",
        Classification.CONFIDENTIAL,
        "paper",
        "市国家保密局",
        "000021",
        "jyk",
        "in_cabinet",
    ),
    DemoCarrier(
        "全县重点目标防护方案（汇编）",
        Classification.CONFIDENTIAL,
        "paper",
        "县委办公室",
        "000003",
        "jyk",
        "in_cabinet",
    ),
    DemoCarrier(
        "全县保密自查自评数据备份光盘",
        Classification.CONFIDENTIAL,
        "disk",
        "县委保密办",
        "",
        "bmb",
        "in_cabinet",
    ),
    DemoCarrier(
        "关于××项目征地拆迁维稳工作的情况报告",
        Classification.SECRET,
        "paper",
        "县委政法委",
        "000003",
        "jyk",
        "held",
    ),
    DemoCarrier(
        "中共××市委关于干部队伍建设的若干意见（征求意见稿）",
        Classification.CONFIDENTIAL,
        "paper",
        "市委组织部",
        "000015",
        "jyk",
        "returned_to_issuer",
    ),
    DemoCarrier(
        "县委常委会会议讨论稿（已定稿作废）",
        Classification.CONFIDENTIAL,
        "paper",
        "本机关印制",
        "000002",
        "bmb",
        "destroyed",
    ),
)


def _person(username: str) -> Person | None:
    return Person.objects.filter(user__username=username).select_related("user", "unit").first()


def _cabinet(
    result: DemoResult, unit: Unit, name: str, location: str, keeper: Person, head: Person
) -> Cabinet:
    found = Cabinet.objects.filter(unit=unit, name=name).first()
    if found is not None:
        return found
    result.count("secrecy_cabinets")
    return carriers.cabinet_create(by=head.user, unit=unit, name=name, keeper=keeper, location=location)


def _carrier(
    result: DemoResult,
    spec: DemoCarrier,
    *,
    cabinet: Cabinet,
    custodian: Person,
    people: tuple[Person, ...],
    head: Person,
    at: datetime,
) -> Carrier | None:
    if Carrier.objects.filter(owner_unit=cabinet.unit, title=spec.title).exists():
        return None
    result.count("secrecy_carriers")
    return carriers.register_carrier(
        by=head.user,
        title=spec.title,
        classification=spec.classification,
        secrecy_term_years=None,
        kind=spec.kind,
        source=spec.source,
        cabinet=cabinet,
        custodian=custodian,
        copy_number=spec.copy_number,
        need_to_know_people=people,
        at=at,
    )


def _print_a_secret_copy(result: DemoResult, clerk: Person) -> None:
    """One printed copy of the office's first 机密 document the 机要员 may print, when there is one: the documents
    module puts it on the ledger (core.printing)."""
    from zhongshu.access.policy import Action, visible
    from zhongshu.documents.models import OfficialDocument
    from zhongshu.documents.services import document_print_copy

    documents = visible(
        OfficialDocument.objects.filter(owner_unit=clerk.unit, classification=Classification.SECRET),
        clerk.user,
        Action.DOWNLOAD,
    ).order_by("pk")
    document = documents.first()
    if (
        document is None
        or Carrier.objects.filter(source_id=document.pk, source_type__model="officialdocument").exists()
    ):
        return
    try:
        document_print_copy(document=document, by=clerk.user)
    except ServiceError:  # its print run used up: the demo goes on without the printed copy
        return
    result.count("secrecy_printed_copies")


def build_demo_carriers(result: DemoResult) -> None:
    head, colleague, keeper, clerk, borrower = (
        _person(name) for name in (HEAD, COLLEAGUE, CABINET_KEEPER, CLERK, BORROWER)
    )
    if head is None or colleague is None or keeper is None or clerk is None or borrower is None:
        return
    office = head.unit
    jyk = _cabinet(result, office, "机要科1号专柜", "县委办公楼三楼机要室", keeper, head)
    bmb = _cabinet(result, office, "保密办专柜", "县委办公楼三楼保密办", head, head)
    now = timezone.now()
    for spec in CARRIERS:
        cabinet = jyk if spec.cabinet == "jyk" else bmb
        registered = now - timedelta(days=30)
        custodian = clerk if spec.fate == "held" else keeper
        record = _carrier(
            result,
            spec,
            cabinet=cabinet,
            custodian=custodian,
            people=(borrower,) if spec.fate == "lent_overdue" else (),
            head=head,
            at=registered,
        )
        if record is None:
            continue
        if spec.fate == "lent_overdue":
            # Lent ten days ago for the default seven: three days overdue today.
            lent_at = now - timedelta(days=10)
            carriers.carrier_borrow(
                by=head.user,
                carrier=record,
                borrower=borrower,
                due_on=timezone.localdate(lent_at) + timedelta(days=carriers.borrow_days()),
                at=lent_at,
            )
        elif spec.fate == "held":
            carriers.carrier_collect(by=clerk.user, carrier=record, at=now - timedelta(days=2))
        elif spec.fate == "returned_to_issuer":
            carriers.carrier_return_to_issuer(
                by=head.user,
                carrier=record,
                note="按要求退回市委组织部，由该部机要员签收",
                at=now - timedelta(days=12),
            )
        elif spec.fate == "destroyed":
            carriers.carrier_destroy(
                by=head.user,
                carrier=record,
                destroyer=head,
                second_person=colleague,
                note="经保密办批准，送县保密局涉密载体销毁中心粉碎销毁",
                at=now - timedelta(days=20),
            )
    _print_a_secret_copy(result, clerk)
    overdue_reminders_tick()

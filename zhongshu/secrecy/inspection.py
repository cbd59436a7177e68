"""保密自查: the 保密办 keeps a yearly risk checklist (风险隐患清单, items by area, each with points), opens a round
over it for the units and departments taking part, each participant's part-time secrecy administrator fills its
answers (符合 / 不符合 / 不适用, evidence, a finding for each 不符合) and submits; the 保密办 reviews (accepts, or
returns it for another look) and turns the findings into 整改 items through `core.rectification` (督查督办's
问题清单; secrecy never imports supervision). Each item names its finding as its source, and the filling's page
reads the items made and their state through `access.links`.

The score is derived, never stored: the points of the items met over the points of the items that apply, as a
100-point score (`Score`).

Who fills: the participant's part-time secrecy administrator named by the duties part
(`duties.administrator_of`); while none is named for it, the unit's 文书 and leaders (`fills_for`). A filling
is read only by the secrecy office and by who fills or oversees it (registered scopes)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.links import RecordLink, made_from_each, register_linked
from zhongshu.access.policy import Action, Viewer, register_scope, visible
from zhongshu.accounts.actors import Actor
from zhongshu.audit.refusals import refusals_audited as audited_refusals
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.core.rectification import Problem, problem_list_follow_up
from zhongshu.org.models import Department, Person, Unit
from zhongshu.secrecy import duties
from zhongshu.secrecy.models_inspection import (
    FillingState,
    InspectionAnswer,
    InspectionFilling,
    InspectionRound,
    RiskArea,
    RiskChecklist,
    RiskItem,
    Verdict,
)
from zhongshu.secrecy.roles import keeps_ledger

TITLE_MAX = 200
TEXT_MAX = 1000
NOT_LEDGER = "只有保密办可以组织保密自查"
# A finding handed to 整改 without its own deadline gets this many working days (督查督办 counts them).
DEFAULT_RECTIFY_WORKDAYS = 20


def rectify_workdays() -> int:
    return int(getattr(settings, "ZHONGSHU_SECRECY_RECTIFY_WORKDAYS", DEFAULT_RECTIFY_WORKDAYS))


# --- the standard checklist: a county organ's usual 风险隐患清单, 100 points -----------------------------------

STANDARD_ITEMS: tuple[tuple[str, str, int], ...] = (
    (RiskArea.PERSONNEL, "涉密人员经上岗保密审查，签订保密承诺书", 6),
    (RiskArea.PERSONNEL, "涉密人员按规定参加年度保密教育培训并考试合格", 5),
    (RiskArea.PERSONNEL, "涉密人员离岗离职按规定签订离岗承诺书、办理脱密期管理手续", 5),
    (RiskArea.PERSONNEL, "涉密人员因私出国（境）按规定审批，行前进行保密提醒谈话", 4),
    (RiskArea.CARRIERS, "涉密文件领取、传递、借阅、清退均登记，做到专人领取、专册登记、专柜存放", 6),
    (RiskArea.CARRIERS, "复制涉密载体经审批，复制件标注复制标记并登记", 5),
    (RiskArea.CARRIERS, "销毁涉密载体经审批、清点、登记，送指定销毁机构销毁", 5),
    (RiskArea.CARRIERS, "定期清查清点涉密载体，账物相符", 5),
    (RiskArea.SYSTEMS, "涉密计算机未连接互联网及其他公共信息网络", 7),
    (RiskArea.SYSTEMS, "涉密与非涉密计算机之间未交叉使用移动存储介质", 6),
    (RiskArea.SYSTEMS, "非涉密计算机和信息系统未存储、处理涉密信息", 6),
    (RiskArea.SYSTEMS, "涉密计算机设置身份鉴别口令并定期更换，安装主机监控与审计软件", 4),
    (RiskArea.EQUIPMENT, "涉密场所未使用无线键盘、无线鼠标、无线网卡等无线设备", 4),
    (RiskArea.EQUIPMENT, "复印机、打印机、传真机等办公设备涉密与非涉密分开使用，维修、报废有人全程监督", 4),
    (RiskArea.EQUIPMENT, "未使用普通手机、即时通信工具谈论、存储、传递涉密信息", 5),
    (RiskArea.PUBLICITY, "信息公开、宣传报道前经保密审查，审查记录完整", 5),
    (RiskArea.PUBLICITY, "门户网站、政务新媒体未发布涉密或敏感信息", 4),
    (RiskArea.MEETINGS, "涉密会议在符合保密要求的场所召开，收存手机并使用屏蔽设备", 4),
    (RiskArea.MEETINGS, "涉密会议材料编号发放，会后清点收回", 4),
    (RiskArea.KEY_PLACES, "保密要害部门部位已确定，落实人防、物防、技防措施", 3),
    (RiskArea.KEY_PLACES, "机要室、保密室出入登记，门禁和视频监控正常运行", 3),
)


# --- who ------------------------------------------------------------------------------------------------------


def _person(user: Any) -> Person | None:
    if isinstance(user, Viewer):
        if user.person_id is None:
            return None
        return Person.objects.filter(pk=user.person_id).first()
    return getattr(user, "person_or_none", None)


def _fallback_filler(user: Any, person: Person) -> bool:
    """Until an administrator is named: the unit's 文书 and its leaders (a leader holds the 领导 role)."""
    return bool(user.has_role(Role.CLERK) or user.has_role(Role.LEADER))


def _department_ok(person: Person, department_id: int | None) -> bool:
    """A department's filling is filled from inside the department (or by the unit's leader)."""
    return department_id is None or person.department_id == department_id or person.is_leader


def fills_for(user: Any, filling: InspectionFilling) -> bool:
    """Whether `user` (a user or a Viewer) fills `filling`: the participant's part-time secrecy administrator
    (the department's, else the unit's: `duties.administrator_of`), or, none named for it, the unit's 文书 and
    leaders (a department's from inside it)."""
    person = _person(user)
    if person is None or not getattr(user, "is_active", False):
        return False
    return _fills(user, person, filling, duties.administrator_of(filling.unit_id, filling.department_id))


def _fills(user: Any, person: Person, filling: InspectionFilling, named: Person | None) -> bool:
    """`fills_for`, with the filling's named administrator (or None) already looked up."""
    if named is not None:
        return named.pk == person.pk
    return (
        person.unit_id == filling.unit_id
        and _fallback_filler(user, person)
        and _department_ok(person, filling.department_id)
    )


def _filler_q(viewer: Viewer, prefix: str = "") -> Q | None:
    """The fillings (under `prefix`) the viewer fills or oversees, or None: every filling of the units he is a
    part-time secrecy administrator of (the unit's or a department's); and, while his own unit has no
    administrator named, his unit's (his department's) as its 文书 or leader."""
    if not viewer.is_business_person:
        return None
    rule: Q | None = None
    for unit_id in duties.administered_unit_ids(viewer):
        one = Q(**{f"{prefix}unit_id": unit_id})
        rule = one if rule is None else rule | one
    # The fallback asks the roles first: most people are neither a 文书 nor a leader, and need no more queries.
    may_fall_back = viewer.has_role(Role.CLERK) or viewer.has_role(Role.LEADER)
    unnamed = may_fall_back and viewer.unit_id is not None and duties.administrator_of(viewer.unit_id) is None
    person = _person(viewer) if unnamed else None
    if person is not None and _fallback_filler(viewer, person):
        own = Q(**{f"{prefix}unit_id": viewer.unit_id})
        if not person.is_leader:
            own &= Q(**{f"{prefix}department__isnull": True}) | Q(
                **{f"{prefix}department_id": person.department_id or 0}
            )
        rule = own if rule is None else rule | own
    return rule


def filling_scope(viewer: Viewer, action: Action) -> Q | None:
    """The secrecy office reads every filling and reviews it; who fills one reads and changes his own."""
    if not viewer.is_business_person:
        return None
    if keeps_ledger(viewer):
        return Q()
    return _filler_q(viewer)


def answer_scope(viewer: Viewer, action: Action) -> Q | None:
    if not viewer.is_business_person:
        return None
    if keeps_ledger(viewer):
        return Q()
    return _filler_q(viewer, "filling__")


def round_scope(viewer: Viewer, action: Action) -> Q | None:
    """A round is known to the secrecy office, and to who fills one of its fillings (read only)."""
    if not viewer.is_business_person:
        return None
    if keeps_ledger(viewer):
        return Q()
    if action != Action.VIEW:
        return None
    mine = _filler_q(viewer)
    if mine is None:
        return None
    return Q(pk__in=InspectionFilling.objects.filter(mine).values("round_id"))


def checklist_scope(viewer: Viewer, action: Action) -> Q | None:
    """The checklists are no secret: every business person reads them; the secrecy office keeps them."""
    if not viewer.is_business_person:
        return None
    if action == Action.VIEW or keeps_ledger(viewer):
        return Q()
    return None


def round_url(inspection_round: InspectionRound) -> str:
    return reverse("secrecy:inspection_round", args=[inspection_round.pk])


def filling_url(filling: InspectionFilling) -> str:
    return reverse("secrecy:inspection_filling", args=[filling.pk])


def register() -> None:
    register_scope(RiskChecklist, checklist_scope)
    register_scope(RiskItem, checklist_scope)
    register_scope(InspectionRound, round_scope)
    register_scope(InspectionFilling, filling_scope)
    register_scope(InspectionAnswer, answer_scope)
    register_linked(
        InspectionAnswer,
        noun="保密自查发现的问题",
        title=lambda answer: answer.finding[:80],
        url=lambda answer: (
            reverse("secrecy:inspection_filling", args=[answer.filling_id]) + f"#answer-{answer.pk}"
        ),
    )


def refusals_audited(target: Any, *, by: Actor, action: str) -> AbstractContextManager[None]:
    """Audit a refused `action` as `secrecy.inspection.<action>` (audit.refusals: used outside the service's
    `transaction.atomic()`), then let the refusal go on."""
    return audited_refusals(by=by, action=f"secrecy.inspection.{action}", target=target)


def _require_ledger(by: Actor) -> None:
    if not keeps_ledger(by):
        raise Forbidden(NOT_LEDGER, code="not_allowed")


# --- checklists -------------------------------------------------------------------------------------------------


def risk_checklist_create(
    *, by: Actor, year: int | None, title: str = "", now: datetime | None = None
) -> RiskChecklist:
    """制定年度风险隐患清单: the standard items (copied from the latest checklist when there is one)."""
    _require_ledger(by)
    now = now or timezone.now()
    if year is None:
        raise ServiceError("请填写年度", code="year_required", field="year")
    if not 2000 <= year <= timezone.localdate(now).year + 1:
        raise ServiceError(
            f"年度应在2000年至{timezone.localdate(now).year + 1}年之间", code="bad_year", field="year"
        )
    title = title.strip() or f"{year}年度保密风险隐患清单"
    if len(title) > TITLE_MAX:
        raise ServiceError(f"清单名称不能超过{TITLE_MAX}字", code="title_too_long", field="title")
    with transaction.atomic():
        if RiskChecklist.objects.select_for_update().filter(year=year).exists():
            raise ServiceError(f"{year}年度的风险隐患清单已经制定", code="checklist_exists", field="year")
        latest = RiskChecklist.objects.filter(year__lt=year).order_by("-year").first()
        items = (
            [(item.area, item.text, item.points) for item in latest.items.all()]
            if latest is not None
            else list(STANDARD_ITEMS)
        )
        checklist = RiskChecklist.objects.create(year=year, title=title, created_by=by, created_at=now)
        RiskItem.objects.bulk_create(
            [
                RiskItem(checklist=checklist, area=area, position=position, text=text, points=points)
                for position, (area, text, points) in enumerate(items, start=1)
            ]
        )
        audit_record(
            actor=by,
            action="secrecy.inspection.checklist_create",
            target=checklist,
            details={"risk_items": len(items)},
        )
    return checklist


# --- rounds ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Participant:
    unit: Unit
    department: Department | None = None


def participants_of(units: Sequence[Unit], departments: Sequence[Department]) -> list[Participant]:
    """Units take part whole; a department chosen takes part on its own (its unit then only through it)."""
    chosen = [Participant(department.unit, department) for department in departments]
    by_department = {department.unit_id for department in departments}
    chosen += [Participant(unit) for unit in units if unit.pk not in by_department]
    return chosen


def inspection_round_open(
    *,
    by: Actor,
    year: int | None,
    title: str,
    checklist: RiskChecklist | None,
    deadline: date | None,
    participants: Sequence[Participant],
    now: datetime | None = None,
) -> InspectionRound:
    """组织保密自查: each participant gets its filling, one blank answer per item of the checklist."""
    _require_ledger(by)
    now = now or timezone.now()
    title = title.strip()
    if year is None:
        raise ServiceError("请填写年度", code="year_required", field="year")
    if not title:
        raise ServiceError("请填写自查名称", code="title_required", field="title")
    if len(title) > TITLE_MAX:
        raise ServiceError(f"自查名称不能超过{TITLE_MAX}字", code="title_too_long", field="title")
    if checklist is None:
        raise ServiceError("请选择风险隐患清单", code="checklist_required", field="checklist")
    if deadline is None:
        raise ServiceError("请填写填报截止日期", code="deadline_required", field="deadline")
    if deadline < timezone.localdate(now):
        raise ServiceError("填报截止日期不能早于今天", code="deadline_past", field="deadline")
    if not participants:
        raise ServiceError("请选择参加自查的单位或部门", code="participants_required", field="units")
    items = list(checklist.items.all())
    if not items:
        raise ServiceError("该清单没有检查项", code="checklist_empty", field="checklist")
    with transaction.atomic():
        inspection_round = InspectionRound.objects.create(
            year=year, title=title, checklist=checklist, deadline=deadline, created_by=by, created_at=now
        )
        fillings = InspectionFilling.objects.bulk_create(
            [
                InspectionFilling(round=inspection_round, unit=one.unit, department=one.department)
                for one in participants
            ]
        )
        if any(filling.pk is None for filling in fillings):  # a backend that does not return keys
            fillings = list(inspection_round.fillings.all())
        InspectionAnswer.objects.bulk_create(
            [InspectionAnswer(filling=filling, item=item) for filling in fillings for item in items]
        )
        audit_record(
            actor=by,
            action="secrecy.inspection.round_open",
            target=inspection_round,
            details={"participants": len(fillings), "risk_items": len(items)},
        )
        _notify_fillers(inspection_round, fillings)
    return inspection_round


def _notify_fillers(inspection_round: InspectionRound, fillings: Sequence[InspectionFilling]) -> None:
    """Tell each participant's fillers (after the round is saved): a notice per person, through the outbox."""
    from zhongshu.accounts.models import User
    from zhongshu.notifications.services import notify

    # Each filling's administrator is looked up once, and a person is asked only about his own unit's fillings
    # (an administrator belongs to the unit he is named for): not every person against every filling.
    named = {
        filling.pk: duties.administrator_of(filling.unit_id, filling.department_id) for filling in fillings
    }
    by_unit: dict[int, list[InspectionFilling]] = {}
    for filling in fillings:
        by_unit.setdefault(filling.unit_id, []).append(filling)
    people = User.objects.filter(person__unit_id__in=by_unit, is_active=True).select_related("person")
    for user in people:
        person = user.person
        mine = [f for f in by_unit[person.unit_id] if _fills(user, person, f, named[f.pk])]
        if mine:
            notify(
                recipient=user,
                about=mine[0],
                kind="secrecy.inspection.round_open",
                title=f"请填报保密自查：{inspection_round.title}",
                body=f"请于{inspection_round.deadline:%Y年%m月%d日}前对照风险隐患清单完成自查并提交。",
                link=filling_url(mine[0]),
            )


# --- filling -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerIn:
    item_id: int
    verdict: str
    evidence: str = ""
    finding: str = ""
    uploads: Sequence[Any] = ()


def _locked(filling: InspectionFilling, version: int | None) -> InspectionFilling:
    return lock_at_version(
        InspectionFilling.objects.all(), filling.pk, version, changed="该填报已被他人修改，请刷新后重试"
    )


def _check_answer(answer: AnswerIn, item: RiskItem) -> None:
    line = f"第{item.position}项"
    if answer.verdict and answer.verdict not in Verdict.values:
        raise ServiceError(f"{line}：未知的自查结果", code="bad_verdict", field=f"verdict_{item.pk}")
    for text, label in ((answer.evidence, "佐证说明"), (answer.finding, "发现问题")):
        if len(text.strip()) > TEXT_MAX:
            raise ServiceError(
                f"{line}：{label}不能超过{TEXT_MAX}字", code="too_long", field=f"item_{item.pk}"
            )


def _check_complete(answers: Sequence[InspectionAnswer]) -> None:
    """Submitting: every item answered, each 不符合 with its finding."""
    for answer in answers:
        if not answer.verdict:
            raise ServiceError(
                f"第{answer.item.position}项“{answer.item.text}”尚未填写自查结果",
                code="item_unanswered",
                field=f"verdict_{answer.item_id}",
            )
        if answer.verdict == Verdict.UNMET and not answer.finding.strip():
            raise ServiceError(
                f"第{answer.item.position}项自查为不符合，请填写发现的问题",
                code="finding_required",
                field=f"finding_{answer.item_id}",
            )


def filling_save(
    *,
    by: Actor,
    filling: InspectionFilling,
    version: int | None,
    answers: Sequence[AnswerIn],
    submit: bool = False,
    now: datetime | None = None,
) -> InspectionFilling:
    """保存 (and, with `submit`, 提交) a filling: the answers given replace those items' answers; evidence files
    are attached to their answers. Submitted, it is refused as a whole when an item is unanswered or a 不符合 has
    no finding, and nothing of it is kept."""
    from zhongshu.secrecy.actions_inspection import RULES

    now = now or timezone.now()
    with refusals_audited(filling, by=by, action="submit" if submit else "save"), transaction.atomic():
        filling = _locked(filling, version)
        RULES.require("fill", by, filling)
        rows = {answer.item_id: answer for answer in filling.answers.select_related("item")}
        seen: set[int] = set()
        for given in answers:
            row = rows.get(given.item_id)
            if row is None:
                raise ServiceError(f"检查项不存在：{given.item_id}", code="unknown_item", field="answers")
            if given.item_id in seen:
                raise ServiceError(f"第{row.item.position}项重复填写", code="item_repeated", field="answers")
            seen.add(given.item_id)
            _check_answer(given, row.item)
            row.verdict = given.verdict
            row.evidence = given.evidence.strip()
            # A finding belongs to a 不符合: kept only there, so a changed verdict leaves no stray problem.
            row.finding = given.finding.strip() if given.verdict == Verdict.UNMET else ""
        InspectionAnswer.objects.bulk_update(list(rows.values()), ["verdict", "evidence", "finding"])
        files = _attach_evidence(by, rows, answers)
        if submit:
            _check_complete(sorted(rows.values(), key=lambda row: row.item.position))
            filling.state = FillingState.SUBMITTED
            filling.submitted_at, filling.submitted_by = now, by
        filling.version += 1
        filling.save(update_fields=["state", "submitted_at", "submitted_by", "version"])
        audit_record(
            actor=by,
            action="secrecy.inspection.submit" if submit else "secrecy.inspection.save",
            target=filling,
            details={"answered": sum(1 for row in rows.values() if row.verdict), "evidence_files": files},
        )
        if submit:
            _notify_ledger(filling)
    return filling


def _attach_evidence(by: Actor, rows: dict[int, InspectionAnswer], answers: Sequence[AnswerIn]) -> int:
    from zhongshu.attachments.services import attach_file, store_file

    count = 0
    for given in answers:
        for upload in given.uploads:
            stored = store_file(uploaded=upload, by=by)
            attach_file(owner=rows[given.item_id], stored=stored, by=by, purpose=EVIDENCE)
            count += 1
    return count


EVIDENCE = "evidence"


def filling_submit(
    *, by: Actor, filling: InspectionFilling, version: int | None, now: datetime | None = None
) -> InspectionFilling:
    """提交 the filling as saved."""
    return filling_save(by=by, filling=filling, version=version, answers=(), submit=True, now=now)


def _notify_ledger(filling: InspectionFilling) -> None:
    from zhongshu.accounts.models import User
    from zhongshu.notifications.services import notify

    candidates = User.objects.filter(
        is_active=True, groups__name__in=[Role.SECRECY_OFFICER.value, Role.OFFICE_DIRECTOR.value]
    ).distinct()
    for user in candidates:
        if keeps_ledger(user):
            notify(
                recipient=user,
                about=filling,
                kind="secrecy.inspection.submit",
                title=f"保密自查待审核：{filling.participant_name}",
                body=f"{filling.participant_name}已提交{filling.round.title}的自查结果。",
                link=filling_url(filling),
            )


def filling_review(
    *,
    by: Actor,
    filling: InspectionFilling,
    version: int | None,
    accept: bool,
    opinion: str = "",
    now: datetime | None = None,
) -> InspectionFilling:
    """审核: the 保密办 accepts a submitted filling, or returns it (with the reason) to be filled again."""
    from zhongshu.secrecy.actions_inspection import RULES

    now = now or timezone.now()
    opinion = opinion.strip()
    with refusals_audited(filling, by=by, action="review"), transaction.atomic():
        filling = _locked(filling, version)
        RULES.require("review", by, filling)
        if len(opinion) > TEXT_MAX:
            raise ServiceError(f"审核意见不能超过{TEXT_MAX}字", code="too_long", field="opinion")
        if not accept and not opinion:
            raise ServiceError("退回须写明理由", code="opinion_required", field="opinion")
        if not accept and filling.answers.filter(rectified_at__isnull=False).exists():
            raise ServiceError("已有问题转为整改事项，不能退回", code="already_rectified")
        filling.state = FillingState.REVIEWED if accept else FillingState.DRAFT
        filling.reviewed_at, filling.reviewed_by, filling.review_opinion = now, by, opinion
        filling.version += 1
        filling.save(update_fields=["state", "reviewed_at", "reviewed_by", "review_opinion", "version"])
        audit_record(
            actor=by,
            action="secrecy.inspection.review",
            target=filling,
            details={"review_decision": "accepted" if accept else "returned"},
        )
    return filling


# --- findings to 整改 -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingIn:
    answer_id: int
    measure: str = ""
    deadline: date | None = None


def may_rectify(user: Any) -> bool:
    follow_up = problem_list_follow_up("supervision")
    return keeps_ledger(user) and follow_up is not None and bool(follow_up.allowed(user))


def findings_rectify(
    *, by: Actor, filling: InspectionFilling, findings: Sequence[FindingIn], now: datetime | None = None
) -> Any:
    """转为整改事项: the chosen findings of a submitted filling become one 问题清单 of 督查督办 (an item of kind
    rectification each, assigned to the participant's unit, naming its finding as source); each finding once."""
    from zhongshu.secrecy.actions_inspection import RULES

    now = now or timezone.now()
    with refusals_audited(filling, by=by, action="rectify"), transaction.atomic():
        filling = lock_at_version(InspectionFilling.objects.all(), filling.pk, None, changed="")
        RULES.require("rectify", by, filling)
        follow_up = problem_list_follow_up("supervision")
        if follow_up is None:
            raise ServiceError("督查督办模块未安装", code="no_supervision")
        if not findings:
            raise ServiceError("请选择要转为整改事项的问题", code="findings_required", field="findings")
        wanted = [finding.answer_id for finding in findings]
        if len(set(wanted)) != len(wanted):
            raise ServiceError("同一问题不能重复选择", code="finding_repeated", field="findings")
        rows = {
            row.pk: row
            for row in InspectionAnswer.objects.select_for_update()
            .filter(filling=filling, pk__in=wanted)
            .select_related("item")
        }
        today = timezone.localdate(now)
        problems = []
        for finding in findings:
            row = rows.get(finding.answer_id)
            if row is None or row.verdict != Verdict.UNMET:
                raise ServiceError(
                    f"问题不存在：{finding.answer_id}", code="unknown_finding", field="findings"
                )
            if row.rectified_at is not None:
                raise ServiceError(
                    f"第{row.item.position}项的问题已转为整改事项，不能重复转办",
                    code="finding_already_rectified",
                    field="findings",
                )
            if len(finding.measure.strip()) > 300:
                raise ServiceError("整改措施不能超过300字", code="too_long", field="measure")
            if finding.deadline is not None and finding.deadline < today:
                raise ServiceError("整改时限不能早于今天", code="deadline_past", field="deadline")
            problems.append(
                Problem(
                    text=f"{filling.participant_name}保密自查发现问题：{row.finding}"[:300],
                    unit=filling.unit,
                    measure=finding.measure.strip() or f"对照“{row.item.text}”整改到位"[:300],
                    source_record=row,
                    deadline=finding.deadline,
                    deadline_workdays=None if finding.deadline is not None else rectify_workdays(),
                )
            )
            row.rectified_at, row.rectified_by = now, by
        made = follow_up.make(
            by=by,
            title=f"{filling.round.title}{filling.participant_name}问题整改清单"[:200],
            origin=f"保密自查：{filling.round.title}（{filling.participant_name}）",
            problems=problems,
        )
        InspectionAnswer.objects.bulk_update(list(rows.values()), ["rectified_at", "rectified_by"])
        audit_record(
            actor=by,
            action="secrecy.inspection.rectify",
            target=filling,
            details={"findings": len(problems), "problem_list": getattr(made, "pk", None)},
        )
    return made


# --- reading -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """Points of the items met over points of the items that apply (符合 + 不符合), as 100 points."""

    met_points: int
    applicable_points: int
    answered: int
    items: int
    findings: int

    @property
    def value(self) -> float | None:
        if self.applicable_points == 0:
            return None
        return round(self.met_points * 100 / self.applicable_points, 1)

    @property
    def shown(self) -> str:
        return "—" if self.value is None else f"{self.value:g}"


EMPTY_SCORE = Score(0, 0, 0, 0, 0)


def scores_of(fillings: Sequence[InspectionFilling]) -> dict[int, Score]:
    """Each filling's score by its pk: one aggregate query."""
    rows = (
        InspectionAnswer.objects.filter(filling__in=[filling.pk for filling in fillings])
        .order_by()
        .values("filling_id")
        .annotate(
            met=Sum("item__points", filter=Q(verdict=Verdict.MET), default=0),
            applicable=Sum("item__points", filter=Q(verdict__in=[Verdict.MET, Verdict.UNMET]), default=0),
            answered=Count("id", filter=~Q(verdict="")),
            items=Count("id"),
            findings=Count("id", filter=Q(verdict=Verdict.UNMET)),
        )
    )
    return {
        row["filling_id"]: Score(
            row["met"], row["applicable"], row["answered"], row["items"], row["findings"]
        )
        for row in rows
    }


def visible_rounds(user: Any) -> QuerySet[InspectionRound]:
    return visible(InspectionRound.objects.select_related("checklist"), user)


def visible_fillings(user: Any) -> QuerySet[InspectionFilling]:
    return visible(
        InspectionFilling.objects.select_related(
            "round", "unit", "department", "submitted_by", "reviewed_by"
        ),
        user,
    )


def answers_by_area(filling: InspectionFilling) -> list[tuple[str, list[InspectionAnswer]]]:
    """The filling's answers grouped by area, in the checklist's order."""
    groups: dict[str, list[InspectionAnswer]] = {}
    for answer in filling.answers.select_related("item").order_by("item__position"):
        answer.filling = filling
        groups.setdefault(answer.item.area, []).append(answer)
    return [(str(RiskArea(area).label), rows) for area, rows in groups.items()]


def finding_rows(filling: InspectionFilling, viewer: Any) -> list[tuple[InspectionAnswer, list[RecordLink]]]:
    """The filling's findings, each with the 整改 items made from it that the viewer may see (with state)."""
    findings = list(
        filling.answers.filter(verdict=Verdict.UNMET).select_related("item").order_by("item__position")
    )
    for answer in findings:
        answer.filling = filling
    links = made_from_each(findings, viewer)
    return [(answer, links.get(answer.pk, [])) for answer in findings]


# --- to-dos ------------------------------------------------------------------------------------------------------


def fillings_due(user: Any) -> list[InspectionFilling]:
    """The open fillings `user` fills himself (a unit's administrator oversees his departments' but they
    have their own)."""
    viewer_q = _filler_q(_viewer(user))
    if viewer_q is None:
        return []
    rows = (
        InspectionFilling.objects.filter(viewer_q, state=FillingState.DRAFT)
        .select_related("round", "unit", "department")
        .order_by("round__deadline", "pk")[:50]
    )
    return [filling for filling in rows if fills_for(user, filling)]


def _viewer(user: Any) -> Viewer:
    from zhongshu.access.policy import viewer_of

    return viewer_of(user)


def fillings_to_review(user: Any) -> QuerySet[InspectionFilling]:
    if not keeps_ledger(user):
        return InspectionFilling.objects.none()
    return visible_fillings(user).filter(state=FillingState.SUBMITTED).order_by("submitted_at", "pk")


def inspection_todos(user: Any) -> list[Any]:
    from zhongshu.core.todos import TodoItem

    if not _viewer(user).is_business_person:
        return []
    today = timezone.localdate()
    items = [
        TodoItem(
            title=f"填报保密自查：{filling.round.title}（{filling.participant_name}）",
            url=filling_url(filling),
            kind="secrecy.inspection_fill",
            source_label="保密自查",
            due=filling.round.deadline,
            overdue=filling.round.deadline < today,
            note="退回重填" if filling.reviewed_at else "",
            record=(InspectionFilling._meta.label_lower, str(filling.pk)),
        )
        for filling in fillings_due(user)
    ]
    items += [
        TodoItem(
            title=f"审核保密自查：{filling.participant_name}（{filling.round.title}）",
            url=filling_url(filling),
            kind="secrecy.inspection_review",
            source_label="保密自查",
            record=(InspectionFilling._meta.label_lower, str(filling.pk)),
        )
        for filling in fillings_to_review(user)[:50]
    ]
    return items

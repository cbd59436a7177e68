"""Which actions a person may take on a document now: one rule per action, asked by the page (its buttons),
the API (`actions` with the record) and the service before it acts (`RULES.require`). See core.actions.

Each rule checks in the order the service always did (who, then the state, then what the record still
lacks), with the same codes and messages. Input (an opinion, a reason, a unit) is the service's to check.
"""

from __future__ import annotations

from typing import Any

from zhongshu.access.links import made_from
from zhongshu.access.policy import Action, can
from zhongshu.base.roles import Role
from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.core.instructions import instruction_follow_up
from zhongshu.core.states import TransitionTable
from zhongshu.documents.models import CirculationSlip, Handling, OfficialDocument, Publicity
from zhongshu.documents.quotas import document_quota_status
from zhongshu.documents.states import INCOMING_MACHINE, OUTGOING_MACHINE, DocAction, DocState
from zhongshu.org.models import Person
from zhongshu.org.selectors import person_of_user as person_of
from zhongshu.workflow.models import Step
from zhongshu.workflow.states import StepKind, StepState, WorkflowState

Document = OfficialDocument


def _business_person(viewer: Any) -> Person | Refusal:
    person = person_of(viewer)
    if person is None:
        return not_allowed("只有本系统的业务人员才能办文", "not_business_person")
    return person


def _role(viewer: Any, role: Role, what: str) -> Person | Refusal:
    person = _business_person(viewer)
    if isinstance(person, Refusal):
        return person
    if not viewer.has_role(role):
        return not_allowed(f"只有{role.label}才能{what}", "role_required")
    return person


def _transition(document: Document, action: str, machine: TransitionTable) -> Refusal | None:
    """Whether `machine` (the outgoing or the incoming one, whatever the document's own direction) allows
    `action` from the document's state: an outgoing action is never open on an incoming document."""
    own = OUTGOING_MACHINE if document.is_outgoing else INCOMING_MACHINE
    if machine is not own:
        return machine.refused(document.state, action)
    return machine.refusal(document.state, action)


def _outgoing(document: Document, action: str) -> Refusal | None:
    return _transition(document, action, OUTGOING_MACHINE)


def _incoming_state(document: Document, action: str) -> Refusal | None:
    return _transition(document, action, INCOMING_MACHINE)


def _state_is(document: Document, states: tuple[str, ...], what: str, code: str) -> Refusal | None:
    if document.state in states:
        return None
    return not_now(f"公文{document.get_state_display()}，不能{what}", code)


def _open_steps(viewer: Any, document: Document) -> list[Step]:
    """The viewer's open steps in the document's current workflow (read once per document and viewer)."""
    person = person_of(viewer)
    if person is None or not document.workflow_id:
        return []
    cache: dict[int, list[Step]] = document.__dict__.setdefault("_open_steps_by_person", {})
    if person.pk not in cache:
        cache[person.pk] = list(
            Step.objects.select_related("assignee", "workflow").filter(
                workflow_id=document.workflow_id, assignee=person, state=StepState.OPEN
            )
        )
    return cache[person.pk]


def _workflow_state(document: Document) -> str | None:
    return document.workflow.state if document.workflow_id and document.workflow else None


# --- outgoing ------------------------------------------------------------------------------------------------


def _drafter(viewer: Any, document: Document, what: str) -> Refusal | None:
    """The outgoing draft's own drafter, or the refusal that says only they may do `what`."""
    person = _business_person(viewer)
    if isinstance(person, Refusal):
        return person
    if not document.is_outgoing or document.drafter_id != person.pk:
        return not_allowed(f"只有拟稿人才能{what}", "not_drafter")
    return None


def _edit(viewer: Any, document: Document) -> Refusal | None:
    refusal = _drafter(viewer, document, "修改文稿")
    if refusal is not None:
        return refusal
    returned = document.state == DocState.IN_REVIEW and _workflow_state(document) == WorkflowState.RETURNED
    if document.state != DocState.DRAFT and not returned:
        return not_now(f"公文{document.get_state_display()}，不能修改", "not_editable")
    return None


def _submit(viewer: Any, document: Document) -> Refusal | None:
    return (
        _drafter(viewer, document, "送审")
        or _outgoing(document, DocAction.SUBMIT)
        or _quota_refusal(document)
    )


def _resubmit(viewer: Any, document: Document) -> Refusal | None:
    refusal = _drafter(viewer, document, "重新送审")
    if refusal is not None:
        return refusal
    if not document.workflow_id:
        return not_now("公文尚未送审", "not_submitted")
    if document.state != DocState.IN_REVIEW or _workflow_state(document) != WorkflowState.RETURNED:
        return not_now("流程未被退回，不能重新送审", "workflow_not_returned")
    return None


def _review(viewer: Any, document: Document) -> Refusal | None:
    """核稿 or 会签, approving or returning: the viewer's own open review or countersign step."""
    if document.state != DocState.IN_REVIEW:
        return not_now(f"公文{document.get_state_display()}，不能核稿", "not_in_review")
    kinds = (StepKind.REVIEW, StepKind.COUNTERSIGN)
    if not any(step.kind in kinds for step in _open_steps(viewer, document)):
        return not_allowed("您在本文当前环节没有待办事项", "no_open_step")
    return None


def pending_reviews(document: Document) -> list[Step]:
    """Review and countersign steps of the latest round that have not been approved."""
    steps = list(
        Step.objects.select_related("assignee")
        .filter(workflow_id=document.workflow_id or 0, kind__in=[StepKind.REVIEW, StepKind.COUNTERSIGN])
        .order_by("stage", "round", "id")
    )
    latest: dict[int, int] = {}
    for step in steps:
        latest[step.stage] = max(latest.get(step.stage, 0), step.round)
    return [s for s in steps if s.round == latest[s.stage] and s.state != StepState.APPROVED]


def sign_off_step(viewer: Any, document: Document) -> Step | None:
    """The viewer's latest sign-off step in the document's workflow, open or not."""
    person = person_of(viewer)
    if person is None or not document.workflow_id:
        return None
    return (
        Step.objects.filter(workflow_id=document.workflow_id, kind=StepKind.SIGN_OFF, assignee=person)
        .order_by("-round", "-id")
        .first()
    )


def _sign_off(viewer: Any, document: Document) -> Refusal | None:
    person = _business_person(viewer)
    if isinstance(person, Refusal):
        return person
    if document.state != DocState.IN_REVIEW or not document.workflow_id:
        return not_now(f"公文{document.get_state_display()}，不能签发", "not_in_review")
    step = sign_off_step(viewer, document)
    if step is None:
        return not_allowed("您不是本文的签发人", "not_signer")
    waiting = pending_reviews(document)
    if waiting:
        names = "、".join(step.assignee.name for step in waiting)
        return not_now(f"核稿尚未全部完成，不能签发（待办：{names}）", "review_pending")
    if step.state != StepState.OPEN:
        return not_now("签发环节尚未开始，不能签发", "sign_off_not_open")
    return None


def _unit_clerk_change(viewer: Any, document: Document, what: str, owner_message: str) -> Refusal | None:
    """An outgoing document's own unit's 文书 (the policy's CHANGE on the document)."""
    person = _role(viewer, Role.CLERK, what)
    if isinstance(person, Refusal):
        return person
    if not can(viewer, document, Action.CHANGE):
        return not_allowed(owner_message, "not_owner_unit")
    return None


def _recheck(viewer: Any, document: Document) -> Refusal | None:
    refusal = _unit_clerk_change(viewer, document, "复核", "只有本单位文书才能复核")
    return refusal or _state_is(document, (DocState.SIGNED,), "复核", "not_signed")


def _quota_refusal(document: Document) -> Refusal | None:
    """The unit's yearly quota is used up and no leader consented to this document beyond it."""
    status = document_quota_status(document.owner_unit_id, _this_year())
    if status.exhausted and not document.quota_override:
        return not_now(status.message, "quota_exhausted")
    return None


def _this_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def _register(viewer: Any, document: Document) -> Refusal | None:
    refusal = _unit_clerk_change(viewer, document, "登记发文", "只有本单位文书才能登记")
    refusal = refusal or _outgoing(document, DocAction.REGISTER)
    if refusal is not None:
        return refusal
    agency_code = document.agency_code or (document.owner_unit.agency_code if document.owner_unit else "")
    if not agency_code:
        return not_now("本单位未设机关代字，不能编号", "agency_code_missing")
    if document.is_upward and not document.signers:
        return not_now("上行文须标注签发人", "upward_signer_missing")
    return _quota_refusal(document)


def _void_number(viewer: Any, document: Document) -> Refusal | None:
    refusal = _unit_clerk_change(viewer, document, "作废文号", "只有本单位文书才能作废文号")
    if refusal is not None:
        return refusal
    if not document.is_outgoing or document.state != DocState.REGISTERED or document.doc_serial is None:
        return not_now(f"公文{document.get_state_display()}，不能作废文号", "not_registered")
    return None


def _dispatch(viewer: Any, document: Document) -> Refusal | None:
    refusal = _unit_clerk_change(viewer, document, "分发公文", "只有本单位文书才能分发")
    return refusal or _outgoing(document, DocAction.DISPATCH)


def _hand_to_archive(viewer: Any, document: Document) -> Refusal | None:
    refusal = _unit_clerk_change(viewer, document, "移交归档", "只有本单位文书才能归档")
    return refusal or _outgoing(document, DocAction.ARCHIVE)


# 已登记、已分发、已归档: the document is issued (numbered) and may be published once its review lets it.
ISSUED_STATES = (DocState.REGISTERED, DocState.DISPATCHED, DocState.ARCHIVED)


def _publish(viewer: Any, document: Document) -> Refusal | None:
    """发布: the unit's 文书, an issued outgoing 主动公开 document not yet published. The gates of
    core.publication (the secrecy review) are the service's to ask: the page shows their reasons. The record's
    own fields are looked at first, so a document not for publication costs its page no query."""
    if not document.is_outgoing or document.publicity != Publicity.PROACTIVE:
        return not_now("本文公开属性不是主动公开，不能发布", "not_proactive")
    if document.published_at is not None:
        return not_now("本文已发布", "already_published")
    if document.is_state_secret:  # classified after it was marked 主动公开 (a 定密 decision)
        return not_now("本文已定为国家秘密，不能公开发布", "secret_not_publishable")
    refusal = _unit_clerk_change(viewer, document, "发布公文", "只有本单位文书才能发布")
    return refusal or _state_is(document, ISSUED_STATES, "发布", "not_issued")


def _quota_override(viewer: Any, document: Document) -> Refusal | None:
    person = _role(viewer, Role.LEADER, "同意突破发文额度")
    if isinstance(person, Refusal):
        return person
    if document.quota_override:
        return not_now("本文已获同意突破额度", "already_overridden")
    unnumbered = (DocState.DRAFT, DocState.IN_REVIEW, DocState.SIGNED, DocState.RECHECKED)
    if not document.is_outgoing or document.state not in unnumbered:
        return not_now(f"公文{document.get_state_display()}，不能同意突破发文额度", "already_numbered")
    if not document_quota_status(document.owner_unit_id, _this_year()).exhausted:
        return not_now("本单位发文额度尚未用完，无需同意突破", "quota_not_exhausted")
    return None


# --- incoming ------------------------------------------------------------------------------------------------


def _receiving_clerk(viewer: Any, document: Document, what: str) -> Refusal | None:
    person = _role(viewer, Role.CLERK, what)
    if isinstance(person, Refusal):
        return person
    if document.owner_unit_id != person.unit_id:
        return not_allowed(f"只有收文单位的文书才能{what}", "not_owner_unit")
    return None


def _incoming(what: str, action: str) -> Any:
    def rule(viewer: Any, document: Document) -> Refusal | None:
        return _receiving_clerk(viewer, document, what) or _incoming_state(document, action)

    return rule


def _instruct(viewer: Any, document: Document) -> Refusal | None:
    person = _business_person(viewer)
    if isinstance(person, Refusal):
        return person
    if document.instruction_leader_id != person.pk:
        return not_allowed("只有拟办时指定的领导才能批示", "not_instruction_leader")
    return _incoming_state(document, DocAction.INSTRUCT)


def _while_handling(what: str) -> Any:
    def rule(viewer: Any, document: Document) -> Refusal | None:
        refusal = _receiving_clerk(viewer, document, what)
        return refusal or _state_is(
            document, (DocState.INSTRUCTED, DocState.HANDLING), what, "document_invalid_transition"
        )

    return rule


def _complete(viewer: Any, document: Document) -> Refusal | None:
    refusal = _receiving_clerk(viewer, document, "办结") or _incoming_state(document, DocAction.COMPLETE)
    if refusal is not None:
        return refusal
    open_handlings = Handling.objects.filter(document=document, completed_at__isnull=True).select_related(
        "unit"
    )
    if open_handlings:
        names = "、".join(h.unit.name for h in open_handlings)
        return not_now(f"尚有承办单位未办结：{names}", "handling_open")
    unread = CirculationSlip.objects.filter(document=document, read_at__isnull=True).select_related("reader")
    if unread:
        names = "、".join(s.reader.name for s in unread)
        return not_now(f"尚有领导未阅：{names}", "circulation_open")
    return None


def _supervise(viewer: Any, document: Document) -> Refusal | None:
    """转为督办事项: a 批示 on the document becomes a supervision item, once, by whom that module allows."""
    if not can(viewer, document, Action.VIEW):
        return not_allowed("无权办理本文", "forbidden")
    if not document.instruction:
        return not_now("本文尚无领导批示，不能转为督办事项", "instruction_required")
    follow_up = instruction_follow_up("supervision")
    if follow_up is None:
        return not_now("督查督办模块尚未启用，暂不能转为督办事项", "supervision_unavailable")
    if not follow_up.allowed(viewer):
        return not_allowed(follow_up.refused, "not_supervisor")
    if made_from(document, viewer):
        return not_now("本文已转为督办事项", "already_supervised")
    return None


def _archive(viewer: Any, document: Document) -> Refusal | None:
    if document.is_outgoing:
        return _hand_to_archive(viewer, document)
    return _receiving_clerk(viewer, document, "归档") or _incoming_state(document, DocAction.ARCHIVE)


RULES: ActionRules[Document] = ActionRules(
    "公文",
    {
        # outgoing
        "edit": _edit,
        "submit": _submit,
        "resubmit": _resubmit,
        "review": _review,
        "sign_off": _sign_off,
        "recheck": _recheck,
        "register": _register,
        "void_number": _void_number,
        "dispatch": _dispatch,
        "quota_override": _quota_override,
        "publish": _publish,
        # incoming
        "in_register": _incoming("签收登记", DocAction.REGISTER),
        "screen": _incoming("初审", DocAction.SCREEN),
        "propose": _incoming("拟办", DocAction.PROPOSE),
        "instruct": _instruct,
        "assign": _while_handling("交办"),
        "circulate": _while_handling("传阅"),
        "complete": _complete,
        "supervise": _supervise,
        # both
        "archive": _archive,
    },
)


def available(viewer: Any, document: Document) -> list[str]:
    return RULES.available(viewer, document)

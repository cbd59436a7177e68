"""Writes on outgoing documents (发文): draft, submit, review, sign off, recheck, register, dispatch, archive.

Each service reads top to bottom: who may act → which transition → the write → `audit_record` last in the
transaction (after our own row locks, as the audit chain's lock is held until commit) → notices through the
outbox. Review, countersign and sign-off run on `zhongshu.workflow`; its append-only step events are the
opinions, and this module moves the document's own state beside them: the workflow tells the document when
its chain is approved (签发), returned, resubmitted or cancelled (`workflow.subjects`, the `document_workflow_*`
hooks below), inside the step's own transaction, whichever page the person acted on.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import Action, can
from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification, clearance_covers
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden, InvalidTransition, ServiceError
from zhongshu.core.printing import PrintedCopyFacts, copy_printed
from zhongshu.documents import dedup
from zhongshu.documents.actions import RULES, sign_off_step
from zhongshu.documents.models import (
    ArchiveState,
    Direction,
    Dispatch,
    DocType,
    DocumentEvent,
    ErrorBookEntry,
    OfficialDocument,
    PrintedCopy,
    Publicity,
    Urgency,
    VoidedNumber,
)
from zhongshu.documents.numbering import allocate_serial, format_doc_number, outgoing_scope
from zhongshu.documents.quotas import DOCUMENTS_QUOTA, document_quota_status
from zhongshu.documents.rules import RuleFinding, document_rule_findings, errors_of
from zhongshu.documents.states import DocAction, DocState, next_state
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person, Unit
from zhongshu.org.selectors import person_of_user as person_of
from zhongshu.quotas.models import QuotaOverride
from zhongshu.quotas.services import quota_override_record
from zhongshu.workflow.models import Step
from zhongshu.workflow.services import StepSpec, step_approve, step_return, workflow_resubmit, workflow_start
from zhongshu.workflow.states import StepKind, StepState
from zhongshu.workflow.subjects import WorkflowOutcome

WORKFLOW_KIND = "documents.outgoing"
EDITABLE_FIELDS = (
    "doc_type",
    "title",
    "body",
    "primary_recipients",
    "cc_recipients",
    "attachment_note",
    "signature",
    "date_of_writing",
    "seal",
    "note",
    "urgency",
    "classification",
    "secrecy_term_years",
    "length_class",
    "issuer_mark",
    "agency_code",
    "printing_office",
    "minutes_present",
    "minutes_absent",
    "minutes_attending",
    "publicity",
)
# A 纪要's 出席/请假/列席 lists: kept only while the document is a 纪要.
MINUTES_FIELDS = ("minutes_present", "minutes_absent", "minutes_attending")


# --- helpers shared with the incoming services -------------------------------------------------------------


def require_person(user: Actor) -> Person:
    person = person_of(user)
    if person is None:
        raise Forbidden("只有本系统的业务人员才能办文", code="not_business_person")
    return person


def require_role(user: Actor, role: Role, what: str) -> Person:
    person = require_person(user)
    if not user.has_role(role):
        raise Forbidden(f"只有{role.label}才能{what}", code="role_required")
    return person


def lock(document: OfficialDocument) -> OfficialDocument:
    return OfficialDocument.objects.select_for_update().get(pk=document.pk)


def record_event(
    document: OfficialDocument,
    *,
    by: Actor,
    action: str,
    from_state: str,
    note: str = "",
    at: datetime | None = None,
) -> None:
    person = person_of(by)
    DocumentEvent.objects.create(
        document=document,
        action=action,
        from_state=from_state,
        to_state=document.state,
        actor=by,
        actor_name=person.name if person else by.get_username(),
        note=note,
        at=at or timezone.now(),
    )


def audit(document: OfficialDocument, *, by: Actor, action: str, **details: Any) -> None:
    audit_record(
        actor=by,
        action=f"documents.{action}",
        target=document,
        classification=document.classification,
        details={"state": document.state, **details},
    )


def move(
    document: OfficialDocument,
    action: str,
    *,
    by: Actor,
    note: str = "",
    at: datetime | None = None,
    **fields: Any,
) -> None:
    """Apply a transition and its field changes, and leave the document's event (at `at`, default now)."""
    before = document.state
    document.state = next_state(document.direction, document.state, action)
    for name, value in fields.items():
        setattr(document, name, value)
    document.save()
    record_event(document, by=by, action=action, from_state=before, note=note, at=at)


def clerks_of(unit_id: int | None) -> list[Any]:
    if unit_id is None:
        return []
    people = Person.objects.filter(unit_id=unit_id, user__is_active=True, user__groups__name=Role.CLERK.value)
    return [person.user for person in people.select_related("user").distinct()]


def chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def document_url(document: OfficialDocument) -> str:
    return reverse("documents:detail", args=[document.pk])


# --- rules ---------------------------------------------------------------------------------------------------


def _subordinates(sender: Unit | None, units: Iterable[Unit]) -> list[str]:
    """Names of the units below `sender` in the organisation tree."""
    if sender is None:
        return []
    names = []
    for unit in units:
        parent = unit.parent
        seen = 0
        while parent is not None and seen < 20:
            if parent.pk == sender.pk:
                names.append(unit.name)
                break
            parent = parent.parent
            seen += 1
    return names


def findings_for(
    values: dict[str, Any],
    *,
    owner_unit: Unit | None,
    primary_units: Iterable[Unit],
    cc_units: Iterable[Unit],
) -> list[RuleFinding]:
    primary = list(primary_units)
    return document_rule_findings(
        doc_type=values.get("doc_type", DocType.NOTICE),
        title=values.get("title", ""),
        body=values.get("body", ""),
        primary_recipients=values.get("primary_recipients", ""),
        classification=int(values.get("classification", Classification.INTERNAL)),
        seal=bool(values.get("seal", True)),
        length_class=values.get("length_class", "general"),
        date_of_writing=values.get("date_of_writing"),
        today=timezone.localdate(),
        primary_unit_count=len(primary),
        subordinate_cc_names=_subordinates(owner_unit, cc_units),
    )


def document_findings(document: OfficialDocument) -> list[RuleFinding]:
    values = {name: getattr(document, name) for name in EDITABLE_FIELDS}
    return findings_for(
        values,
        owner_unit=document.owner_unit,
        primary_units=document.primary_units.all() if document.pk else [],
        cc_units=document.cc_units.all() if document.pk else [],
    )


def _refuse_errors(findings: list[RuleFinding]) -> None:
    errors = errors_of(findings)
    if errors:
        raise ServiceError("；".join(f.message for f in errors), code=errors[0].code)


def _clean(values: dict[str, Any], by_person: Person) -> dict[str, Any]:
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(f"不能修改这些字段：{'、'.join(sorted(unknown))}", code="unknown_field")
    cleaned = dict(values)
    for name in (
        "title",
        "body",
        "primary_recipients",
        "cc_recipients",
        "attachment_note",
        "note",
        *MINUTES_FIELDS,
    ):
        if name in cleaned and cleaned[name] is not None:
            cleaned[name] = str(cleaned[name]).strip()
    if "urgency" in cleaned and cleaned["urgency"] not in Urgency.values:
        raise ServiceError("紧急程度只能是特急或加急", code="invalid_urgency", field="urgency")
    if "publicity" in cleaned and not cleaned["publicity"]:
        cleaned["publicity"] = Publicity.NOT_PUBLIC  # not chosen: the safe default
    if "publicity" in cleaned and cleaned["publicity"] not in Publicity.values:
        raise ServiceError(
            "公开属性只能是主动公开、依申请公开或不予公开", code="invalid_publicity", field="publicity"
        )
    if "classification" in cleaned:
        level = int(cleaned["classification"])
        if level not in Classification.values:
            raise ServiceError("密级无效", code="invalid_classification", field="classification")
        if not clearance_covers(by_person.clearance, level):
            raise ServiceError(
                f"您的涉密等级不能拟制{Classification(level).label}公文",
                code="clearance_too_low",
                field="classification",
            )
    return cleaned


def _refuse_secret_made_public(values: dict[str, Any]) -> None:
    """A state secret is never released to the public: 主动公开 is for 公开 and 内部 documents only."""
    level = int(values.get("classification", Classification.INTERNAL))
    if values.get("publicity") == Publicity.PROACTIVE and Classification(level).is_state_secret:
        raise ServiceError(
            f"{Classification(level).label}公文属于国家秘密，公开属性不能为主动公开",
            code="secret_not_publishable",
            field="publicity",
        )


def _drop_minutes_lists_unless_minutes(document: OfficialDocument) -> None:
    """The lists belong to a 纪要 only: a draft of another 文种 (or changed to one) keeps none."""
    if not document.is_minutes:
        for name in MINUTES_FIELDS:
            setattr(document, name, "")


# --- drafting ------------------------------------------------------------------------------------------------


def document_draft_create(
    *,
    by: Actor,
    doc_type: str,
    title: str,
    body: str = "",
    primary_units: Iterable[Unit] = (),
    cc_units: Iterable[Unit] = (),
    **values: Any,
) -> OfficialDocument:
    """A 文书 or any business person drafts an outgoing document; rule errors refuse it with no change."""
    person = require_person(by)
    values = _clean({"doc_type": doc_type, "title": title, "body": body, **values}, person)
    primary, cc = list(primary_units), list(cc_units)
    _refuse_secret_made_public(values)
    _refuse_errors(findings_for(values, owner_unit=person.unit, primary_units=primary, cc_units=cc))
    with transaction.atomic():
        document = OfficialDocument(
            direction=Direction.OUTGOING,
            state=DocState.DRAFT,
            drafter=person,
            owner_person=person,
            owner_unit=person.unit,
            **values,
        )
        _drop_minutes_lists_unless_minutes(document)
        document.agency_code = document.agency_code or person.unit.agency_code
        document.signature = document.signature or person.unit.name
        document.printing_office = document.printing_office or person.unit.name
        document.simhash = dedup.simhash(document.title + "\n" + document.body)
        document.save()
        document.primary_units.set(primary)
        document.cc_units.set(cc)
        if not document.primary_recipients and primary:
            document.primary_recipients = "、".join(unit.name for unit in primary)
        if not document.cc_recipients and cc:
            document.cc_recipients = "、".join(unit.name for unit in cc)
        document.save(update_fields=["primary_recipients", "cc_recipients"])
        record_event(document, by=by, action="create", from_state="")
        audit(document, by=by, action="draft.create", doc_type=document.doc_type)
    return document


def document_draft_update(
    *,
    document: OfficialDocument,
    by: Actor,
    primary_units: Iterable[Unit] | None = None,
    cc_units: Iterable[Unit] | None = None,
    **values: Any,
) -> OfficialDocument:
    """The drafter edits a draft (or a draft returned in review); rule errors refuse it with no change."""
    person = require_person(by)
    with transaction.atomic():
        document = lock(document)
        RULES.require("edit", by, document)
        level_before = document.classification
        cleaned = _clean(values, person)
        merged = {name: getattr(document, name) for name in EDITABLE_FIELDS} | cleaned
        _refuse_secret_made_public(merged)
        primary = list(primary_units) if primary_units is not None else list(document.primary_units.all())
        cc = list(cc_units) if cc_units is not None else list(document.cc_units.all())
        _refuse_errors(
            findings_for(merged, owner_unit=document.owner_unit, primary_units=primary, cc_units=cc)
        )
        for name, value in cleaned.items():
            setattr(document, name, value)
        _drop_minutes_lists_unless_minutes(document)
        document.simhash = dedup.simhash(document.title + "\n" + document.body)
        document.save()
        document.primary_units.set(primary)
        document.cc_units.set(cc)
        if document.classification > level_before and Classification(document.classification).is_state_secret:
            from zhongshu.attachments.services import seal_files_of

            # Raised to 秘密 or above: attachments still kept in clear (stored before every file was) are not.
            seal_files_of(document, by=by)
        record_event(document, by=by, action="edit", from_state=document.state)
        audit(document, by=by, action="draft.update", fields=sorted(cleaned))
    return document


# --- review, countersign, sign-off ---------------------------------------------------------------------------


def widen_knowledge(
    document: OfficialDocument, *, people: Iterable[Person] = (), units: Iterable[Unit] = ()
) -> None:
    """Add the people and units a document now reaches to its 知悉范围 (need-to-know), whatever its level.

    This is how 工作秘密 stays with those who should know it (issue 14): a 内部 document is known to its own
    unit and to whoever it reaches in the office's flow — reviewers and signer, recipients, the leader asked to
    instruct, handling units, readers — so each step that hands it on records them here (the 知悉范围 of a
    state secret grows the same way, within each person's clearance, which every step checks first)."""
    people, units = list(people), list(units)
    if people:
        document.need_to_know_people.add(*people)
    if units:
        document.need_to_know_units.add(*units)


def document_submit(
    *,
    document: OfficialDocument,
    by: Actor,
    reviewers: list[Person],
    signer: Person,
    countersigners: list[Person] | None = None,
    review_workdays: int = 2,
) -> OfficialDocument:
    """送审: parallel review (核稿) → optional countersign (会签) → the leader's sign-off (签发)."""
    require_person(by)
    countersigners = countersigners or []
    if not reviewers:
        raise ServiceError("至少指定一名核稿人", code="reviewers_required", field="reviewers")
    if not signer.is_leader:
        raise ServiceError(f"{signer.name}不是领导，不能签发", code="signer_not_leader", field="signer")
    with transaction.atomic():
        document = lock(document)
        RULES.require("submit", by, document)  # the drafter, a draft, the yearly quota
        _refuse_errors(document_findings(document))
        for someone in [*reviewers, *countersigners, signer]:
            if not clearance_covers(someone.clearance, document.classification):
                raise ServiceError(
                    f"{someone.name}的涉密等级不能办理{document.get_classification_display()}公文",
                    code="participant_clearance",
                )
        stages = [[StepSpec(StepKind.REVIEW, reviewer, review_workdays) for reviewer in reviewers]]
        if countersigners:
            stages.append(
                [StepSpec(StepKind.COUNTERSIGN, other, review_workdays) for other in countersigners]
            )
        stages.append([StepSpec(StepKind.SIGN_OFF, signer, None)])
        widen_knowledge(document, people=[*reviewers, *countersigners, signer])
        workflow = workflow_start(
            subject=document, title=document.title, kind=WORKFLOW_KIND, stages=stages, by=by
        )
        move(document, DocAction.SUBMIT, by=by, workflow=workflow, signer=signer)
        audit(document, by=by, action="submit", reviewers=[r.pk for r in reviewers], signer=signer.pk)
    return document


def _my_open_step(document: OfficialDocument, by: Actor, kinds: Iterable[str]) -> Step:
    step = (
        Step.objects.select_related("assignee", "workflow")
        .filter(
            workflow_id=document.workflow_id or 0,
            kind__in=list(kinds),
            assignee__user_id=by.pk,
            state=StepState.OPEN,
        )
        .first()
    )
    if step is None:
        raise Forbidden("您在本文当前环节没有待办事项", code="no_open_step")
    return step


def _record_errors(
    document: OfficialDocument, *, by: Actor, errors: Iterable[dict[str, str]] | None
) -> list[ErrorBookEntry]:
    entries = []
    for error in errors or []:
        wrong = (error.get("wrong_text") or "").strip()
        if not wrong:
            continue
        entries.append(
            ErrorBookEntry.objects.create(
                document=document,
                drafter=document.drafter,
                unit=document.owner_unit,
                category=(error.get("category") or "other")[:20],
                rule_id=(error.get("rule_id") or "")[:60],
                wrong_text=wrong[:200],
                correction=(error.get("correction") or "").strip()[:200],
                explanation=(error.get("explanation") or "").strip()[:300],
                confirmed_by=by,
            )
        )
    return entries


def document_review(
    *,
    document: OfficialDocument,
    by: Actor,
    approve: bool,
    opinion: str = "",
    confirmed_errors: Iterable[dict[str, str]] | None = None,
) -> OfficialDocument:
    """A reviewer (or countersigning unit) approves or returns with comments; confirmed errors enter the 错题本."""
    with transaction.atomic():
        document = lock(document)
        RULES.require("review", by, document)
        step = _my_open_step(document, by, [StepKind.REVIEW, StepKind.COUNTERSIGN])
        entries = _record_errors(document, by=by, errors=confirmed_errors)
        if not approve:
            # The return reaches the document through document_workflow_returned, as from any page.
            step_return(step=step, by=by, reason=opinion)
            if entries:
                audit(document, by=by, action="errors.confirm", errors=len(entries))
            return document
        step_approve(step=step, by=by, opinion=opinion)
        record_event(document, by=by, action=f"{step.kind}.approve", from_state=document.state, note=opinion)
        audit(document, by=by, action=f"{step.kind}.approve", errors=len(entries))
    return document


def document_resubmit(*, document: OfficialDocument, by: Actor) -> OfficialDocument:
    """The drafter sends a returned draft on again: a new round of the returned stage opens."""
    with transaction.atomic():
        document = lock(document)
        RULES.require("resubmit", by, document)
        assert document.workflow is not None  # noqa: S101 - the rule requires a returned workflow
        _refuse_errors(document_findings(document))
        document.simhash = dedup.simhash(document.title + "\n" + document.body)
        document.save(update_fields=["simhash", "updated_at"])
        workflow_resubmit(workflow=document.workflow, by=by)  # document_workflow_resubmitted records it
    return document


def _text_digest(document: OfficialDocument) -> str:
    # A substantive change is one that changes words, not spacing or punctuation.
    text = re.sub(
        r"[\s\W_]+", "", document.title + document.body + document.attachment_note, flags=re.UNICODE
    )
    return hashlib.sha256(text.encode()).hexdigest()


def document_sign_off(*, document: OfficialDocument, by: Actor, opinion: str = "") -> OfficialDocument:
    """签发: only when every review and countersign is done; the signer's name, opinion and full time are kept."""
    with transaction.atomic():
        document = lock(document)
        RULES.require("sign_off", by, document)
        sign_step = sign_off_step(by, document)
        assert sign_step is not None  # noqa: S101 - the rule found the viewer's open sign-off step
        # Approving the last step signs the document (document_workflow_approved), as from the step page.
        step_approve(step=sign_step, by=by, opinion=opinion.strip() or "同意")
        return lock(document)


# --- What the workflow tells the document (registered in DocumentsConfig.ready) ---------------------------


def _subject_of(outcome: WorkflowOutcome) -> OfficialDocument | None:
    """The document, locked, when `outcome` is about its current workflow (not an earlier, finished one)."""
    document = OfficialDocument.objects.select_for_update().filter(pk=outcome.workflow.object_id).first()
    if document is None or document.workflow_id != outcome.workflow.pk:
        return None
    return document


def document_workflow_approved(outcome: WorkflowOutcome) -> None:
    """签发: the chain's last step, its sign-off, was approved; the document is signed at that step's time."""
    document = _subject_of(outcome)
    if document is None or document.state != DocState.IN_REVIEW:
        return
    step = outcome.step
    if step is None or step.kind != StepKind.SIGN_OFF:
        raise InvalidTransition("公文流程的最后环节须为签发", code="last_step_not_sign_off")
    signer = step.assignee
    move(
        document,
        DocAction.SIGN_OFF,
        by=outcome.by,
        at=outcome.at,
        note=outcome.opinion,
        signer=signer,
        signed_at=outcome.at,
        signers=signer.name,
        date_of_writing=document.date_of_writing or timezone.localtime(outcome.at).date(),
        signed_text_digest=_text_digest(document),
    )
    audit(document, by=outcome.by, action="sign_off", signed_at=outcome.at.isoformat())
    if document.drafter is not None:
        notify(
            recipient=document.drafter.user,
            about=document,
            kind="documents.signed",
            title=f"已签发：{document.title}",
            link=document_url(document),
            dedupe_key=f"documents.{document.pk}.signed.{document.drafter.user_id}.{outcome.at:%Y%m%d%H%M%S%f}",
        )


def document_workflow_returned(outcome: WorkflowOutcome) -> None:
    """A reviewer, countersigner or the signer sent the draft back: the document's history says who and why."""
    document = _subject_of(outcome)
    if document is None or outcome.step is None:
        return
    action = f"{outcome.step.kind}.return"
    record_event(
        document, by=outcome.by, action=action, from_state=document.state, note=outcome.reason, at=outcome.at
    )
    audit(document, by=outcome.by, action=action)


def document_workflow_resubmitted(outcome: WorkflowOutcome) -> None:
    document = _subject_of(outcome)
    if document is None:
        return
    record_event(document, by=outcome.by, action="resubmit", from_state=document.state, at=outcome.at)
    audit(document, by=outcome.by, action="resubmit")


def document_workflow_cancelled(outcome: WorkflowOutcome) -> None:
    """The chain was withdrawn (撤回修改): the draft goes back to 拟稿 with its opinions kept on the workflow."""
    document = _subject_of(outcome)
    if document is None or document.state != DocState.IN_REVIEW:
        return
    move(document, DocAction.WITHDRAW, by=outcome.by, at=outcome.at, note=outcome.reason)
    audit(document, by=outcome.by, action="withdraw")


def document_recheck(
    *,
    document: OfficialDocument,
    by: Actor,
    title: str | None = None,
    body: str | None = None,
    note: str = "",
) -> OfficialDocument:
    """复核 by a 文书: wording and format fixes pass; a substantive change goes back to the signer."""
    with transaction.atomic():
        document = lock(document)
        RULES.require("recheck", by, document)
        if title is not None:
            document.title = title.strip()
        if body is not None:
            document.body = body.strip()
        _refuse_errors(document_findings(document))
        if _text_digest(document) != document.signed_text_digest:
            signer = document.signer
            assert signer is not None  # noqa: S101 - a signed document always has its signer
            workflow = workflow_start(
                subject=document,
                title=f"{document.title}（复核修改后重新签发）",
                kind=WORKFLOW_KIND,
                stages=[[StepSpec(StepKind.SIGN_OFF, signer, None)]],
                by=by,
            )
            move(
                document,
                DocAction.BACK_TO_SIGNER,
                by=by,
                note=note or "复核发现实质性修改，退回签发人",
                workflow=workflow,
            )
            audit(document, by=by, action="recheck.back_to_signer")
        else:
            move(document, DocAction.RECHECK, by=by, note=note)
            audit(document, by=by, action="recheck")
    return document


# --- 精文减会 ------------------------------------------------------------------------------------------------


def document_quota_override(*, document: OfficialDocument, by: Actor, reason: str) -> QuotaOverride:
    """A leader consents in writing to one document beyond the unit's yearly quota (recorded by quotas)."""
    leader = require_role(by, Role.LEADER, "同意突破发文额度")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("突破发文额度须有书面说明", code="reason_required", field="reason")
    with transaction.atomic():
        document = lock(document)
        RULES.require("quota_override", by, document)
        assert document.owner_unit_id is not None  # the rule: only a unit's used-up quota is overridden
        override = quota_override_record(
            by=by,
            kind=DOCUMENTS_QUOTA,
            unit_id=document.owner_unit_id,
            year=timezone.localdate().year,
            record=document,
            reason=reason,
            leader=leader,
        )
        document.quota_override = True
        document.save(update_fields=["quota_override", "updated_at"])
        record_event(document, by=by, action="quota.override", from_state=document.state, note=reason)
        audit(document, by=by, action="quota.override")
    return override


# --- registration, numbering, printing, dispatch, archive ----------------------------------------------------


def document_register(
    *, document: OfficialDocument, by: Actor, copies: int, explanation: str = ""
) -> OfficialDocument:
    """登记: the number, the distribution and the number of copies are fixed, in one transaction.

    A registration that takes the unit's yearly count over last year's needs `explanation` (2024 rules).
    """
    require_role(by, Role.CLERK, "登记发文")
    explanation = (explanation or "").strip()
    if copies < 1:
        raise ServiceError("印发份数至少为1份", code="copies_required", field="copies")
    with transaction.atomic():
        document = lock(document)
        # Who, the state, the agency code, the upward signer and the yearly quota: the register rule.
        RULES.require("register", by, document)
        _refuse_errors(document_findings(document))
        agency_code = document.agency_code or (document.owner_unit.agency_code if document.owner_unit else "")
        today = timezone.localdate()
        status = document_quota_status(document.owner_unit_id, today.year)
        if status.next_exceeds_last_year and not explanation:
            raise ServiceError(status.explanation_message, code="explanation_required", field="explanation")
        serial = allocate_serial(outgoing_scope(agency_code), today.year)
        move(
            document,
            DocAction.REGISTER,
            by=by,
            note=f"发文数量超过上年的说明：{explanation}" if status.next_exceeds_last_year else "",
            count_explanation=explanation[:2000] if status.next_exceeds_last_year else "",
            agency_code=agency_code,
            doc_year=today.year,
            doc_serial=serial,
            doc_number=format_doc_number(agency_code, today.year, serial),
            copies=copies,
            print_date=today,
            registered_at=timezone.now(),
        )
        audit(document, by=by, action="register", doc_number=document.doc_number, copies=copies)
    return document


def document_number_void(*, document: OfficialDocument, by: Actor, reason: str) -> VoidedNumber:
    """作废文号: the serial stays used and is recorded with its reason; the document can be registered again."""
    require_role(by, Role.CLERK, "作废文号")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("作废文号须说明理由", code="reason_required", field="reason")
    with transaction.atomic():
        document = lock(document)
        RULES.require("void_number", by, document)
        assert document.doc_serial is not None  # noqa: S101 - the rule requires a registered number
        voided = VoidedNumber.objects.create(
            agency_code=document.agency_code,
            year=document.doc_year or 0,
            serial=document.doc_serial,
            doc_number=document.doc_number,
            document=document,
            reason=reason[:300],
            voided_by=by,
        )
        before = document.state
        document.state = DocState.RECHECKED
        document.doc_serial = None
        document.doc_number = ""
        document.save()
        record_event(
            document, by=by, action="number.void", from_state=before, note=f"{voided.doc_number}：{reason}"
        )
        audit(document, by=by, action="number.void", doc_number=voided.doc_number, reason=reason)
    return voided


def next_copy_number(document: OfficialDocument) -> str:
    taken = PrintedCopy.objects.filter(document=document).count()
    return f"{taken + 1:06d}"


def document_print_copy(*, document: OfficialDocument, by: Actor) -> PrintedCopy:
    """One printed (downloaded) copy of a classified document: its own 份号, audited."""
    with transaction.atomic():
        document = lock(document)
        if not can(by, document, Action.DOWNLOAD):
            raise Forbidden("无权印制本文", code="forbidden")
        if document.copies and PrintedCopy.objects.filter(document=document).count() >= document.copies:
            raise ServiceError(f"已印制{document.copies}份，达到登记的印发份数", code="copies_exhausted")
        copy = PrintedCopy.objects.create(
            document=document, copy_number=next_copy_number(document), printed_by=by
        )
        audit(document, by=by, action="print", copy_number=copy.copy_number)
        # The copy is on the ledger of classified carriers (secrecy) from the moment it exists.
        copy_printed(
            PrintedCopyFacts(
                record=document,
                copy_number=copy.copy_number,
                title=document.title,
                classification=document.classification,
                secrecy_term_years=document.secrecy_term_years,
                source=document.owner_unit.name if document.owner_unit is not None else "",
                by=by,
                at=copy.printed_at,
            )
        )
    return copy


def _may_receive(unit: Unit, classification: int) -> bool:
    if classification < Classification.CONFIDENTIAL:
        return True
    covering = [c for c in range(4) if clearance_covers(c, classification)]
    return Person.objects.filter(unit=unit, clearance__in=covering, user__is_active=True).exists()


def document_dispatch(*, document: OfficialDocument, by: Actor) -> list[Dispatch]:
    """核发: each receiving unit inside 中枢 gets its incoming copy, within the classification rules."""
    with transaction.atomic():
        document = lock(document)
        RULES.require("dispatch", by, document)
        primary = list(document.primary_units.all())
        cc = [unit for unit in document.cc_units.all() if unit not in primary]
        refused = [unit.name for unit in [*primary, *cc] if not _may_receive(unit, document.classification)]
        if refused:
            raise ServiceError(
                f"{'、'.join(refused)}无{document.get_classification_display()}公文的知悉资格人员，不能分发",
                code="dispatch_clearance",
            )
        today = timezone.localdate()
        dispatches = []
        for unit, as_cc in [*((u, False) for u in primary), *((u, True) for u in cc)]:
            incoming = OfficialDocument.objects.create(
                direction=Direction.INCOMING,
                state=DocState.RECEIVED,
                doc_type=document.doc_type,
                title=document.title,
                body=document.body,
                urgency=document.urgency,
                classification=document.classification,
                secrecy_term_years=document.secrecy_term_years,
                issuer_mark=document.issuer_mark,
                doc_number=document.doc_number,
                signers=document.signers,
                primary_recipients=document.primary_recipients,
                cc_recipients=document.cc_recipients,
                attachment_note=document.attachment_note,
                signature=document.signature,
                date_of_writing=document.date_of_writing,
                seal=document.seal,
                note=document.note,
                printing_office=document.printing_office,
                print_date=document.print_date,
                minutes_present=document.minutes_present,
                minutes_absent=document.minutes_absent,
                minutes_attending=document.minutes_attending,
                owner_unit=unit,
                source_unit_name=document.owner_unit.name if document.owner_unit else document.signature,
                source_doc_number=document.doc_number,
                received_on=today,
                copies=1,
                origin=document,
            )
            dispatch = Dispatch.objects.create(
                document=document, recipient_unit=unit, as_cc=as_cc, incoming=incoming
            )
            dispatches.append(dispatch)
            for clerk in clerks_of(unit.pk):
                notify(
                    recipient=clerk,
                    about=incoming,
                    kind="documents.incoming",
                    title=f"{'特急' if document.urgency == Urgency.EXTRA_URGENT else '新'}来文：{document.doc_number} {document.title}",
                    link=document_url(incoming),
                    dedupe_key=f"documents.dispatch.{dispatch.pk}.{clerk.pk}",
                )
        widen_knowledge(document, units=[d.recipient_unit for d in dispatches])
        move(document, DocAction.DISPATCH, by=by, dispatched_at=timezone.now())
        audit(document, by=by, action="dispatch", units=[d.recipient_unit_id for d in dispatches])
    return dispatches


def dispatch_recall(*, dispatch: Dispatch, by: Actor, reason: str) -> Dispatch:
    """撤回: the sender takes back a dispatched copy that the receiving unit has not registered yet."""
    require_role(by, Role.CLERK, "撤回分发")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("撤回须说明理由", code="reason_required", field="reason")
    with transaction.atomic():
        dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
        if not can(by, dispatch.document, Action.CHANGE):
            raise Forbidden("只有发文单位文书才能撤回", code="not_owner_unit")
        if dispatch.recalled_at is not None:
            raise InvalidTransition("该分发已撤回", code="already_recalled")
        incoming = dispatch.incoming
        if incoming is None or incoming.state != DocState.RECEIVED:
            raise InvalidTransition("接收单位已签收登记，不能撤回", code="already_registered")
        incoming = lock(incoming)
        move(incoming, DocAction.RECALL, by=by, note=reason)
        dispatch.recalled_at = timezone.now()
        dispatch.recall_reason = reason[:300]
        dispatch.save(update_fields=["recalled_at", "recall_reason"])
        audit(
            dispatch.document, by=by, action="dispatch.recall", unit=dispatch.recipient_unit_id, reason=reason
        )
    return dispatch


def document_hand_to_archive(*, document: OfficialDocument, by: Actor) -> OfficialDocument:
    """移交归档: the unit's clerk hands a closed document over; the archivist files it (`document_filed`)."""
    with transaction.atomic():
        document = lock(document)
        RULES.require("archive", by, document)
        move(document, DocAction.ARCHIVE, by=by, archive_state=ArchiveState.HANDED_OVER)
        audit(document, by=by, action="archive")
    return document


def document_filed(*, document: OfficialDocument, by: Actor, reference_code: str = "") -> None:
    """归档入库: the archivist filed the document as item `reference_code` (called inside the filing's
    transaction, the row locked, the archivist's rights already checked there). A closed document not yet
    handed over becomes 已归档 too."""
    note = f"归档入库（档号 {reference_code}）" if reference_code else "归档入库"
    if document.state != DocState.ARCHIVED:
        move(document, DocAction.ARCHIVE, by=by, note=note, archive_state=ArchiveState.FILED)
    else:
        before = document.state
        document.archive_state = ArchiveState.FILED
        document.save(update_fields=["archive_state", "updated_at"])
        record_event(document, by=by, action=DocAction.ARCHIVE, from_state=before, note=note)
    audit(document, by=by, action="filed", reference_code=reference_code)

"""One input contract per document action, for the page and the API alike.

Each contract reads a request's `Input` (the page's form, or the API's JSON or multipart body) with
`parse(data, viewer, document)` — references resolved through the access policy, unreadable values refused
with a `ServiceError` — and `apply(document=..., by=...)` calls the one service of the action. The draft and
the paper incoming registration keep the Django forms their pages render: the contract runs the same form
for the API (`core.inputs.cleaned`), so both edges validate alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, TypeVar

from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, cleaned, form_data
from zhongshu.documents import incoming, publication, services
from zhongshu.documents.forms import DraftForm, PaperIncomingForm
from zhongshu.documents.models import CirculationSlip, Dispatch, Handling, OfficialDocument
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Person, Unit

REASON = 500  # the longest reason a record keeps


T = TypeVar("T")


def _required(value: T | None, message: str, *, code: str, field: str) -> T:
    if value is None:
        raise ServiceError(message, code=code, field=field)
    return value


# --- The draft and the paper incoming registration: the pages' forms ------------------------------------

# The API's earlier names for the recipients, still read from a JSON body.
_UNIT_ALIASES = {"primary_unit_ids": "primary_units", "cc_unit_ids": "cc_units"}


@dataclass(frozen=True)
class DraftIn:
    """A draft's fields (拟稿). Editing through the API, a field left out keeps its value."""

    form_class: ClassVar[type[DraftForm]] = DraftForm
    values: dict[str, Any]
    primary_units: list[Unit]
    cc_units: list[Unit]
    form: DraftForm = field(repr=False)

    @classmethod
    def bind(cls, data: Input, viewer: Any, document: OfficialDocument | None = None) -> DraftForm:
        current: dict[str, Any] | None = None
        if document is not None:
            current = {name: getattr(document, name) for name in services.EDITABLE_FIELDS}
            current["primary_units"] = [unit.pk for unit in document.primary_units.all()]
            current["cc_units"] = [unit.pk for unit in document.cc_units.all()]
        if not data.is_form:
            data = Input({_UNIT_ALIASES.get(name, name): value for name, value in data.data.items()})
        raw = form_data(data, DraftForm, current)
        return DraftForm(raw, viewer=viewer)

    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument | None = None) -> DraftIn:
        form = cls.bind(data, viewer, document)
        values = cleaned(form)
        primary, cc = list(values.pop("primary_units")), list(values.pop("cc_units"))
        return cls(values=values, primary_units=primary, cc_units=cc, form=form)

    def create(self, *, by: Actor) -> OfficialDocument:
        return services.document_draft_create(
            by=by, primary_units=self.primary_units, cc_units=self.cc_units, **self.values
        )

    def update(self, *, document: OfficialDocument, by: Actor) -> OfficialDocument:
        return services.document_draft_update(
            document=document, by=by, primary_units=self.primary_units, cc_units=self.cc_units, **self.values
        )


@dataclass(frozen=True)
class PaperIncomingIn:
    """登记纸质来文."""

    form_class: ClassVar[type[PaperIncomingForm]] = PaperIncomingForm
    values: dict[str, Any]
    form: PaperIncomingForm = field(repr=False)

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> PaperIncomingIn:
        form = PaperIncomingForm(form_data(data, PaperIncomingForm))
        return cls(values=cleaned(form), form=form)

    def apply(self, *, by: Actor) -> OfficialDocument:
        return incoming.incoming_register_paper(by=by, **self.values)


# --- Actions on one document --------------------------------------------------------------------------


class DocumentContract(Protocol):
    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument) -> DocumentContract: ...

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any: ...


@dataclass(frozen=True)
class SubmitIn:
    """送审: reviewers in parallel, optional countersigners, the signing leader, the review time limit."""

    reviewers: list[Person]
    countersigners: list[Person]
    signer: Person
    review_workdays: int

    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument) -> SubmitIn:
        reviewers = org_inputs.people(data, "reviewers", viewer, label="核稿人")
        if not reviewers:
            raise ServiceError("请选择核稿人", code="reviewers_required", field="reviewers")
        signer = org_inputs.person(data, "signer", viewer, label="签发领导", leaders_only=True)
        return cls(
            reviewers=reviewers,
            countersigners=org_inputs.people(data, "countersigners", viewer, label="会签人"),
            signer=_required(signer, "请选择签发领导", code="signer_required", field="signer"),
            review_workdays=data.integer("review_workdays", label="核稿时限（工作日）", low=1, high=30) or 2,
        )

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return services.document_submit(
            document=document,
            by=by,
            reviewers=self.reviewers,
            countersigners=self.countersigners,
            signer=self.signer,
            review_workdays=self.review_workdays,
        )


ERROR_COLUMNS = {
    "wrong_text": "wrong_text",
    "correction": "correction",
    "category": "category",
    "rule_id": "rule_id",
}


@dataclass(frozen=True)
class ReviewIn:
    """核稿: the opinion and the errors found (`confirmed_errors`: {wrong_text, correction, category, rule_id});
    a form sends them as parallel fields, and a proofreader's finding counts only when its index is in
    `confirm`."""

    approve: ClassVar[bool] = True
    opinion: str
    confirmed_errors: list[dict[str, str]]

    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument) -> ReviewIn:
        listed = not data.is_form and data.has("confirmed_errors")
        confirmed = {str(raw) for raw in data.values("confirm")}
        errors = []
        for index, row in enumerate(data.rows("confirmed_errors", ERROR_COLUMNS)):
            values = {key: row.text(key, label="差错", field="confirmed_errors") for key in ERROR_COLUMNS}
            if not listed and values["rule_id"] and str(index) not in confirmed:
                continue  # a proofreader finding the reviewer did not confirm
            values["category"] = values["category"] or "other"
            errors.append(values)
        return cls(opinion=data.text("opinion", label="意见", max_length=500), confirmed_errors=errors)

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return services.document_review(
            document=document,
            by=by,
            approve=self.approve,
            opinion=self.opinion,
            confirmed_errors=self.confirmed_errors,
        )


@dataclass(frozen=True)
class ReturnIn(ReviewIn):
    """核稿退回拟稿人, with the opinion and the errors found."""

    approve: ClassVar[bool] = False


@dataclass(frozen=True)
class OpinionIn:
    """签发, with the leader's opinion."""

    opinion: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument) -> OpinionIn:
        return cls(opinion=data.text("opinion", label="签发意见", max_length=500))

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return services.document_sign_off(document=document, by=by, opinion=self.opinion)


@dataclass(frozen=True)
class RecheckIn:
    """复核, with a note."""

    note: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument) -> RecheckIn:
        return cls(note=data.text("note", label="复核意见", max_length=500))

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return services.document_recheck(document=document, by=by, note=self.note)


@dataclass(frozen=True)
class RegisterIn:
    """登记编号: the copies printed, and an explanation when the unit's quota is used up."""

    copies: int
    explanation: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument) -> RegisterIn:
        return cls(
            copies=data.integer("copies", label="份数", low=0) or 0,
            explanation=data.text("explanation", label="说明", max_length=500),
        )

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return services.document_register(
            document=document, by=by, copies=self.copies, explanation=self.explanation
        )


@dataclass(frozen=True)
class VoidNumberIn:
    """作废文号, with the reason."""

    reason: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument) -> VoidNumberIn:
        return cls(reason=data.text("reason", label="理由", max_length=REASON))

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return services.document_number_void(document=document, by=by, reason=self.reason)


@dataclass(frozen=True)
class QuotaOverrideIn(VoidNumberIn):
    """同意突破发文额度, with the written reason."""

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return services.document_quota_override(document=document, by=by, reason=self.reason)


@dataclass(frozen=True)
class RecallIn:
    """撤回一份分发 (one of this document's), with the reason."""

    dispatch: Dispatch
    reason: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument) -> RecallIn:
        dispatch = data.record(
            "dispatch", Dispatch.objects.filter(document=document), label="分发记录", code="unknown_dispatch"
        )
        return cls(
            dispatch=_required(dispatch, "请选择要撤回的分发", code="dispatch_required", field="dispatch"),
            reason=data.text("reason", label="理由", max_length=REASON),
        )

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return services.dispatch_recall(dispatch=self.dispatch, by=by, reason=self.reason)


@dataclass(frozen=True)
class NoInput:
    """No fields."""

    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument) -> Any:
        return cls()

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:  # pragma: no cover - each subclass acts
        raise NotImplementedError


@dataclass(frozen=True)
class ResubmitIn(NoInput):
    """重新送审."""

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return services.document_resubmit(document=document, by=by)


@dataclass(frozen=True)
class DispatchIn(NoInput):
    """分发 to the primary and copied units."""

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return services.document_dispatch(document=document, by=by)


@dataclass(frozen=True)
class ArchiveIn(NoInput):
    """归档: an outgoing document is handed to the archive, an incoming one archived."""

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        if document.is_outgoing:
            return services.document_hand_to_archive(document=document, by=by)
        return incoming.incoming_archive(document=document, by=by)


@dataclass(frozen=True)
class PublishIn(NoInput):
    """发布 an issued 主动公开 document, once its 公开审查 has passed for the text as it stands."""

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return publication.document_publish(document=document, by=by)


@dataclass(frozen=True)
class InRegisterIn(NoInput):
    """签收登记 a dispatched copy."""

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return incoming.incoming_register(document=document, by=by)


@dataclass(frozen=True)
class CompleteIn(NoInput):
    """办结 an incoming document."""

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return incoming.incoming_complete(document=document, by=by)


@dataclass(frozen=True)
class SuperviseIn(NoInput):
    """转为督办事项: the leader's instruction becomes a supervision item."""

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return incoming.instruction_to_supervision(document=document, by=by)


@dataclass(frozen=True)
class ScreenIn:
    """初审: passed or not, with a note."""

    passed: bool
    note: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument) -> ScreenIn:
        return cls(
            passed=data.flag("passed", label="初审结论"),
            note=data.text("note", label="初审意见", max_length=500),
        )

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return incoming.incoming_screen(document=document, by=by, passed=self.passed, note=self.note)


@dataclass(frozen=True)
class ProposeIn:
    """拟办: the proposal and the leader who is to instruct."""

    proposal: str
    leader: Person

    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument) -> ProposeIn:
        leader = org_inputs.person(data, "leader", viewer, label="批示领导", leaders_only=True)
        return cls(
            proposal=data.text("proposal", label="拟办意见"),
            leader=_required(leader, "请选择批示领导", code="leader_required", field="leader"),
        )

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return incoming.incoming_propose(document=document, by=by, proposal=self.proposal, leader=self.leader)


@dataclass(frozen=True)
class InstructIn:
    """批示, in the leader's words."""

    instruction: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument) -> InstructIn:
        return cls(instruction=data.text("instruction", label="批示"))

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return incoming.incoming_instruct(document=document, by=by, instruction=self.instruction)


@dataclass(frozen=True)
class AssignIn:
    """交办承办: the units, the lead unit among them (when several), the time limit in working days."""

    units: list[Unit]
    lead_unit: Unit | None
    workdays: int

    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument) -> AssignIn:
        return cls(
            units=org_inputs.units(data, "units", viewer, label="承办单位"),
            lead_unit=org_inputs.unit(data, "lead_unit", viewer, label="牵头单位"),
            workdays=data.integer("workdays", label="办理时限（工作日）") or 0,
        )

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return incoming.incoming_assign(
            document=document, by=by, units=self.units, workdays=self.workdays, lead_unit=self.lead_unit
        )


@dataclass(frozen=True)
class CirculateIn:
    """送传阅 to the readers."""

    readers: list[Person]

    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument) -> CirculateIn:
        return cls(readers=org_inputs.people(data, "readers", viewer, label="传阅人"))

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return incoming.incoming_circulate(document=document, by=by, readers=self.readers)


@dataclass(frozen=True)
class ReadIn:
    """阅 one circulation slip of this document, with a remark."""

    slip: CirculationSlip
    remark: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument) -> ReadIn:
        slip = data.record(
            "slip", CirculationSlip.objects.filter(document=document), label="传阅单", code="unknown_slip"
        )
        return cls(
            slip=_required(slip, "请选择传阅单", code="slip_required", field="slip"),
            remark=data.text("remark", label="阅示", max_length=500),
        )

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return incoming.circulation_read(slip=self.slip, by=by, remark=self.remark)


def _handling(data: Input, document: OfficialDocument) -> Handling:
    handling = data.record(
        "handling", Handling.objects.filter(document=document), label="承办记录", code="unknown_handling"
    )
    return _required(handling, "请选择承办记录", code="handling_required", field="handling")


@dataclass(frozen=True)
class RemindIn:
    """催办 one unit's handling of this document."""

    handling: Handling

    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument) -> RemindIn:
        return cls(handling=_handling(data, document))

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return incoming.handling_remind(handling=self.handling, by=by)


@dataclass(frozen=True)
class HandledIn:
    """报告办结 of one unit's handling, with the result."""

    handling: Handling
    result: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, document: OfficialDocument) -> HandledIn:
        return cls(handling=_handling(data, document), result=data.text("result", label="办理结果"))

    def apply(self, *, document: OfficialDocument, by: Actor) -> Any:
        return incoming.handling_complete(handling=self.handling, by=by, result=self.result)


@dataclass(frozen=True)
class Step:
    """An action on a document: its contract, the API's path segment, what the page says once done."""

    contract: type[DocumentContract]
    path: str
    done: str


# Keyed by the page's action slug, in the order the flows go.
DOCUMENT_ACTIONS: dict[str, Step] = {
    "submit": Step(SubmitIn, "submit", "已送审"),
    "approve": Step(ReviewIn, "approve", "已同意"),
    "return": Step(ReturnIn, "return", "已退回拟稿人"),
    "resubmit": Step(ResubmitIn, "resubmit", "已重新送审"),
    "sign_off": Step(OpinionIn, "sign-off", "已签发"),
    "recheck": Step(RecheckIn, "recheck", "已复核"),
    "register": Step(RegisterIn, "register", "已登记编号"),
    "void_number": Step(VoidNumberIn, "void-number", "文号已作废"),
    "quota_override": Step(QuotaOverrideIn, "quota-override", "已同意突破额度"),
    "dispatch": Step(DispatchIn, "dispatch", "已分发"),
    "recall": Step(RecallIn, "recall", "已撤回"),
    "archive": Step(ArchiveIn, "archive", "已归档"),
    "publish": Step(PublishIn, "publish", "已发布"),
    "in_register": Step(InRegisterIn, "in-register", "已签收登记"),
    "screen": Step(ScreenIn, "screen", "已初审"),
    "propose": Step(ProposeIn, "propose", "已拟办"),
    "instruct": Step(InstructIn, "instruct", "已批示"),
    "assign": Step(AssignIn, "assign", "已交办"),
    "circulate": Step(CirculateIn, "circulate", "已送传阅"),
    "read": Step(ReadIn, "read", "已阅"),
    "remind": Step(RemindIn, "remind", "已催办"),
    "handled": Step(HandledIn, "handled", "已报告办结"),
    "complete": Step(CompleteIn, "complete", "已办结"),
    "supervise": Step(SuperviseIn, "supervise", "已转为督办事项"),
}


def document_action(action: str, *, document: OfficialDocument, by: Actor, data: Input) -> Any:
    """Parse `data` with the action's contract and do it; what the service returns."""
    step = DOCUMENT_ACTIONS.get(action)
    if step is None:
        raise ServiceError("未知操作", code="unknown_action")
    return step.contract.parse(data, by, document).apply(document=document, by=by)

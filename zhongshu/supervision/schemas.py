"""One input contract per supervision action, for the page and the API alike.

Each contract reads a request's `Input` (a page's form with its files, or an API call's JSON or multipart
body) with `parse(data, viewer, item=...)`: every reference resolved through the access policy, every
unreadable value refused with a `ServiceError` (code, Chinese message, field). `apply(item=..., by=...)`
calls the one service that does the action. `item_action` runs both for the page's action URL and the
API's routes, so the two edges cannot drift apart again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from django.core.files.uploadedfile import UploadedFile

from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, max_length_of
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Person, Unit
from zhongshu.supervision import services
from zhongshu.supervision.forms import parse_problem_lines, problem_list_errors
from zhongshu.supervision.models import Category, Milestone, Priority, ProblemList, SupervisionItem
from zhongshu.supervision.reminders import supervision_item_press

VERSION = "版本号"
FILES = "附件"


def _version(data: Input) -> int | None:
    return data.integer("version", label=VERSION, low=1)


@dataclass(frozen=True)
class OpenIn:
    """立项. `read_only` (the page's box "仅供阅知") is the same as `action_required: false`."""

    title: str
    source: str
    body: str
    category: str
    priority: int
    source_note: str
    lead_unit: Unit | None
    leader: Person | None
    action_required: bool
    confirm_duplicate: bool

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> OpenIn:
        priority = data.integer("priority", label="紧急程度")
        if priority is not None and priority not in Priority.values:
            raise ServiceError(f"未知的紧急程度：{priority}", code="unknown_priority", field="priority")
        return cls(
            # Its length is the service's to judge (`check_title`: title_too_long), one code for every edge.
            title=data.text("title", label="事项"),
            source=data.text("source", label="来源"),
            body=data.text("body", label="内容"),
            category=data.text("category", label="督查类别") or Category.DECISION,
            priority=priority or Priority.NORMAL,
            source_note=data.text(
                "source_note", label="来源说明", max_length=max_length_of(SupervisionItem, "source_note")
            ),
            lead_unit=org_inputs.unit(data, "lead_unit", viewer, label="牵头单位"),
            leader=org_inputs.person(data, "leader", viewer, label="责任领导"),
            action_required=data.flag("action_required", label="需要办理", default=True)
            and not data.flag("read_only", label="仅供阅知"),
            confirm_duplicate=data.flag("confirm_duplicate", label="确认重复立项"),
        )

    def apply(self, *, by: Actor) -> SupervisionItem:
        return services.supervision_item_open(
            by=by,
            title=self.title,
            source=self.source,
            body=self.body,
            category=self.category,
            priority=self.priority,
            source_note=self.source_note,
            lead_unit=self.lead_unit,
            leader=self.leader,
            action_required=self.action_required,
            confirm_duplicate=self.confirm_duplicate,
        )


class ItemContract(Protocol):
    @classmethod
    def parse(cls, data: Input, viewer: Any, item: SupervisionItem) -> ItemContract: ...

    def apply(self, *, item: SupervisionItem, by: Actor) -> Any: ...


@dataclass(frozen=True)
class AssignIn:
    """交办. A deadline is a date or a number of working days (one of the two). Milestones (一事一策) come
    as a list of {title, due}, or from a form as parallel `milestone_title` and `milestone_due` fields."""

    lead_unit: Unit | None
    co_units: list[Unit]
    deadline: date | None
    deadline_workdays: int | None
    leader: Person | None
    milestones: list[services.PlannedMilestone]
    confirm_duplicate: bool
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, item: SupervisionItem) -> AssignIn:
        milestones = []
        for row in data.rows("milestones", {"title": "milestone_title", "due": "milestone_due"}):
            title = row.text(
                "title", label="节点", max_length=max_length_of(Milestone, "title"), field="milestones"
            ).strip()
            due = row.date("due", label="节点日期", field="milestones")
            if not title:
                if due is None:
                    continue  # an empty row of the form
                raise ServiceError("请填写节点名称", code="milestone_title_required", field="milestones")
            if due is None:
                raise ServiceError(
                    f"请填写节点“{title}”的计划日期", code="milestone_due_required", field="milestones"
                )
            milestones.append(services.PlannedMilestone(title, due))
        return cls(
            lead_unit=org_inputs.unit(data, "lead_unit", viewer, label="牵头单位"),
            co_units=org_inputs.units(data, "co_units", viewer, label="配合单位"),
            deadline=data.date("deadline", label="办理时限"),
            deadline_workdays=data.integer("deadline_workdays", label="办理时限（工作日）"),
            leader=org_inputs.person(data, "leader", viewer, label="责任领导"),
            milestones=milestones,
            confirm_duplicate=data.flag("confirm_duplicate", label="确认重复立项"),
            version=_version(data),
        )

    def apply(self, *, item: SupervisionItem, by: Actor) -> SupervisionItem:
        return services.supervision_item_assign(
            item=item,
            by=by,
            lead_unit=self.lead_unit,
            co_units=self.co_units,
            deadline=self.deadline,
            deadline_workdays=self.deadline_workdays,
            leader=self.leader,
            milestones=self.milestones,
            confirm_duplicate=self.confirm_duplicate,
            version=self.version,
        )


@dataclass(frozen=True)
class ReceiveIn:
    """签收 by the lead unit."""

    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, item: SupervisionItem) -> ReceiveIn:
        return cls(version=_version(data))

    def apply(self, *, item: SupervisionItem, by: Actor) -> SupervisionItem:
        return services.supervision_item_receive(item=item, by=by, version=self.version)


@dataclass(frozen=True)
class ReportIn:
    """反馈进展: the text, the milestone it reaches (one of this item's) and files (multipart)."""

    text: str
    milestone: Milestone | None
    files: list[UploadedFile]

    @classmethod
    def parse(cls, data: Input, viewer: Any, item: SupervisionItem) -> ReportIn:
        return cls(
            text=data.text("text", label="进展情况"),
            milestone=data.record(
                "milestone", Milestone.objects.filter(item=item), label="节点", code="unknown_milestone"
            ),
            files=data.uploads("files", label=FILES),
        )

    def apply(self, *, item: SupervisionItem, by: Actor) -> Any:
        return services.progress_report_submit(
            item=item, by=by, text=self.text, milestone=self.milestone, files=self.files
        )


@dataclass(frozen=True)
class CompletionIn:
    """申请办结: the result and its evidence (files, multipart)."""

    evidence: str
    files: list[UploadedFile]
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, item: SupervisionItem) -> CompletionIn:
        return cls(
            evidence=data.text("evidence", label="办理结果及佐证"),
            files=data.uploads("files", label="佐证材料"),
            version=_version(data),
        )

    def apply(self, *, item: SupervisionItem, by: Actor) -> Any:
        return services.supervision_item_request_completion(
            item=item, by=by, evidence=self.evidence, files=self.files, version=self.version
        )


@dataclass(frozen=True)
class ConfirmIn:
    """销号确认: as the lead unit's head (`unit_head`) or the supervising leader (`leader`); a 督查员 names
    the confirmer who signed on paper."""

    role: str
    confirmer: Person | None
    opinion: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, item: SupervisionItem) -> ConfirmIn:
        return cls(
            role=data.text("role", label="确认人身份"),
            confirmer=org_inputs.person(data, "confirmer", viewer, label="确认人"),
            opinion=data.text("opinion", label="意见", max_length=500),
        )

    def apply(self, *, item: SupervisionItem, by: Actor) -> Any:
        return services.supervision_item_confirm(
            item=item, by=by, role=self.role, confirmer=self.confirmer, opinion=self.opinion
        )


@dataclass(frozen=True)
class CloseOutIn:
    """销号."""

    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, item: SupervisionItem) -> CloseOutIn:
        return cls(version=_version(data))

    def apply(self, *, item: SupervisionItem, by: Actor) -> SupervisionItem:
        return services.supervision_item_close_out(item=item, by=by, version=self.version)


@dataclass(frozen=True)
class ReturnIn:
    """退回重办重报, with the reason."""

    reason: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, item: SupervisionItem) -> ReturnIn:
        return cls(reason=data.text("reason", label="退回理由"), version=_version(data))

    def apply(self, *, item: SupervisionItem, by: Actor) -> SupervisionItem:
        return services.supervision_item_return(item=item, by=by, reason=self.reason, version=self.version)


@dataclass(frozen=True)
class PressIn:
    """督办, with what is required."""

    note: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, item: SupervisionItem) -> PressIn:
        return cls(note=data.text("note", label="督办要求", max_length=500))

    def apply(self, *, item: SupervisionItem, by: Actor) -> Any:
        return supervision_item_press(item=item, by=by, note=self.note)


@dataclass(frozen=True)
class LookBackIn:
    """回头看: `confirmed` or `reopened` (then with a new deadline: a date or working days)."""

    outcome: str
    note: str
    deadline: date | None
    deadline_workdays: int | None
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, item: SupervisionItem) -> LookBackIn:
        return cls(
            outcome=data.text("outcome", label="结论"),
            note=data.text("note", label="回头看情况"),
            deadline=data.date("deadline", label="办理时限"),
            deadline_workdays=data.integer("deadline_workdays", label="办理时限（工作日）"),
            version=_version(data),
        )

    def apply(self, *, item: SupervisionItem, by: Actor) -> Any:
        return services.supervision_item_look_back(
            item=item,
            by=by,
            outcome=self.outcome,
            note=self.note,
            deadline=self.deadline,
            deadline_workdays=self.deadline_workdays,
            version=self.version,
        )


@dataclass(frozen=True)
class WithdrawIn:
    """作废, before 交办, with the reason."""

    reason: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, item: SupervisionItem) -> WithdrawIn:
        return cls(
            reason=data.text(
                "reason", label="作废理由", max_length=max_length_of(SupervisionItem, "withdraw_reason")
            ),
            version=_version(data),
        )

    def apply(self, *, item: SupervisionItem, by: Actor) -> SupervisionItem:
        return services.supervision_item_withdraw(item=item, by=by, reason=self.reason, version=self.version)


@dataclass(frozen=True)
class ItemStep:
    """An action on an item: its contract, and what the page says once it is done."""

    contract: type[ItemContract]
    done: str


# Keyed by the page's action slug (the API's path uses hyphens for the same names).
ITEM_ACTIONS: dict[str, ItemStep] = {
    "assign": ItemStep(AssignIn, "已交办"),
    "receive": ItemStep(ReceiveIn, "已签收"),
    "report": ItemStep(ReportIn, "已反馈进展"),
    "request_completion": ItemStep(CompletionIn, "已申请办结"),
    "confirm": ItemStep(ConfirmIn, "已确认"),
    "close_out": ItemStep(CloseOutIn, "已销号"),
    "return": ItemStep(ReturnIn, "已退回重办重报"),
    "press": ItemStep(PressIn, "已督办"),
    "look_back": ItemStep(LookBackIn, "已记录回头看"),
    "withdraw": ItemStep(WithdrawIn, "已作废"),
}


def item_action(action: str, *, item: SupervisionItem, by: Actor, data: Input) -> Any:
    """Parse `data` with the action's contract and do it; what the service returns."""
    step = ITEM_ACTIONS.get(action)
    if step is None:
        raise ServiceError("未知操作", code="unknown_action")
    return step.contract.parse(data, by, item).apply(item=item, by=by)


# --- 整改: a problem list -------------------------------------------------------------------------------

PROBLEMS_SCHEMA = {
    "anyOf": [
        {"type": "string", "description": "一行一个问题：问题｜整改措施｜责任单位（名称或代码）｜整改时限"},
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "problem": {"type": "string"},
                    "measure": {"type": "string"},
                    "unit": {"type": "integer", "description": "责任单位的 id"},
                    "deadline": {"type": "string", "format": "date"},
                    "deadline_workdays": {"type": "integer"},
                },
            },
        },
    ]
}


@dataclass(frozen=True)
class ProblemListIn:
    """建立整改问题清单并交办. `problems` is the page's text, one problem a line, or a list of objects; every
    error of the list is reported at once, by line."""

    title: str
    origin: str
    category: str
    leader: Person | None
    problems: list[dict[str, Any]] = field(metadata={"schema": PROBLEMS_SCHEMA})
    errors: list[str] = field(metadata={"wire": False})

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> ProblemListIn:
        title = data.text("title", label="清单名称", max_length=max_length_of(ProblemList, "title"))
        category = data.text("category", label="督查类别") or Category.SPECIAL
        leader = org_inputs.person(data, "leader", viewer, label="责任领导")
        raw = data.data.get("problems")
        if raw is None or isinstance(raw, str) or data.is_form:
            parsed = parse_problem_lines(
                title=title, text=data.text("problems", label="问题"), category=category, leader=leader
            )
            problems, errors = parsed.problems, parsed.errors
        else:
            problems, unreadable = [], []
            for line, row in enumerate(data.rows("problems", {}), start=1):
                try:
                    problems.append(
                        {
                            "line": line,
                            "problem": row.text("problem", label="问题", max_length=300, field="problems"),
                            "measure": row.text("measure", label="整改措施", field="problems"),
                            "unit": org_inputs.unit(row, "unit", viewer, label="责任单位", field="problems"),
                            "deadline": row.date("deadline", label="整改时限", field="problems"),
                            "deadline_workdays": row.integer(
                                "deadline_workdays", label="整改时限（工作日）", field="problems"
                            ),
                            "category": category,
                            "leader": leader,
                        }
                    )
                except ServiceError as error:
                    unreadable.append(f"第{line}行：{error.message}")
            errors = problem_list_errors(title=title, problems=problems, unreadable=unreadable)
        return cls(
            title=title,
            origin=data.text("origin", label="发现来源", max_length=max_length_of(ProblemList, "origin")),
            category=category,
            leader=leader,
            problems=problems,
            errors=errors,
        )

    def apply(self, *, by: Actor) -> ProblemList:
        if self.errors:
            raise services.ProblemListInvalid(self.errors)
        return services.problem_list_submit(
            by=by, title=self.title, origin=self.origin, problems=self.problems
        )

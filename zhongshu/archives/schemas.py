"""One input contract per archives action, for the page and the API alike.

Each contract reads a request's `Input` (the page's form, or the API's JSON or multipart body) with
`parse(data, viewer, ...)`, refusing an unreadable value with a `ServiceError` (code, Chinese message, field),
and `apply(...)` calls the one service of the action. The pages (待归档, an item, 利用, 鉴定) and the API's
routes both run `item_action` / `use_action`, so the two edges refuse the same input alike.

The catalogue import (导入) stays a page: an Excel upload previewed, then confirmed by its token.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from django.db import models

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import Actor
from zhongshu.archives import services
from zhongshu.archives.filing import file_record, filing_source_of_kind
from zhongshu.archives.models import Appraisal, ArchiveItem, ArchiveUse
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, parse_id

REMARKS = 300  # what an item's remarks, a use's purpose and a decision note keep
REASON = 500  # what an appraisal's reason keeps


def _approve(data: Input, label: str) -> bool:
    """A yes-or-no the person must give (a page's button sends it; an API call must say it)."""
    raw = data.value("approve")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ServiceError(f"请选择{label}", code="approve_required", field="approve")
    return data.flag("approve", label=label)


# --- 归档: file a closed record ------------------------------------------------------------------------


@dataclass(frozen=True)
class FileIn:
    """归档: file one closed record (`kind` "document" or "supervision_item", its `id`) the caller may see,
    with a retention (保管期限; the record's default when empty). The page's URL names the record."""

    kind: str
    id: int
    retention: str | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, *, kind: str | None = None, pk: int | None = None) -> FileIn:
        kind = kind if kind is not None else data.text("kind", label="记录类型").strip()
        if filing_source_of_kind(kind) is None:
            if not kind:
                raise ServiceError("请选择要归档的记录类型", code="kind_required", field="kind")
            raise ServiceError(f"该类记录不能归档：{kind[:40]}", code="unknown_kind", field="kind")
        if pk is None:
            raw = data.value("id")
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                raise ServiceError("请选择要归档的记录", code="id_required", field="id")
            pk = parse_id(raw)
            if pk is None:
                raise ServiceError(f"记录编号应为正整数：{str(raw)[:40]}", code="bad_id", field="id")
        retention = data.text("retention", label="保管期限").strip() or None
        return cls(kind=kind, id=pk, retention=retention)

    def record(self, viewer: Any) -> models.Model:
        source = filing_source_of_kind(self.kind)
        assert source is not None  # parse checked it
        return get_for(viewer, source.model, self.id)

    def apply(self, *, by: Actor) -> ArchiveItem:
        return file_record(by, self.record(by), retention=self.retention)


# --- 利用: ask to borrow or consult an item by its 档号 -------------------------------------------------------


@dataclass(frozen=True)
class UseIn:
    """申请利用: the item's 档号, 借阅 (`borrow`, with the day it is due back) or 查阅 (`consult`), the purpose."""

    reference_code: str
    kind: str
    purpose: str
    due_back: date | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> UseIn:
        return cls(
            reference_code=data.text("reference_code", label="档号", max_length=60),
            kind=data.text("kind", label="利用方式").strip(),
            purpose=data.text("purpose", label="利用目的", max_length=REMARKS),
            due_back=data.date("due_back", label="应还日期"),
        )

    def apply(self, *, by: Actor) -> ArchiveUse:
        return services.archive_use_request(
            by=by,
            reference_code=self.reference_code,
            kind=self.kind,
            purpose=self.purpose,
            due_back=self.due_back,
        )


# --- Actions on one item -------------------------------------------------------------------------------


class ItemContract(Protocol):
    @classmethod
    def parse(cls, data: Input, viewer: Any, item: ArchiveItem) -> ItemContract: ...

    def apply(self, *, item: ArchiveItem, by: Actor) -> Any: ...


@dataclass(frozen=True)
class ArrangeIn:
    """整理: correct the page count and the remarks (a field left out keeps its value)."""

    pages: int | None
    remarks: str | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, item: ArchiveItem) -> ArrangeIn:
        remarks = data.text("remarks", label="备注", max_length=REMARKS) if data.has("remarks") else None
        return cls(pages=data.integer("pages", label="页数"), remarks=remarks)

    def apply(self, *, item: ArchiveItem, by: Actor) -> ArchiveItem:
        return services.archive_item_arrange(item=item, by=by, pages=self.pages, remarks=self.remarks)


@dataclass(frozen=True)
class ShelveIn:
    """入库."""

    @classmethod
    def parse(cls, data: Input, viewer: Any, item: ArchiveItem) -> ShelveIn:
        return cls()

    def apply(self, *, item: ArchiveItem, by: Actor) -> ArchiveItem:
        return services.archive_item_shelve(item=item, by=by)


@dataclass(frozen=True)
class AppraiseIn:
    """鉴定: `keep` (继续保存), `extend` (延长, with the longer `retention`) or `propose_destroy` (拟销毁),
    with the reason."""

    decision: str
    reason: str
    retention: str | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, item: ArchiveItem) -> AppraiseIn:
        return cls(
            decision=data.text("decision", label="鉴定结论").strip(),
            reason=data.text("reason", label="鉴定理由", max_length=REASON),
            retention=data.text("retention", label="保管期限").strip() or None,
        )

    def apply(self, *, item: ArchiveItem, by: Actor) -> Appraisal:
        return services.archive_item_appraise(
            item=item, by=by, decision=self.decision, reason=self.reason, retention=self.retention
        )


@dataclass(frozen=True)
class DestroyIn:
    """销毁审批 by the archives head: `approve` (批准销毁) or not (不同意), with the opinion."""

    approve: bool
    reason: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, item: ArchiveItem) -> DestroyIn:
        return cls(
            approve=_approve(data, "是否批准销毁"),
            reason=data.text("reason", label="审批意见", max_length=REASON),
        )

    def apply(self, *, item: ArchiveItem, by: Actor) -> Appraisal:
        return services.archive_item_destroy_decide(
            item=item, by=by, approve=self.approve, reason=self.reason
        )


@dataclass(frozen=True)
class ItemStep:
    """An action on an item: its contract, the API's path segment, what the page says once it is done."""

    contract: type[ItemContract]
    path: str
    done: str


# Keyed by the page's action slug (archives.actions names the same actions).
ITEM_ACTIONS: dict[str, ItemStep] = {
    "arrange": ItemStep(ArrangeIn, "arrange", "已整理"),
    "shelve": ItemStep(ShelveIn, "shelve", "已入库"),
    "appraise": ItemStep(AppraiseIn, "appraise", "已记录鉴定结论"),
    "destroy": ItemStep(DestroyIn, "destroy", "已记录审批意见"),
}


def item_action(action: str, *, item: ArchiveItem, by: Actor, data: Input) -> Any:
    """Parse `data` with the action's contract and do it; what the service returns."""
    step = ITEM_ACTIONS.get(action)
    if step is None:
        raise ServiceError("未知操作", code="unknown_action")
    return step.contract.parse(data, by, item).apply(item=item, by=by)


# --- Actions on one use request ----------------------------------------------------------------------------


class UseContract(Protocol):
    @classmethod
    def parse(cls, data: Input, viewer: Any, use: ArchiveUse) -> UseContract: ...

    def apply(self, *, use: ArchiveUse, by: Actor) -> ArchiveUse: ...


def _note(data: Input) -> str:
    return data.text("note", label="审批意见", max_length=REMARKS)


@dataclass(frozen=True)
class DecisionIn:
    """审批利用申请: `approve` or not (then with the reason in `note`)."""

    approve: bool
    note: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, use: ArchiveUse) -> DecisionIn:
        return cls(approve=_approve(data, "是否批准"), note=_note(data))

    def apply(self, *, use: ArchiveUse, by: Actor) -> ArchiveUse:
        return services.archive_use_decide(use=use, by=by, approve=self.approve, note=self.note)


@dataclass(frozen=True)
class ApproveIn:
    """批准利用申请, with an optional note."""

    note: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, use: ArchiveUse) -> ApproveIn:
        return cls(note=_note(data))

    def apply(self, *, use: ArchiveUse, by: Actor) -> ArchiveUse:
        return services.archive_use_decide(use=use, by=by, approve=True, note=self.note)


@dataclass(frozen=True)
class RejectIn:
    """不予批准利用申请, with the reason (`note`, required)."""

    note: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, use: ArchiveUse) -> RejectIn:
        return cls(note=_note(data))

    def apply(self, *, use: ArchiveUse, by: Actor) -> ArchiveUse:
        return services.archive_use_decide(use=use, by=by, approve=False, note=self.note)


@dataclass(frozen=True)
class ReturnIn:
    """归还 a borrowed item."""

    @classmethod
    def parse(cls, data: Input, viewer: Any, use: ArchiveUse) -> ReturnIn:
        return cls()

    def apply(self, *, use: ArchiveUse, by: Actor) -> ArchiveUse:
        return services.archive_use_return(use=use, by=by)


@dataclass(frozen=True)
class UseStep:
    contract: type[UseContract]
    path: str
    done: str


# Keyed by the uses page's action slug; `decision` is the API's one route for both answers.
USE_ACTIONS: dict[str, UseStep] = {
    "approve": UseStep(ApproveIn, "approve", "已批准"),
    "reject": UseStep(RejectIn, "reject", "已不予批准"),
    "return": UseStep(ReturnIn, "return", "已归还"),
    "decision": UseStep(DecisionIn, "decision", "已审批"),
}


def use_action(action: str, *, use: ArchiveUse, by: Actor, data: Input) -> ArchiveUse:
    """Parse `data` with the action's contract and do it; the use request as the service left it."""
    step = USE_ACTIONS.get(action)
    if step is None:
        raise ServiceError("未知操作", code="unknown_action")
    return step.contract.parse(data, by, use).apply(use=use, by=by)

"""Which actions a person may take on an archive item or a use request now: one `ActionRules` per record
type (see `zhongshu.core.actions`). The item's page and the uses page offer exactly `available(...)`, the API
returns it with the item, and the services call `require(...)` on the locked record before they act, so each
refusal keeps the code and message the services have always given.

A page asks every rule of a record at once, so what the rules read from the database about one viewer and
one record (whether the viewer may see it, heads the archives room, the open destruction proposal) is read
once per record instance (`_facts`): a record instance lives one request, a service locks a fresh one.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from zhongshu.access.policy import can, viewer_of
from zhongshu.archives.models import Appraisal, ArchiveItem, ArchiveUse, Decision, UseKind
from zhongshu.archives.roles import (
    ARCHIVIST_ONLY,
    HEAD_ONLY,
    is_archives_head,
    is_archivist,
    may_use_archives,
)
from zhongshu.archives.states import ITEM_MACHINE, USE_MACHINE, ItemAction, ItemState, UseAction, UseState
from zhongshu.base.levels import clearance_covers
from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now

NOT_A_USER = "无权利用档案"
NO_RIGHT_TO_ACT = "无权办理该档案"


class _Facts:
    """What the rules read about one viewer and one record, each read at most once."""

    def __init__(self, user: Any, record: ArchiveItem | ArchiveUse) -> None:
        self.user = user
        self.record = record

    @cached_property
    def person_id(self) -> int | None:
        return viewer_of(self.user).person_id

    @cached_property
    def archivist(self) -> bool:
        return is_archivist(self.user)

    @cached_property
    def head(self) -> bool:
        return is_archives_head(self.user)

    @cached_property
    def sees_item(self) -> bool:
        item = self.record if isinstance(self.record, ArchiveItem) else self.record.item
        return item is not None and can(self.user, item)

    @cached_property
    def proposal(self) -> Appraisal | None:
        """The item's destruction proposal waiting for the archives head, if its last appraisal is one."""
        assert isinstance(self.record, ArchiveItem)
        last = self.record.appraisals.order_by("-at", "-id").first()
        return last if last is not None and last.decision == Decision.PROPOSE_DESTROY else None


def _facts(user: Any, record: ArchiveItem | ArchiveUse) -> _Facts:
    cache: dict[Any, _Facts] = record.__dict__.setdefault("_action_facts", {})
    key = getattr(user, "pk", None)
    if key not in cache:
        cache[key] = _Facts(user, record)
    return cache[key]


# --- an archive item (件) --------------------------------------------------------------------------------


def _archivists_item(user: Any, item: ArchiveItem) -> Refusal | None:
    facts = _facts(user, item)
    if not facts.archivist:
        return not_allowed(ARCHIVIST_ONLY, "not_archivist")
    if not facts.sees_item:
        return not_allowed(NO_RIGHT_TO_ACT, "forbidden")
    return None


def _arrange(user: Any, item: ArchiveItem) -> Refusal | None:
    return _archivists_item(user, item) or ITEM_MACHINE.refusal(item.state, ItemAction.ARRANGE)


def _shelve(user: Any, item: ArchiveItem) -> Refusal | None:
    refusal = _archivists_item(user, item)
    if refusal is None and ITEM_MACHINE.refusal(item.state, ItemAction.SHELVE) is not None:
        refusal = not_now(f"档案{item.get_state_display()}，须先整理再入库", ITEM_MACHINE.code)
    return refusal


def _use(user: Any, item: ArchiveItem) -> Refusal | None:
    """申请利用: anyone of the office who uses the archives, while the item exists. (A request for an item the
    requester may not see is recorded alike and waits for the head; the service asks this rule only of an
    item the requester sees.)"""
    if not may_use_archives(user):
        return not_allowed(NOT_A_USER, "not_allowed")
    return ITEM_MACHINE.refusal(item.state, ItemAction.USE)


def _appraise(user: Any, item: ArchiveItem) -> Refusal | None:
    refusal = _archivists_item(user, item)
    if refusal is not None:
        return refusal
    from zhongshu.archives.services import is_due_for_appraisal

    if ITEM_MACHINE.refusal(item.state, ItemAction.APPRAISE) is not None or not is_due_for_appraisal(item):
        return not_now("该档案保管期限未满，无需鉴定", "not_due")
    if _facts(user, item).proposal is not None:
        return not_now("该档案已拟销毁，待负责人审批", "destruction_pending")
    return None


def _destroy(user: Any, item: ArchiveItem) -> Refusal | None:
    """The second person's decision on a proposed destruction: the archives head, not the proposer."""
    facts = _facts(user, item)
    if not facts.head:
        return not_allowed(HEAD_ONLY, "not_archives_head")
    if not facts.sees_item:
        return not_allowed(NO_RIGHT_TO_ACT, "forbidden")
    proposal = facts.proposal
    if proposal is None or ITEM_MACHINE.refusal(item.state, ItemAction.DESTROY) is not None:
        return not_now("该档案没有待审批的销毁鉴定", "no_destruction_pending")
    if proposal.by_id == facts.person_id:
        return not_allowed("销毁须由鉴定人以外的负责人批准", "same_person")
    return None


ITEM_RULES: ActionRules[ArchiveItem] = ActionRules(
    "档案",
    {
        ItemAction.ARRANGE.value: _arrange,
        ItemAction.SHELVE.value: _shelve,
        ItemAction.USE.value: _use,
        ItemAction.APPRAISE.value: _appraise,
        ItemAction.DESTROY.value: _destroy,
    },
)


# --- a use request (利用申请) ------------------------------------------------------------------------------


def _decide(user: Any, use: ArchiveUse, action: str) -> Refusal | None:
    facts = _facts(user, use)
    if not facts.head:
        return not_allowed(HEAD_ONLY, "not_archives_head")
    if USE_MACHINE.refusal(use.state, action) is not None:
        return not_now(f"该申请{use.get_state_display()}，不能再审批", "use_decided")
    if use.requester_id == facts.person_id:
        return not_allowed("不能审批本人的利用申请", "own_request")
    return None


def _approve(user: Any, use: ArchiveUse) -> Refusal | None:
    refusal = _decide(user, use, UseAction.APPROVE)
    if refusal is not None:
        return refusal
    item = use.item
    if item is None or item.state == ItemState.DESTROYED:
        return not_now("档号不存在或档案已销毁，只能不予批准", "no_such_item")
    if not _facts(user, use).sees_item:
        return not_allowed("审批人无权知悉该档案，不能审批", "approver_not_cleared")
    if not clearance_covers(use.requester.clearance, item.classification):
        return not_now(
            f"申请人涉密等级不足以知悉{item.get_classification_display()}档案", "clearance_too_low"
        )
    return None


def _reject(user: Any, use: ArchiveUse) -> Refusal | None:
    return _decide(user, use, UseAction.REJECT)


def _return(user: Any, use: ArchiveUse) -> Refusal | None:
    if not _facts(user, use).archivist:
        return not_allowed(ARCHIVIST_ONLY, "not_archivist")
    if use.kind != UseKind.BORROW or use.state != UseState.APPROVED:
        return not_now("只有已批准的借阅可以归还", "not_on_loan")
    return USE_MACHINE.refusal(use.state, UseAction.RETURN)


USE_RULES: ActionRules[ArchiveUse] = ActionRules(
    "利用申请",
    {UseAction.APPROVE.value: _approve, UseAction.REJECT.value: _reject, UseAction.RETURN.value: _return},
)

"""The states of an official document and the transitions each action may make (pure tables, no database).

Outgoing (发文): draft → in_review (核稿, 会签, 签发 on the workflow) → signed → rechecked (复核) →
registered (登记: number, distribution and copies fixed) → dispatched (核发) → archived (移交归档).
Incoming (收文): received (签收) → registered (登记, 收文编号) → screened (初审) → proposed (拟办) →
instructed (批示) → handling (承办 / 传阅) → completed (办结) → archived. A screen that fails returns it to the
sender; a recalled dispatch withdraws an incoming copy that nobody registered yet.
"""

from __future__ import annotations

from django.db import models

from zhongshu.core.states import TransitionTable


class DocState(models.TextChoices):
    DRAFT = "draft", "拟稿"
    IN_REVIEW = "in_review", "审核中"
    SIGNED = "signed", "已签发"
    RECHECKED = "rechecked", "已复核"
    REGISTERED = "registered", "已登记"
    DISPATCHED = "dispatched", "已分发"
    RECEIVED = "received", "待签收"
    SCREENED = "screened", "已初审"
    PROPOSED = "proposed", "已拟办"
    INSTRUCTED = "instructed", "已批示"
    HANDLING = "handling", "承办中"
    COMPLETED = "completed", "已办结"
    RETURNED_TO_SENDER = "returned_to_sender", "已退回来文单位"
    RECALLED = "recalled", "已撤回"
    ARCHIVED = "archived", "已归档"


class DocAction(models.TextChoices):
    SUBMIT = "submit", "送审"
    WITHDRAW = "withdraw", "撤回修改"
    SIGN_OFF = "sign_off", "签发"
    RECHECK = "recheck", "复核"
    BACK_TO_SIGNER = "back_to_signer", "退回签发人"
    REGISTER = "register", "登记"
    DISPATCH = "dispatch", "分发"
    ARCHIVE = "archive", "归档"
    SCREEN = "screen", "初审"
    SCREEN_FAIL = "screen_fail", "退回来文单位"
    PROPOSE = "propose", "拟办"
    INSTRUCT = "instruct", "批示"
    HANDLE = "handle", "交办"
    COMPLETE = "complete", "办结"
    RECALL = "recall", "撤回分发"


OUTGOING_TRANSITIONS: dict[tuple[str, str], str] = {
    (DocState.DRAFT, DocAction.SUBMIT): DocState.IN_REVIEW,
    (DocState.IN_REVIEW, DocAction.WITHDRAW): DocState.DRAFT,
    (DocState.IN_REVIEW, DocAction.SIGN_OFF): DocState.SIGNED,
    (DocState.SIGNED, DocAction.RECHECK): DocState.RECHECKED,
    (DocState.SIGNED, DocAction.BACK_TO_SIGNER): DocState.IN_REVIEW,
    (DocState.RECHECKED, DocAction.REGISTER): DocState.REGISTERED,
    (DocState.REGISTERED, DocAction.DISPATCH): DocState.DISPATCHED,
    (DocState.DISPATCHED, DocAction.ARCHIVE): DocState.ARCHIVED,
}

INCOMING_TRANSITIONS: dict[tuple[str, str], str] = {
    (DocState.RECEIVED, DocAction.REGISTER): DocState.REGISTERED,
    (DocState.RECEIVED, DocAction.RECALL): DocState.RECALLED,
    (DocState.REGISTERED, DocAction.SCREEN): DocState.SCREENED,
    (DocState.REGISTERED, DocAction.SCREEN_FAIL): DocState.RETURNED_TO_SENDER,
    (DocState.SCREENED, DocAction.PROPOSE): DocState.PROPOSED,
    (DocState.PROPOSED, DocAction.INSTRUCT): DocState.INSTRUCTED,
    (DocState.INSTRUCTED, DocAction.HANDLE): DocState.HANDLING,
    (DocState.HANDLING, DocAction.HANDLE): DocState.HANDLING,
    (DocState.HANDLING, DocAction.COMPLETE): DocState.COMPLETED,
    (DocState.COMPLETED, DocAction.ARCHIVE): DocState.ARCHIVED,
}


OUTGOING_MACHINE = TransitionTable(
    "公文", "document_invalid_transition", DocState, DocAction, OUTGOING_TRANSITIONS
)
INCOMING_MACHINE = TransitionTable(
    "公文", "document_invalid_transition", DocState, DocAction, INCOMING_TRANSITIONS
)


def next_state(direction: str, state: str, action: str) -> str:
    """The state after `action`, or InvalidTransition naming the state and the action in Chinese."""
    machine = OUTGOING_MACHINE if direction == "outgoing" else INCOMING_MACHINE
    return machine.next(state, action)

"""Which actions a person may take now on an issue of a publication (刊期): the issue page shows these, the API
returns them, the services require them."""

from __future__ import annotations

from typing import Any

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.information.models import IssueState, PublicationIssue
from zhongshu.information.roles import is_editor


class IssueAction:
    ADD = "add"  # add an adopted item (and edit, move, remove entries)
    SEND = "send"  # send for review and sign-off
    WITHDRAW = "withdraw"  # take back from review
    DISTRIBUTE = "distribute"


def _editor(viewer: Any) -> Refusal | None:
    if not is_editor(viewer):
        return not_allowed("只有县委办信息科编辑才能办理刊物", "not_editor")
    return None


def _in(issue: PublicationIssue, state: str, doing: str) -> Refusal | None:
    if issue.state != state:
        return not_now(
            f"本期{IssueState(issue.state).label}，不能{doing}", f"issue_not_{IssueState(state).value}"
        )
    return None


def _add(viewer: Any, issue: PublicationIssue) -> Refusal | None:
    return _editor(viewer) or _in(issue, IssueState.EDITING, "再增删稿件")


def _send(viewer: Any, issue: PublicationIssue) -> Refusal | None:
    return _editor(viewer) or _in(issue, IssueState.EDITING, "送审")


def _withdraw(viewer: Any, issue: PublicationIssue) -> Refusal | None:
    return _editor(viewer) or _in(issue, IssueState.IN_REVIEW, "撤回送审")


def _distribute(viewer: Any, issue: PublicationIssue) -> Refusal | None:
    return _editor(viewer) or _in(issue, IssueState.SIGNED, "分发")


ISSUE_RULES: ActionRules[PublicationIssue] = ActionRules(
    noun="刊期",
    rules={
        IssueAction.ADD: _add,
        IssueAction.SEND: _send,
        IssueAction.WITHDRAW: _withdraw,
        IssueAction.DISTRIBUTE: _distribute,
    },
)

"""The audit log's words for the publications part (merged into information.vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "information.publication.create": "新建刊物",
    "information.publication.change": "修改刊物设置",
    "information.issue.open": "新建刊期",
    "information.issue.entry_add": "编入稿件",
    "information.issue.entry_edit": "修改刊期稿件",
    "information.issue.entry_remove": "撤下稿件",
    "information.issue.entry_move": "调整稿件顺序",
    "information.issue.send": "刊期送审",
    "information.issue.withdraw": "撤回送审",
    "information.issue.return": "刊期退回修改",
    "information.issue.sign": "刊期签发编号",
    "information.issue.distribute": "分发刊期",
    "information.issue.read": "阅读刊期",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {"kind": {"information_issue": "刊物签发"}}

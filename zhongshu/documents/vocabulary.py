"""The Chinese words for what a document's history and the audit log record (issue 15, one vocabulary).

A document event stores English codes (`submit`, `review.approve`, `in_review`); pages, exports and notices show
these labels instead. The API keeps the codes. A code nobody named yet is shown as it is, so the vocabulary
test (tests/web/test_vocabulary.py) finds it.
"""

from __future__ import annotations

from zhongshu.documents.states import DocAction, DocState
from zhongshu.proofreader.findings import CATEGORY_LABELS
from zhongshu.workflow.states import StepKind

# Event actions that are not a state-machine action of their own.
EVENT_LABELS: dict[str, str] = {
    **{str(action.value): str(action.label) for action in DocAction},
    "create": "拟稿",
    "edit": "修改稿件",
    "resubmit": "修改后重新送审",
    "quota.override": "突破发文额度",
    "number.void": "作废文号",
    "recheck.back_to_signer": "退回签发人",
    "handling.remind": "催办",
    "handling.complete": "承办完成",
    "circulation.read": "传阅已阅",
    "filed": "归档入库",
    "draft.create": "拟稿",
    "draft.update": "修改稿件",
    "publish": "发布",
}
STEP_OUTCOME_LABELS = {"approve": "通过", "return": "退回"}

# Models the audit log may name whose verbose name is not Chinese.
OBJECT_TYPE_LABELS: dict[str, str] = {
    "documents.numbercounter": "文号计数器",
    "documents.printedcopy": "印制份",
    "documents.quotaoverride": "突破发文额度记录",
}

# The audit log's actions under `documents.` (the event actions above, and those only the log records).
AUDIT_ACTION_LABELS: dict[str, str] = {
    **{f"documents.{code}": f"公文{label}" for code, label in EVENT_LABELS.items()},
    "documents.errors.confirm": "公文确认校对问题",
    "documents.sign_off": "公文签发",
    "documents.withdraw": "公文撤回修改",
    "documents.print": "公文印制",
    "documents.dispatch.recall": "公文撤回分发",
    "documents.download": "下载公文",
    "documents.quota.set": "设置发文额度",
    "documents.handling.deadline_remind": "公文承办到期提醒",
    "documents.incoming.register": "收文登记",
    "documents.incoming.screen": "收文初审",
    "documents.incoming.propose": "收文拟办",
    "documents.incoming.instruct": "收文批示",
    "documents.incoming.assign": "收文交办",
    "documents.incoming.circulate": "收文传阅",
    "documents.incoming.read": "收文阅毕",
    "documents.incoming.remind": "收文催办",
    "documents.incoming.handled": "收文承办完成",
    "documents.incoming.complete": "收文办结",
    "documents.incoming.archive": "收文归档",
    **{
        f"documents.{kind.value}.{outcome}": f"公文{kind.label}{word}"
        for kind in StepKind
        for outcome, word in STEP_OUTCOME_LABELS.items()
    },
    "documents.register_export.outgoing": "导出发文登记簿",
    "documents.register_export.incoming": "导出收文登记簿",
}


def event_label(action: str) -> str:
    """`review.approve` → 核稿通过; `submit` → 送审."""
    if action in EVENT_LABELS:
        return EVENT_LABELS[action]
    kind, _, outcome = action.partition(".")
    if kind in StepKind.values and outcome in STEP_OUTCOME_LABELS:
        return f"{StepKind(kind).label}{STEP_OUTCOME_LABELS[outcome]}"
    return action


def state_label(state: str) -> str:
    return str(DocState(state).label) if state in DocState.values else state


def finding_category_label(category: str) -> str:
    """A proofreading finding's category, as the 差错汇编 shows it: `typo` → 错别字."""
    return CATEGORY_LABELS.get(category) or {"other": "其他"}.get(category, category)


# The audit details' keys and values of what documents record (audit.vocabulary.detail_items).
AUDIT_DETAIL_LABELS: dict[str, str] = {
    "reviewers": "核稿人",
    "signer": "签发人",
    "errors": "确认差错数",
    "signed_at": "签发时间",
    "doc_number": "文号",
    "copies": "印制份数",
    "copy_number": "份号",
    "units": "分发单位",
    "unit": "单位",
    "incoming_number": "收文编号",
    "paper": "纸质来文",
    "passed": "初审通过",
    "leader": "批示领导",
    "slip": "传阅单",
    "reference_code": "档号",
    "fingerprint": "内容指纹",
}
# A refused 发布 records why (`code`): the rule's or the publication gates' refusal.
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    "code": {
        "publication_refused": "未通过公开审查",
        "not_proactive": "非主动公开",
        "not_issued": "尚未印发",
        "already_published": "已发布",
        "not_owner_unit": "非本单位",
        "role_required": "无此职责",
        "not_business_person": "非业务人员",
    },
}

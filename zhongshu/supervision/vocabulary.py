"""The audit log's words for what supervision records (issue 15, one vocabulary); the item's own history uses
ItemAction's labels."""

from __future__ import annotations

from zhongshu.supervision.models import ConfirmerRole
from zhongshu.supervision.states import ItemAction

AUDIT_ACTION_LABELS: dict[str, str] = {
    **{f"supervision.{action.value}": f"督查事项{action.label}" for action in ItemAction},
    "supervision.filed": "督查事项归档",
    "supervision.look_back": "督查事项回头看",
    "supervision.press": "督查事项督办",
    "supervision.tick": "督查事项到期扫描",
    "supervision.import": "导入督查事项",
    "supervision.ledger.export": "导出督查台账",
    "supervision.problem_list.create": "新建整改问题清单",
    "supervision.escalation_rule.update": "修改督办升级规则",
}

# The audit details' keys of what supervision records (audit.vocabulary.detail_items); the item's fields
# (source, lead_unit, deadline) are named by the model.
AUDIT_DETAIL_LABELS: dict[str, str] = {
    "duplicate_confirmed": "已确认并非重复",
    "report": "进展反馈",
    "consolidated": "牵头汇总",
    "on_time": "按期办结",
    "role": "确认身份",
    "confirmer": "确认人",
}

AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    "role": {str(role.value): str(role.label) for role in ConfirmerRole},
}

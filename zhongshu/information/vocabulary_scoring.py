"""The audit log's words for the scoring part (merged into information.vocabulary)."""

from __future__ import annotations

from zhongshu.information.models import AdoptionLevel, ScoringMode

AUDIT_ACTION_LABELS: dict[str, str] = {
    "information.rule_table.create": "新建计分规则版本",
    "information.rule_table.update": "修改计分规则版本",
    "information.rule_table.delete": "删除计分规则版本",
    "information.adoption.record": "登记上级采用",
    "information.adoption.delete": "删除上级采用登记",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    "level": {str(v): str(label) for v, label in AdoptionLevel.choices},
    "mode": {str(v): str(label) for v, label in ScoringMode.choices},
}

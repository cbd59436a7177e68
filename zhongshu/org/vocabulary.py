"""The audit log's words for the organisation directory (issue 15, one vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "unit.create": "新建单位",
    "unit.update": "修改单位",
    "department.create": "新建内设机构",
    "department.update": "修改内设机构",
    "person.create": "新建人员",
    "person.update": "修改人员",
    "person.placement": "人员调整",
    "post.create": "新建岗位",
    "post.update": "修改岗位",
    "post.assign": "任命岗位",
    "post.unassign": "免去岗位",
}

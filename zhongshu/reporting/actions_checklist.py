"""Which actions a person may take now on a checklist line: the pages show these, the API returns them, the
services require them (edit, retire and delete are the office's; filing is the unit's or the office's)."""

from __future__ import annotations

from typing import Any

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.reporting.checklist import is_live, may_file_for, may_keep
from zhongshu.reporting.models import ChecklistLine


class LineAction:
    EDIT = "edit"
    RETIRE = "retire"
    DELETE = "delete"
    FILE = "file"


def _keep(viewer: Any, line: ChecklistLine) -> Refusal | None:
    if not may_keep(viewer):
        return not_allowed("只有县委办公室才能维护请示报告清单", "not_keeper")
    return None


def _delete(viewer: Any, line: ChecklistLine) -> Refusal | None:
    refusal = _keep(viewer, line)
    if refusal is not None:
        return refusal
    counted = getattr(line, "filed_count", None)  # a list annotates it, to ask no query per row
    if (counted > 0) if counted is not None else line.filings.exists():
        return not_now("该事项已有报送记录，不能删除，只能停止", "line_has_filings")
    return None


def _file(viewer: Any, line: ChecklistLine) -> Refusal | None:
    if not may_file_for(viewer, line.unit_id):
        return not_allowed("只能报送本单位清单上的事项", "not_unit_filer")
    if not is_live(line):
        return not_now("该事项已停止", "line_retired")
    return None


LINE_RULES: ActionRules[ChecklistLine] = ActionRules(
    noun="请示报告清单事项",
    rules={
        LineAction.EDIT: _keep,
        LineAction.RETIRE: _keep,
        LineAction.DELETE: _delete,
        LineAction.FILE: _file,
    },
)

"""Which report an incident's viewer may file now (the page offers these, the API returns them, the service
requires them): the duty room files; a 首报 while open; a 续报, 日报 or 终报 only after a 首报; nothing after
the 终报."""

from __future__ import annotations

from typing import Any

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.duty.incidents import may_register
from zhongshu.duty.models import Channel, Incident, IncidentState, ReportKind

ACTION_KINDS = {
    "file_first": ReportKind.FIRST,
    "file_follow_up": ReportKind.FOLLOW_UP,
    "file_daily": ReportKind.DAILY,
    "file_final": ReportKind.FINAL,
}


def _who(viewer: Any) -> Refusal | None:
    if not may_register(viewer):
        return not_allowed("只有值班室人员可以报送事件信息", "not_allowed")
    return None


def _open(incident: Incident) -> Refusal | None:
    if incident.state == IncidentState.CLOSED:
        return not_now("事件已终报，不能再报送", "incident_closed")
    return None


def _has_first(incident: Incident) -> bool:
    return incident.reports.filter(kind=ReportKind.FIRST).exists()


def _file_first(viewer: Any, incident: Incident) -> Refusal | None:
    """A telephone 首报 may be followed by the written one; once a written 首报 is in, the next is a 续报."""
    refusal = _who(viewer) or _open(incident)
    if refusal is not None:
        return refusal
    if incident.reports.filter(kind=ReportKind.FIRST).exclude(channel=Channel.PHONE).exists():
        return not_now("书面首报已报送，新的情况请报送续报", "first_report_filed")
    return None


def _after_first(label: str) -> Any:
    def rule(viewer: Any, incident: Incident) -> Refusal | None:
        refusal = _who(viewer) or _open(incident)
        if refusal is not None:
            return refusal
        if not _has_first(incident):
            return not_now(f"尚未首报，不能报送{label}", "no_first_report")
        return None

    return rule


RULES: ActionRules[Incident] = ActionRules(
    noun="突发事件",
    rules={
        "file_first": _file_first,
        "file_follow_up": _after_first("续报"),
        "file_daily": _after_first("日报"),
        "file_final": _after_first("终报"),
    },
)

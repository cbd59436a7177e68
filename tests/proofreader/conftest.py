"""The proofreader is a plain library: its tests need no database."""

from __future__ import annotations

from zhongshu.proofreader import Finding, check


def spans(text: str) -> list[tuple[str, str, str, str | None]]:
    """(flagged text, category, rule id, suggestion) of every finding, in order."""
    return [(text[f.start : f.end], f.category, f.rule_id, f.suggestion) for f in check(text)]


def only(text: str) -> Finding:
    findings = check(text)
    assert len(findings) == 1, findings
    return findings[0]

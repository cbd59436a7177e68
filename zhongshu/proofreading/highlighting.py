"""Text and findings → HTML with each flagged span marked, escaped piece by piece.

Findings may overlap (a fuzzy formulation match around a typo): the text is cut at every start and end,
and each piece is marked with the findings that cover it, the most severe first.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from zhongshu.proofreader import Finding
from zhongshu.proofreader.findings import CATEGORY_LABELS

SEVERITY_LABELS = {"error": "错误", "warning": "提示"}
# A statistical suggestion's confidence in the office's words, from the highest lower bound it reaches.
SURENESS_LABELS: tuple[tuple[float, str], ...] = ((0.8, "把握较大"), (0.5, "把握一般"), (0.0, "把握较小"))


def sureness_label(confidence: float | None) -> str:
    """把握较大/一般/较小 for a suggestion's confidence in [0, 1]; "" for a rule finding (no confidence)."""
    if confidence is None:
        return ""
    return next(label for bound, label in SURENESS_LABELS if confidence >= bound)


@dataclass(frozen=True)
class FindingView:
    """A finding as the page lists it: its number (the mark's anchor), label texts and position."""

    number: int
    finding: Finding
    flagged: str
    line: int
    column: int

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.finding.category, self.finding.category)

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS.get(self.finding.severity, self.finding.severity)

    @property
    def sureness_label(self) -> str:
        return sureness_label(self.finding.confidence)

    @property
    def accept_value(self) -> str:
        return f"{self.finding.start}:{self.finding.end}:{self.finding.rule_id}"


def finding_views(text: str, findings: Sequence[Finding]) -> list[FindingView]:
    views = []
    line_starts = [0] + [index + 1 for index, ch in enumerate(text) if ch == "\n"]
    for number, finding in enumerate(findings, start=1):
        line = bisect.bisect_right(line_starts, finding.start)
        views.append(
            FindingView(
                number=number,
                finding=finding,
                flagged=text[finding.start : finding.end],
                line=line,
                column=finding.start - line_starts[line - 1] + 1,
            )
        )
    return views


def _mark(numbers: list[int], findings: Sequence[Finding], content: str) -> str:
    ordered = sorted(numbers, key=lambda n: (findings[n - 1].severity != "error", n))
    lead = findings[ordered[0] - 1]
    classes = f"pf pf-{lead.category} pf-{lead.severity}" + (" pf-insert" if not content else "")
    titles = "；".join(findings[n - 1].message for n in ordered)
    refs = " ".join(f"pf-{n}" for n in ordered)
    shown = escape(content) if content else "‸"
    return (
        f'<a class="{classes}" href="#pf-{ordered[0]}" data-findings="{refs}" '
        f'title="{escape(titles)}">{shown}</a>'
    )


def highlight(text: str, findings: Sequence[Finding]) -> SafeString:
    """`text` as HTML, each flagged piece an anchor to its entry in the findings list."""
    cuts = sorted({0, len(text)} | {f.start for f in findings} | {f.end for f in findings})
    by_start: dict[int, list[int]] = {}
    inserts: dict[int, list[int]] = {}
    for number, finding in enumerate(findings, start=1):
        target = inserts if finding.start == finding.end else by_start
        target.setdefault(finding.start, []).append(number)
    active: list[tuple[int, int]] = []  # (end, number), a heap ordered by end
    parts: list[str] = []
    for left, right in zip(cuts, cuts[1:] + [None], strict=True):
        if left in inserts:
            parts.append(_mark(inserts[left], findings, ""))
        if right is None:
            break
        for number in by_start.get(left, ()):
            heapq.heappush(active, (findings[number - 1].end, number))
        while active and active[0][0] <= left:
            heapq.heappop(active)
        piece = text[left:right]
        if active:
            parts.append(_mark([number for _, number in active], findings, piece))
        else:
            parts.append(escape(piece))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of the text is escaped above

"""Runs every rule layer over a text and merges their findings."""

from __future__ import annotations

import bisect
from collections.abc import Callable

from zhongshu.proofreader.findings import Finding
from zhongshu.proofreader.rules import format as format_rules
from zhongshu.proofreader.rules import formulation, number, particles, punctuation, typo

# Earlier layers win when two layers flag the very same span: a half-width colon after 附件 is a
# format finding, not also a punctuation one.
LAYERS: tuple[Callable[[str], list[Finding]], ...] = (
    format_rules.find,
    formulation.find,
    number.find,
    typo.find,
    # After typo: its list-based 的→地/的→得 findings are the surer ones and win on the same span.
    particles.find,
    punctuation.find,
)


class _Spans:
    """Spans already flagged by earlier layers; a later finding inside one of them says nothing new."""

    def __init__(self, findings: list[Finding]) -> None:
        spans = sorted((f.start, f.end) for f in findings)
        self.starts = [start for start, _ in spans]
        self.reach: list[int] = []
        furthest = -1
        for _, end in spans:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def covers(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.starts, start) - 1
        return index >= 0 and self.reach[index] >= end


# About 3 MB of Chinese: a long report takes a second; a larger input is a mistake, not a document.
MAX_CHARS = 1_000_000


class TextTooLong(ValueError):
    """The text is longer than MAX_CHARS."""


def check(text: str, *, statistical: bool = False) -> list[Finding]:
    """Proofread `text`; findings come sorted by position.

    `statistical` adds the n-gram layer's suggestions (typo warnings, rule id `typo.statistical`) where no
    rule layer has already flagged the span. Raises TextTooLong beyond MAX_CHARS characters.
    """
    if not isinstance(text, str):
        raise TypeError("check() takes a str; decode bytes as UTF-8 first")
    if len(text) > MAX_CHARS:
        raise TextTooLong(f"text of {len(text)} characters is longer than the limit of {MAX_CHARS}")
    if not text:
        return []
    findings: list[Finding] = []
    layers = LAYERS
    if statistical:
        from zhongshu.proofreader import statistical as statistical_layer

        layers = (*LAYERS, statistical_layer.find)
    for layer in layers:
        earlier = _Spans(findings)
        seen: set[tuple[int, int, str]] = set()
        mine: list[Finding] = []
        layer_findings = sorted(layer(text), key=lambda f: (f.start - f.end, f.start))
        for finding in layer_findings:
            key = (finding.start, finding.end, finding.rule_id)
            if key in seen or earlier.covers(finding.start, finding.end):
                continue
            # Fuzzy formulation matches nest (a shorter canonical term inside a longer one).
            if finding.rule_id == "formulation.fuzzy" and any(
                kept.start <= finding.start and finding.end <= kept.end and kept.rule_id == finding.rule_id
                for kept in mine
            ):
                continue
            seen.add(key)
            mine.append(finding)
        findings.extend(mine)
    findings.sort(key=lambda f: (f.start, f.end, f.category))
    return findings

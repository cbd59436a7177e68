"""Proofreading in the platform: the library's findings for a text, with limits and errors in the office's
words, and a suggestion applied by position.

Nothing is stored: the text a person checks may be a draft of a classified document, so it lives only in
the request and the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhongshu.core.errors import ServiceError
from zhongshu.proofreader import MAX_CHARS, Finding, check


@dataclass(frozen=True)
class Proofread:
    text: str
    findings: list[Finding]
    statistical: bool = True

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == "warning")


class TextTooLongError(ServiceError):
    code = "text_too_long"
    status = 422


def too_long_message(chars: int) -> str:
    return f"文本共{chars:,}字，超过单次校对{MAX_CHARS:,}字的上限，请分段校对"


def proofread_text(*, text: str, statistical: bool = True) -> Proofread:
    """Check `text`, with the statistical layer's suggestions unless `statistical` is False (the page's
    仅按规则校对); raises TextTooLongError past the library's MAX_CHARS."""
    if len(text) > MAX_CHARS:
        raise TextTooLongError(too_long_message(len(text)))
    return Proofread(text=text, findings=check(text, statistical=statistical), statistical=statistical)


def suggestion_accept(
    *, text: str, start: int, end: int, rule_id: str, statistical: bool = True
) -> tuple[Proofread, Finding]:
    """Apply the suggestion of the finding at [start, end) with `rule_id`, found afresh in `text`, and
    check the result again. The finding is looked up rather than trusted from the form, so a stale page
    cannot splice a replacement into the wrong place."""
    current = proofread_text(text=text, statistical=statistical)
    finding = next(
        (
            f
            for f in current.findings
            if (f.start, f.end, f.rule_id) == (start, end, rule_id) and f.suggestion is not None
        ),
        None,
    )
    if finding is None or finding.suggestion is None:
        raise ServiceError("该处已修改或已无可采纳的建议，请重新校对", code="finding_gone")
    corrected = current.text[: finding.start] + finding.suggestion + current.text[finding.end :]
    return proofread_text(text=corrected, statistical=statistical), finding

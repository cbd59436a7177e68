"""The proofreader's findings on a draft's body, shown inline at review (核稿).

The statistical layer runs as in the CLI's default: its suggestions are warnings, listed with their 把握
(how sure the model is) so the reviewer weighs them before confirming one into the error book.

One check serves both views of the review page: the highlighted body (the shared `proofread_findings` tag)
and the list where the reviewer confirms errors into the error book, so their numbering agrees.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhongshu.proofreader import MAX_CHARS, Finding, check
from zhongshu.proofreader.findings import CATEGORY_LABELS
from zhongshu.proofreading.highlighting import sureness_label


@dataclass(frozen=True)
class InlineFinding:
    index: int
    wrong_text: str
    context: str
    category: str
    category_label: str
    rule_id: str
    message: str
    suggestion: str
    sureness: str = ""  # 把握较大 … for a statistical suggestion, empty for a rule finding


@dataclass(frozen=True)
class ReviewProofread:
    text: str
    findings: list[Finding]
    items: list[InlineFinding]


def review_proofread(body: str) -> ReviewProofread:
    # The text the findings' offsets refer to: the page highlights exactly this string.
    text = (body or "").replace("\r\n", "\n")[:MAX_CHARS]
    findings = check(text, statistical=True)
    items = []
    for index, finding in enumerate(findings):
        wrong = text[finding.start : finding.end] or text[max(finding.start - 1, 0) : finding.start + 1]
        context = text[max(finding.start - 10, 0) : finding.end + 10]
        items.append(
            InlineFinding(
                index=index,
                wrong_text=wrong,
                context=context,
                category=finding.category,
                category_label=CATEGORY_LABELS.get(finding.category, finding.category),
                rule_id=finding.rule_id,
                message=finding.message,
                suggestion=finding.suggestion or "",
                sureness=sureness_label(finding.confidence),
            )
        )
    return ReviewProofread(text=text, findings=findings, items=items)

"""The proofreader's findings on a draft's body, shown inline at review (核稿)."""

from __future__ import annotations

from dataclasses import dataclass

from zhongshu.proofreader import MAX_CHARS, check

CATEGORY_LABELS = {
    "typo": "错别字",
    "punctuation": "标点",
    "number": "数字",
    "format": "格式",
    "formulation": "提法",
}


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


def review_findings(body: str) -> list[InlineFinding]:
    text = body[:MAX_CHARS]
    result = []
    for index, finding in enumerate(check(text)):
        wrong = text[finding.start : finding.end] or text[max(finding.start - 1, 0) : finding.start + 1]
        context = text[max(finding.start - 10, 0) : finding.end + 10]
        result.append(
            InlineFinding(
                index=index,
                wrong_text=wrong,
                context=context,
                category=finding.category,
                category_label=CATEGORY_LABELS.get(finding.category, finding.category),
                rule_id=finding.rule_id,
                message=finding.message,
                suggestion=finding.suggestion or "",
            )
        )
    return result

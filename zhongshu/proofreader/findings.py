"""The one result type of the proofreader."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# Fixed names: the web page, the CLI's JSON and the bench all key on them.
CATEGORIES: tuple[str, ...] = ("typo", "punctuation", "number", "format", "formulation")
# Their names in the office's words: the 校对 page, the review step (核稿) and the error book show these.
CATEGORY_LABELS: dict[str, str] = {
    "typo": "错别字",
    "punctuation": "标点符号",
    "number": "数字用法",
    "format": "公文格式",
    "formulation": "规范表述",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in the text: `start`/`end` are code-point offsets into the checked string."""

    start: int
    end: int
    category: str
    rule_id: str
    message: str
    suggestion: str | None
    severity: Severity = "error"
    # How sure the statistical layer is of its suggestion, in [0, 1]; None for the rule layers, whose
    # findings are certain by construction (and their JSON omits the key).
    confidence: float | None = None

    def to_dict(self) -> dict[str, object]:
        record = asdict(self)
        if self.confidence is None:
            del record["confidence"]
        return record

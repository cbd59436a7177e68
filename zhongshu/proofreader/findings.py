"""The one result type of the proofreader."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# Fixed names: the web page, the CLI's JSON and the bench all key on them.
CATEGORIES: tuple[str, ...] = ("typo", "punctuation", "number", "format", "formulation")


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

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

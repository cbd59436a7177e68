"""`{% proofread_findings text %}`: a text with its findings highlighted and listed beside it.

Any page may include it (the documents module's review step does). Arguments:
- `text` (str): the text to show;
- `findings` (list of proofreader Findings, optional): when omitted, the text is checked here;
- `accept_url` (optional): when given, each suggestion gets a 采纳 button posting to that URL;
- `statistical` (bool, default True): ask the statistical layer too (when findings are omitted), and on the
  accept form keep it on; False is the page's 仅按规则校对.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template

from zhongshu.core.errors import ServiceError
from zhongshu.proofreader import Finding
from zhongshu.proofreading.checking import proofread_text
from zhongshu.proofreading.highlighting import finding_views, highlight

register = template.Library()


@register.inclusion_tag("proofreading/_findings.html", takes_context=True)
def proofread_findings(
    context: template.Context,
    text: str,
    findings: Sequence[Finding] | None = None,
    accept_url: str | None = None,
    statistical: bool = True,
) -> dict[str, Any]:
    text = (text or "").replace("\r\n", "\n")
    error = None
    if findings is None:
        try:
            findings = proofread_text(text=text, statistical=statistical).findings
        except ServiceError as failure:
            findings, error = [], failure.message
    return {
        "csrf_token": context.get("csrf_token"),
        "text": text,
        "highlighted": highlight(text, findings),
        "items": finding_views(text, findings),
        "accept_url": accept_url,
        "statistical": statistical,
        "error": error,
        "error_count": sum(1 for f in findings if f.severity == "error"),
        "warning_count": sum(1 for f in findings if f.severity == "warning"),
    }

"""The rules each document type must keep (DOMAIN.md, Official documents), as one validation function.

`document_rule_findings(...)` returns errors (which refuse the save or the transition) and warnings (shown
beside the draft). It reads plain values so it can run before anything is saved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

from zhongshu.base.levels import Classification
from zhongshu.documents.headings import heading_errors
from zhongshu.documents.models import UPWARD_TYPES, DocType, LengthClass

LENGTH_LIMITS = {LengthClass.GENERAL: 5000, LengthClass.SPECIFIC: 4000}
# A 公文 title (GB/T 9704-2012, 7.3.2) is set in 2号小标宋 across the 156 mm type area: about 20 characters a
# line, on one or a few lines in a 梯形 or 菱形 layout under the red rule. Even a 转发/印发 title that names the
# forwarded document in its 书名号 (“关于转发《……关于印发〈……〉的通知》的通知”) seldom passes 80 characters;
# 100 (five lines) leaves room for those and still fits a register line (发文登记簿) and the ledger's title
# column, where a paragraph typed into the title box would not. The column holds 200: received documents keep
# the sender's title as it came.
TITLE_MAX = 100
# Phrases that make a text a request for approval.
REQUEST_PHRASES = ("妥否，请批示", "妥否,请批示", "请批示", "请批复", "请审批", "请予批准", "请核准")
RECIPIENT_SEPARATORS = re.compile(r"[、，,；;\s]+")


def max_future_days() -> int:
    """How far ahead a date of writing may lie (days): ZHONGSHU_DOCUMENTS_MAX_FUTURE_DAYS, by default none."""
    return int(settings.DOCUMENTS_MAX_FUTURE_DAYS)


@dataclass(frozen=True)
class RuleFinding:
    level: str  # "error" or "warning"
    code: str
    message: str


def split_recipients(text: str) -> list[str]:
    return [name for name in RECIPIENT_SEPARATORS.split(text.strip().rstrip("：:")) if name]


def count_request_phrases(body: str) -> int:
    # "妥否，请批示" contains "请批示": count the longest phrases first on a shrinking copy.
    remaining = body
    total = 0
    for phrase in sorted(REQUEST_PHRASES, key=len, reverse=True):
        total += remaining.count(phrase)
        remaining = remaining.replace(phrase, "")
    return total


def document_rule_findings(
    *,
    doc_type: str,
    title: str,
    body: str,
    primary_recipients: str,
    classification: int,
    seal: bool,
    length_class: str,
    date_of_writing: date | None,
    today: date,
    primary_unit_count: int = 0,
    subordinate_cc_names: Iterable[str] = (),
) -> list[RuleFinding]:
    findings: list[RuleFinding] = []

    def error(code: str, message: str) -> None:
        findings.append(RuleFinding("error", code, message))

    def warning(code: str, message: str) -> None:
        findings.append(RuleFinding("warning", code, message))

    if not title.strip():
        error("title_required", "标题不能为空")
    elif len(title.strip()) > TITLE_MAX:
        error("title_too_long", f"标题不能超过{TITLE_MAX}字（现为{len(title.strip())}字）")
    if doc_type not in DocType.values:
        error("unknown_doc_type", f"未知的文种：{doc_type}")
        return findings
    label = DocType(doc_type).label
    recipients = max(len(split_recipients(primary_recipients)), primary_unit_count)
    if doc_type in UPWARD_TYPES:
        if recipients > 1:
            error("upward_one_recipient", f"{label}只能主送一个机关，不能多头主送")
        cc = list(subordinate_cc_names)
        if cc:
            error("upward_cc_subordinate", f"上行文不得抄送下级机关：{'、'.join(cc)}")
    if doc_type == DocType.REQUEST and count_request_phrases(body) > 1:
        error("request_one_matter", "请示应一文一事，正文中出现了多处请求批示")
    if doc_type == DocType.REPORT and count_request_phrases(body) > 0:
        warning("report_with_request", "报告中不得夹带请示事项（发现“请批示”“请批复”等用语）")
    if doc_type == DocType.MINUTES and seal:
        error("minutes_no_seal", "纪要不加盖印章")
    limit = LENGTH_LIMITS.get(LengthClass(length_class)) if length_class in LengthClass.values else None
    length = len(re.sub(r"\s", "", body))
    if limit is not None and length > limit:
        error("too_long", f"正文{length}字，超过{limit}字的篇幅限制")
    if date_of_writing is not None and date_of_writing > today + timedelta(days=max_future_days()):
        error(
            "date_in_future",
            f"成文日期{date_of_writing.year}年{date_of_writing.month}月{date_of_writing.day}日晚于允许的日期",
        )
    for message in heading_errors(body):
        error("heading_order", message)
    if classification >= Classification.CONFIDENTIAL:
        warning("classified_copy_number", "涉密公文每份印制时编份号，并须在批准的场所印制")
    return findings


def errors_of(findings: list[RuleFinding]) -> list[RuleFinding]:
    return [finding for finding in findings if finding.level == "error"]

"""Cleaning a text copied from a material site: strip what the site added and say what went.

Pure Python, no Django. Sites that sell speech drafts add the same kinds of boilerplate to every text:

* paywall markers such as ``##paidbegin##`` / ``##paidend##``, often in the middle of a word;
* promotional lines (【X素材库】——每天更新…, 欢迎加入…会员) and contact lines (客服, 公众号, 微信, phone numbers);
* a watermark: the portal's slogan appended to many paragraphs (``…发生。金刷子公文,精品办公写作门户``), and
  the portal's brand name slipped into a sentence (``综合哒哒君岗位``);
* page furniture and footers (``— 3 —``, ``第3页 共10页``, 版权所有, 转载请注明出处, 点击阅读原文).

The rules are patterns plus two things learnt from the text itself, so a new portal needs no new rule:
the watermark is a short phrase found after the last full stop of several paragraphs (a position no real
sentence takes), and brand names are read from the promotional lines that were removed (【哒哒素材库】,
公众号：哒哒君) and then taken out wherever else they occur.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any


class Kind:
    PAYWALL_MARKER = "paywall_marker"
    ADVERTISEMENT = "advertisement"
    CONTACT = "contact"
    WATERMARK = "watermark"
    PAGE_FURNITURE = "page_furniture"
    COPYRIGHT = "copyright"


KIND_LABELS = {
    Kind.PAYWALL_MARKER: "付费标记",
    Kind.ADVERTISEMENT: "广告推广",
    Kind.CONTACT: "联系方式",
    Kind.WATERMARK: "水印",
    Kind.PAGE_FURNITURE: "页眉页脚",
    Kind.COPYRIGHT: "版权声明",
}


@dataclass(frozen=True)
class Removal:
    kind: str
    text: str
    line: int  # 1-based line of the input the text was on

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Cleaned:
    text: str
    removals: list[Removal]


# ##paidbegin##, ##paid_end##, [付费内容], 以下为付费内容 ... in any case, anywhere in a line.
_MARKER = re.compile(
    r"#{2,}\s*/?\s*(?:paid|pay|vip|free)[\s_-]*(?:begin|end|start|stop)?\s*#{2,}"
    r"|[【\[]\s*(?:付费内容|付费阅读|会员专享|试读结束|以下为付费内容)\s*[】\]]"
    r"|(?:以下内容为付费内容|试读结束|购买后可(?:查看|阅读)全文)[，,：:。！!]*",
    re.IGNORECASE,
)

# Words that only promotional and contact lines use. "联系" alone is not one: 联系实际, 联系群众 are body text.
_PROMO_WORDS = (
    "客服",
    "公众号",
    "微信号",
    "扫码",
    "二维码",
    "会员",
    "svip",
    "vip",
    "网盘",
    "代笔",
    "接单",
    "谨防假冒",
    "一键下载",
    "极速下载",
    "有意加入",
    "欢迎加入",
    "请联系",
    "联系电话",
    "联系方式：",
    "好评如潮",
    "每天更新",
    "每日更新",
    "代发布",
    "长按识别",
    "点击关注",
    "关注我们",
    "添加微信",
    "加微信",
    "商务合作",
    "投稿邮箱",
    "更多精彩",
    "点击阅读原文",
    "阅读原文",
)
_CONTACT = re.compile(
    r"(?:微信|VX|vx|QQ|qq|电话|手机|客服|联系)[^，。；]{0,6}[：:]\s*[A-Za-z0-9][A-Za-z0-9 _-]{2,}"
    r"|1[3-9]\d[ -]?\d{4}[ -]?\d{4}|\b\d{5,}\b"
)
_BRACKETED_BRAND = re.compile(r"【([^】]{2,12})】")
_ACCOUNT_NAME = re.compile(
    r"(?:公众号|平台|认准)[：:“\"]?\s*([\u4e00-\u9fffA-Za-z]{2,8}?)(?=[、，,）)”\"！!。\s]|$)"
)
_QUOTED_BRAND = re.compile(r"[“\"]([\u4e00-\u9fff]{2,6})(?:[A-Za-z]*会员)?[”\"]")

_PAGE_FURNITURE = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?|\d{1,4})$"
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|版权所有|本文(?:来源|转载|来自)|来源[：:]\s*\S{0,20}(?:网|公众号|平台)$|转载请注明|免责声明"
    r"|声明[：:].{0,30}(?:删除|侵权)|如有侵权)",
    re.IGNORECASE,
)

_TERMINAL = "。！？!?…"
# After the last full stop of a paragraph, a real paragraph may only close a quotation or bracket.
_CLOSERS = "”’」』）)】"
_WATERMARK_MIN, _WATERMARK_MAX = 4, 30
_WATERMARK_MIN_PARAGRAPHS = 2
# Stray spaces from PDF line breaks: between two CJK characters or around full-width punctuation.
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’"
_STRAY_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}])")


def clean_text(raw: str) -> Cleaned:
    """The text with boilerplate removed, its paragraphs one per line, and the list of what was removed."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cleaner = Cleaner()
    for line in lines:
        cleaner.learn(line)
    cleaner.learned()
    removals: list[Removal] = []
    kept = [
        line
        for number, raw_line in enumerate(lines, start=1)
        if (line := cleaner.clean(raw_line, number, removals))
    ]
    removals.sort(key=lambda removal: removal.line)
    return Cleaned("\n".join(kept), removals)


class Cleaner:
    """`clean_text` as two passes over a stream of lines, so a large file is cleaned a line at a time.

    The first pass (`learn`) reads what the text teaches about itself: the watermark (tails after the last
    full stop of several paragraphs) and the portal's brand names (from its promotional lines). The second
    (`clean`) removes, line by line, what the patterns and those lessons name. Memory holds one line and the
    candidate tails, never the text.
    """

    def __init__(self) -> None:
        self._tails: Counter[str] = Counter()
        self._ad_brands: set[str] = set()
        self._marks: list[str] = []
        self._brands: list[str] = []

    def learn(self, raw_line: str) -> None:
        line = _normalise_line(raw_line)
        if _MARKER.search(line):
            line = _MARKER.sub("", line).strip(" \u3000")
        if not line:
            return
        kind = _line_kind(line)
        if kind is None:
            tail = _tail(line)
            if _WATERMARK_MIN <= len(tail) <= _WATERMARK_MAX:
                self._tails[tail] += 1
        elif kind in (Kind.ADVERTISEMENT, Kind.CONTACT):
            self._ad_brands.update(_brands_in([line]))

    def learned(self) -> None:
        """The first pass is over: fix the watermarks and brands the second removes."""
        self._marks = sorted(
            (tail for tail, count in self._tails.items() if count >= _WATERMARK_MIN_PARAGRAPHS),
            key=len,
            reverse=True,
        )
        self._brands = sorted(self._ad_brands, key=len, reverse=True)
        self._tails.clear()

    def clean(self, raw_line: str, number: int, removals: list[Removal]) -> str:
        """The line as it stays ("" when it goes), adding what went to `removals`."""
        line = _strip_markers(_normalise_line(raw_line), number, removals)
        if not line:
            return ""
        kind = _line_kind(line)
        if kind is not None:
            removals.append(Removal(kind, line, number))
            return ""
        for mark in self._marks:
            if mark in line:
                removals.extend(Removal(Kind.WATERMARK, mark, number) for _ in range(line.count(mark)))
                line = line.replace(mark, "").strip()
        for brand in self._brands:
            if brand in line:
                removals.extend(Removal(Kind.WATERMARK, brand, number) for _ in range(line.count(brand)))
                line = line.replace(brand, "")
        return line


def _normalise_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\ufeff", "").replace("\t", " ")
    return _STRAY_SPACE.sub("", line).strip(" \u3000\u00a0")


def _strip_markers(line: str, number: int, removals: list[Removal]) -> str:
    for match in _MARKER.finditer(line):
        removals.append(Removal(Kind.PAYWALL_MARKER, match.group(0), number))
    return _MARKER.sub("", line).strip(" \u3000") if _MARKER.search(line) else line


def _promo_score(line: str) -> int:
    lowered = line.lower()
    return sum(1 for word in _PROMO_WORDS if word in lowered)


def _line_kind(line: str) -> str | None:
    if _PAGE_FURNITURE.match(line):
        return Kind.PAGE_FURNITURE
    if len(line) <= 80 and _COPYRIGHT.match(line):
        return Kind.COPYRIGHT
    score = _promo_score(line)
    contact = bool(_CONTACT.search(line))
    starts_bracketed = line.startswith("【") and "】" in line[:14]
    if score >= 2 or (score >= 1 and (contact or starts_bracketed)):
        return Kind.CONTACT if contact and score <= 2 and len(line) <= 40 else Kind.ADVERTISEMENT
    if contact and len(line) <= 40 and not any(mark in line for mark in "。"):
        return Kind.CONTACT
    return None


def _tail(line: str) -> str:
    """What follows the paragraph's last full stop (and any closing quotes), or "" when nothing does."""
    last = max(line.rfind(mark) for mark in _TERMINAL)
    if last < 0:
        return ""
    rest = line[last + 1 :].lstrip(_CLOSERS)
    return rest.strip()


def _brands_in(ad_lines: list[str]) -> set[str]:
    """The portal's names, as its own promotional lines spell them: 【哒哒素材库】, 公众号：哒哒君."""
    brands: set[str] = set()
    for line in ad_lines:
        brands.update(_BRACKETED_BRAND.findall(line))
        brands.update(_ACCOUNT_NAME.findall(line))
        brands.update(_QUOTED_BRAND.findall(line))
    # Two characters are too short to remove safely from body text ("哒哒" could be, "认准" never is).
    return {brand for brand in brands if len(brand) >= 3}

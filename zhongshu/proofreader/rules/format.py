"""format: GB/T 9704-2012 党政机关公文格式 — 发文字号, 密级, 成文日期, heading levels, 附件 and 抄送."""

from __future__ import annotations

import re

from zhongshu.proofreader.findings import Finding

CATEGORY = "format"
CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

# 国办发〔2023〕5号: the issuer ends in one of the usual type characters.
DOC_NUMBER_RE = re.compile(
    r"(?P<issuer>[\u4e00-\u9fff]{1,10}(?:发|函|字|办|电|文|呈|报|令|通|复|任|密))"
    r"(?P<open>[〔\[［【(（{｛<〈]?)(?P<year>\d{4})(?P<close>[〕\]］】)）}｝>〉]?)"
    r"(?P<di>第?)(?P<zeros>0*)(?P<serial>\d+)号"
)


def _doc_number_findings(text: str) -> list[Finding]:
    findings = []
    for match in DOC_NUMBER_RE.finditer(text):
        # Without brackets or 第 only an issuer ending in 发/函/字 marks a 发文字号.
        bare = not (match.group("open") or match.group("close")) and not match.group("di")
        if bare and not re.search(r"(?:发|函|字)$", match.group("issuer")):
            continue
        problems = []
        if match.group("open") != "〔" or match.group("close") != "〕":
            problems.append("年份用六角括号“〔〕”")
        if match.group("di"):
            problems.append("序号前不加“第”")
        if match.group("zeros"):
            problems.append("序号不编虚位（不加“0”）")
        if not problems:
            continue
        issuer = match.group("issuer")
        start = match.start("open") if match.group("open") else match.start("year")
        suggestion = f"〔{match.group('year')}〕{int(match.group('serial'))}号"
        findings.append(
            Finding(
                start,
                match.end(),
                CATEGORY,
                "format.doc_number",
                f"发文字号“{issuer}…”格式有误：" + "，".join(problems),
                suggestion,
                "error",
            )
        )
    return findings


SECRECY_RE = re.compile(r"(?m)^\s*(绝密|机密|秘密)(\s*[*＊☆✩✭·•]\s*|\s+)(\d+年|长期)\s*$")


def _secrecy_findings(text: str) -> list[Finding]:
    findings = []
    for match in SECRECY_RE.finditer(text):
        findings.append(
            Finding(
                match.start(2),
                match.end(2),
                CATEGORY,
                "format.secrecy_mark",
                "密级和保密期限之间用“★”隔开",
                "★",
                "error",
            )
        )
    return findings


CN_DATE_RE = re.compile(
    r"(?m)^\s*([〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)\s*$"
)
PADDED_DATE_RE = re.compile(r"(?m)^\s*(\d{4})年(0?\d{1,2})月(0?\d{1,2})日\s*$")
CN_DATE_DIGITS = {"〇": "0", "○": "0", "零": "0", **{k: str(v) for k, v in CN_DIGITS.items() if v < 10}}


def _cn_small(number: str) -> int:
    if number == "十":
        return 10
    if number.startswith("十"):
        return 10 + CN_DIGITS[number[1]]
    if "十" in number:
        tens, _, ones = number.partition("十")
        return CN_DIGITS[tens] * 10 + (CN_DIGITS[ones] if ones else 0)
    return CN_DIGITS[number]


def _signing_date_findings(text: str) -> list[Finding]:
    findings = []
    for match in CN_DATE_RE.finditer(text):
        written = match.group(1)
        year = "".join(CN_DATE_DIGITS[c] for c in written[:4])
        month = _cn_small(written[5 : written.index("月")])
        day = _cn_small(written[written.index("月") + 1 : -1])
        findings.append(
            Finding(
                match.start(1),
                match.end(1),
                CATEGORY,
                "format.signing_date_numerals",
                "成文日期用阿拉伯数字将年、月、日标全",
                f"{year}年{month}月{day}日",
                "error",
            )
        )
    for match in PADDED_DATE_RE.finditer(text):
        padded_month, padded_day = match.group(2), match.group(3)
        if not (padded_month.startswith("0") or padded_day.startswith("0")):
            continue
        findings.append(
            Finding(
                match.start(1),
                match.end(3) + 1,
                CATEGORY,
                "format.signing_date_padding",
                "成文日期的月、日不编虚位（1不编为01）",
                f"{match.group(1)}年{int(padded_month)}月{int(padded_day)}日",
                "error",
            )
        )
    return findings


# Heading markers at the start of a line: level, its number, and what follows it.
LEVEL1_RE = re.compile(r"([一二三四五六七八九十]{1,3})([、.．，,:：\s])")
LEVEL2_RE = re.compile(r"([（(])([一二三四五六七八九十]{1,3})([）)])([、.．，]?)")
LEVEL3_RE = re.compile(r"(\d{1,2})([.．、,，])(?!\d)")
LEVEL4_RE = re.compile(r"([（(])(\d{1,2})([）)])([、.．，]?)")


def _cn_number(number: str) -> int | None:
    try:
        return _cn_small(number)
    except (KeyError, IndexError):
        return None


def _heading_findings(text: str) -> list[Finding]:
    findings = []
    last: dict[int, int] = {}
    position = 0
    for line in text.split("\n"):
        start = position
        position += len(line) + 1
        stripped = line.lstrip(" \u3000\t")
        offset = start + len(line) - len(stripped)
        level, number, mark_span, right_mark, good = _heading(stripped)
        if level == 0:
            continue
        if not good:
            findings.append(
                Finding(
                    offset + mark_span[0],
                    offset + mark_span[1],
                    CATEGORY,
                    "format.heading_mark",
                    f"第{'一二三四'[level - 1]}层标题序号应写作“{right_mark}”",
                    right_mark,
                    "error",
                )
            )
        expected = last.get(level, 0) + 1
        if number not in (expected, 1) and level in last:
            findings.append(
                Finding(
                    offset + mark_span[0],
                    offset + mark_span[1],
                    CATEGORY,
                    "format.heading_order",
                    f"标题序号不连续：此处应为第{expected}项",
                    None,
                    "error",
                )
            )
        last[level] = number
        for deeper in range(level + 1, 5):
            last.pop(deeper, None)
    return findings


def _heading(line: str) -> tuple[int, int, tuple[int, int], str, bool]:
    """(level, number, span of the marker, the right marker, whether it is right); level 0: not one."""
    match = LEVEL2_RE.match(line)
    if match and (number := _cn_number(match.group(2))):
        right = f"（{match.group(2)}）"
        return 2, number, (0, match.end()), right, match.group() == right
    match = LEVEL4_RE.match(line)
    if match:
        right = f"（{match.group(2)}）"
        return 4, int(match.group(2)), (0, match.end()), right, match.group() == right
    match = LEVEL1_RE.match(line)
    if match and (number := _cn_number(match.group(1))) and len(line) > match.end():
        if match.group(2).isspace() and not re.match(r"[\u4e00-\u9fff]", line[match.end() :].lstrip()):
            return 0, 0, (0, 0), "", True
        # 一是, 一些, 一方面 are prose, not headings; the marker must stand apart from the words.
        right = f"{match.group(1)}、"
        return 1, number, (0, match.end()), right, match.group() == right
    match = LEVEL3_RE.match(line)
    if match and len(line) > match.end() and re.match(r"\s*[\u4e00-\u9fff“《]", line[match.end() :]):
        right = f"{match.group(1)}."
        return 3, int(match.group(1)), (0, match.end()), right, match.group() == right
    return 0, 0, (0, 0), "", True


COLON_LINE_RE = re.compile(r"(?m)^[ \u3000]*(附件|抄送)(:|[ \u3000]+(?=\S)|(?=\d+[.．][^\d]))")


def _colon_findings(text: str) -> list[Finding]:
    """附件：1.…… and 抄送：…… take a full-width colon; the bare label 附件 / 附件1 on an attachment page does not."""
    findings = []
    for match in COLON_LINE_RE.finditer(text):
        label = match.group(1)
        if (
            label == "附件"
            and match.group(2).isspace()
            and re.match(r"\d+\s*$", text[match.end() : match.end() + 4])
        ):
            continue
        findings.append(
            Finding(
                match.start(1),
                match.end(2),
                CATEGORY,
                "format.label_colon",
                f"“{label}”后用全角冒号“：”",
                f"{label}：",
                "error",
            )
        )
    for match in re.finditer(r"(?m)^[ \u3000]*(抄送)(?=[\u4e00-\u9fff])", text):
        findings.append(
            Finding(
                match.start(1),
                match.end(1),
                CATEGORY,
                "format.label_colon",
                "“抄送”后用全角冒号“：”",
                "抄送：",
                "error",
            )
        )
    return findings


def find(text: str) -> list[Finding]:
    return [
        *_doc_number_findings(text),
        *_secrecy_findings(text),
        *_signing_date_findings(text),
        *_heading_findings(text),
        *_colon_findings(text),
    ]

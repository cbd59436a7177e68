"""punctuation: GB/T 15834-2011 标点符号用法, as it bears on official documents."""

from __future__ import annotations

import re

from zhongshu.proofreader.findings import Finding

CATEGORY = "punctuation"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CN_PUNCT = "，。、；：？！“”‘’（）《》〔〕【】…—"
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
HALF_RE = re.compile(r"[,;:?!()]")
HAN_RE = re.compile(f"[{HAN}]")


def _is_chinese(char: str) -> bool:
    return bool(char) and (bool(HAN_RE.match(char)) or char in CN_PUNCT)


def _half_width_findings(text: str) -> list[Finding]:
    findings = []
    for match in HALF_RE.finditer(text):
        index = match.start()
        mark = match.group()
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if mark in ",:" and before.isdigit() and after.isdigit():
            continue  # 1,000 and 10:30
        if mark == "(":
            close = text.find(")", index, index + 12)
            inner = text[index + 1 : close] if close > 0 else ""
            # (1) and (2023) belong to headings and 发文字号: the format rules judge them.
            if inner.isdigit() or re.fullmatch(r"[一二三四五六七八九十]+", inner):
                continue
        if mark == ")":
            open_at = text.rfind("(", max(0, index - 12), index)
            inner = text[open_at + 1 : index] if open_at >= 0 else ""
            if open_at >= 0 and (inner.isdigit() or re.fullmatch(r"[一二三四五六七八九十]+", inner)):
                continue
        chinese_side = _is_chinese(before) or (_is_chinese(after) and mark in "()")
        if mark in ",;:?!" and not _is_chinese(before):
            continue
        if not chinese_side:
            continue
        findings.append(
            Finding(
                index,
                index + 1,
                CATEGORY,
                "punctuation.half_width",
                f"中文文本中应使用全角标点“{FULL_WIDTH[mark]}”",
                FULL_WIDTH[mark],
                "error",
            )
        )
    return findings


PERIOD_RE = re.compile(rf"(?<=[{HAN}])\.(?=[{HAN}“]|\s*$|\n)")


def _half_width_period_findings(text: str) -> list[Finding]:
    return [
        Finding(
            m.start(),
            m.end(),
            CATEGORY,
            "punctuation.half_width",
            "中文文本中应使用全角标点“。”",
            "。",
            "error",
        )
        for m in PERIOD_RE.finditer(text)
        if not text[max(0, m.start() - 3) : m.start()].isdigit()
    ]


def _half_width_quote_findings(text: str) -> list[Finding]:
    findings = []
    for line_start, line in _lines(text):
        if '"' not in line or not HAN_RE.search(line):
            continue
        opening = True
        for match in re.finditer('"', line):
            index = line_start + match.start()
            suggestion = "“" if opening else "”"
            opening = not opening
            findings.append(
                Finding(
                    index,
                    index + 1,
                    CATEGORY,
                    "punctuation.half_width_quote",
                    f"中文文本中应使用全角引号“{suggestion}”",
                    suggestion,
                    "error",
                )
            )
    return findings


def _lines(text: str) -> list[tuple[int, str]]:
    lines = []
    position = 0
    for line in text.split("\n"):
        lines.append((position, line))
        position += len(line) + 1
    return lines


PAIRS = {"“": "”", "‘": "’", "（": "）", "《": "》", "【": "】", "〔": "〕", "「": "」"}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}
PAIR_RE = re.compile("[" + re.escape("".join(PAIRS) + "".join(CLOSERS)) + "]")


def _unpaired_findings(text: str) -> list[Finding]:
    findings = []
    for line_start, line in _lines(text):
        stack: list[tuple[str, int]] = []
        for match in PAIR_RE.finditer(line):
            mark = match.group()
            index = line_start + match.start()
            if mark in PAIRS:
                stack.append((mark, index))
                continue
            if stack and stack[-1][0] == CLOSERS[mark]:
                stack.pop()
                continue
            if any(opened == CLOSERS[mark] for opened, _ in stack):
                # A closer that skips over inner openers: the inner ones are the unpaired ones.
                while stack and stack[-1][0] != CLOSERS[mark]:
                    opened, at = stack.pop()
                    findings.append(_unpaired(at, opened, PAIRS[opened], closing=False))
                stack.pop()
                continue
            findings.append(_unpaired(index, mark, CLOSERS[mark], closing=True))
        for opened, at in stack:
            findings.append(_unpaired(at, opened, PAIRS[opened], closing=False))
    return findings


def _unpaired(index: int, mark: str, partner: str, *, closing: bool) -> Finding:
    side = "前面" if closing else "后面"
    return Finding(
        index,
        index + 1,
        CATEGORY,
        "punctuation.unpaired",
        f"「{mark}」{side}缺少与之配对的「{partner}」",
        None,
        "error",
    )


DOUBLED_RE = re.compile(r"[，。、；：？！]{2,}")
STRENGTH = "、，：；？！。"


def _doubled_findings(text: str) -> list[Finding]:
    findings = []
    for match in DOUBLED_RE.finditer(text):
        run = match.group()
        if run in {"？！", "！？"} or (len(run) >= 3 and set(run) == {"。"}):
            continue
        suggestion = run[0] if len(set(run)) == 1 else max(run, key=STRENGTH.index)
        findings.append(
            Finding(
                match.start(),
                match.end(),
                CATEGORY,
                "punctuation.doubled",
                f"标点“{run}”重复或连用",
                suggestion,
                "error",
            )
        )
    return findings


CN_DIGITS = "一二三四五六七八九"
APPROX_RE = re.compile(
    r"(?<![第\n])(?<!^)([一二三四五六七八九])(、)([一二三四五六七八九])"
    r"(?=[十百千万亿]|个|人|名|天|年|月|次|家|项|倍|位|条|种|件|只|届|周|岁|户|所|座|台|辆|公里|小时|分钟)"
)


def _approximate_number_findings(text: str) -> list[Finding]:
    findings = []
    for match in APPROX_RE.finditer(text):
        first, second = CN_DIGITS.index(match.group(1)), CN_DIGITS.index(match.group(3))
        if second - first not in (1, 2):
            continue
        findings.append(
            Finding(
                match.start(2),
                match.end(2),
                CATEGORY,
                "punctuation.approximate_number_comma",
                "相邻数字连用表示概数时，中间不用顿号",
                "",
                "error",
            )
        )
    return findings


def _title_series_findings(text: str) -> list[Finding]:
    findings = []
    for match in re.finditer(r"(?<=[》”])、(?=[《“])", text):
        kind = "书名号" if text[match.start() - 1] == "》" else "引号"
        findings.append(
            Finding(
                match.start(),
                match.end(),
                CATEGORY,
                "punctuation.series_comma",
                f"标有{kind}的并列成分之间通常不用顿号",
                "",
                "warning",
            )
        )
    return findings


ELLIPSIS_RE = re.compile(r"\.{3,}|。{3,}|(?<!…)…(?!…)|…{3,}|(?:(?<!\.)\.\.(?!\.))(?=[" + HAN + "]|$)")
# A single 一字线 between words is the 连接号 (厅保密委员会—厅保密办): only doubled hyphens are judged.
DASH_RE = re.compile(rf"(?<=[{HAN}”》）])(?:-{{2,}}|－{{2,}}|――)(?=[{HAN}“])")
YEAR_RANGE_RE = re.compile(r"(?<!\d)(\d{4})(-)(\d{4})(?=年)")


def _ellipsis_and_dash_findings(text: str) -> list[Finding]:
    findings = []
    for match in ELLIPSIS_RE.finditer(text):
        findings.append(
            Finding(
                match.start(),
                match.end(),
                CATEGORY,
                "punctuation.ellipsis",
                "省略号应为两个三连点“……”",
                "……",
                "error",
            )
        )
    for match in re.finditer(r"(?<=……)(等等|等)", text):
        findings.append(
            Finding(
                match.start(),
                match.end(),
                CATEGORY,
                "punctuation.ellipsis_etc",
                "省略号后不再用“等”“等等”",
                "",
                "error",
            )
        )
    for match in DASH_RE.finditer(text):
        findings.append(
            Finding(
                match.start(),
                match.end(),
                CATEGORY,
                "punctuation.dash",
                "破折号应为两个一字线“——”",
                "——",
                "error",
            )
        )
    for match in YEAR_RANGE_RE.finditer(text):
        findings.append(
            Finding(
                match.start(2),
                match.end(2),
                CATEGORY,
                "punctuation.range_dash",
                "标示数值范围用一字线“—”或浪纹线“～”，不用短横线",
                "—",
                "warning",
            )
        )
    return findings


def find(text: str) -> list[Finding]:
    return [
        *_half_width_findings(text),
        *_half_width_quote_findings(text),
        *_half_width_period_findings(text),
        *_unpaired_findings(text),
        *_doubled_findings(text),
        *_approximate_number_findings(text),
        *_title_series_findings(text),
        *_ellipsis_and_dash_findings(text),
    ]

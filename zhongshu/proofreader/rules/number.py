"""number: GB/T 15835-2011 出版物上数字用法 — dates, approximations, percentages, mixed numerals."""

from __future__ import annotations

import calendar
import re

from zhongshu.proofreader.findings import Finding

CATEGORY = "number"
CN_NUM = "零〇○一二两三四五六七八九十百千万亿"

DATE_HAO_RE = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})(号)(?![楼院室库房线文件令])")
DATE_RE = re.compile(r"(?<!\d)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]")
MONTH_RE = re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月")
SHORT_YEAR_RE = re.compile(r"(?<![\d'])(\d{2})年(?=\d{1,2}月)")

# 约/近 ... 余/多/左右: two markers of approximation on one number. Prefix guards keep 节约, 制约,
# 最近, 附近 apart.
NUMBER = rf"(?:\d+(?:\.\d+)?[万亿千百]?|[{CN_NUM}]+)"
DOUBLE_APPROX_RE = re.compile(
    rf"((?<![节制契简公预相邀条特签违履婚誓盟俭集纽大])约|大约|(?<![最附亲贴靠邻临将接])近|将近|接近|大概|大致|估计)有?"
    rf"{NUMBER}(?:[年个天倍]?(余|多)|[^\d，。；、\s]{{0,3}}?(左右))"
)

PERCENT_RANGE_RE = re.compile(r"(?<![\d.%])(\d+(?:\.\d+)?)([～~\-—至到])(\d+(?:\.\d+)?%)")
PERCENT_CN_RE = re.compile(r"百分之(\d+(?:\.\d+)?)")
MIXED_RE = re.compile(
    r"(?<![\d.])(\d+)([十百千佰仟拾])(?![米克瓦伏帕焦卡分兆字位])"
    r"|(?<![统唯万同第之单专划逐每任其])([一二三四五六七八九])(\d)(?=[个人项次万亿])"
    r"|(?<![\d])(\d)([一二三四五六七八九〇])(?=[年月日个人项次])"
)

# Two adjacent single digits as an approximation (3、4个, 5-6天) are written in Chinese numerals with no mark
# between (三四个, 五六天: GB/T 15835-2011 on approximations, GB/T 15834-2011 on the 顿号). A range with a dash
# or tilde (3～5个) is fine, and so are lists (1、2、3), ordinals (第3、4条) and named months or grades (3、4月).
APPROX_DIGITS_RE = re.compile(
    r"(?<![\d.、\-—～~第至到])([1-9])([、\-])([1-9])(?![\d.、\-—～~])"
    r"(?=(?:多)?(?:个|天|人|名|次|年(?!级|度)|项|件|条|家|所|位|种|倍|小时|分钟|周|批|户|遍|本|张|台|辆|只|斤|里|"
    r"公里|米|万|千|百|十|岁|成|口|步|句|层意思|点|篇|段|场|轮|片|棵|头|座|间|组|类|级))"
)
DIGIT_NAMES = "〇一二三四五六七八九"
# Before a measure word 2 is 两 (一两个, 两三天), not 二.
SPOKEN_PAIRS = {1: "一两", 2: "两三"}


def _date_findings(text: str) -> list[Finding]:
    findings = []
    for match in DATE_HAO_RE.finditer(text):
        findings.append(
            Finding(
                match.start(3),
                match.end(3),
                CATEGORY,
                "number.date_hao",
                "公文中日期用“日”，不用“号”",
                "日",
                "error",
            )
        )
    for match in DATE_RE.finditer(text):
        year = int(match.group(1)) if match.group(1) else None
        month, day = int(match.group(2)), int(match.group(3))
        if month == 0 or month > 12:
            message = f"日期有误：不存在{month}月"
        else:
            limit = calendar.monthrange(year or 2024, month)[1]
            if 1 <= day <= limit:
                continue
            when = f"{year}年{month}月" if year else f"{month}月"
            message = f"日期有误：{when}没有{day}日"
        findings.append(
            Finding(match.start(), match.end(), CATEGORY, "number.impossible_date", message, None, "error")
        )
    for match in MONTH_RE.finditer(text):
        month = int(match.group(2))
        if 1 <= month <= 12 or DATE_RE.match(text, match.start()):
            continue
        findings.append(
            Finding(
                match.start(),
                match.end(),
                CATEGORY,
                "number.impossible_date",
                f"日期有误：不存在{month}月",
                None,
                "error",
            )
        )
    for match in SHORT_YEAR_RE.finditer(text):
        findings.append(
            Finding(
                match.start(1),
                match.end(1),
                CATEGORY,
                "number.short_year",
                "年份不能简写，应写全4位",
                None,
                "error",
            )
        )
    return findings


def _approximation_findings(text: str) -> list[Finding]:
    findings = []
    for match in DOUBLE_APPROX_RE.finditer(text):
        group = 2 if match.group(2) else 3
        findings.append(
            Finding(
                match.start(group),
                match.end(group),
                CATEGORY,
                "number.double_approximation",
                f"“{match.group(1)}”与“{match.group(group)}”同表约数，重复",
                "",
                "error",
            )
        )
    return findings


def _approximate_digit_findings(text: str) -> list[Finding]:
    findings = []
    for match in APPROX_DIGITS_RE.finditer(text):
        first, second = int(match.group(1)), int(match.group(3))
        if second != first + 1:
            continue
        findings.append(
            Finding(
                match.start(),
                match.end(),
                CATEGORY,
                "number.approximate_digits",
                "相邻两数连用表示概数，应使用汉字数字，中间不用顿号或连接号",
                SPOKEN_PAIRS.get(first, DIGIT_NAMES[first] + DIGIT_NAMES[second]),
                # 3、4个 is plainly an approximation; 3-4个 also reads as a range, which offices write in digits.
                "error" if match.group(2) == "、" else "warning",
            )
        )
    return findings


def _percent_findings(text: str) -> list[Finding]:
    findings = []
    for match in PERCENT_RANGE_RE.finditer(text):
        joiner = match.group(2) if match.group(2) in "～至到—" else "～"
        findings.append(
            Finding(
                match.start(),
                match.end(),
                CATEGORY,
                "number.percent_range",
                "百分数范围的前一个数也要带“%”",
                f"{match.group(1)}%{joiner}{match.group(3)}",
                "error",
            )
        )
    for match in PERCENT_CN_RE.finditer(text):
        findings.append(
            Finding(
                match.start(),
                match.end(),
                CATEGORY,
                "number.percent_mixed",
                "百分数不能汉字与阿拉伯数字混写",
                f"{match.group(1)}%",
                "error",
            )
        )
    return findings


def _mixed_findings(text: str) -> list[Finding]:
    findings = []
    for match in MIXED_RE.finditer(text):
        if match.group(1):
            unit = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}[match.group(2)]
            suggestion: str | None = str(int(match.group(1)) * unit)
        else:
            suggestion = None
        findings.append(
            Finding(
                match.start(),
                match.end(),
                CATEGORY,
                "number.mixed_numerals",
                "阿拉伯数字与汉字数字混用（只有“万”“亿”可与阿拉伯数字连用）",
                suggestion,
                "error",
            )
        )
    return findings


def find(text: str) -> list[Finding]:
    return [
        *_date_findings(text),
        *_approximation_findings(text),
        *_approximate_digit_findings(text),
        *_percent_findings(text),
        *_mixed_findings(text),
    ]

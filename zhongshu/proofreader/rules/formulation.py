"""formulation: fixed official and political formulations — exact wording and order, known wrong,
incomplete, informal or outdated variants, and fuzzy matches (wrong, missing, extra, swapped characters)."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from zhongshu.proofreader import resources
from zhongshu.proofreader.findings import Finding

CATEGORY = "formulation"
FUZZY_MIN_LENGTH = 7
HAN_RE = re.compile("[\u3400-\u9fff]")
# Quotation marks inside a formulation (“五位一体”总体布局) are not edits.
FREE_CHARS = frozenset("“”‘’\"'「」")
VARIANT_MESSAGES = {
    "wrong": "提法有误",
    "incomplete": "提法不完整",
    "informal": "称谓不规范",
    "outdated": "提法已过时",
}


@dataclass(frozen=True, slots=True)
class Variant:
    text: str
    suggestion: str
    kind: str
    guard: str


@functools.cache
def _variants() -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for text, suggestion, kind, guard, _source in resources.read_table("formulation_variants.tsv"):
        automaton.add_word(text, Variant(text, suggestion, kind, guard))
    automaton.make_automaton()
    return automaton


def _variant_findings(text: str) -> list[Finding]:
    findings = []
    for end_index, variant in _variants().iter(text):
        start = end_index - len(variant.text) + 1
        if variant.guard.startswith("not_after:"):
            before = variant.guard.removeprefix("not_after:")
            if text[max(0, start - len(before)) : start] == before:
                continue
        severity = "warning" if variant.kind in ("informal", "outdated") else "error"
        findings.append(
            Finding(
                start,
                end_index + 1,
                CATEGORY,
                f"formulation.{variant.kind}",
                f"{VARIANT_MESSAGES[variant.kind]}：应为“{variant.suggestion}”",
                variant.suggestion,
                severity,  # type: ignore[arg-type]
            )
        )
    return findings


@dataclass(frozen=True, slots=True)
class FixedList:
    name: str
    items: tuple[str, ...]
    minimum: int


@functools.cache
def _lists() -> tuple[list[FixedList], Any]:
    import ahocorasick

    lists: list[FixedList] = []
    automaton = ahocorasick.Automaton()
    members: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for name, items, minimum, _source in resources.read_table("formulation_lists.tsv"):
        fixed = FixedList(name, tuple(items.split("、")), int(minimum))
        for position, item in enumerate(fixed.items):
            members[item].append((len(lists), position))
        lists.append(fixed)
    for item, where in members.items():
        automaton.add_word(item, (item, tuple(where)))
    automaton.make_automaton()
    return lists, automaton


SEPARATORS = frozenset("、，,和与及")


def _list_findings(text: str) -> list[Finding]:
    lists, automaton = _lists()
    hits: list[tuple[int, int, str, tuple[tuple[int, int], ...]]] = []
    for end_index, (item, where) in automaton.iter_long(text):
        hits.append((end_index - len(item) + 1, end_index + 1, item, where))
    findings = []
    for list_id, fixed in enumerate(lists):
        run: list[tuple[int, int, int]] = []
        for start, end, _item, where in hits:
            positions = [pos for lid, pos in where if lid == list_id]
            if not positions:
                continue
            if run and not (0 <= start - run[-1][1] <= 1 and set(text[run[-1][1] : start]) <= SEPARATORS):
                findings.extend(_judge_run(text, fixed, run))
                run = []
            run.append((start, end, positions[0]))
        findings.extend(_judge_run(text, fixed, run))
    return findings


def _judge_run(text: str, fixed: FixedList, run: list[tuple[int, int, int]]) -> list[Finding]:
    order = [position for _, _, position in run]
    if len(run) < fixed.minimum or len(set(order)) != len(order) or order == sorted(order):
        return []
    start, end = run[0][0], run[-1][1]
    separator = text[run[0][1] : run[1][0]]
    suggestion = separator.join(fixed.items[position] for position in sorted(order))
    return [
        Finding(
            start,
            end,
            CATEGORY,
            "formulation.order",
            f"“{fixed.name}”的表述顺序应为：{'、'.join(fixed.items)}",
            suggestion,
            "error",
        )
    ]


def _substitution_findings(text: str) -> list[Finding]:
    """An enumeration with every item in place but one, written otherwise (学思想、强党性、重实践、建新业)."""
    lists, _ = _lists()
    findings = []
    for fixed in lists:
        if len(fixed.items) < 3 or not any(item in text for item in fixed.items):
            continue
        for pattern, slot in _slot_patterns(fixed):
            for match in pattern.finditer(text):
                written, meant = match.group("slot"), fixed.items[slot]
                if written == meant or written in fixed.items or not _looks_like(written, meant):
                    continue
                findings.append(
                    Finding(
                        match.start("slot"),
                        match.end("slot"),
                        CATEGORY,
                        "formulation.list_member",
                        f"“{fixed.name}”的第{slot + 1}项应为“{meant}”：{'、'.join(fixed.items)}",
                        meant,
                        "error",
                    )
                )
    return findings


@functools.cache
def _slot_patterns(fixed: FixedList) -> tuple[tuple[re.Pattern[str], int], ...]:
    """One pattern per item: the other items in order, same separator, this item left open."""
    patterns = []
    last = len(fixed.items) - 1
    for slot, meant in enumerate(fixed.items):
        # Between separators the open item's length is free within one character; first and last it is the
        # item's own length, so that the text around the enumeration is not swallowed.
        width = f"{{{max(1, len(meant) - 1)},{len(meant) + 1}}}" if 0 < slot < last else f"{{{len(meant)}}}"
        parts = [
            f"(?P<slot>[\u4e00-\u9fff]{width})" if position == slot else re.escape(item)
            for position, item in enumerate(fixed.items)
        ]
        body = parts[0] + "".join(
            f"(?P=sep){part}" if index > 1 else f"(?P<sep>[、，,]){part}"
            for index, part in enumerate(parts[1:], 1)
        )
        patterns.append((re.compile(body), slot))
    return tuple(patterns)


def _looks_like(written: str, meant: str) -> bool:
    """A substituted item keeps the frame of the one it replaces: at least half its characters
    (建新功/建功业, 不想腐/不愿腐, 看齐意识/服从意识)."""
    return len(set(written) & set(meant)) * 2 >= len(meant)


# Numbered names of central formulations (“两个确立”) with one character of the name written otherwise (两个确定,
# 两个拥护). Quotation marks alone do not make a name one of these (“两个确保”, “四个服务” are other, local
# formulations): the name must stand after a verb that governs it in the central documents, or in an enumeration
# beside another of these names.
NAME_VERBS: dict[str, str] = {
    "两个确立": "领悟|认识|理解|拥护|捍卫",
    "两个维护": "做到|践行|落实|坚决",
    "四个意识": "增强|树牢|强化|树立",
    "四个自信": "坚定|增强",
    "四个全面": "协调推进",
    "两个大局": "统筹|胸怀",
}
# What follows these names in the central documents (“两个确立”的决定性意义, 把“两个维护”作为最高政治原则).
NAME_FOLLOWERS: dict[str, str] = {
    "两个确立": "的决定性意义",
    "两个维护": "作为最高政治原则|作为根本政治规矩|作为最高政治原则和根本政治规矩",
}
NUMBERED_NAMES = tuple(NAME_VERBS)
NAME_RE = re.compile("([两三四五])个([\u4e00-\u9fff]{2})")
# A name that stands in an enumeration of names: “四个意识”、“四个自信”、“两个拥护”.
NAME_NEIGHBOUR = '[”"]?[、，和]?(?:[\u4e00-\u9fff]{0,2})[“"]?'


def _named_findings(text: str) -> list[Finding]:
    findings = []
    for match in NAME_RE.finditer(text):
        written = match.group(0)
        if written in NUMBERED_NAMES:
            continue
        candidates = [
            name
            for name in NUMBERED_NAMES
            if name[:2] == written[:2]
            and sum(a != b for a, b in zip(name[2:], written[2:], strict=True)) == 1
        ]
        if len(candidates) != 1:
            continue
        name = candidates[0]
        start, end = match.span()
        governed = re.search(f'(?:{NAME_VERBS[name]})(?:“|")?$', text[max(0, start - 6) : start])
        listed = re.search(
            f"(?:{'|'.join(NUMBERED_NAMES)}){NAME_NEIGHBOUR}$", text[max(0, start - 10) : start]
        ) or re.match(f"{NAME_NEIGHBOUR}(?:{'|'.join(NUMBERED_NAMES)})", text[end : end + 10])
        followed = name in NAME_FOLLOWERS and re.match(
            f'[”"]?(?:{NAME_FOLLOWERS[name]})', text[end : end + 20]
        )
        if not (governed or listed or followed):
            continue
        findings.append(
            Finding(start, end, CATEGORY, "formulation.name", f"提法有误：应为“{name}”", name, "error")
        )
    return findings


# 党的二十大, 十九届六中全会: the Party's congresses and plenums are named in Chinese numerals, never digits,
# and 党的二十次 stands only before 全国代表大会.
CN_DIGITS = "〇一二三四五六七八九"


def chinese_number(value: int) -> str:
    """1..99 in Chinese numerals (十, 十九, 二十, 二十一)."""
    tens, units = divmod(value, 10)
    return (
        (CN_DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (CN_DIGITS[units] if units else "")
    )


CONGRESS_RES = (
    re.compile(r"(?P<head>党的|中共|第)(?P<n>\d{1,2})(?P<tail>大|次全国代表大会)"),
    re.compile(r"党的(?P<n>[一二三四五六七八九十]{1,3})次(?!全国代表大会|会议|全会|全体)"),
    # 20大精神 without 党的: only before the words that follow a congress, so that 20大项目 stays apart.
    re.compile(
        r"(?<![\d.第])(?<!党的)(?<!中共)(?P<n>1\d|20)(?P<tail>大)(?=精神|报告|以来|代表|胜利召开|召开|闭幕|开幕|作出|提出|部署|确定|强调)"
    ),
    re.compile(r"(?<![\d.])(?P<n>\d{1,2})届(?P<m>\d|[一二三四五六七八九])中全会"),
    re.compile(r"(?P<cn>[一二三四五六七八九十]{1,3})届(?P<m>\d)中全会"),
)


def _congress_findings(text: str) -> list[Finding]:
    if not any(marker in text for marker in ("党的", "中共", "中全会", "全国代表大会", "大")):
        return []
    findings = []
    for pattern in CONGRESS_RES:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if "tail" in groups:
                tail = "大" if groups["tail"] == "大" else "次全国代表大会"
                head = groups.get("head") or ""
                if head == "第" and tail == "大":
                    continue
                right = f"{head}{chinese_number(int(groups['n']))}{tail}"
            elif "m" not in groups:
                right = f"党的{groups['n']}大"
            else:
                count = groups.get("cn") or chinese_number(int(groups["n"]))
                plenum = groups["m"] if not groups["m"].isdigit() else CN_DIGITS[int(groups["m"])]
                right = f"{count}届{plenum}中全会"
            findings.append(
                Finding(
                    match.start(),
                    match.end(),
                    CATEGORY,
                    "formulation.congress",
                    f"党的代表大会和全会的届次用汉字数字：应为“{right}”",
                    right,
                    "error",
                )
            )
    return findings


@dataclass(frozen=True, slots=True)
class Canon:
    terms: tuple[str, ...]
    bigrams: Any  # Aho-Corasick automaton: bigram -> ((term id, offset), ...)


@functools.cache
def _canon() -> Canon:
    import ahocorasick

    terms = tuple(row[0] for row in resources.read_table("formulations.tsv"))
    where: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for term_id, term in enumerate(terms):
        if len(term) < FUZZY_MIN_LENGTH:
            continue
        for offset in range(len(term) - 1):
            where[term[offset : offset + 2]].append((term_id, offset))
    automaton = ahocorasick.Automaton()
    for bigram, places in where.items():
        automaton.add_word(bigram, tuple(places))
    automaton.make_automaton()
    return Canon(terms, automaton)


@functools.cache
def _sound(char: str) -> str:
    from pypinyin import Style, lazy_pinyin

    sound = lazy_pinyin(char, style=Style.NORMAL)[0]
    for blurred, plain in (("zh", "z"), ("ch", "c"), ("sh", "s")):
        if sound.startswith(blurred):
            sound = plain + sound[2:]
    if sound.startswith("l"):
        sound = "n" + sound[1:]
    for blurred, plain in (("ang", "an"), ("eng", "en"), ("ing", "in")):
        if sound.endswith(blurred):
            sound = sound[: -len(blurred)] + plain
    return sound


def _align(term: str, window: str) -> tuple[int, int, int, list[str], str] | None:
    """Best substring of `window` for `term` (optimal string alignment, free start and end).

    Returns (distance, start, end, operations, corrected) with operations among sub/sound/del/ins/swap, and
    `corrected` the term as the matched substring should read: the term's characters with the quotation marks
    the substring holds kept where they stand (“五为一体”总体布局 → “五位一体”总体布局, never a mark lost).
    """
    m, n = len(term), len(window)
    inf = 1 << 20
    # Swapping a character for a mark or a Latin letter is a deletion plus an extra character.
    sub_cost = [1 if HAN_RE.match(char) else 2 for char in window]
    ins_cost = [0 if char in FREE_CHARS else 1 for char in window]
    dist = [[0] * (n + 1)]
    for i in range(1, m + 1):
        prev = dist[i - 1]
        prev2 = dist[i - 2] if i > 1 else prev
        row = [i] * (n + 1)
        t = term[i - 1]
        tp = term[i - 2] if i > 1 else ""
        for j in range(1, n + 1):
            w = window[j - 1]
            best = prev[j - 1] if t == w else prev[j - 1] + sub_cost[j - 1]
            other = prev[j] + 1
            if other < best:
                best = other
            other = row[j - 1] + ins_cost[j - 1]
            if other < best:
                best = other
            if j > 1 and t == window[j - 2] and tp == w:
                other = prev2[j - 2] + 1
                if other < best:
                    best = other
            row[j] = best
        dist.append(row)
    end = min(range(n + 1), key=lambda j: (dist[m][j], -j))
    distance = dist[m][end]
    if distance >= inf:
        return None
    operations: list[str] = []
    # The corrected text, built backwards: a term character for each one matched, substituted or missing, a
    # quotation mark of the window for each one passed over freely, nothing for an extra character.
    corrected: list[str] = []
    i, j = m, end
    while i > 0:
        if j > 0 and term[i - 1] == window[j - 1] and dist[i][j] == dist[i - 1][j - 1]:
            corrected.append(term[i - 1])
            i, j = i - 1, j - 1
        elif j > 0 and HAN_RE.match(window[j - 1]) and dist[i][j] == dist[i - 1][j - 1] + 1:
            operations.append("sound" if _sound(term[i - 1]) == _sound(window[j - 1]) else "sub")
            corrected.append(term[i - 1])
            i, j = i - 1, j - 1
        elif (
            i > 1
            and j > 1
            and term[i - 1] == window[j - 2]
            and term[i - 2] == window[j - 1]
            and dist[i][j] == dist[i - 2][j - 2] + 1
        ):
            operations.append("swap")
            corrected.append(term[i - 2] + term[i - 1])
            i, j = i - 2, j - 2
        elif j > 0 and window[j - 1] in FREE_CHARS and dist[i][j] == dist[i][j - 1]:
            corrected.append(window[j - 1])
            j -= 1
        elif j > 0 and dist[i][j] == dist[i][j - 1] + 1:
            operations.append("ins")
            j -= 1
        else:
            operations.append("del_first" if i == 1 else "del_last" if i == m else "del")
            corrected.append(term[i - 1])
            i -= 1
    return distance, j, end, operations, "".join(reversed(corrected))


def _fuzzy_findings(text: str) -> list[Finding]:
    canon = _canon()
    votes: dict[tuple[int, int], int] = defaultdict(int)
    for end_index, places in canon.bigrams.iter(text):
        position = end_index - 1
        for term_id, offset in places:
            votes[(term_id, position - offset)] += 1
    exact = set(canon.terms)
    findings: list[Finding] = []
    done: dict[int, int] = {}
    for (term_id, diagonal), _ in sorted(votes.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        term = canon.terms[term_id]
        length = len(term)
        budget = 1 if length < 12 else 2
        if sum(votes.get((term_id, diagonal + shift), 0) for shift in range(-budget, budget + 1)) < max(
            3, length - 1 - 3 * budget
        ):
            continue
        if done.get(term_id, -(1 << 30)) > diagonal:
            continue
        if text.startswith(term, max(diagonal, 0)):
            done[term_id] = diagonal + length
            continue
        left = max(0, diagonal - budget - 1)
        window = text[left : diagonal + length + budget + 1]
        aligned = _align(term, window)
        if aligned is None:
            continue
        distance, start, end, operations, corrected = aligned
        start, end = left + start, left + end
        done[term_id] = end
        matched = text[start:end]
        if distance == 0 or distance > budget or matched in exact:
            continue
        # A missing first or last character is only a slip when the phrase stands apart; next to
        # other words it is usually a different, shorter phrase (社会主义核心价值体系).
        if "sub" in operations:
            continue
        if "del_first" in operations and start > 0 and text[start - 1].isalnum():
            continue
        if "del_last" in operations and end < len(text) and text[end].isalnum():
            continue
        if any(
            other in text[max(0, start - 4) : end + 4]
            for other in exact
            if other != term and len(other) >= len(matched) and matched in other
        ):
            continue
        findings.append(
            Finding(
                start,
                end,
                CATEGORY,
                "formulation.fuzzy",
                f"规范提法为“{term}”（{_describe(operations)}）",
                corrected,
                "error",
            )
        )
    return findings


def _describe(operations: list[str]) -> str:
    names = {
        "sound": "音近错字",
        "sub": "错字",
        "del": "缺字",
        "del_first": "缺字",
        "del_last": "缺字",
        "ins": "多字",
        "swap": "字序颠倒",
    }
    return "、".join(dict.fromkeys(names[op] for op in operations if op in names))


# Marks a wording fix must never take away: quotation marks and the title marks around a name (《》〈〉).
KEPT_MARKS = "“”‘’「」《》〈〉\"'"


def keeps_marks(flagged: str, suggestion: str) -> bool:
    """Whether replacing `flagged` by `suggestion` keeps every quotation and title mark `flagged` holds."""
    return all(suggestion.count(mark) >= flagged.count(mark) for mark in set(flagged) & set(KEPT_MARKS))


def _mark_safe(text: str, findings: list[Finding]) -> list[Finding]:
    """A suggestion that would delete a mark of the text (采纳 replaces the flagged span whole) is withheld: the
    finding stays as advice, and the person corrects the wording by hand."""
    return [
        finding
        if finding.suggestion is None or keeps_marks(text[finding.start : finding.end], finding.suggestion)
        else replace(finding, suggestion=None)
        for finding in findings
    ]


def find(text: str) -> list[Finding]:
    if not re.search("[\u4e00-\u9fff]", text[:4096]) and not re.search("[\u4e00-\u9fff]", text):
        return []
    findings = [
        *_variant_findings(text),
        *_list_findings(text),
        *_substitution_findings(text),
        *_named_findings(text),
        *_congress_findings(text),
        *_fuzzy_findings(text),
    ]
    # One span, one finding: a list member written otherwise may also be a fuzzy match of a canonical term;
    # the first, more specific rule speaks.
    first: dict[tuple[int, int], Finding] = {}
    for finding in findings:
        first.setdefault((finding.start, finding.end), finding)
    return _mark_safe(text, list(first.values()))

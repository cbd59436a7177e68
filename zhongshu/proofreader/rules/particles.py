"""particles: which of 的/地/得 belongs, decided from the parts of speech on either side.

的 joins an attribute to a noun (美丽的风景), 地 an adverbial to a verb (认真地学习), 得 a verb or adjective
to its complement (做得扎实). Most real slips are 地 or 得 written where 的 is right (美丽地风景, 我们得任务);
the rest are 的 where 地 or 得 belongs. jieba's tags are noisy (it tags 全面 and 系统 as nouns, 美丽 as a place
name), so each rule fires only where the words on both sides agree, and "error" is kept for the clear cases.

This is its own layer after typo: typo's older list-based 的→地 and 的→得 rules come first and win on the
same span, so this layer never repeats them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from zhongshu.proofreader import resources
from zhongshu.proofreader.findings import Finding, Severity

CATEGORY = "typo"
PARTICLES = "的地得"
# Rule ids of every 的/地/得 finding, this layer's and typo's: the bench scores these together.
RULE_TO_DE = "typo.particle.de"
RULE_TO_DI = "typo.particle.di"
RULE_TO_DEI = "typo.particle.dei"
RULE_IDS = frozenset({RULE_TO_DE, RULE_TO_DI, RULE_TO_DEI, "typo.de_di", "typo.de_de"})

# A clause is where "at the end" is judged; posseg runs on one clause at a time.
CLAUSE_RE = re.compile(r"[^，。；！？、：,;!?:\n…]+")
# Quotation marks and brackets sit inside a clause: a closing one ends a noun phrase (“千万工程”的坚守),
# an opening one is looked through (落实决策的“第一关”).
CLOSING_MARKS = frozenset("”’》）)】」』")
OPENING_MARKS = frozenset("“‘《（(【「『")


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


NOUN_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "an", "s"})
VERB_TAGS = frozenset({"v", "vd", "vg", "vi"})
ADJ_TAGS = frozenset({"a", "ag"})
# Personal pronouns never take 地 or 得 as a complement marker: 我们地/他们得 + noun is 的.
PERSONAL_PRONOUNS = _words(
    "我 你 您 他 她 它 我们 你们 他们 她们 它们 咱们 大家 自己 本人 各自 彼此 人家 别人 其 本单位 各级"
)
# Words that make 地 the noun "land, ground" (一块地, 种地, 占地) rather than a particle.
LAND_BEFORE = _words(
    "块 片 亩 种 耕 犁 下 扫 拖 铺 落 遍 满 土 田 平 荒 圈 占 征 用 租 承包 流转 整 翻 锄 菜 山 林 宅基 建设用 外 各 "
    "本 当 两 异 原 实 就 席 草 坡 沙 湿 绿 耕种 住 墓 供 拨 批 出让 储备 置换 复垦"
)
# Nouns and adjectives jieba tags as such that are good adverbials before 地 (系统地学习, 历史地看).
ADVERBIAL_NOUNS = _words(
    "系统 全面 历史 科学 整体 重点 客观 辩证 集中 创造性 创新性 针对性 经常性 系统性 前瞻性 战略性 "
    "根本 本质 实质 逻辑 理性 形象 艺术 高度 统筹 专业 法治 民主 数字化 常态化 制度化 规范化 "
    "精细化 程度 具体 总体 长期 分类 分层 分批 分步 依次 定期 适时 按时 准时 同步 联动 主动 被动 实质性"
)
# Adverbs that modify verbs directly and do not head a noun phrase with 的 (更好地发挥, 不断地推进).
ADVERBS_TAKING_DI = _words(
    "不断 逐步 更好 更加 进一步 大力 全力 尽快 尽力 努力 充分 积极 切实 坚决 深入 扎实 认真 有效 严格 "
    "有序 稳步 持续 牢牢 紧紧 深深 默默 悄悄 慢慢 渐渐 逐渐 稳妥 精准 及时 广泛 彻底 坚定 自觉 主动 "
    "耐心 细致 准确 严肃 迅速 务实 真正 有力 合理 顺利 圆满 热情 明确 清醒 科学 依法 全面 系统"
)
# Adverbs of degree that open a complement after 得 (做得很好, 抓得更加扎实).
DEGREE_WORDS = _words(
    "那么 这么 如此 多么 很 非常 十分 特别 相当 格外 更加 更 极 极其 太 比较 较 越来越 尤其 愈加 愈发 不够 不太 不很 最"
)
# Adjectives that close a clause as a complement after a verb (干得好, 抓得实, 学得深).
COMPLEMENTS = _words(
    "好 坏 快 慢 多 少 早 晚 深 透 实 细 准 稳 严 紧 牢 足 够 对 错 清 清楚 明白 扎实 到位 出色 "
    "齐 全 高 大 小 远 近 硬 活 真 新 "
    "漂亮 精彩 及时 彻底 很好 更好 最好 较好 不错 不好 不够 更快 更实 更细 更深 最快 很快 踏实 有力 有效"
)
# Verbs before which a bare 得 is the modal děi (我们得抓紧); a noun after them decides nothing.
NOMINALISED_AFTER_DE = _words(
    "态度 精神 作风 劲头 过程 结果 方式 方法 措施 举措 机制 成效 效果 体系 能力 水平 成果"
)


@dataclass(frozen=True, slots=True)
class _Token:
    word: str
    tag: str
    start: int


def _is_reduplicated(word: str) -> bool:
    """AABB (认认真真) or ABAB (研究研究 is a verb, but 雪白雪白 and 通红通红 are adverbials)."""
    if len(word) == 4:
        return (word[0] == word[1] and word[2] == word[3]) or word[:2] == word[2:]
    return len(word) == 2 and word[0] == word[1] and word not in ("人人", "常常", "天天")


@functools.cache
def _posseg() -> Any:
    resources.jieba_segmenter()
    import jieba.posseg

    return jieba.posseg


def _clauses(text: str) -> Iterator[tuple[int, str]]:
    for match in CLAUSE_RE.finditer(text):
        clause = match.group()
        if any(particle in clause for particle in PARTICLES):
            yield match.start(), clause


def _tokens(offset: int, clause: str) -> list[_Token]:
    tokens = []
    position = offset
    for pair in _posseg().cut(clause, HMM=False):
        tokens.append(_Token(pair.word, pair.flag, position))
        position += len(pair.word)
    return tokens


Verdict = tuple[str, Severity, str]  # right particle, severity, message


def _land_compound(before: _Token) -> bool:
    """地 ends a noun with the character before it (基地, 实地, 产地) though jieba cut it off."""
    return resources.pos_table().get(before.word[-1] + "地", "") in NOUN_TAGS


MODIFIER_TAGS = frozenset({"a", "b", "r", "d", "m", "mq", "vn", "l", "j", "an", "z"})
ASPECT = frozenset({"了", "着", "过"})
RESULTATIVE = frozenset({"了", "着", "过", "到", "起", "出", "好", "完", "成", "住", "在", "于"})
# Directional and potential complements that close a clause after 得 (站得出来, 拿得起来).
DIRECTIONAL = _words("出来 起来 下去 上来 下来 过来 进去 出去 上去 回来 过去 住 动 了 起 下 完")
# Heads that make 的 + verb + head a noun phrase (认真的学习态度, 有针对性的指导意见).
NOUN_PHRASE_HEADS = NOMINALISED_AFTER_DE | _words(
    "意见 建议 方案 办法 政策 做法 工作者 人员 对象 事项 内容 要求"
)


# Verbs that follow a 的字结构 as its predicate (相同的是责任, 体会最深的有四个字): never after 地.
LINKING_VERBS = _words("是 有 为 在 需要 要 成为 属于 叫 像 等于 包括 占")


def _noun_phrase_follows(following: list[_Token], *, through_verbal_nouns: bool) -> bool:
    """A noun, or up to two modifiers and then a noun (具体事项, 更大贡献): the head a 的 joins to."""
    for token in following[:3]:
        if token.tag in NOUN_TAGS:
            return True
        if token.word in PERSONAL_PRONOUNS or token.tag not in MODIFIER_TAGS:
            return False
        if token.tag == "vn" and not through_verbal_nouns:
            return False
    return False


def _nounish(token: _Token) -> bool:
    return (
        token.word in PERSONAL_PRONOUNS or token.tag in NOUN_TAGS or token.tag in ("vn", "f", "t", "j", "b")
    )


def _verbal(token: _Token) -> bool:
    """A verb, or a set phrase jieba lists whole that opens with one (推进改革/l, 开展调研/n)."""
    if token.tag in VERB_TAGS:
        return True
    if token.tag not in ("l", "n", "i") or len(token.word) < 4:
        return False
    tags = resources.pos_table()
    # 奉献精神 and 示范作用 open with a verb too, but end in a noun, or a verb jieba tags as one: noun phrases.
    rest = tags.get(token.word[2:], "")
    return tags.get(token.word[:2]) == "v" and (rest == "vn" if token.tag == "n" else rest not in NOUN_TAGS)


def _adverbial_noun(token: _Token) -> bool:
    return token.word in ADVERBIAL_NOUNS or token.word.endswith("性")


def _for_di(before: _Token, following: list[_Token]) -> Verdict | None:
    """A bare 地: the noun "land" after a measure word or a farming verb; else the particle."""
    if before.word in LAND_BEFORE or before.word.endswith("见") or before.tag in ("m", "q", "mq"):
        return None
    if _land_compound(before):
        return None
    personal = before.word in PERSONAL_PRONOUNS
    if not following:
        # An adverbial needs a verb after 地; at a clause's end it is the 的 of 的字结构 (弄虚作假的，).
        if personal or before.tag in NOUN_TAGS:
            return "的", "error", "“的”字结构或定语用“的”，不用“地”"
        return "的", "warning", "句末的“地”疑为“的”"
    after = following[0]
    after2 = following[1] if len(following) > 1 else None
    if len(after.word) == 1 and resources.pos_table().get("地" + after.word, "") in NOUN_TAGS:
        return None  # 耕地地力: 地力 is a noun that jieba cut in two
    if before.tag in ("d", "z", "vd") or _is_reduplicated(before.word):
        return None
    if after.word == "、" or after.tag in ("d", "ad"):
        return None  # 顺利地、健康地推进; 不同程度地认真学习: adverbials in a row
    if after2 is not None and after2.word in ASPECT:
        return None  # 很好地利用了: whatever jieba's tag, a word with 了 after it is a verb
    if _noun_phrase_follows(following, through_verbal_nouns=False):
        if personal or (_nounish(before) and not _adverbial_noun(before)):
            clear = personal or after.tag in NOUN_TAGS and _attributive_only(before)
            return "的", "error" if clear else "warning", "定语与名词之间用“的”"
        if before.tag in ADJ_TAGS or before.tag in VERB_TAGS or before.tag in ("vn", "l", "i"):
            # 科学地规划城市: a verb tagged as a noun, with its own object after it.
            if after2 is not None and after2.tag in NOUN_TAGS and before.tag in ADJ_TAGS:
                return None
            return "的", "warning", "定语与名词之间用“的”"
        return None
    if personal:
        return "的", "warning", "代词不作状语，“地”疑为“的”"
    # jieba tags many adverbials as nouns (机械, 自流): a noun before 地 + verb counts only when correct
    # prose never writes it with 地.
    if not _attributive_only(before) or _adverbial_noun(before):
        return None
    if after.tag == "vn" and _nounish(before):
        return "的", "warning", "定语与名词之间用“的”"
    # 事权地支出责任, 合格地称职的秘书: after a plain noun, 地 + verb is more often a noun phrase.
    noun_phrase_after = after2 is None or after2.tag in NOUN_TAGS | {"vn"} or after2.word == "的"
    if after.tag in VERB_TAGS and _nounish(before) and noun_phrase_after:
        return "的", "warning", "定语与名词之间用“的”"
    return None


def _for_dei(before: _Token, following: list[_Token]) -> Verdict | None:
    """A bare 得: a complement marker after a verb or adjective, the modal děi before a verb."""
    personal = before.word in PERSONAL_PRONOUNS
    if not following:
        # 得 needs a complement after it; at a clause's end it is the 的 of 的字结构 (造成严重后果的，).
        if before.tag in VERB_TAGS or before.tag in ADJ_TAGS:
            return "的", "warning", "句末的“得”疑为“的”"
        return "的", "error", "“的”字结构用“的”，不用“得”"
    after = following[0]
    if len(following) == 1 and (after.word in COMPLEMENTS or after.word in DIRECTIONAL):
        return None  # 做得实。: a complement closing the clause, whatever jieba tags it
    if after.word in DEGREE_WORDS:
        return None  # 组织得那么严密
    if _noun_phrase_follows(following, through_verbal_nouns=True):
        if _nounish(before) or before.tag in ("m", "r"):
            return "的", "error" if after.tag in NOUN_TAGS else "warning", "定语与名词之间用“的”"
        if before.tag in ADJ_TAGS or before.tag in VERB_TAGS or before.tag in ("z", "l", "i", "ad"):
            return "的", "warning", "定语与名词之间用“的”"
        return None
    if personal:
        return None  # 我们得抓紧: the modal děi
    if after.tag in VERB_TAGS | {"vn"} and (before.tag in NOUN_TAGS or before.tag == "vn"):
        return "的", "warning", "定语与中心语之间用“的”"
    return None


def _opens_noun_phrase(following: list[_Token]) -> bool:
    """的 + verb + head noun is a noun phrase (认真的学习态度), not an adverbial."""
    return len(following) > 1 and (
        following[1].word in NOUN_PHRASE_HEADS or following[1].word in ("的", "和", "与")
    )


def _for_de(before: _Token, following: list[_Token]) -> Verdict | None:
    """A bare 的: 地 between an adverbial and a verb, 得 between a verb and its complement."""
    if not following:
        return None
    after = following[0]
    after2 = following[1] if len(following) > 1 else None
    if before.tag in VERB_TAGS or before.tag in ADJ_TAGS or before.tag == "vn":
        pure_degree = (after.word in DEGREE_WORDS or after.word == "还") and after.word != "最"
        degree_adjective = (
            len(after.word) > 1
            and after.word[0] in "很更"
            and after.tag in ("a", "ad")
            and before.tag in VERB_TAGS
        )
        # The degree word and what follows it end the clause: 研究得还不够深入。
        closes = len(following) <= 3 and all(t.tag in ADJ_TAGS | {"ad", "v", "d"} for t in following[1:])
        if (pure_degree or degree_adjective) and closes:
            severity: Severity = "error" if before.tag in VERB_TAGS and after.word != "还" else "warning"
            return "得", severity, "动词、形容词与补语之间用“得”"
        complement = after.word in COMPLEMENTS or after.word in DIRECTIONAL
        if (
            before.tag in VERB_TAGS
            and before.word not in ("是", "有", "为")
            and after2 is None
            and complement
        ):
            return "得", "warning", "动词与补语之间用“得”"
    if not _verbal(after) or after.word in LINKING_VERBS or _opens_noun_phrase(following):
        return None
    reduplicated = _is_reduplicated(before.word) and before.tag in ("z", "d", "ad", "a", "i", "l")
    if reduplicated or (before.tag in ("d", "z") and before.word in ADVERBS_TAKING_DI):
        return "地", "error", "状语与动词之间用“地”"
    closes_verb = after2 is None or after2.word in RESULTATIVE or after2.tag in ("r", "p", "ul", "uz", "ug")
    # An adjective-adverb (坚决, 认真) also makes noun phrases: 坚决的维护定力 is one. With an object after
    # the verb only typo's list of official verbs decides; here only a verb that closes its phrase does.
    if before.tag == "ad" and before.word in ADVERBS_TAKING_DI:
        return ("地", "error", "状语与动词之间用“地”") if closes_verb else None
    object_follows = after2 is not None and after2.tag in NOUN_TAGS | {"vn", "b"}
    takes_di = ("after", after.word) not in _neighbours() or _usual(
        "after", after.word, "地", least=1, share=0.05
    )
    # 优越性的发挥，有名有实的统治。: a verb closing the clause after 的 is often a noun.
    if (
        (
            before.word.endswith("性")
            and (after2 is not None or _usual("before", before.word, "地", least=3, share=0.1))
            or before.tag in ("d", "z", "i")
        )
        and not object_follows
        and takes_di
    ):
        # 史无前例的反腐败斗争: after an idiom, 的 + verb + noun is as often a noun phrase.
        return "地", "warning", "状语与动词之间用“地”"
    if before.tag in ("a", "ad") and after2 is not None and after2.word in RESULTATIVE:
        return "地", "warning", "状语与动词之间用“地”"
    return None


DECIDERS = {"地": _for_di, "得": _for_dei, "的": _for_de}
RULE_FOR = {"的": RULE_TO_DE, "地": RULE_TO_DI, "得": RULE_TO_DEI}


@functools.cache
def _neighbours() -> dict[tuple[str, str], tuple[int, int, int]]:
    table = {}
    for side, word, de, di, dei in resources.read_table("particle_neighbours.tsv"):
        table[side, word] = (int(de), int(di), int(dei))
    return table


def _usual(side: str, word: str, particle: str, *, least: int, share: float) -> bool:
    """`particle` stands on `side` of `word` at least `least` times and `share` of the time in correct prose."""
    counts = _neighbours().get((side, word))
    if counts is None:
        return False
    seen = counts[PARTICLES.index(particle)]
    return seen >= least and seen >= share * sum(counts)


def _attributive_only(before: _Token) -> bool:
    """Correct prose writes this word before 的 often and never before 地 (党, 制度, 群众)."""
    counts = _neighbours().get(("before", before.word), (0, 0, 0))
    return counts[0] >= 10 and counts[1] == 0


def _written_so_in_good_prose(particle: str, right: str, before: _Token, following: list[_Token]) -> bool:
    """Correct prose often has this particle after this word (有计划地, 办案地公安机关, 应征得): no finding."""
    if before.word in PERSONAL_PRONOUNS:
        return False
    if particle == "的":
        # 更好的 is common (更好的生活) and 更好地发挥 too: 的 stands when the word is mostly attributive and
        # the word after it is known to seldom follow the particle proposed.
        if not following or not _usual("before", before.word, "的", least=3, share=0.5):
            return False
        if right == "地" and _attributive_only(before) and before.word not in ADVERBS_TAKING_DI:
            return True  # 正常的组织生活: prose never writes 正常地
        counts = _neighbours().get(("after", following[0].word))
        return counts is not None and not _usual("after", following[0].word, right, least=1, share=0.05)
    if _usual("before", before.word, particle, least=2, share=0.1):
        return True
    return bool(following) and _usual("after", following[0].word, particle, least=3, share=0.2)


def _from_counts(particle: str, before: _Token, following: list[_Token]) -> Verdict | None:
    """Where the tags decide nothing: a 的 after a word that nearly always takes 地 before a verb
    (坚持不懈, 满腔热情), or 得 before a complement (做, 抓)."""
    if not following or following[0].word == "、" or before.word in PERSONAL_PRONOUNS:
        return None
    after = following[0]
    if particle != "的":
        # A word that takes 的 often in correct prose and never this particle (党的, 群众的).
        counts = _neighbours().get(("before", before.word), (0, 0, 0))
        verb_follows = (
            _verbal(after) or after.tag in ("d", "ad") or len(following) > 1 and following[1].word in ASPECT
        )
        never_di = (
            counts[0] >= 20
            and counts[1] == 0
            and not _adverbial_noun(before)
            and before.tag not in ("d", "z")
            # 任务地完成情况: the verb heads a noun phrase; 成体系地明确了: it does not.
            and len(following) > 1
            and (following[1].tag in NOUN_TAGS or following[1].tag == "vn" or following[1].word == "的")
        )
        if particle == "地" and verb_follows and not never_di:
            return None  # 形象地指出了: an adverbial before a verb takes 地, unless prose never writes the word so
        complement = (
            after.word in COMPLEMENTS or after.word in DIRECTIONAL or after.word in DEGREE_WORDS | {"还"}
        )
        if particle == "得" and (complement or len(following) == 1 and after.tag in ADJ_TAGS):
            return None  # 收得齐: a complement, not a head noun
        if counts[0] >= 10 and counts[PARTICLES.index(particle)] == 0:
            return "的", "warning", "定语与中心语之间用“的”"
        return None
    verb_after = _verbal(after) and after.word not in LINKING_VERBS and not _opens_noun_phrase(following)
    if verb_after and _usual("before", before.word, "地", least=5, share=0.7):
        return "地", "warning", "状语与动词之间用“地”"
    after2 = following[1] if len(following) > 1 else None
    # 紧密的团结在…, 坚定不移的向前迈进: jieba's adjective or time word, with a verb's company after it.
    verb_company = after2 is not None and (after2.tag == "p" or after2.word in RESULTATIVE or _verbal(after2))
    if after.tag in ("a", "t") and verb_company and _usual("before", before.word, "地", least=5, share=0.7):
        return "地", "warning", "状语与动词之间用“地”"
    adverbial = _usual("before", before.word, "地", least=3, share=0.3) or before.tag in ("i", "ad")
    # 坚定不移的把…, 坚持不懈的认真做好: a preposition or an adverb, and a verb after it, cannot be what 的 joins.
    verb_phrase = after2 is not None and (_verbal(after2) or after2.tag == "p" or after.tag == "p")
    if adverbial and after.tag in ("p", "d", "ad") and after.word not in ("和", "与", "及") and verb_phrase:
        return "地", "warning", "状语与动词之间用“地”"
    verb_after = verb_after and after.word not in NOUN_PHRASE_HEADS
    # Not the clause's end: 计划的执行，全面的准备， are nouns made of verbs.
    verb_closes = after2 is not None and (after2.word in RESULTATIVE or after2.tag in ("p", "ul", "uz", "ug"))
    if verb_after and verb_closes and _usual("before", before.word, "地", least=5, share=0.2):
        return "地", "warning", "状语与动词之间用“地”"
    if verb_after and _usual("before", before.word, "地", least=10, share=0.6):
        return "地", "warning", "状语与动词之间用“地”"
    closing = len(following) <= 2 and (after.word in COMPLEMENTS or after.word in DIRECTIONAL)
    if closing and _usual("before", before.word, "得", least=5, share=0.5):
        return "得", "warning", "动词与补语之间用“得”"
    return None


def find(text: str) -> list[Finding]:
    findings: list[Finding] = []
    for offset, clause in _clauses(text):
        tokens = _tokens(offset, clause)
        for index, token in enumerate(tokens):
            if token.word not in DECIDERS or index == 0:
                continue
            before = tokens[index - 1]
            if before.word in CLOSING_MARKS:
                before = _Token(before.word, "n", before.start)
            elif before.tag == "x":
                continue
            following = []
            for later in tokens[index + 1 : index + 6]:
                if later.word in CLOSING_MARKS:
                    break  # 收得齐”: the quotation ends the phrase
                if later.word not in OPENING_MARKS:
                    following.append(later)
            if token.word == "地" and index + 1 < len(tokens) and tokens[index + 1].word in CLOSING_MARKS:
                continue  # “转折地”“素材地”: a quoted name of a place
            if token.word == "地" and text[token.start + 1 : token.start + 2] == "、":
                continue  # 及时地、准确地报送: adverbials in a row
            if token.word == "的" and index + 1 < len(tokens) and tokens[index + 1].word in OPENING_MARKS:
                continue  # 发生变化的“凡转必审”: a quotation after 的 is what it joins
            verdict = DECIDERS[token.word](before, following)
            if verdict is not None and _written_so_in_good_prose(token.word, verdict[0], before, following):
                verdict = None
            # The counts' own verdicts weigh the same evidence the gate above does: they are not gated.
            verdict = verdict or _from_counts(token.word, before, following)
            if verdict is None or verdict[0] == token.word:
                continue
            right, severity, message = verdict
            findings.append(
                Finding(token.start, token.start + 1, CATEGORY, RULE_FOR[right], message, right, severity)
            )
    return findings

"""typo: wrong characters and words, confusable words, repeated characters or words, misspelt idioms."""

from __future__ import annotations

import functools
import re
from typing import Any

from zhongshu.proofreader import resources
from zhongshu.proofreader.findings import Finding
from zhongshu.proofreader.rules import idiom

CATEGORY = "typo"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"


@functools.cache
def _wrong_forms() -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for wrong, right, scope, _source in resources.read_table("typos.tsv"):
        automaton.add_word(wrong, (wrong, right, scope))
    automaton.make_automaton()
    return automaton


def _wrong_form_findings(text: str) -> list[Finding]:
    automaton = _wrong_forms()
    findings = []
    for end_index, (wrong, right, scope) in automaton.iter(text):
        start = end_index - len(wrong) + 1
        end = end_index + 1
        # jieba lists some wrong forms as words (布署); the boundary test only guards against a wrong
        # form that straddles two right words (发布署名).
        if scope == "word" and not resources.on_token_boundaries(text, start, end):
            continue
        rule = "typo.idiom" if len(right) >= 4 and scope == "any" else "typo.wrong_word"
        what = "成语" if rule == "typo.idiom" else "词语"
        findings.append(
            Finding(start, end, CATEGORY, rule, f"{what}写法有误：“{wrong}”应为“{right}”", right, "error")
        )
    return findings


# (pattern, rule id, message, replacement of group 1); group 1 is the span flagged.
CONTEXT_RULES: tuple[tuple[re.Pattern[str], str, str, str], ...] = (
    (
        re.compile(
            r"(截止)(?=到|目前|今年|去年|当前|现在|发稿|年底|年末|月底|上半年|[0-9０-９一二〇○]{2,4}年|[0-9]{1,2}月)"
        ),
        "typo.confusable.jiezhi",
        "表示“到某时为止”用“截至”，“截止”用于时间之后（如“报名于5月1日截止”）",
        "截至",
    ),
    (
        # Any modifiers between (做出新的更大贡献) within one clause; none of them a verb or preposition that
        # would start a new predicate (做出的产品为社会作出贡献), and nothing concrete (做出一桌菜) has these heads.
        # 做出的 starts a relative clause (做出的菜受到好评): there the noun must follow within a few characters.
        re.compile(
            r"(做出)(?=(?:了?(?!的)(?:(?!作出|做出)[^，。；：！？、,;:!?\s为对向给把被让使是在从受得获]){0,16}?|的[^，。；：！？、,;:!?\s为对向给把被让使是在从受得获]{0,4}?)"
            r"(?:决定|决策|部署|贡献|规定|安排|承诺|批示|指示|努力|表率|回应|判断|评价|解释|调整|选择|牺牲|结论|答复|说明|处理|处分|裁决|反应|保证|估计))"
        ),
        "typo.confusable.zuochu",
        "“作出”用于决定、部署、贡献等抽象事物，“做出”用于具体成品",
        "作出",
    ),
    (
        re.compile(r"(必需)(?=要|坚持|做到|把|始终|严格|认真|按照|高度|加强|进一步|切实|在)"),
        "typo.confusable.bixu",
        "作状语表示“一定要”用“必须”，“必需”指不可缺少的",
        "必须",
    ),
    (
        re.compile(r"(即要)(?=[^。；！？\n]{1,30}?[，、]?(?:又要|也要|还要))"),
        "typo.confusable.jiyao",
        "“既……又……”关联词误作“即”",
        "既要",
    ),
    (
        re.compile(
            r"(登陆)(?=[^。，；\n]{0,6}?(?:系统|平台|网站|网页|账号|账户|页面|客户端|邮箱|APP|App|app))"
        ),
        "typo.confusable.denglu",
        "进入网络系统用“登录”，“登陆”指从水上到陆地",
        "登录",
    ),
    (
        re.compile(
            r"(?<![支交应偿预垫对拨兑偿])(付)(?=(?:局长|主任|书记|县长|市长|区长|镇长|乡长|部长|厅长|处长|科长|组长|秘书长|省长|院长|所长|队长|主席|总经理|调研员))"
        ),
        "typo.confusable.fu",
        "职务名称中的“副”误作“付”",
        "副",
    ),
    (
        re.compile(r"(反应)(?=(?:的)?(?:问题|情况|诉求|意见|建议|困难|呼声))"),
        "typo.confusable.fanying",
        "表示把情况、意见告诉上级或有关部门用“反映”",
        "反映",
    ),
)


def _context_findings(text: str) -> list[Finding]:
    findings = []
    for pattern, rule, message, replacement in CONTEXT_RULES:
        for match in pattern.finditer(text):
            findings.append(
                Finding(match.start(1), match.end(1), CATEGORY, rule, message, replacement, "error")
            )
    return findings


def _words(spaced: str) -> tuple[str, ...]:
    return tuple(spaced.split())


# Adverbials of manner that take 地 before a verb (认真地做好); the list keeps 的→地 precise.
MANNER_WORDS = _words(
    "认真 积极 扎实 深入 切实 有效 全面 坚决 稳步 充分 努力 主动 持续 严格 合理 及时 广泛 深刻 牢牢 "
    "扎扎实实 认认真真 有序 稳妥 精准 大力 彻底 坚定 自觉 逐步 顺利 圆满 热情 耐心 细致 准确 严肃 "
    "迅速 全力 实实在在 真正 有力 不断 务实 创造性 创新性 "
    "坚定不移 毫不动摇 不折不扣 旗帜鲜明 全方位 深入细致 积极主动 扎实有效 稳妥有序 依法依规"
)
# Action verbs of official prose that take an object (jieba tags 贯彻落实 an idiom, 部署 a noun).
OFFICIAL_VERBS = frozenset(
    _words(
        "贯彻落实 落实 推进 推动 抓好 做好 开展 执行 贯彻 完成 实施 践行 抓实 谋划 部署 解决 整改 排查 查处 "
        "宣传 组织 学习贯彻 研究 推行 加强 提高 提升 改进 化解"
    )
)
# Nouns that make 的 + verb + noun a noun phrase (扎实的落实举措).
NOUN_HEADS = _words(
    "机制 措施 举措 力度 效果 成效 工作 情况 能力 水平 方式 方法 路径 体系 制度 定力 作风 成果 经验 任务 "
    "责任 过程 中 上 下"
)
MANNER_RE = re.compile("(?:" + "|".join(sorted(MANNER_WORDS, key=len, reverse=True)) + ")(的)")
DEGREE_RE = re.compile(
    r"(的)(?=(?:很|非常|十分|特别|比较|相当|格外|更加|不够|不太|不很)["
    + HAN
    + r"]{1,4}(?:[，。；！？、\n]|$))"
)


def _de_findings(text: str) -> list[Finding]:
    if "的" not in text:
        return []
    tags = resources.pos_table()
    findings = []
    for match in MANNER_RE.finditer(text):
        index = match.start(1)
        following = resources.token_after(text, index + 1)
        # Only action verbs that take an object: 坚决的维护定力, 高效的作为 are noun phrases.
        if following not in OFFICIAL_VERBS:
            continue
        rest = text[index + 1 + len(following) :]
        if rest[:1] in ("的", "和", "与", "、") or rest.startswith(NOUN_HEADS):
            continue
        findings.append(
            Finding(index, index + 1, CATEGORY, "typo.de_di", "状语与动词之间用“地”", "地", "error")
        )
    for match in DEGREE_RE.finditer(text):
        index = match.start(1)
        previous = resources.token_before(text, index)
        if tags.get(previous) != "v":
            continue
        findings.append(
            Finding(index, index + 1, CATEGORY, "typo.de_de", "动词与补语之间用“得”", "得", "error")
        )
    return findings


REPEAT_CHAR_RE = re.compile(r"([的了是在和与对把将被从向及并])\1")
REPEAT_WORD_RE = re.compile(rf"([{HAN}]{{2,4}})\1")
# Reduplication that is good Chinese (研究研究 is colloquial but not an error in speech drafts).
REPEAT_WORD_ALLOWED = frozenset(
    {"研究", "讨论", "学习", "商量", "考虑", "了解", "看看", "一个", "一步", "一次", "一年", "一天"}
)


def _repeat_findings(text: str) -> list[Finding]:
    findings = []
    for match in REPEAT_CHAR_RE.finditer(text):
        start = match.start()
        char = match.group(1)
        before = text[start - 1] if start else ""
        after = text[start + 2] if start + 2 < len(text) else ""
        after2 = text[start + 3] if start + 3 < len(text) else ""
        # AABB reduplication (的的确确, 实实在在, 是是非非) and real words ending in the char.
        if after and after == after2 or (before and start >= 2 and text[start - 2] == before):
            continue
        if char == "的" and before in "目标矢":
            continue
        if char == "了" and (after in "解结却然如无不得" or before == "不"):
            continue
        if char == "在" and before in "现正存所自实":
            continue
        if char == "是" and before in "凡总但就可要真还于倒硬老":
            continue
        if char == "和" and before in "总温平缓柔随调暖祥人":
            continue
        if char == "对" and before in "相针面核绝反敌应配成":
            continue
        if char == "将" and before in "即大老武猛良干":
            continue
        if char == "被" and before == "棉":
            continue
        findings.append(
            Finding(start, start + 2, CATEGORY, "typo.repeat_char", f"“{char}”字重复", char, "error")
        )
    for match in REPEAT_WORD_RE.finditer(text):
        unit = match.group(1)
        if unit in REPEAT_WORD_ALLOWED or unit[0] in "一二三四五六七八九十两几每" or len(set(unit)) == 1:
            continue
        start, end = match.start(), match.end()
        middle = start + len(unit)
        offset, tokens = resources.tokens_around(text, start, end)
        cuts = {offset}
        position = offset
        for token in tokens:
            position += len(token)
            cuts.add(position)
        if not {start, middle, end} <= cuts:
            continue
        findings.append(Finding(start, end, CATEGORY, "typo.repeat_word", f"词语“{unit}”重复", unit, "error"))
    return findings


# A Latin D standing for 党 (D委, 从严治D): a habit of drafts typed to dodge filters.
LETTER_D_RE = re.compile(
    rf"(?<![A-Za-z0-9])D(?![A-Za-z0-9级类型区座栋])(?=[{HAN}]|$|[，。、；：”])|(?<=[{HAN}])D(?![A-Za-z0-9级类型区座栋])"
)
LETTER_D_CONTEXT = re.compile(
    r"D(?:委|中央|组|员|章|性|政|办|的|和国家|建|风|纪|史|校|支部|总支|工委|小组|外|内|代会|务|课|费|旗|徽|龄|籍|群|组织)|"
    r"(?:治|爱|入|对|兴|强|全|听|跟|建|管|从严治)D"
)


def _letter_findings(text: str) -> list[Finding]:
    if "D" not in text:
        return []
    findings = []
    for match in LETTER_D_RE.finditer(text):
        index = match.start()
        window = text[max(0, index - 4) : index + 4]
        local = index - max(0, index - 4)
        if not any(m.start() <= local < m.end() for m in LETTER_D_CONTEXT.finditer(window)):
            continue
        findings.append(
            Finding(index, index + 1, CATEGORY, "typo.letter_for_dang", "字母“D”疑为“党”", "党", "error")
        )
    return findings


REDUNDANT_VERB_RE = re.compile(rf"([{HAN}]{{2}})了([{HAN}]{{2}})了")


def _redundant_verb_findings(text: str) -> list[Finding]:
    if "了" not in text:
        return []
    tags = resources.pos_table()
    findings = []
    for match in REDUNDANT_VERB_RE.finditer(text):
        first, second = match.group(1), match.group(2)
        if first == second or not all(
            tags.get(w) in ("v", "vn") or w in OFFICIAL_VERBS for w in (first, second)
        ):
            continue
        findings.append(
            Finding(
                match.start(),
                match.end(),
                CATEGORY,
                "typo.redundant_verb",
                f"“{first}了”与“{second}了”两个动词连用，缺宾语或多余",
                f"{second}了",
                "error",
            )
        )
    return findings


def _idiom_findings(text: str, listed: list[Finding]) -> list[Finding]:
    """Near-idiom findings, less those the list of wrong forms already names (it says it more surely)."""
    return [
        finding
        for finding in idiom.find(text)
        if not any(other.start < finding.end and finding.start < other.end for other in listed)
    ]


def find(text: str) -> list[Finding]:
    listed = _wrong_form_findings(text)
    return [
        *listed,
        *_idiom_findings(text, listed),
        *_context_findings(text),
        *_de_findings(text),
        *_repeat_findings(text),
        *_letter_findings(text),
        *_redundant_verb_findings(text),
    ]

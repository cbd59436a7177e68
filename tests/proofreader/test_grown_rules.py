"""The rule lists grown for issue 19: substituted members of fixed formulations, congress names in digits,
作出 with any number of modifiers, approximate numbers in digits, and the longer list of wrong forms."""

import pytest

from tests.proofreader.conftest import spans
from zhongshu.proofreader import check
from zhongshu.proofreader.rules import formulation


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion"),
    [
        ("深刻领悟“两个确定”的决定性意义。", "两个确定", "两个确立"),
        ("坚决做到两个拥护。", "两个拥护", "两个维护"),
        ("增强“四个意识”、坚定“四个自信”、做到“两个拥护”。", "两个拥护", "两个维护"),
        ("把“两个拥护”作为最高政治原则。", "两个拥护", "两个维护"),
    ],
)
def test_numbered_name_with_one_character_substituted(text, flagged, suggestion):
    assert spans(text) == [(flagged, "formulation", "formulation.name", suggestion)]


def test_other_numbered_phrases_are_left_alone():
    for text in (
        "继续做好“两个确保”和城市“低保”工作。",
        "提高“四个服务”水平。",
        "落实中要着力把握四个方面：",
        "要从两个维度分析问题成因。",
        "深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
    ):
        assert check(text) == [], text


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion"),
    [
        ("学思想、强党性、重实践、建功业。", "建功业", "建新功"),
        ("坚持学思想、强党性、抓实践、建新功。", "抓实践", "重实践"),
        ("坚持学思悟、强党性、重实践、建新功。", "学思悟", "学思想"),
        ("一体推进不敢腐、不能腐、不愿腐。", "不愿腐", "不想腐"),
        ("反对形式主义、官僚主义、享乐主义、奢侈之风。", "奢侈之风", "奢靡之风"),
        ("加快建设教育强国、科技强国、人材强国。", "人材强国", "人才强国"),
    ],
)
def test_enumeration_with_one_member_substituted(text, flagged, suggestion):
    assert spans(text) == [(flagged, "formulation", "formulation.list_member", suggestion)]


def test_one_span_gets_one_finding():
    text = "深入实施科教兴国战略、人才强国战略、创新趋动发展战略。"
    assert spans(text) == [("创新趋动发展战略", "formulation", "formulation.list_member", "创新驱动发展战略")]


def test_enumeration_that_differs_in_more_than_wording_is_not_a_substitution():
    assert check("协调推进全面建成小康社会、全面深化改革、全面依法治国、全面从严治党。") == []
    assert check("坚持学思想、强党性、重实践、建新功。") == []


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion"),
    [
        ("全面学习贯彻党的20大精神。", "党的20大", "党的二十大"),
        ("认真学习党的二十次精神。", "党的二十次", "党的二十大"),
        ("学习贯彻党的二十届3中全会精神。", "二十届3中全会", "二十届三中全会"),
        ("19届六中全会审议通过了历史决议。", "19届六中全会", "十九届六中全会"),
        ("认真学习贯彻中共20大精神。", "中共20大", "中共二十大"),
        ("深入学习贯彻20大精神。", "20大", "二十大"),
        ("中国共产党第20次全国代表大会。", "第20次全国代表大会", "第二十次全国代表大会"),
    ],
)
def test_congress_and_plenum_in_digits(text, flagged, suggestion):
    assert spans(text) == [(flagged, "formulation", "formulation.congress", suggestion)]


def test_congress_names_in_words_are_clean():
    assert check("中国共产党第二十次全国代表大会胜利召开。") == []
    assert check("全市10大工程和20大项目全部开工。") == []
    assert check("党的十九届六中全会和二十届三中全会作出了重要部署。") == []


def test_chinese_number():
    assert [formulation.chinese_number(n) for n in (1, 10, 19, 20, 21)] == [
        "一",
        "十",
        "十九",
        "二十",
        "二十一",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "为党和人民事业做出新的更大贡献。",
        "党中央做出的重大决策部署必须不折不扣落实。",
        "县委做出了关于加强基层治理的决定。",
        "市委常委会做出进一步加强作风建设的工作部署。",
    ],
)
def test_zuochu_with_any_number_of_modifiers(text):
    assert [(flagged, rule) for flagged, _, rule, _ in spans(text)] == [("做出", "typo.confusable.zuochu")]


def test_zuochu_leaves_concrete_things_and_other_clauses():
    for text in (
        "炊事班做出一桌菜。",
        "这家企业做出的产品为社会作出贡献。",
        "做出的菜受到好评。",
        "做出成绩，作出部署。",
    ):
        assert check(text) == [], text


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion", "severity"),
    [
        ("各科室抽调3、4名骨干。", "3、4", "三四", "error"),
        ("用了5、6天时间。", "5、6", "五六", "error"),
        ("办好1、2件实事。", "1、2", "一两", "error"),
        ("每个村安排2-3名网格员。", "2-3", "两三", "warning"),
    ],
)
def test_approximate_numbers_in_digits(text, flagged, suggestion, severity):
    (finding,) = check(text)
    assert (text[finding.start : finding.end], finding.rule_id, finding.suggestion, finding.severity) == (
        flagged,
        "number.approximate_digits",
        suggestion,
        severity,
    )


def test_ranges_lists_ordinals_and_named_months_are_not_approximations():
    for text in (
        "每组3～5人。",
        "每组3—5人。",
        "按照1、2、3个步骤。",
        "第3、4条同样适用。",
        "请于3、4月份报送。",
        "3、4年级学生",
        "2、4个",
    ):
        assert [f for f in check(text) if f.category == "number"] == [], text


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion"),
    [
        ("要认真贯彻洛实省委决策部署。", "洛实", "落实"),
        ("编制全县国土空间规化。", "规化", "规划"),
        ("我们自已要带头。", "自已", "自己"),
        ("及时招开专题会议。", "招开", "召开"),
        ("充分发辉党组织战斗堡垒作用。", "发辉", "发挥"),
        ("各级领导干部要踔厉奋发、笃行不殆。", "笃行不殆", "笃行不怠"),
        ("坚决反对循私枉法。", "循私枉法", "徇私枉法"),
    ],
)
def test_new_wrong_forms(text, flagged, suggestion):
    assert (flagged, "typo", suggestion) in [(f, c, s) for f, c, _, s in spans(text)]


def test_word_scoped_wrong_forms_spare_longer_right_words():
    for text in (
        "推进执法规范化、正规化建设。",
        "来自已经退休的同志。",
        "自己经历过。",
        "做好后勤检查。",
        "上报消防部门。",
        "获取销售数据。",
        "究竟相差多少。",
        "不锈钢领域。",
        "原则重于形式。",
        "奥密克戎变异株。",
        "省属企业主责主业进一步聚焦。",
        "第2大队。",
    ):
        assert check(text) == [], text

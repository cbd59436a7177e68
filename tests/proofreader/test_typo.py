from tests.proofreader.conftest import only, spans
from zhongshu.proofreader import check


def test_wrong_word_listed_by_jieba_is_still_flagged():
    finding = only("各乡镇要精心布署，确保各项任务按时完成。")
    assert (finding.start, finding.end, finding.category, finding.rule_id) == (
        6,
        8,
        "typo",
        "typo.wrong_word",
    )
    assert finding.message == "词语写法有误：“布署”应为“部署”"
    assert finding.suggestion == "部署"
    assert finding.severity == "error"


def test_wrong_form_straddling_two_right_words_is_not_flagged():
    assert check("市委宣传部发布署名文章，阐释全会精神。") == []


def test_misspelt_idiom():
    assert spans("我们要再接再励，推动各项工作再上新台阶。") == [
        ("再接再励", "typo", "typo.idiom", "再接再厉")
    ]


def test_jiezhi_before_a_time_point_and_not_after_it():
    assert spans("截止目前，全县已完成投资12亿元。") == [("截止", "typo", "typo.confusable.jiezhi", "截至")]
    assert check("报名时间于2024年5月10日截止，逾期不再受理。") == []


def test_zuochu_with_abstract_objects():
    assert spans("各级党组织为脱贫攻坚做出了重要贡献。") == [
        ("做出", "typo", "typo.confusable.zuochu", "作出")
    ]
    assert check("县委对全年重点工作作出部署。") == []


def test_de_di_de():
    assert spans("我们要扎实的推进各项工作。") == [("的", "typo", "typo.de_di", "地")]
    assert spans("今年的各项工作做的很扎实。") == [("的", "typo", "typo.de_de", "得")]
    assert check("要保持坚决的维护定力和能力。") == []
    assert check("要认真地贯彻落实会议精神，把各项工作做得更加扎实。") == []


def test_repeated_word_and_character():
    assert spans("要深入践行践行新发展理念。") == [("践行践行", "typo", "typo.repeat_word", "践行")]
    assert spans("全县的的重点项目均已开工。") == [("的的", "typo", "typo.repeat_char", "的")]
    assert check("这的的确确是一项艰巨的任务，我们要实实在在为群众办实事。") == []
    assert check("为了了解基层实际情况，调研组深入12个村开展走访。") == []


def test_letter_d_for_dang():
    assert spans("坚定不移推进全面从严治D，建设模范机关。") == [("D", "typo", "typo.letter_for_dang", "党")]
    assert check("推广3D打印技术，发展D级资质企业。") == []


def test_redundant_verb():
    assert spans("为我们做好工作提供了指明了方向。") == [
        ("提供了指明了", "typo", "typo.redundant_verb", "指明了")
    ]

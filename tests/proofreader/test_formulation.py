from tests.proofreader.conftest import only, spans
from zhongshu.proofreader import check

XI_THOUGHT = "习近平新时代中国特色社会主义思想"


def test_exact_formulation_is_clean():
    assert check(f"坚持以{XI_THOUGHT}为指导，全面贯彻落实党的二十大精神。") == []


def test_same_sound_substitution():
    finding = only("坚持以习近平新时代中国特色社会主意思想为指导。")
    assert (finding.start, finding.end, finding.rule_id, finding.suggestion) == (
        3,
        19,
        "formulation.fuzzy",
        XI_THOUGHT,
    )
    assert finding.message == f"规范提法为“{XI_THOUGHT}”（音近错字）"


def test_missing_extra_and_swapped_characters():
    assert spans("深入学习贯彻习近平新时代中国特色社会思想。")[0][2:] == ("formulation.fuzzy", XI_THOUGHT)
    assert spans("坚持习近平新时代中国色特社会主义思想。")[0][2:] == ("formulation.fuzzy", XI_THOUGHT)
    assert (
        only("深入学习习近平新时代中国特色社会主义主义思想。").message == f"规范提法为“{XI_THOUGHT}”（多字）"
    )


def test_quotes_inside_a_formulation_are_not_edits():
    assert check("统筹推进“五位一体”总体布局，协调推进“四个全面”战略布局。") == []


def test_shorter_legitimate_phrase_is_not_a_missing_character():
    assert check("社会主义核心价值体系是兴国之魂。") == []


def test_known_variants():
    assert spans("坚持以新时代中国特色社会主义思想为指导。") == [
        ("新时代中国特色社会主义思想", "formulation", "formulation.incomplete", XI_THOUGHT)
    ]
    informal = only("牢记习总书记的殷切嘱托。")
    assert (informal.suggestion, informal.severity) == ("习近平总书记", "warning")
    assert only("积极融入一带一路战略。").suggestion == "“一带一路”倡议"


def test_fixed_order_of_an_enumeration():
    assert spans("不断增强政治意识、核心意识、大局意识、看齐意识。") == [
        (
            "政治意识、核心意识、大局意识、看齐意识",
            "formulation",
            "formulation.order",
            "政治意识、大局意识、核心意识、看齐意识",
        )
    ]
    assert check("不断增强政治意识、大局意识、核心意识、看齐意识。") == []

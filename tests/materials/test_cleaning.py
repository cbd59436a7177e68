"""The cleaner on the five sample documents (samples/README.md): boilerplate gone and listed, the body intact.
The same checks on the real documents they stand in for are in test_real_corpus.py."""

import pytest

from tests.materials.conftest import sample_files
from zhongshu.materials.cleaning import Kind, clean_text

FILES = {path.name[:3]: path for path in sample_files()}


def _clean(prefix):
    return clean_text(FILES[prefix].read_text(encoding="utf-8"))


def test_the_samples_are_here():
    assert sorted(FILES) == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_boilerplate_survives(prefix):
    cleaned = _clean(prefix)
    for leftover in ("##paid", "青禾", "笔耕公文", "客服", "公众号", "会员群", "代笔", "qh2026"):
        assert leftover not in cleaned.text, leftover
    assert any(removal.kind == Kind.PAYWALL_MARKER for removal in cleaned.removals) or prefix == "003"


def test_marker_inside_a_word_is_removed_and_the_word_rejoined():
    cleaned = _clean("000")
    assert "指明了新时代新征程办公室重点任务" in cleaned.text
    assert [(r.kind, r.line) for r in cleaned.removals if r.kind == Kind.PAYWALL_MARKER] == [
        (Kind.PAYWALL_MARKER, 7),
        (Kind.PAYWALL_MARKER, 20),
    ]
    assert "激励全体干部职工比学赶超" in _clean("004").text


def test_promotional_lines_are_listed_with_their_lines():
    cleaned = _clean("000")
    ads = [r for r in cleaned.removals if r.kind in (Kind.ADVERTISEMENT, Kind.CONTACT)]
    assert [r.line for r in ads] == [13, 14, 15, 16]
    assert ads[0].text.startswith("【青禾素材网】")
    # The body goes on after the advertisements, its lines as they were.
    assert cleaned.text.rstrip().endswith("着力推进“让D放心让人民满意的模范机关”建设。")


def test_watermark_slogan_is_found_without_being_told():
    # 笔耕公文 is named nowhere in the cleaner nor in this document's other lines.
    cleaned = _clean("003")
    marks = [r for r in cleaned.removals if r.kind == Kind.WATERMARK]
    assert len(marks) == 8 and {r.text for r in marks} == {"笔耕公文,专业公文写作门户"}
    assert [r.line for r in marks] == [4, 5, 7, 8, 10, 11, 12, 14]
    # The paragraph it was appended to still ends with its own sentence.
    assert "确保在任何情况下都做到旗帜鲜明讲政治,对党绝对可靠、绝对忠诚。\n" in cleaned.text


def test_brand_name_slipped_into_a_sentence_is_removed():
    # The brand is learnt from the document's own advertisement (公众号：青禾君), four lines further down.
    cleaned = _clean("002")
    assert "综合岗位因培养周期长" in cleaned.text
    assert any(r.kind == Kind.WATERMARK and r.text == "青禾君" and r.line == 5 for r in cleaned.removals)


def test_the_letter_d_for_dang_is_left_for_the_reader():
    # Sites write D for 党 to dodge filters; the cleaner removes boilerplate, it does not rewrite the text.
    assert "认真研读了D的二十大报告、D章" in _clean("000").text


@pytest.mark.parametrize(
    ("prefix", "sentence"),
    [
        ("000", "县委办公室是落实县委决策的“第一关”，是推进工作的“第一棒”。"),
        ("001", "初心激励前行，使命呼唤担当。"),
        ("002", "今天再晚也是早，明天再早也是晚。"),
        ("003", "同志们,办公室工作很辛苦,也很重要。"),
        ("004", "不同的是岗位，相同的是责任。"),
    ],
)
def test_body_sentences_survive(prefix, sentence):
    assert sentence in _clean(prefix).text


def test_blank_lines_go_and_spaces_between_chinese_characters_are_dropped():
    # A tab or space between two Chinese characters is taken for a PDF line break, a heading's too.
    paragraphs = _clean("004").text.split("\n")
    assert paragraphs[:2] == ["2026年办公室工作经验交流发言材料汇编（3篇）", "锤炼过硬作风提升服务质效"]
    assert "" not in paragraphs


def test_body_lines_that_mention_contact_words_are_kept():
    text = "要联系实际学、持续跟进学。\n公开各处室职责职能和联系方式，把坐等服务变成上门服务。\n"
    cleaned = clean_text(text)
    assert cleaned.removals == []
    assert cleaned.text == text.strip()


def test_page_furniture_and_copyright_lines():
    cleaned = clean_text("正文第一段。\n— 3 —\n第2页 共10页\n版权所有，转载请注明出处\n正文第二段。")
    assert cleaned.text == "正文第一段。\n正文第二段。"
    assert [r.kind for r in cleaned.removals] == [Kind.PAGE_FURNITURE, Kind.PAGE_FURNITURE, Kind.COPYRIGHT]

"""The cleaner and the passage finder on the five real documents (the ones tests/materials/samples stand in
for). They are not in the repository: these tests run only when their folder is given explicitly, with
`pytest --corpus-dir PATH` or `ZHONGSHU_CORPUS_DIR=PATH make test` (PATH is shared/corpus beside a
developer's checkout; `.ci/run` passes it when that folder exists). A folder given but wrong fails."""

from pathlib import Path

import pytest

from tests.materials.helpers import upload_of
from zhongshu.materials import services
from zhongshu.materials.cleaning import Kind, clean_text
from zhongshu.materials.models import SimilarPassage

PREFIXES = ["000", "001", "002", "003", "004"]
SKIP_REASON = (
    "the five real corpus documents are not in the repository; to run these tests give their folder: "
    "pytest --corpus-dir PATH, or ZHONGSHU_CORPUS_DIR=PATH make test"
)


@pytest.fixture(scope="module")
def real(pytestconfig) -> dict[str, Path]:
    folder = pytestconfig.getoption("corpus_dir")
    if not folder:
        pytest.skip(SKIP_REASON)
    files = {path.name[:3]: path for path in sorted(Path(folder).glob("*.txt")) if path.name[:3] in PREFIXES}
    if sorted(files) != PREFIXES:
        pytest.fail(f"--corpus-dir {folder} does not hold the five documents 000_*.txt … 004_*.txt")
    return files


def _clean(real, prefix):
    return clean_text(real[prefix].read_text(encoding="utf-8"))


@pytest.mark.parametrize("prefix", PREFIXES)
def test_no_boilerplate_survives(real, prefix):
    cleaned = _clean(real, prefix)
    for leftover in ("##paid", "哒哒", "金刷子", "客服", "公众号", "会员群", "代笔"):
        assert leftover not in cleaned.text, leftover
    assert any(removal.kind == Kind.PAYWALL_MARKER for removal in cleaned.removals) or prefix == "003"


def test_marker_inside_a_word_is_removed_and_the_word_rejoined(real):
    cleaned = _clean(real, "000")
    assert "指明了新时代新征程办公室重点任务" in cleaned.text
    assert [(r.kind, r.line) for r in cleaned.removals if r.kind == Kind.PAYWALL_MARKER] == [
        (Kind.PAYWALL_MARKER, 7),
        (Kind.PAYWALL_MARKER, 20),
    ]


def test_promotional_lines_are_listed_with_their_lines(real):
    cleaned = _clean(real, "000")
    ads = [r for r in cleaned.removals if r.kind in (Kind.ADVERTISEMENT, Kind.CONTACT)]
    assert [r.line for r in ads] == [14, 15, 16, 17]
    assert ads[0].text.startswith("【哒哒素材库】")
    assert cleaned.text.rstrip().endswith("着力推进“让D放心让人民满意的模范机关”建设。")


def test_watermark_slogan_is_found_without_being_told(real):
    cleaned = _clean(real, "003")
    marks = [r for r in cleaned.removals if r.kind == Kind.WATERMARK]
    assert len(marks) == 8 and {r.text for r in marks} == {"金刷子公文,精品办公写作门户"}
    assert "确保在任何情况下都做到旗帜鲜明讲政治,对党绝对可靠、绝对忠诚。\n" in cleaned.text


def test_brand_name_slipped_into_a_sentence_is_removed(real):
    cleaned = _clean(real, "002")
    assert "综合岗位因培养周期长" in cleaned.text
    assert any(r.kind == Kind.WATERMARK and r.text == "哒哒君" and r.line == 6 for r in cleaned.removals)


@pytest.mark.parametrize(
    ("prefix", "sentence"),
    [
        ("000", "县委办公室是落实县委决策的“第一关”，是推进工作的“第一棒”。"),
        ("001", "初心激励前行，使命呼唤担当。"),
        ("002", "我认为，干部和群众相比，群众不容易。"),
        ("003", "同志们,办公室工作很辛苦,也很重要。"),
        ("004", "不同的是岗位，相同的是责任。"),
    ],
)
def test_body_sentences_survive(real, prefix, sentence):
    assert sentence in _clean(real, prefix).text


FIVE = "坚持绝对忠诚的政治品格、坚持高度自觉的大局意识、坚持极端负责的工作作风、坚持无怨无悔的奉献精神、坚持廉洁自律的道德操守"


def test_shared_passages_across_the_real_documents_are_found(real, clerk_user):
    for prefix in PREFIXES:
        path = real[prefix]
        services.material_ingest(uploaded=upload_of(path), name=path.name, by=clerk_user)
    pairs = {
        (p.a_material.original_name[:3], p.a.seq, p.b_material.original_name[:3], p.b.seq, p.passage_in("a"))
        for p in SimilarPassage.objects.select_related("a", "b", "a_material", "b_material")
    }
    texts = {text for *_, text in pairs}
    # The 五个坚持 quotation is shared by 001, 002 and 003; 002 and 003 arrived after 001.
    assert ("002", 6, "001", 19, FIVE) in pairs
    assert any(p[:4] == ("003", 3, "001", 19) and FIVE in p[4] for p in pairs)
    assert (
        "003",
        3,
        "001",
        19,
        "激浊扬清、敬业乐业、乐在人和、力戒浮躁、贵耳重目、求知善读、戒奢节俭",
    ) in pairs
    assert ("003", 3, "001", 19, "对党忠诚、马上就办、严谨认真、同心协力、无私奉献") in pairs
    assert any(text.startswith("深刻领悟") and "两个确立" in text for text in texts)
    assert not any("哒哒" in text for text in texts)

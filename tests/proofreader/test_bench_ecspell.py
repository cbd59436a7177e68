"""The ECSpell figures of the bench: sentence- and character-level correction, counted as the CSC
literature counts them."""

from zhongshu.proofreader.bench import corrected, ecspell_figures, load_ecspell

ROWS = [
    "1\t本次培训载县委党校举行。\t本次培训在县委党校举行。",
    "2\t加强组织令导和统愁协调。\t加强组织领导和统筹协调。",
    "0\t会议研究部署下一步工作。\t会议研究部署下一步工作。",
    "1\t短行\t不等长的一行",
]


def _file(tmp_path):
    path = tmp_path / "odw.tsv"
    path.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def test_rows_of_unequal_length_are_skipped(tmp_path):
    assert [source[:2] for source, _ in load_ecspell(_file(tmp_path))] == ["本次", "加强", "会议"]


def test_a_sentence_counts_only_when_every_wrong_character_is_corrected(tmp_path):
    # The fixer corrects 载 and 令 but not 愁, and changes a right character of the clean sentence.
    fixes = {"载": "在", "令": "领", "研": "岩"}
    figures = ecspell_figures(_file(tmp_path), fix=lambda text: "".join(fixes.get(c, c) for c in text))
    assert figures["ecspell_sentences"] == 3
    # Sentences: changed 3, wrong 2, right 1.
    assert figures["ecspell_sentence_correction_precision"] == round(1 / 3, 4)
    assert figures["ecspell_sentence_correction_recall"] == 0.5
    assert figures["ecspell_sentence_correction_f1"] == 0.4
    # Characters: changed 3, wrong 3, right 2.
    assert figures["ecspell_char_correction_f1"] == round(2 / 3, 4)


def test_the_proofreader_corrects_with_its_same_length_suggestions():
    assert corrected("本次培训载县委党校举行。") == "本次培训在县委党校举行。"
    assert corrected("本次培训载县委党校举行。", statistical=False) == "本次培训载县委党校举行。"

"""The public corpus behind the statistical layer: extraction from a pinned commit, the held-out split, the
packed model tables, and a model trained from a fixture corpus correcting what that corpus teaches."""

import subprocess
from pathlib import Path

from zhongshu.proofreader.statistical import corpus, detector
from zhongshu.proofreader.statistical.model import CharNgramModel, PackedCounts
from zhongshu.proofreader.statistical.training import load_word_counts, main, word_counts

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "corpus"
# The fixture's reports write 新质生产力 four times; jieba's dictionary (2013) does not know the term.
TAUGHT = "要因地制宜发展新直生产力。"


def _train(tmp_path: Path, *args: str) -> CharNgramModel:
    out = tmp_path / "model.zslm"
    assert main([*args, "--out", str(out), "--words-out", str(tmp_path / "words.tsv.gz")]) == 0
    return CharNgramModel.load(out)


def test_a_model_trained_on_the_fixture_corrects_what_it_teaches_and_one_without_it_does_not(tmp_path):
    taught = _train(tmp_path, "--corpus", str(FIXTURE))
    assert [(f.start, f.suggestion) for f in detector.find(TAUGHT, taught)] == [(8, "质")]
    words = load_word_counts(tmp_path / "words.tsv.gz")
    assert words["加强"] == 9 and min(words.values()) >= 3
    untaught = _train(tmp_path, "--no-corpus")
    assert detector.find(TAUGHT, untaught) == []


def test_word_counts_keep_words_seen_often_enough():
    counts = word_counts(["发展新质生产力，发展经济。", "发展教育。"], minimum=2)
    assert counts == {"发展": 3}


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def _law_repository(tmp_path: Path) -> tuple[Path, str]:
    work = tmp_path / "Laws"
    (work / "行政法规").mkdir(parents=True)
    (work / "案例").mkdir()
    law = "---\ntitle: x\n---\n# 某某条例\n\n<!-- INFO END -->\n## 第一章 总则\n" + "".join(
        f"第{n}条 有关部门应当依照本条例第{n}款的规定履行职责；不得推诿。\n" for n in range(1, 400)
    )
    (work / "行政法规" / "某某条例(2020-01-01).md").write_text(law, encoding="utf-8")
    (work / "行政法规" / "_index.md").write_text(
        "---\nbookCollapseSection: true\n---\n索引页面不是法律文本。", "utf-8"
    )
    (work / "案例" / "案例一.md").write_text("这是编者撰写的案例摘要而不是法律文本。", encoding="utf-8")
    (work / "README.md").write_text("本项目收集各类法律法规和部门规章。", encoding="utf-8")
    _git(work, "init", "-q")
    _git(work, "add", ".")
    _git(work, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "laws")
    mirror = tmp_path / "mirror"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(mirror / "Laws.git")], check=True)
    return mirror, _git(work, "rev-parse", "HEAD").strip()


def test_extraction_reads_the_pinned_commit_and_splits_by_sentence_hash(tmp_path):
    mirror, commit = _law_repository(tmp_path)
    source = corpus.Source("laws", "LawRefBook/Laws", commit, corpus._law_file, corpus._markdown)
    git_dir = corpus.find_git_dir(mirror, source.repo)
    out = tmp_path / "out"
    counts = corpus.extract(source, git_dir, out, set())
    train = (out / "laws" / "train.txt").read_text("utf-8").splitlines()
    heldout = (out / "laws" / "heldout.txt").read_text("utf-8").splitlines()
    assert counts["files"] == 1 and counts["train"] == len(train) and counts["heldout"] == len(heldout)
    everything = train + heldout
    # Headings, front matter, the index page, the README and the editors' case digests are not taken.
    assert not any("索引" in s or "案例" in s or "title" in s or "收集" in s for s in everything)
    assert "第1条 有关部门应当依照本条例第1款的规定履行职责；" in everything
    assert "不得推诿。" not in everything  # under MIN_HAN characters: a fragment, not a sentence
    assert not set(train) & set(heldout)
    assert all(corpus.is_heldout(s) for s in heldout) and not any(corpus.is_heldout(s) for s in train)
    assert 0 < len(heldout) < len(everything) * 0.06


def test_a_sentence_already_taken_by_another_source_is_not_counted_twice(tmp_path):
    mirror, commit = _law_repository(tmp_path)
    source = corpus.Source("laws", "LawRefBook/Laws", commit, corpus._law_file, corpus._markdown)
    git_dir = corpus.find_git_dir(mirror, source.repo)
    seen: set[str] = set()
    first = corpus.extract(source, git_dir, tmp_path / "a", seen)
    again = corpus.extract(source, git_dir, tmp_path / "b", seen)
    assert first["train"] > 0 and again["train"] == again["heldout"] == 0


def test_the_held_out_share_is_about_two_percent_and_stable():
    sentences = [f"第{n}条 本条例所称的事项由有关部门负责。" for n in range(20_000)]
    share = sum(map(corpus.is_heldout, sentences)) / len(sentences)
    assert 0.015 < share < 0.025
    assert corpus.is_heldout("第7条 本条例所称的事项由有关部门负责。") == corpus.is_heldout(
        "第7条 本条例所称的事项由有关部门负责。"
    )


def test_packed_counts_find_what_they_hold_and_nothing_else():
    table = PackedCounts.from_counts(3, {"新质生": 40.0, "𠀀𠀁我": 2.0, "生产力": 7.0})
    assert "新质生" in table and "𠀀𠀁我" in table and "生产力" in table
    assert "新直生" not in table and "新质" not in table and 3 not in table
    assert table.count("生产力") > table.count("𠀀𠀁我") > 0 == table.count("产力生")
    assert sorted(table) == sorted(["新质生", "𠀀𠀁我", "生产力"])
    loaded, end = PackedCounts.loads(3, table.dumps(), 0)
    assert end == len(table.dumps()) and dict(loaded) == dict(table)


def test_the_one_rebuild_command_stops_at_the_first_step_that_fails_and_says_which(tmp_path, capsys):
    from zhongshu.proofreader.statistical import rebuild, training

    model_before = training.MODEL_PATH.read_bytes()
    status = rebuild.main(["--mirror", str(tmp_path / "empty"), "--corpus", str(tmp_path / "corpus")])
    err = capsys.readouterr().err
    assert status != 0
    assert "rebuild: extract the corpus failed" in err and "train the model" not in err
    assert training.MODEL_PATH.read_bytes() == model_before

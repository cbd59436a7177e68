"""Training the character n-gram model from text the office owns.

Sources, weighed differently:
- office text (the clean sentences the project wrote in data/office_sentences.txt, and the .txt documents of
  the folders named on the command line, with their advertising lines removed; the shipped model was
  trained with the five sample texts of the project's shared/corpus): every n-gram inside a run of Han
  characters counts OFFICE_WEIGHT; this is what the model knows of how official prose runs across words;
- jieba's dictionary (shipped with the jieba package, MIT): each word's internal n-grams count the log of
  its frequency, so that the model knows the words of the language without a large text.
Sentences of the dev set are left out of training, so the bench does not test on what the model learnt.

Rebuild the shipped model with `python -m zhongshu.proofreader.statistical.training CORPUS_DIR ...`, or
`--no-corpus` for a model of the project's own sentences and the dictionary alone.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from zhongshu.proofreader.resources import DATA_DIR
from zhongshu.proofreader.statistical.model import CharNgramModel

MODEL_PATH = DATA_DIR / "char_ngram.zslm"
OFFICE_SENTENCES = DATA_DIR / "office_sentences.txt"
DEVSET = DATA_DIR / "devset.jsonl"

OFFICE_WEIGHT = 8.0
# Pruning keeps the file small: rare n-grams carry little evidence and most of the bytes.
MIN_BIGRAM = 2.0
MIN_TRIGRAM = 4.0
MIN_WORD_FREQ = 3

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n")
# Lines of the sample texts that are advertising or paywall markers, not office prose.
AD_LINE = re.compile(r"素材库|会员|公众号|客服|网盘|##paid|一键|谨防假冒")
AD_TAIL = re.compile(r"金刷子公文[,，]?精品办公写作门户")
# The sample texts write the letter D for 党 (D性, D章, D中央); the model should learn 党.
D_FOR_DANG = re.compile(r"(?<=[\u4e00-\u9fff“（])D|D(?=[\u4e00-\u9fff])")


def clean_office_text(raw: str) -> str:
    lines = []
    for line in raw.splitlines():
        if AD_LINE.search(line):
            continue
        lines.append(D_FOR_DANG.sub("党", AD_TAIL.sub("", line)))
    return "\n".join(lines)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s and s.strip()]


def devset_texts(path: Path = DEVSET) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def held_out(candidates: Iterable[str], devset: list[str]) -> list[str]:
    """Sentences not in the dev set (either way round: a dev case may be a piece of a sentence)."""
    joined = "\n".join(devset)
    return [
        s for s in candidates if s not in joined and not any(case in s for case in devset if len(case) > 8)
    ]


def dictionary_words() -> Iterable[tuple[str, int]]:
    import jieba

    path = Path(jieba.__file__).resolve().parent / "dict.txt"
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word, freq, *_ = line.split(" ")
            if int(freq) >= MIN_WORD_FREQ and HAN_RUN.fullmatch(word):
                yield word, int(freq)


def train(office_texts: Iterable[str], words: Iterable[tuple[str, int]]) -> CharNgramModel:
    counts: tuple[dict[str, float], dict[str, float], dict[str, float]] = (
        defaultdict(float),
        defaultdict(float),
        defaultdict(float),
    )

    def add(run: str, weight: float) -> None:
        for n, table in enumerate(counts, start=1):
            for start in range(len(run) - n + 1):
                table[run[start : start + n]] += weight

    for text in office_texts:
        for run in HAN_RUN.findall(text):
            add(run, OFFICE_WEIGHT)
    for word, freq in words:
        add(word, math.log(1 + freq))
    unigrams, bigrams, trigrams = counts
    bigrams = {k: v for k, v in bigrams.items() if v >= MIN_BIGRAM}
    trigrams = {k: v for k, v in trigrams.items() if v >= MIN_TRIGRAM and k[:2] in bigrams}
    return CharNgramModel((unigrams, bigrams, trigrams))


def office_training_text(corpus_dirs: list[Path]) -> list[str]:
    devset = devset_texts()
    texts = [OFFICE_SENTENCES.read_text(encoding="utf-8")]
    for directory in corpus_dirs:
        for path in sorted(directory.glob("*.txt")):
            texts.append("\n".join(held_out(sentences(clean_office_text(path.read_text("utf-8"))), devset)))
    return texts


USAGE = (
    "usage: python -m zhongshu.proofreader.statistical.training CORPUS_DIR [CORPUS_DIR ...] | --no-corpus\n"
    "  CORPUS_DIR: a folder of .txt office documents (the shipped model used shared/corpus)"
)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # No default folder: the corpus lives outside the package, so where it is must be said.
    if not args or (args != ["--no-corpus"] and "--no-corpus" in args):
        print(USAGE, file=sys.stderr)
        return 2
    corpus_dirs = [] if args == ["--no-corpus"] else [Path(arg) for arg in args]
    missing = [str(path) for path in corpus_dirs if not any(path.glob("*.txt"))]
    if missing:
        print(f"training: no .txt documents in {', '.join(missing)}", file=sys.stderr)
        return 2
    model = train(office_training_text(corpus_dirs), dictionary_words())
    model.save(MODEL_PATH)
    print(
        f"wrote {MODEL_PATH.name}: {len(model.unigrams)} characters, {len(model.bigrams)} bigrams, "
        f"{len(model.trigrams)} trigrams, {MODEL_PATH.stat().st_size} bytes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

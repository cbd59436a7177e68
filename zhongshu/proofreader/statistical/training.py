"""Training the character n-gram model from official prose.

Sources, weighed differently:
- the public corpus (laws, regulations, government work reports and congress reports, extracted by
  `statistical.corpus` to CORPUS/<source>/train.txt; its held-out sentences are never read here): every
  n-gram inside a run of Han characters counts its source's SOURCE_WEIGHT;
- office text (the clean sentences the project wrote in data/office_sentences.txt, and the .txt documents of
  any folders named on the command line, with their advertising lines removed): OFFICE_WEIGHT;
- jieba's dictionary (shipped with the jieba package, MIT): each word's internal n-grams count the log of
  its frequency, so that the model knows the words of the language beyond the corpus.
Sentences holding a dev-set case are left out of training, so the bench does not test on what the model
learnt. The same command writes the corpus's word counts (jieba's segmentation) for a word-level check.

Rebuild the shipped model and word counts (about three minutes, under 1 GB of memory):

    python -m zhongshu.proofreader.statistical.corpus --mirror MIRROR --out CORPUS
    python -m zhongshu.proofreader.statistical.training --corpus CORPUS

or `--no-corpus` for a model of the project's own sentences and the dictionary alone.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from zhongshu.proofreader.resources import DATA_DIR
from zhongshu.proofreader.statistical.model import CharNgramModel

MODEL_PATH = DATA_DIR / "char_ngram.zslm"
WORDS_PATH = DATA_DIR / "corpus_words.tsv.gz"
OFFICE_SENTENCES = DATA_DIR / "office_sentences.txt"
DEVSET = DATA_DIR / "devset.jsonl"

OFFICE_WEIGHT = 8.0
# Pruning: an n-gram seen once in the laws (weight 1) is kept; on ECSpell's odw train split dropping
# those cost a little recall and saved no precision, and the whole model is only a few MB. The caps below
# are the guard for a larger corpus.
MIN_BIGRAM = 1.0
MIN_TRIGRAM = 1.0
MIN_WORD_FREQ = 3
# The packed tables take about 9 bytes an n-gram in memory; these caps keep the loaded model near 60 MB.
MAX_BIGRAMS = 1_500_000
MAX_TRIGRAMS = 5_000_000
MIN_CORPUS_WORD = 3
# Government work reports and congress reports are the register of 公文; the laws, ten times their size,
# are weighed less so that their enumerations do not drown it.
SOURCE_WEIGHT = {
    "laws": 1.0,
    "gov_work_reports": 3.0,
    "cpc_congress_reports": 3.0,
    "provincial_reports_2026": 3.0,
}

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
    from zhongshu.proofreader.resources import word_frequencies

    for word, freq in word_frequencies().items():
        if freq >= MIN_WORD_FREQ and HAN_RUN.fullmatch(word):
            yield word, freq


def count_ngrams(texts: Iterable[str]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Plain counts of the 1-, 2- and 3-grams inside the runs of Han characters of `texts`."""
    counts: tuple[Counter[str], Counter[str], Counter[str]] = (Counter(), Counter(), Counter())
    for text in texts:
        for run in HAN_RUN.findall(text):
            for n, table in enumerate(counts, start=1):
                # Counter.update over a generator counts at C speed.
                table.update(run[start : start + n] for start in range(len(run) - n + 1))
    return counts


def _keep_top(table: dict[str, float], limit: int | None, floor: float) -> dict[str, float]:
    """The n-grams counting at least `floor`, and no more than `limit` of them (the most frequent; ties at
    the cut go out together, so the result never depends on the order of the table)."""
    kept = {k: v for k, v in table.items() if v >= floor}
    if limit is not None and len(kept) > limit:
        cut = sorted(kept.values(), reverse=True)[limit]
        kept = {k: v for k, v in kept.items() if v > cut}
    return kept


def train(
    office_texts: Iterable[str],
    words: Iterable[tuple[str, int]],
    corpus: Iterable[tuple[str, float]] = (),
    *,
    max_bigrams: int | None = None,
    max_trigrams: int | None = None,
) -> CharNgramModel:
    """`corpus` is (text, weight) pairs: the sentences of the public corpus, one source at a time."""
    counts: tuple[dict[str, float], dict[str, float], dict[str, float]] = (
        defaultdict(float),
        defaultdict(float),
        defaultdict(float),
    )

    def add(tables: tuple[Counter[str], Counter[str], Counter[str]], weight: float) -> None:
        for table, total in zip(tables, counts, strict=True):
            for key, count in table.items():
                total[key] += weight * count

    for text, weight in corpus:
        add(count_ngrams([text]), weight)
    add(count_ngrams(office_texts), OFFICE_WEIGHT)
    for word, freq in words:
        add(count_ngrams([word]), math.log(1 + freq))
    unigrams, bigrams, trigrams = counts
    bigrams = _keep_top(bigrams, max_bigrams, MIN_BIGRAM)
    trigrams = _keep_top({k: v for k, v in trigrams.items() if k[:2] in bigrams}, max_trigrams, MIN_TRIGRAM)
    return CharNgramModel((unigrams, bigrams, trigrams))


def office_training_text(corpus_dirs: list[Path]) -> list[str]:
    devset = devset_texts()
    texts = [OFFICE_SENTENCES.read_text(encoding="utf-8")]
    for directory in corpus_dirs:
        for path in sorted(directory.glob("*.txt")):
            texts.append("\n".join(held_out(sentences(clean_office_text(path.read_text("utf-8"))), devset)))
    return texts


def corpus_sources(corpus: Path) -> list[tuple[str, Path]]:
    """(source name, its train.txt) for each source extracted under `corpus` by statistical.corpus."""
    return [(path.parent.name, path) for path in sorted(corpus.glob("*/train.txt"))]


def corpus_texts(corpus: Path, devset: list[str]) -> Iterator[tuple[str, float]]:
    """Each source's training sentences with its weight, less any sentence holding a dev-set case."""
    for name, path in corpus_sources(corpus):
        text = path.read_text(encoding="utf-8")
        found = [case for case in devset if len(case) > 8 and case in text]
        if found:
            text = "\n".join(s for s in text.splitlines() if not any(case in s for case in found))
        yield text, SOURCE_WEIGHT.get(name, 1.0)


def word_counts(texts: Iterable[str], *, minimum: int = MIN_CORPUS_WORD) -> Counter[str]:
    """jieba's segmentation of the texts, counted: words of two or more Han characters seen `minimum`
    times or more (the word-level check asks whether a span is a word of the corpus)."""
    from zhongshu.proofreader.resources import jieba_segmenter

    jieba = jieba_segmenter()
    counts: Counter[str] = Counter()
    for text in texts:
        for run in HAN_RUN.findall(text):
            if len(run) > 1:
                counts.update(word for word in jieba.lcut(run, HMM=False) if len(word) > 1)
    return Counter({word: n for word, n in counts.items() if n >= minimum})


def save_word_counts(counts: Counter[str], path: Path) -> None:
    lines = "".join(
        f"{word}\t{n}\n" for word, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
    # mtime=0: the same counts give the same bytes, so a rebuild shows no change in git.
    path.write_bytes(gzip.compress(lines.encode("utf-8"), 9, mtime=0))


def load_word_counts(path: Path = WORDS_PATH) -> dict[str, int]:
    counts = {}
    for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
        word, n = line.split("\t")
        counts[word] = int(n)
    return counts


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m zhongshu.proofreader.statistical.training",
        description="Train the statistical layer's character trigram model (and the corpus word counts).",
    )
    parser.add_argument(
        "--corpus", type=Path, help="the folder statistical.corpus wrote (its */train.txt are read)"
    )
    parser.add_argument("office", nargs="*", type=Path, help="folders of .txt office documents (optional)")
    parser.add_argument(
        "--no-corpus", action="store_true", help="office_sentences.txt and the dictionary only"
    )
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="the model file to write")
    parser.add_argument("--words-out", type=Path, default=WORDS_PATH, help="the word-count file to write")
    parser.add_argument("--max-bigrams", type=int, default=MAX_BIGRAMS)
    parser.add_argument("--max-trigrams", type=int, default=MAX_TRIGRAMS)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    # No default folder: the corpus lives outside the package, so where it is must be said.
    if args.no_corpus == bool(args.corpus or args.office):
        parser.print_usage(sys.stderr)
        print("training: name --corpus DIR (and/or office folders), or --no-corpus", file=sys.stderr)
        return 2
    missing = [str(path) for path in args.office if not any(path.glob("*.txt"))]
    if args.corpus and not corpus_sources(args.corpus):
        missing.append(f"{args.corpus}/*/train.txt")
    if missing:
        print(f"training: no .txt documents in {', '.join(missing)}", file=sys.stderr)
        return 2
    devset = devset_texts()
    corpus = list(corpus_texts(args.corpus, devset)) if args.corpus else []
    model = train(
        office_training_text(args.office),
        dictionary_words(),
        corpus,
        max_bigrams=args.max_bigrams,
        max_trigrams=args.max_trigrams,
    )
    model.save(args.out)
    print(
        f"wrote {args.out}: {len(model.unigrams)} characters, {len(model.bigrams)} bigrams, "
        f"{len(model.trigrams)} trigrams, {args.out.stat().st_size} bytes"
    )
    if corpus:
        words = word_counts(text for text, _ in corpus)
        save_word_counts(words, args.words_out)
        print(f"wrote {args.words_out}: {len(words)} words, {args.words_out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

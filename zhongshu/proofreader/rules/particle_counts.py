"""How often a word stands before or after 的, 地 and 得 in correct official prose: the particles layer's
evidence where jieba's tags are wrong (it tags 大胆, 节约 and 胜利 as nouns, yet they mostly take 地).

    python -m zhongshu.proofreader.rules.particle_counts OUT.tsv CORPUS.txt [CORPUS.txt ...] [--exclude FILE]

reads sentences one a line and writes `particle_neighbours.tsv`: side (before/after), word, and the counts
with 的, 地, 得. Only words seen three times or more are kept. Never give it a held-out split.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from zhongshu.proofreader import resources

PARTICLES = "的地得"
MIN_COUNT = 3


def count(sentences: Iterable[str]) -> Counter[tuple[str, str, str]]:
    """(side, word, particle) → how often `word` stands on that side of a bare particle."""
    jieba = resources.jieba_segmenter()
    counts: Counter[tuple[str, str, str]] = Counter()
    for sentence in sentences:
        tokens = jieba.lcut(sentence, HMM=False)
        for index, token in enumerate(tokens):
            if token not in PARTICLES:
                continue
            if index > 0:
                counts["before", tokens[index - 1], token] += 1
            if index + 1 < len(tokens):
                counts["after", tokens[index + 1], token] += 1
    return counts


def rows(counts: Counter[tuple[str, str, str]]) -> list[tuple[str, str, int, int, int]]:
    words = sorted({(side, word) for side, word, _ in counts})
    table = []
    for side, word in words:
        de, di, dei = (counts[side, word, particle] for particle in PARTICLES)
        if de + di + dei >= MIN_COUNT and word.strip() and "\t" not in word:
            table.append((side, word, de, di, dei))
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zhongshu.proofreader.rules.particle_counts")
    parser.add_argument("out")
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--exclude", help="a file of sentences to leave out (a development sample)")
    args = parser.parse_args(argv)
    excluded: set[str] = set()
    if args.exclude:
        excluded = {line.strip() for line in Path(args.exclude).read_text(encoding="utf-8").splitlines()}

    def sentences() -> Iterable[str]:
        for path in args.corpus:
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    line = line.strip()
                    if line and line not in excluded:
                        yield line

    table = rows(count(sentences()))
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(
            "# side\tword\tbefore/after 的\t地\t得 — counts from correct official prose; see SOURCES.md\n"
        )
        for side, word, de, di, dei in table:
            out.write(f"{side}\t{word}\t{de}\t{di}\t{dei}\n")
    print(f"{len(table)} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

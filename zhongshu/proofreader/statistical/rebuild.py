"""Rebuild every file the proofreader derives from its public corpus, with one command:

    python -m zhongshu.proofreader.statistical.rebuild --mirror MIRROR --corpus CORPUS

MIRROR holds bare clones of the sources named in `corpus.SOURCES` (for example
`git clone --bare https://github.com/LawRefBook/Laws MIRROR/LawRefBook+Laws`); CORPUS is a folder outside the
repository. In order: the sentences are extracted at the pinned commits into CORPUS (`statistical.corpus`,
about 2 % held out), the character model and the corpus word counts are trained on the training part
(`statistical.training`), and the particles layer's neighbour counts are taken from the same training part and
the office sentences (`rules.particle_counts`). The held-out sentences are never read by the last two steps.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from zhongshu.proofreader.resources import DATA_DIR
from zhongshu.proofreader.rules import particle_counts
from zhongshu.proofreader.statistical import corpus, training

PARTICLE_TABLE = DATA_DIR / "particle_neighbours.tsv"


def _particle_arguments(corpus_dir: Path) -> list[str]:
    trains = sorted(str(path) for path in corpus_dir.glob("*/train.txt"))
    return [str(PARTICLE_TABLE), *trains, str(DATA_DIR / "office_sentences.txt")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zhongshu.proofreader.statistical.rebuild")
    parser.add_argument("--mirror", type=Path, required=True, help="folder of bare clones of the sources")
    parser.add_argument(
        "--corpus", type=Path, required=True, help="where the sentences go (outside the repo)"
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    # Each step's arguments are made when it starts: the third reads the files the first wrote.
    steps: list[tuple[str, Callable[[list[str]], int], Callable[[], list[str]]]] = [
        (
            "extract the corpus",
            corpus.main,
            lambda: ["--mirror", str(args.mirror), "--out", str(args.corpus)],
        ),
        ("train the model", training.main, lambda: ["--corpus", str(args.corpus)]),
        ("count the particles' neighbours", particle_counts.main, lambda: _particle_arguments(args.corpus)),
    ]
    for name, command, arguments in steps:
        print(f"rebuild: {name}", file=sys.stderr)
        status = command(arguments())
        if status:
            print(f"rebuild: {name} failed (exit {status})", file=sys.stderr)
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The training corpus of the statistical layer: official prose from public repositories, extracted to plain
sentences outside the repository, with a held-out part that training never sees.

Official documents of state organs (laws, regulations, government work reports, Party congress reports) are
outside copyright in China (著作权法 第五条). Each source below names a public repository, the commit the
project used and the files taken; data/SOURCES.md records the same with each repository's licence. Nothing
of the text is committed: only the counts the model keeps.

Rebuild (with bare clones of the repositories, each as MIRROR/<owner>+<name>/repo, MIRROR/<owner>+<name> or
MIRROR/<name>.git, at least at the commits below):

    python -m zhongshu.proofreader.statistical.corpus --mirror MIRROR --out /work/corpus

writes OUT/<source>/train.txt and OUT/<source>/heldout.txt (one sentence a line) and OUT/heldout-sentences.txt
(every source's held-out sentences). A sentence is held out when the hash of its text says so (HELDOUT_SHARE,
about 2 %), so the split does not depend on the order of files or on which sources are extracted, and the same
sentence text never stands on both sides.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

HELDOUT_PER_10K = 200  # 2 %
MIN_HAN = 6  # shorter pieces are headings, list markers and page furniture, not prose
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# Sentences end at these; a 分号 ends a clause of a law's enumeration, which reads as a sentence on its own.
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
# Markdown furniture of the law collection: front matter fences, comments, heading marks.
MARKDOWN_NOISE = re.compile(r"^(---.*|<!--.*-->|bookCollapseSection:.*|draft:.*|title:.*)$")
HEADING_MARK = re.compile(r"^#+\s*")
# Lines of scraped news pages around a report: bylines, photo captions, page controls.
PAGE_NOISE = re.compile(r"来源：|时间：|本报记者|摄$|【字号|^(下载|打印|全屏|收藏|加大|还原|减小|】)$")


@dataclass(frozen=True)
class Source:
    name: str  # folder under OUT
    repo: str  # owner/name on GitHub
    commit: str
    wanted: Callable[[str], bool]  # which paths of the tree
    texts: Callable[[bytes], Iterable[str]]  # a file's bytes → its documents' text


def _markdown(data: bytes) -> Iterable[str]:
    lines = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        line = line.strip()
        if MARKDOWN_NOISE.match(line):
            continue
        lines.append(HEADING_MARK.sub("", line))
    yield "\n".join(lines)


def _jsonl(field: str) -> Callable[[bytes], Iterable[str]]:
    def read(data: bytes) -> Iterable[str]:
        for line in data.decode("utf-8").splitlines():
            if line.strip():
                yield str(json.loads(line)[field])

    return read


def _csv(field: str) -> Callable[[bytes], Iterable[str]]:
    def read(data: bytes) -> Iterable[str]:
        csv.field_size_limit(sys.maxsize)
        for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig"))):
            yield "\n".join(line for line in row[field].splitlines() if not PAGE_NOISE.search(line))

    return read


def _law_file(path: str) -> bool:
    # The collection's own pages (README, template, section indexes), its scripts and the 案例 folder
    # (case digests written by the collection's editors, not documents of state organs) are left out.
    name = path.rsplit("/", 1)[-1]
    return (
        path.endswith(".md")
        and name not in {"README.md", "_index.md", "法律法规模版.md"}
        and not path.startswith(("案例/", "scripts/", "."))
    )


SOURCES: tuple[Source, ...] = (
    Source("laws", "LawRefBook/Laws", "2f4c5c23716267af9dbebbbbd6cbbf732b101981", _law_file, _markdown),
    Source(
        "gov_work_reports",
        "aldohemsn/chinese-political-corpora",
        "99bc4b01d11c2b884a83ecc8f966d97e17cd450e",
        lambda path: path == "government_work_reports.jsonl",
        _jsonl("content"),
    ),
    Source(
        "cpc_congress_reports",
        "aldohemsn/chinese-political-corpora",
        "99bc4b01d11c2b884a83ecc8f966d97e17cd450e",
        lambda path: path == "cpc_congress_reports.jsonl",
        _jsonl("content"),
    ),
    Source(
        "provincial_reports_2026",
        "johncodes404/china-provincial-gov-reports-2026",
        "ad4c815c4acefe47240a3afaece74e1eb2011dd3",
        lambda path: path.startswith("output/2026_raw_text/2026_") and path.endswith("_政府工作报告.csv"),
        _csv("full_text"),
    ),
)


def sentences(text: str) -> Iterator[str]:
    for line in text.splitlines():
        for piece in SENTENCE_END.split(line):
            piece = piece.strip()
            if len(HAN.findall(piece)) >= MIN_HAN:
                yield piece


def is_heldout(sentence: str) -> bool:
    # A fixed, well-known hash makes the split reproducible anywhere; nothing here is a secret.
    digest = hashlib.sha1(sentence.encode("utf-8"), usedforsecurity=False).digest()
    return int.from_bytes(digest[:8], "big") % 10_000 < HELDOUT_PER_10K


def find_git_dir(mirror: Path, repo: str) -> Path:
    owner, name = repo.split("/")
    for candidate in (
        mirror / f"{owner}+{name}" / "repo",
        mirror / f"{owner}+{name}",
        mirror / f"{name}.git",
    ):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"no clone of {repo} under {mirror}")


def _git(git_dir: Path, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", *args], input=data, capture_output=True, check=True
    ).stdout


def files_at(git_dir: Path, commit: str, wanted: Callable[[str], bool]) -> Iterator[tuple[str, bytes]]:
    """(path, content) of the wanted blobs of `commit`, in path order."""
    listing = _git(git_dir, "ls-tree", "-r", "-z", "--full-tree", commit)
    blobs: list[tuple[str, str]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, raw_path = entry.split(b"\t", 1)
        _mode, kind, sha = meta.split()
        path = raw_path.decode("utf-8")
        if kind == b"blob" and wanted(path):
            blobs.append((path, sha.decode()))
    blobs.sort()
    if not blobs:
        return
    batch = _git(git_dir, "cat-file", "--batch", data="".join(f"{sha}\n" for _, sha in blobs).encode())
    offset = 0
    for path, _sha in blobs:
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split()[2])
        start = header_end + 1
        yield path, batch[start : start + size]
        offset = start + size + 1


def extract(source: Source, git_dir: Path, out: Path, seen: set[str]) -> dict[str, int]:
    """Write OUT/<name>/train.txt and heldout.txt; `seen` drops sentences already written by any source
    (laws repeat their closing clauses word for word; counting each copy would teach the boilerplate)."""
    folder = out / source.name
    folder.mkdir(parents=True, exist_ok=True)
    counts = {"files": 0, "train": 0, "heldout": 0, "train_chars": 0}
    with (
        open(folder / "train.txt", "w", encoding="utf-8") as train,
        open(folder / "heldout.txt", "w", encoding="utf-8") as heldout,
    ):
        for _path, data in files_at(git_dir, source.commit, source.wanted):
            counts["files"] += 1
            for text in source.texts(data):
                for sentence in sentences(text):
                    if sentence in seen:
                        continue
                    seen.add(sentence)
                    if is_heldout(sentence):
                        heldout.write(sentence + "\n")
                        counts["heldout"] += 1
                    else:
                        train.write(sentence + "\n")
                        counts["train"] += 1
                        counts["train_chars"] += len(sentence)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zhongshu.proofreader.statistical.corpus")
    parser.add_argument("--mirror", type=Path, required=True, help="folder of bare clones of the sources")
    parser.add_argument("--out", type=Path, required=True, help="where the sentences go (outside the repo)")
    args = parser.parse_args(argv)
    seen: set[str] = set()
    manifest = {}
    for source in SOURCES:
        try:
            git_dir = find_git_dir(args.mirror, source.repo)
        except FileNotFoundError as error:
            print(f"corpus: {error}", file=sys.stderr)
            return 2
        counts = extract(source, git_dir, args.out, seen)
        manifest[source.name] = {"repo": source.repo, "commit": source.commit, **counts}
        print(f"{source.name}: {counts}")
    with open(args.out / "heldout-sentences.txt", "w", encoding="utf-8") as combined:
        for source in SOURCES:
            combined.write((args.out / source.name / "heldout.txt").read_text(encoding="utf-8"))
    (args.out / "MANIFEST.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

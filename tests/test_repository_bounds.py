"""No code of the product, the demo, the benches or the tests reaches outside the repository by a relative
path: a user's clone has nothing beside it. Files outside (the real corpus) are read only from a path given
explicitly, an option or an environment variable.

The check reads the Python sources' syntax trees and follows every path built from the module's own file
(its parents, its parent's parent, dirname of it, or a parent step joined on) to the folder it names; and it
refuses a relative path that starts by going up a folder. `.ci/run` proves the same from the other side: it
runs the suite in a clone with nothing beside it."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("zhongshu", "tests", "scripts", "conftest.py", "manage.py")
PATH_MAKERS = {"Path", "PurePath", "open", "join", "joinpath"}


def python_files() -> list[Path]:
    files: list[Path] = []
    for name in SOURCES:
        root = REPO / name
        files.extend([root] if root.is_file() else sorted(root.rglob("*.py")))
    return [path for path in files if "node_modules" not in path.parts]


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def levels_up(node: ast.expr) -> int | None:
    """How many folders above its own file `node` points, when it is a path built from `__file__`."""
    if isinstance(node, ast.Name) and node.id == "__file__":
        return 0
    if isinstance(node, ast.Call):
        function = _name(node.func)
        if function in ("Path", "PurePath", "realpath", "abspath") and node.args:
            return levels_up(node.args[0])
        if function == "dirname" and node.args:
            inner = levels_up(node.args[0])
            return None if inner is None else inner + 1
        if function in ("resolve", "absolute") and isinstance(node.func, ast.Attribute):
            return levels_up(node.func.value)
        return None
    if isinstance(node, ast.Attribute) and node.attr == "parent":
        inner = levels_up(node.value)
        return None if inner is None else inner + 1
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "parents"
    ):
        inner = levels_up(node.value.value)
        index = node.slice
        if inner is None or not (isinstance(index, ast.Constant) and isinstance(index.value, int)):
            return None
        return inner + index.value + 1
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        inner = levels_up(node.left)
        if inner is not None and isinstance(node.right, ast.Constant) and node.right.value == os.pardir:
            return inner + 1
    return None


def _climbing_literal(node: ast.AST) -> bool:
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return False
    return node.value == os.pardir or node.value.startswith(os.pardir + "/")


def _climbing_call(node: ast.expr) -> bool:
    """A path, an open or a join whose first argument goes up a folder."""
    if not (isinstance(node, ast.Call) and _name(node.func) in PATH_MAKERS):
        return False
    return any(_climbing_literal(argument) for argument in node.args)


def escapes(source: str, path: Path) -> list[str]:
    """The places in `source` (the text of the file at `path`) that lead outside the repository."""
    found = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if not isinstance(node, ast.expr):
            continue
        up = levels_up(node)
        if up is not None and up > 0:
            target = path.parents[up - 1] if up <= len(path.parents) else Path("/")
            if target != REPO and REPO not in target.parents:
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(node)} -> {target}")
        if _climbing_call(node):
            found.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(node)}")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and _climbing_literal(node.right):
            found.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_source_reaches_outside_the_repository():
    files = python_files()
    assert len(files) > 300  # the scan sees the whole tree, not an empty glob
    found = [place for path in files for place in escapes(path.read_text(encoding="utf-8"), path)]
    assert found == []


@pytest.mark.parametrize(
    "line",
    [
        "CORPUS = Path(__file__).resolve().{PARENTS}[3] / 'outside' / 'corpus'",
        "CORPUS = Path(__file__).resolve().{PARENTS}[2].parent / 'outside'",
        "ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))",
        "ROOT = Path(__file__).parent.parent.parent / '{UP}' / 'outside'",
        "DATA = Path('{UP}/outside/corpus')",
        "text = open('{UP}/outside/corpus/000.txt').read()",
        "DATA = REPO / '{UP}/outside'",
        "DATA = os.path.join('{UP}', 'outside')",
    ],
)
def test_the_check_sees_each_way_out(line):
    # The ways out are spelled with placeholders here, so that no literal path out of the repository stands in
    # its sources (a scan of the tree for such paths reads none in this file either).
    code = line.format(PARENTS="parents", UP=os.pardir)
    # As if written in tests/materials/conftest.py, three folders below the repository's root.
    assert escapes(code, REPO / "tests" / "materials" / "conftest.py")


@pytest.mark.parametrize(
    "line",
    [
        'SAMPLES = Path(__file__).resolve().parent / "samples"',
        "REPO = Path(__file__).resolve().parents[2]",
        "stored = store_file(uploaded=SimpleUploadedFile('{UP}/{UP}/etc/通知.pdf', PDF))",  # a name, not a path
        'folder = Path(os.environ["ZHONGSHU_CORPUS_DIR"])',
    ],
)
def test_paths_inside_the_repository_or_given_explicitly_pass(line):
    code = line.format(UP=os.pardir) if "{UP}" in line else line
    assert escapes(code, REPO / "tests" / "materials" / "conftest.py") == []


# Whatever lies outside the repository reaches the code only through the corpus folder given explicitly; these
# are the files that may read it. `.ci/run` relies on the list: the fresh clone (nothing beside it) runs `make
# test` on them alone, after the full suite ran with the folder given — every other test reads nothing outside
# the repository and so answers alike with or without it.
CORPUS_READERS = {
    "conftest.py",  # defines --corpus-dir, defaulting to $ZHONGSHU_CORPUS_DIR
    "tests/materials/test_real_corpus.py",  # the only tests that read the folder
    "tests/materials/conftest.py",  # says so, in a comment
    "zhongshu/search/bench.py",  # `zhongshu bench search --corpus`, defaulting to $ZHONGSHU_CORPUS_DIR
    "tests/search/test_bench.py",  # sets and clears the variable around the bench it runs
    "tests/test_repository_bounds.py",  # this list
}


def test_only_the_listed_files_read_the_corpus_folder():
    readers = {
        str(path.relative_to(REPO))
        for path in python_files()
        if any(word in path.read_text(encoding="utf-8") for word in ("ZHONGSHU_CORPUS_DIR", '"corpus_dir"'))
    }
    assert readers == CORPUS_READERS

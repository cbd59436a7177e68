"""The foundation imports one way: accounts → org → access → audit → base (the shared vocabulary).

`lint-imports` checks the whole project's layers (pyproject.toml); this syntax-tree test says the same of the
foundation in words a failure can name, and forbids what the layers cannot see: an import placed inside a
function to keep a loop loadable. Such an import of another foundation app is refused even when it points
down, so a loop cannot come back hidden.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import zhongshu

ROOT = Path(zhongshu.__file__).parent
# Highest first: each may import those after it, never those before.
ORDER = ("accounts", "org", "access", "audit", "base")


def _modules(app: str) -> list[Path]:
    return sorted(path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every `zhongshu…` import of the file."""
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.append((child.module, child.lineno, in_function))
            visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return [(name, line, inside) for name, line, inside in found if name.split(".")[0] == "zhongshu"]


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ORDER else None


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT.parent)}:{line}"


@pytest.mark.parametrize("app", ORDER)
def test_foundation_imports_only_downward(app):
    upward = [
        f"{_where(path, line)} imports {module}"
        for path in _modules(app)
        for module, line, _ in _imports(path)
        if (other := _app_of(module)) is not None and ORDER.index(other) < ORDER.index(app)
    ]
    assert not upward, f"zhongshu.{app} sits below {ORDER[: ORDER.index(app)]}:\n" + "\n".join(upward)


@pytest.mark.parametrize("app", ORDER)
def test_no_foundation_import_hides_inside_a_function(app):
    hidden = [
        f"{_where(path, line)} imports {module} inside a function"
        for path in _modules(app)
        for module, line, inside in _imports(path)
        if inside and (other := _app_of(module)) is not None and other != app
    ]
    assert not hidden, "import it at the top of the module (or move the shared part down):\n" + "\n".join(
        hidden
    )


def test_the_vocabulary_is_a_leaf():
    imports = [
        f"{_where(path, line)} imports {module}"
        for path in _modules("base")
        for module, line, _ in _imports(path)
    ]
    assert not imports, "zhongshu.base imports nothing of the project:\n" + "\n".join(imports)


def test_the_checker_sees_an_import_inside_a_function(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from zhongshu.audit.services import audit_record\n\n"
        "def f():\n    from zhongshu.org.models import Person\n    return Person\n",
        encoding="utf-8",
    )
    assert _imports(sample) == [("zhongshu.audit.services", 1, False), ("zhongshu.org.models", 4, True)]

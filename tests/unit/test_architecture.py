"""The layout docs/architecture.md describes is the layout of server/cocreate.

- Its module map lists every module, and only modules that exist.
- Every module imports only the Cocreate modules its row allows.
- `board/` imports nothing but itself and pure parts of the standard library:
  no database, network, framework, clock or global randomness.
- No module is over 400 lines.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "server" / "cocreate"
MAP = (REPO / "docs" / "architecture.md").read_text()
MODULE_LINES_MAX = 400
VERSIONS = "migrations/versions/*.py"

# What a rule may use: pure standard-library modules. `random` only for the
# `random.Random` a caller passes in (checked below).
BOARD_STDLIB = {"__future__", "collections", "dataclasses", "enum", "functools", "itertools",
                "math", "random", "re", "typing"}


def _modules() -> list[str]:
    names = set()
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        names.add(VERSIONS if rel.startswith("migrations/versions/") else rel)
    return sorted(names)


def _rows() -> dict[str, set[str]]:
    rows: dict[str, set[str]] = {}
    for line in MAP.splitlines():
        m = re.match(r"^\| `([\w/*.]+\.py)` \|[^|]*\|([^|]*)\|$", line)
        if m:
            rows[m.group(1)] = set(re.findall(r"`([\w.]+)`", m.group(2)))
    return rows


ROWS = _rows()
MODULES = _modules()


def _tree(module: str) -> ast.Module:
    return ast.parse((PACKAGE / module).read_text(), filename=module)


def _imports(tree: ast.Module) -> set[str]:
    """Dotted names of everything imported, anywhere in the module."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "cocreate" or node.module.startswith("cocreate."):
                # `from cocreate.store import workshops` imports store.workshops
                out.update(f"{node.module}.{alias.name}" for alias in node.names)
            else:
                out.add(node.module)
    return out


def _package_of(dotted: str) -> str:
    """`cocreate.board.notes.note_add` -> the module it names, as in the map."""
    parts = dotted.split(".")[1:]
    while parts:
        path = PACKAGE.joinpath(*parts)
        if path.with_suffix(".py").is_file() or (path / "__init__.py").is_file():
            return ".".join(parts)
        parts.pop()
    return ""


def test_the_map_lists_every_module_and_nothing_else() -> None:
    assert sorted(ROWS) == MODULES


@pytest.mark.parametrize("module", [m for m in MODULES if m != VERSIONS])
def test_a_module_imports_only_what_its_row_allows(module: str) -> None:
    allowed = ROWS.get(module, set())
    wrong = set()
    for name in _imports(_tree(module)):
        if name != "cocreate" and not name.startswith("cocreate."):
            continue
        target = _package_of(name)
        if not target or target == "__init__":
            continue
        if not any(target == a or target.startswith(a + ".") for a in allowed):
            wrong.add(target)
    assert not wrong, f"{module} imports {sorted(wrong)}; its row in docs/architecture.md " \
                      f"allows {sorted(allowed)}"


BOARD = [m for m in MODULES if m.startswith("board/")]


@pytest.mark.parametrize("module", BOARD)
def test_board_rules_do_no_io(module: str) -> None:
    tree = _tree(module)
    outside = {name for name in _imports(tree)
               if name.split(".")[0] not in BOARD_STDLIB and name.split(".")[0] != "cocreate"}
    assert not outside, f"{module} imports {sorted(outside)}: board/ must stay pure"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id == "random":
            assert node.attr == "Random", \
                f"{module} uses random.{node.attr}: take a seeded random.Random from the caller"


@pytest.mark.parametrize("module", [m for m in MODULES if m != VERSIONS])
def test_no_module_is_over_400_lines(module: str) -> None:
    lines = len((PACKAGE / module).read_text().splitlines())
    assert lines <= MODULE_LINES_MAX, f"{module} has {lines} lines: split it by concept"


def test_the_checks_see_imports_and_clocks() -> None:
    """The checks above can fail: a module that imports time or the database is caught."""
    sneaky = ast.parse("import time\nfrom sqlalchemy import select\n"
                       "def f():\n    from cocreate.store import tables\n")
    assert _imports(sneaky) >= {"time", "sqlalchemy", "cocreate.store.tables"}
    assert _package_of("cocreate.store.tables") == "store.tables"
    assert _package_of("cocreate.board.notes.note_add") == "board.notes"


def test_test_files_have_unique_names() -> None:
    """pytest imports test modules by their file name (no packages under tests/): two
    files of one name in different folders stop the whole suite at collection."""
    names: dict[str, list[str]] = {}
    for path in (REPO / "tests").rglob("test_*.py"):
        names.setdefault(path.name, []).append(str(path.relative_to(REPO)))
    assert not {n: p for n, p in names.items() if len(p) > 1}

"""Rooms a newcomer can find (issue 16): no import cycles among registry's modules,
typer, rich and click only under the command line, no module much over 600 lines,
and every module importable on its own in a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import registry

ROOT = Path(registry.__file__).parent
LONGEST = 600
# Modules allowed to be longer, each named (none today).
LONGER_FOR_NOW: set[str] = set()
TERMINAL = {"typer", "rich", "click"}


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _is_type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _imports(path: Path) -> set[str]:
    """Every module named by an import in the file, at the top or inside a function
    (a lazy import is still a dependency), except those only type checkers see."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if _is_type_checking(node):
            for child in getattr(node, "orelse", []):
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _graph() -> dict[str, set[str]]:
    return {
        name: {
            other
            for other in _imports(path)
            if other in MODULES and other != name and not name.startswith(other + ".")
        }
        for name, path in MODULES.items()
    }


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(graph)))
    for v in sorted(graph):
        if v not in index:
            connect(v)
    return cycles


def _terminal(name: str) -> bool:
    """The command line: the cli_* modules, the launcher, the terminal's tables, and
    the docs generator (`python -m registry.docs`, which connects as the CLI does)."""
    leaf = name.rsplit(".", 1)[-1]
    return name.count(".") == 1 and (leaf.startswith("cli") or leaf in {"launch", "tables", "docs"})


def test_no_module_imports_itself_through_others() -> None:
    assert _cycles(_graph()) == []


def test_typer_rich_and_click_only_under_the_command_line() -> None:
    outside = {
        name: sorted(m for m in _imports(path) if m.split(".")[0] in TERMINAL)
        for name, path in MODULES.items()
        if not _terminal(name)
    }
    assert {name: found for name, found in outside.items() if found} == {}


def test_no_module_over_about_600_lines() -> None:
    longer = {
        name: n
        for name, path in MODULES.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST
    }
    assert set(longer) <= LONGER_FOR_NOW, longer


def test_every_module_imports_on_its_own() -> None:
    """Each module in a fresh interpreter's state: none relies on another having been
    imported first (registry's modules forgotten between them)."""
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        "for name in sys.argv[1:]:\n"
        "    for loaded in [m for m in sys.modules if m.split('.')[0] == 'registry']:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        failed.append(f'{name}: {type(exc).__name__}: {exc}')\n"
        "print('\\n'.join(failed))\n"
    )
    names = [n for n in MODULES if not n.endswith("__main__")]
    done = subprocess.run(
        [sys.executable, "-c", script, *names], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""

"""The house rules of docs/architecture.md, read from the source (ast: nothing is imported).

- a feature package of handlers/ imports no other feature (handlers.ui, its own package and
  bot.* are what it may use); handlers/ui imports no feature;
- no module of handlers/ over 300 lines, except the ones that only declare
  (states, callbacks, keyboards, texts, renderers);
- no handler module builds a keyboard with aiogram's InlineKeyboardBuilder (keyboards.py,
  with handlers/ui/layout.py, does); nothing in bot/ or handlers/ uses the builder at all
  (its deep copy of every button cost a third of a menu tap, benchmarks/README.md);
- bot/services: no import cycle (imports inside functions count: they only hide one), no
  aiogram, no handlers; bot/ imports handlers/ only in bot/app.py, which wires them;
- `.id or 0` nowhere in bot/ or handlers/ (ids are typed int).
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HANDLERS = ROOT / "handlers"
SERVICES = ROOT / "bot" / "services"
MAX_LINES = 300
DECLARATIONS = {"states", "callbacks", "keyboards", "texts", "renderers"}  # exempt from the line limit
FEATURES = sorted(p.name for p in HANDLERS.iterdir() if (p / "__init__.py").exists() and p.name != "ui")

# What the feature helpers of phase B are landing (remove each mark once its check passes:
# strict=True turns an unexpected pass into a failure, so a stale mark cannot stay).
PENDING_SPLIT: dict[str, str] = {}
PENDING_BUILDER: dict[str, str] = {}


def pending(table: dict[str, str], names: list[str]) -> list[object]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=f"pending: {table[name]}"))
        if name in table
        else name
        for name in names
    ]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def runtime_nodes(node: ast.AST) -> list[ast.AST]:
    """Every node below `node`, except under `if TYPE_CHECKING:` (imports for annotations only)."""
    found: list[ast.AST] = []
    for child in ast.iter_child_nodes(node):
        test = child.test if isinstance(child, ast.If) else None
        if test is not None and "TYPE_CHECKING" in ast.unparse(test):
            found.extend(n for branch in child.orelse for n in [branch, *runtime_nodes(branch)])
            continue
        found.append(child)
        found.extend(runtime_nodes(child))
    return found


def imports(path: Path) -> set[str]:
    """Every module `path` imports when it runs, in functions too, relative imports resolved.

    `from a.b import c` counts as importing a.b and a.b.c (c may be a module or a name).
    """
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in runtime_nodes(tree(path)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def python_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def handler_modules(feature: str) -> list[Path]:
    return [p for p in python_files(HANDLERS / feature) if p.stem not in DECLARATIONS and p.stem != "__init__"]


def under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


@pytest.mark.parametrize("feature", FEATURES)
def test_a_feature_imports_no_other_feature(feature: str) -> None:
    others = [f"handlers.{name}" for name in FEATURES if name != feature] + ["handlers.fallback", "handlers.errors"]
    found = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in python_files(HANDLERS / feature)
        for name in sorted(imports(path))
        if any(under(name, other) for other in others) or name == "handlers"
    ]
    assert found == []


def test_ui_imports_no_feature() -> None:
    found = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in python_files(HANDLERS / "ui")
        for name in sorted(imports(path))
        if under(name, "handlers") and not under(name, "handlers.ui")
    ]
    assert found == []


@pytest.mark.parametrize("package", pending(PENDING_SPLIT, [*FEATURES, "ui", "top-level"]))
def test_no_handler_module_over_300_lines(package: str) -> None:
    paths = python_files(HANDLERS / package) if package != "top-level" else sorted(HANDLERS.glob("*.py"))
    long = {
        str(path.relative_to(ROOT)): lines
        for path in paths
        if path.stem not in DECLARATIONS and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"split by sub-flow (docs/architecture.md): {long}"


@pytest.mark.parametrize("feature", pending(PENDING_BUILDER, FEATURES))
def test_no_keyboard_builder_in_handler_modules(feature: str) -> None:
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in handler_modules(feature)
        for node in ast.walk(tree(path))
        if (isinstance(node, ast.Name) and node.id == "InlineKeyboardBuilder")
        or (isinstance(node, ast.Attribute) and node.attr == "InlineKeyboardBuilder")
        or (isinstance(node, ast.alias) and node.name == "InlineKeyboardBuilder")
    ]
    assert found == [], "keyboards belong in keyboards.py, built with handlers/ui/layout.py"


def test_no_keyboard_builder_anywhere() -> None:
    """Not in keyboards.py nor handlers/ui either: handlers/ui/layout.py builds every keyboard."""
    found = [
        f"{path.relative_to(ROOT)}"
        for folder in (HANDLERS, ROOT / "bot")
        for path in python_files(folder)
        if path.name != "layout.py"
        and re.search(r"\b(?:Inline|Reply)KeyboardBuilder\b", path.read_text(encoding="utf-8"))
    ]
    assert found == [], "build keyboards with handlers/ui/layout.py"


def service_graph() -> dict[str, set[str]]:
    modules = {module_name(path): path for path in python_files(SERVICES)}

    def owner(name: str) -> str | None:
        """The service module a dotted name lives in (a name imported from a module: that module)."""
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = {owner(found) for found in imports(path) if under(found, "bot.services")}
        # A package's own __init__ runs before its submodules: not an edge worth a cycle.
        graph[name] = {t for t in targets if t and t != name and not under(name, t)}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_among_services() -> None:
    assert cycles(service_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_services_import_neither_aiogram_nor_handlers() -> None:
    found = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in python_files(SERVICES)
        for name in sorted(imports(path))
        if under(name, "aiogram") or under(name, "handlers")
    ]
    assert found == []


def test_only_the_app_wires_handlers_into_bot() -> None:
    found = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in python_files(ROOT / "bot")
        if path != ROOT / "bot" / "app.py"
        for name in sorted(imports(path))
        if under(name, "handlers")
    ]
    assert found == []


def test_no_id_or_zero() -> None:
    pattern = re.compile(r"\.id or 0\b")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("bot", "handlers")
        for path in python_files(ROOT / folder)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == [], "ids are typed int: use the id"

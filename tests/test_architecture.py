"""The layers of ARCHITECTURE.md are the ones the code keeps: imports point down, never round.

Every import of an aftersale module counts, at the top of a file or inside a
function (a lazy import is still a dependency); imports for type checkers only
do not. The layer table is read from ARCHITECTURE.md, so the document and the
code cannot drift apart.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "aftersale"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts).removesuffix(".__init__")


def runtime_imports(path: Path) -> set[str]:
    """The aftersale modules a file imports when it runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(inner) for inner in ast.walk(node))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "aftersale" or node.module.startswith("aftersale."):
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("aftersale."))
    return found


def import_graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {
        name: {target for target in runtime_imports(path) if target in files and target != name}
        for name, path in files.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def documented_layers() -> list[set[str]]:
    """The `layers` block of ARCHITECTURE.md, top layer first: one line per layer."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = re.search(r"```layers\n(.*?)```", text, re.DOTALL)
    assert block, "ARCHITECTURE.md has no ```layers block"
    return [set(line.split()) for line in block.group(1).splitlines() if line.strip()]


def part_of(module: str) -> str:
    """A module's part: the first name after `aftersale` (`book`, `rules`, `cli`, ...)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "aftersale"


def test_no_module_imports_itself_round_a_circle() -> None:
    assert cycles(import_graph()) == []


def test_every_part_of_the_package_has_a_documented_layer() -> None:
    layered = set().union(*documented_layers())
    parts = {part_of(name) for name in import_graph()} - {"aftersale"}
    assert sorted(parts - layered) == []
    assert sorted(layered - parts) == []


def test_imports_point_down_the_documented_layers() -> None:
    level = {part: n for n, layer in enumerate(documented_layers()) for part in layer}
    upward = sorted(
        f"{source} imports {target}"
        for source, targets in import_graph().items()
        for target in targets
        if part_of(source) != "aftersale"
        and part_of(target) != "aftersale"
        and level[part_of(target)] < level[part_of(source)]
    )
    assert upward == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _module_table() -> list[str]:
    """The rows of ARCHITECTURE.md's table of modules."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.startswith("| `")]


def test_every_module_of_the_package_is_described_in_the_architecture_table() -> None:
    """A module is named by its path, or its package's row names it (`rules/` lists its
    families by name)."""
    rows = _module_table()
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if path.name == "__init__.py":
            continue
        named = any(f"`{relative}`" in row for row in rows)
        package = f"`{path.parent.relative_to(PACKAGE).as_posix()}/`"
        by_family = any(
            row.startswith(f"| {package}") and path.stem.replace("_", "-") in row for row in rows
        )
        if not (named or by_family):
            missing.append(relative)
    assert missing == []


def test_every_module_the_architecture_table_names_exists() -> None:
    named = {m for row in _module_table() for m in re.findall(r"`([a-z_/]+\.py)`", row)}
    absent = sorted(m for m in named if not (PACKAGE / m).exists())
    assert absent == []

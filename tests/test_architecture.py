"""The house: eipgeo's import graph has no cycle, and no eipgeo import hides inside a function.

The graph is read from the source with :mod:`ast` (nothing is imported): an edge ``a -> b``
for every ``import`` of eipgeo module ``b`` in module ``a``, at module level or anywhere
else. Imports under ``if TYPE_CHECKING:`` count as edges too (a type-only cycle is still a
tangle a newcomer must untie). A subpackage's ``__init__`` is a module like any other, and
importing ``eipgeo.x.y`` from outside ``eipgeo.x`` also runs ``eipgeo.x``'s ``__init__``: that
is an edge too (the root ``eipgeo/__init__`` is left out: every module lives under it).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "eipgeo"
SUBPACKAGES = {"cli", "io", "jobs", "outputs", "routing", "scenario", "symbiosis"}
"""Stages that are folders (issue 17); ``data`` is the package's data folder."""
MAX_TOP_LEVEL_MODULES = 20


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def _imports(module: str, path: Path, known: set[str]) -> Iterator[tuple[str, int, bool]]:
    """Yield (imported eipgeo module, line, inside a function) for every import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def walk(node: ast.AST, in_function: bool) -> Iterator[tuple[str, int, bool]]:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
            )
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name in known:
                        yield alias.name, child.lineno, in_function
            elif isinstance(child, ast.ImportFrom):
                base = _resolve(module, path, child)
                targets = [f"{base}.{a.name}" for a in child.names]
                hits = [t for t in targets if t in known] or ([base] if base in known else [])
                for target in hits:
                    yield target, child.lineno, in_function
            yield from walk(child, inner)

    yield from walk(tree, False)


def _with_packages(target: str, known: set[str]) -> list[str]:
    """``eipgeo.x.y`` and the subpackage ``eipgeo.x`` whose ``__init__`` runs first."""
    parts = target.split(".")
    parents = [".".join(parts[:i]) for i in range(2, len(parts))]
    return [p for p in parents if p in known] + [target]


def _graph() -> tuple[dict[str, set[str]], list[str]]:
    mods = _modules()
    known = set(mods)
    edges: dict[str, set[str]] = {m: set() for m in mods}
    inner: list[str] = []
    for name, path in mods.items():
        for target, line, in_function in _imports(name, path, known):
            for hop in _with_packages(target, known):
                if hop == name or name.startswith(hop + "."):
                    continue  # the importer's own package is already initialising
                edges[name].add(hop)
            if in_function:
                inner.append(f"{path.relative_to(PACKAGE.parent)}:{line}: imports {target}")
    return edges, inner


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle() -> None:
    edges, _ = _graph()
    assert _cycles(edges) == []


def test_no_eipgeo_import_inside_a_function() -> None:
    _, inner = _graph()
    assert inner == []


def test_stages_are_subpackages_and_the_top_level_is_small() -> None:
    top = [p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"]
    assert len(top) <= MAX_TOP_LEVEL_MODULES, sorted(top)
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert SUBPACKAGES <= folders


def test_cycle_finder_finds_a_planted_cycle() -> None:
    """The checker itself: a -> b -> c -> a is one cycle; d -> a is not part of it."""
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(edges) == [["a", "b", "c"]]

"""Every public function documents every parameter (numpydoc ``Parameters``), as osmnx does.

A parameter counts as documented when its name is an entry of the docstring's
``Parameters`` section (an entry may name several, ``seed, iterations``). Private functions
(``_name``), private modules and the CLI's command functions (typer shows their option help)
are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "eipgeo"


def _documented(doc: str) -> set[str]:
    lines = doc.splitlines()
    names: set[str] = set()
    inside = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped == "Parameters" and i + 1 < len(lines) and set(lines[i + 1].strip()) == {"-"}:
            inside = True
            continue
        if (
            inside
            and i + 1 < len(lines)
            and lines[i + 1].strip()
            and set(lines[i + 1].strip()) == {"-"}
            and stripped != "Parameters"
        ):
            break
        if inside and stripped and not line[:1].isspace() and set(stripped) != {"-"}:
            entry = stripped.split(" : ")[0]
            names.update(n.strip().lstrip("*") for n in entry.split(","))
    return names


def _public_functions() -> list[tuple[str, ast.FunctionDef, str]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent)
        if (
            any(part.startswith("_") and part != "__init__.py" for part in rel.parts)
            or rel.parts[1:2] == ("cli",)
            or "migrations" in rel.parts
        ):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        scopes: list[tuple[str, ast.AST]] = [("", tree)]
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                scopes.append((node.name + ".", node))
        for prefix, scope in scopes:
            for node in getattr(scope, "body", []):
                if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                    out.append((f"{rel}:{node.lineno} {prefix}{node.name}", node, str(rel)))
    return out


def _missing() -> list[str]:
    found = []
    for where, node, _ in _public_functions():
        params = [
            a.arg
            for a in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
            if a.arg not in ("self", "cls")
        ]
        if node.args.vararg:
            params.append(node.args.vararg.arg)
        if node.args.kwarg:
            params.append(node.args.kwarg.arg)
        if not params:
            continue
        doc = ast.get_docstring(node) or ""
        missing = [p for p in params if p not in _documented(doc)]
        if missing:
            found.append(f"{where}: {', '.join(missing)}")
    return found


def test_every_public_parameter_is_documented() -> None:
    assert _missing() == []


def test_the_checker_reads_numpydoc() -> None:
    doc = (
        "Do it.\n\nParameters\n----------\nseed, iterations\n    Controls.\nout_dir\n"
        "    Where.\n\nReturns\n-------\nint\n    A count.\n"
    )
    assert _documented(doc) == {"seed", "iterations", "out_dir"}

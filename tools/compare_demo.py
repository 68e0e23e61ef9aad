"""Compare the key figures of two ``eipgeo demo`` output folders.

Usage::

    python tools/compare_demo.py FOLDER_A FOLDER_B

Every ``<slug>/summary.csv`` of A must exist in B with the same rows (``runtime_s``, the
wall time, is left out), and both folders must hold the same map files. Prints one line per
park and exits 1 on any difference, naming it.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

IGNORED_KEYS = {"runtime_s"}


def _rows(path: Path) -> list[tuple[str, ...]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [tuple(r) for r in csv.reader(f) if r and r[0] not in IGNORED_KEYS]


def main(argv: list[str]) -> int:
    """Compare the folders named in ``argv``; return 0 when they agree, 1 otherwise."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    a, b = (Path(p) for p in argv)
    problems = []
    maps_a = sorted(p.name for p in a.glob("*.html"))
    maps_b = sorted(p.name for p in b.glob("*.html"))
    if maps_a != maps_b:
        problems.append(f"map files differ: {maps_a} vs {maps_b}")
    summaries = sorted(a.glob("*/summary.csv"))
    if not summaries:
        problems.append(f"{a}: no <slug>/summary.csv")
    for path in summaries:
        other = b / path.parent.name / "summary.csv"
        if not other.is_file():
            problems.append(f"{other} is missing")
            continue
        rows_a, rows_b = _rows(path), _rows(other)
        if rows_a != rows_b:
            diff = [f"{x} != {y}" for x, y in zip(rows_a, rows_b, strict=False) if x != y][:3]
            problems.append(f"{path.parent.name}: summary.csv differs: {diff or 'row count'}")
        else:
            print(f"{path.parent.name}: {len(rows_a)} summary rows identical")
    for line in problems:
        print(f"DIFFERENT: {line}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

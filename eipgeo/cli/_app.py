"""The ``eipgeo`` typer app, shared error handling and problem reporting.

Exit codes follow ``CONTRACT.md``: 0 done, 1 problems found in a readable input,
2 an input could not be read or the usage is wrong. Errors go to stderr, one line
each (``FILE:ROW:COLUMN: what is wrong; how to fix``), with no traceback unless
``--verbose`` is given.
"""

from __future__ import annotations

import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import pandas as pd
import typer

from eipgeo._atomic import atomic_write_csv
from eipgeo._errors import EipgeoError, Problem

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Waste management and industrial symbiosis planning for eco-industrial parks.",
)
_state = {"verbose": False}
T = TypeVar("T")


def _fail(exc: BaseException) -> None:
    if _state["verbose"]:
        traceback.print_exc()
    if isinstance(exc, EipgeoError):
        lines = [p.to_line() for p in exc.problems if p.severity == "error"] or [str(exc)]
        for line in lines:
            typer.echo(line, err=True)
        raise typer.Exit(exc.exit_code)
    if isinstance(exc, (NotADirectoryError, IsADirectoryError, PermissionError)):
        typer.echo(f"{exc.filename}: {exc.strerror}; choose another path", err=True)
        raise typer.Exit(2)
    typer.echo(
        f"{type(exc).__name__}: {exc} (an unexpected failure; rerun with --verbose and report it)",
        err=True,
    )
    raise typer.Exit(1)


def _guard(fn: Callable[[], T]) -> T:
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = fn()
        for w in caught:
            if not issubclass(w.category, (FutureWarning, DeprecationWarning)):
                typer.echo(f"warning: {w.message}", err=True)
        return out
    except typer.Exit:
        raise
    except Exception as exc:  # every error leaves as one line and an exit code
        _fail(exc)
        raise  # unreachable; _fail always exits


@app.callback()
def _main(
    verbose: Annotated[
        bool,
        typer.Option("--verbose", help="Show tracebacks (also accepted after the command name)."),
    ] = False,
) -> None:
    _state["verbose"] = _state["verbose"] or verbose


def _report_problems(problems: list[Problem], path: Path) -> None:
    """Print errors in full and warnings grouped by kind (all of them go to ``path``)."""
    atomic_write_csv(
        path, pd.DataFrame([p.to_dict() for p in problems], columns=list(Problem("").to_dict()))
    )
    by_code: dict[str, list[Problem]] = {}
    for p in problems:
        by_code.setdefault(f"{p.severity}:{p.code}", []).append(p)
    for key, group in by_code.items():
        severity = key.split(":")[0]
        shown = group if severity == "error" else group[:2]
        for p in shown:
            typer.echo(p.to_line() if severity == "error" else f"warning: {p.to_line()}", err=True)
        if len(group) > len(shown):
            typer.echo(
                f"warning: (+{len(group) - len(shown)} more like this; see {path})", err=True
            )


def main() -> None:
    """Console-script entry point; ``--verbose`` may stand anywhere on the line."""
    import sys

    if "--verbose" in sys.argv[1:]:
        _state["verbose"] = True
        sys.argv = [sys.argv[0], *(a for a in sys.argv[1:] if a != "--verbose")]
    app(prog_name="eipgeo")

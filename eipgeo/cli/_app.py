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

import typer

from eipgeo._errors import EipgeoError, Problem
from eipgeo.outputs.write import write_problems

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


SHOWN_IN_FULL = ("outside_boundary",)
"""Warning codes printed one line per case (each names a firm to fix), not grouped."""


def _report_problems(problems: list[Problem], path: Path) -> None:
    """Write every problem to ``path`` (``problems.csv``), then :func:`print_problems`."""
    write_problems(problems, path)
    print_problems(problems, path)


def print_problems(problems: list[Problem], path: Path | None) -> None:
    """Print errors in full and warnings grouped by kind, pointing at ``path`` for the rest.

    Warnings whose code is in :data:`SHOWN_IN_FULL` are printed one line each; of the
    others, two per kind, then how many more (``path``: where they all are, if written).
    """
    by_code: dict[str, list[Problem]] = {}
    for p in problems:
        by_code.setdefault(f"{p.severity}:{p.code}", []).append(p)
    for key, group in by_code.items():
        severity, code = key.split(":", 1)
        shown = group if severity == "error" or code in SHOWN_IN_FULL else group[:2]
        for p in shown:
            typer.echo(p.to_line() if severity == "error" else f"warning: {p.to_line()}", err=True)
        if len(group) > len(shown):
            typer.echo(
                f"warning: (+{len(group) - len(shown)} more like this"
                + (f"; see {path})" if path is not None else ")"),
                err=True,
            )


def main() -> None:
    """Console-script entry point; ``--verbose`` may stand anywhere on the line."""
    import sys

    if "--verbose" in sys.argv[1:]:
        _state["verbose"] = True
        sys.argv = [sys.argv[0], *(a for a in sys.argv[1:] if a != "--verbose")]
    app(prog_name="eipgeo")

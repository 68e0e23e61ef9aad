"""Stage progress of long runs: a rich display on stderr and a plain-text log with timings.

Library code marks its stages with ``with stage("routing"):``. That is a no-op unless
a command opened a :func:`reporting` block, so the library prints nothing by itself.
Inside a block, each stage is timed and:

* shown live on stderr (a spinner, the stage's name and its elapsed time, nested
  stages indented) when stderr is a terminal and ``quiet`` is off; never otherwise,
  so tests and CI logs see no control codes;
* written as one line to the log (``log_file``), written atomically when the block
  ends, whether the run succeeded or failed.

The command prints :meth:`Reporter.summary_line` at the end (one line, top-level
stages and their seconds) unless ``quiet`` is set.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from eipgeo._atomic import atomic_write_text

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

__all__ = ["Reporter", "StageRecord", "reporting", "stage"]


@dataclass(frozen=True)
class StageRecord:
    """One finished stage.

    Attributes
    ----------
    name
        The stage's label (``routing``, ``writing``...).
    seconds
        Wall time, s.
    ok
        ``False`` when the stage raised.
    depth
        Nesting level; 0 = top level.
    """

    name: str
    seconds: float
    ok: bool
    depth: int


@dataclass
class Reporter:
    """Collects stage timings; shows them live (``progress``) and keeps log lines.

    Use :func:`reporting` rather than building one.
    """

    command: str
    progress: Progress | None = None
    records: list[StageRecord] = field(default_factory=list)
    log_lines: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    _open: list[tuple[str, TaskID | None]] = field(default_factory=list)

    def log(self, text: str) -> None:
        """Add one timestamped line (UTC, ISO 8601) to the log."""
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
        self.log_lines.append(f"{now}Z {text}")

    def start(self, name: str) -> None:
        """Begin stage ``name`` (nested in any stage already open)."""
        depth = len(self._open)
        self.log(f"{'  ' * depth}start {name}")
        task = None
        if self.progress is not None:
            task = self.progress.add_task(f"{'  ' * depth}{name}", total=None)
        self._open.append((name, task))

    def finish(self, seconds: float, *, ok: bool) -> None:
        """End the innermost open stage after ``seconds`` (``ok`` = it did not raise)."""
        name, task = self._open.pop()
        depth = len(self._open)
        self.records.append(StageRecord(name, seconds, ok, depth))
        state = "done" if ok else "FAILED"
        self.log(f"{'  ' * depth}{state} {name} in {seconds:.2f} s")
        if self.progress is not None and task is not None:
            mark = "✓" if ok else "✗"
            self.progress.update(
                task,
                total=1,
                completed=1,
                description=f"{'  ' * depth}{mark} {name} ({seconds:.1f} s)",
            )

    @property
    def seconds(self) -> float:
        """Wall time since the block opened, s."""
        return time.perf_counter() - self.started

    def summary_line(self) -> str:
        """One line: total seconds and each top-level stage's seconds, in order."""
        top = ", ".join(f"{r.name} {r.seconds:.1f} s" for r in self.records if r.depth == 0)
        return f"{self.command}: done in {self.seconds:.1f} s ({top})"


_active: ContextVar[Reporter | None] = ContextVar("eipgeo_progress", default=None)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the enclosed code as stage ``name`` of the open :func:`reporting` block.

    Outside a block it does nothing, so library functions may call it freely.
    """
    reporter = _active.get()
    if reporter is None:
        yield
        return
    reporter.start(name)
    began = time.perf_counter()
    ok = False
    try:
        yield
        ok = True
    finally:
        reporter.finish(time.perf_counter() - began, ok=ok)


def _live(console: Console | None, quiet: bool) -> Progress | None:
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = console if console is not None else Console(stderr=True)
    if quiet or not console.is_terminal:
        return None
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _outcome(failure: BaseException | None) -> str:
    if failure is None:
        return "end"
    first = (str(failure).splitlines() or [""])[0]
    return f"failed ({type(failure).__name__}: {first})"


@contextmanager
def reporting(
    command: str,
    *,
    quiet: bool = False,
    log_file: Path | Callable[[], Path] | None = None,
    console: Console | None = None,
) -> Iterator[Reporter]:
    """Open a progress block: stages inside it are shown and logged.

    Parameters
    ----------
    command
        The command line, for the log's first line and the summary.
    quiet
        No live display (the caller also skips the summary line).
    log_file
        Where the plain-text log goes (written atomically at the end, also on failure);
        a callable is asked at the end (a path known only once the input is read).
    console
        The rich console to draw on; default stderr. There is no live display when
        it is not a terminal.

    Yields
    ------
    Reporter
    """
    progress = _live(console, quiet)
    reporter = Reporter(command, progress)
    reporter.log(f"begin {command}")
    token = _active.set(reporter)
    failure: BaseException | None = None
    try:
        if progress is not None:
            with progress:
                yield reporter
        else:
            yield reporter
    except BaseException as exc:
        failure = exc
        raise
    finally:
        _active.reset(token)
        reporter.log(f"{_outcome(failure)} after {reporter.seconds:.2f} s")
        if log_file is not None:
            target = log_file() if callable(log_file) else log_file
            atomic_write_text(target, "\n".join(reporter.log_lines) + "\n")

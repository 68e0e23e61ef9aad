"""Every exception eipgeo raises, and the problem record validators collect.

Each exception subclasses a builtin, so ``except ValueError`` in a caller still works,
and carries the command-line exit code of ``CONTRACT.md``: 1 when the input was read
and problems were found, 2 when an input could not be read at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One problem found in an input, located as precisely as it can be.

    Attributes
    ----------
    message
        What is wrong and how to fix it.
    code
        A short stable identifier, e.g. ``unreachable_pair``.
    file, row, column, value
        Where it is. ``row`` is the row number as a spreadsheet shows it (header = 1).
    severity
        ``error`` or ``warning``.
    """

    message: str
    code: str = "invalid"
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: Any = None
    severity: str = "error"

    def to_line(self) -> str:
        """Return the one-line form ``FILE:ROW:COLUMN: message`` (absent parts left out)."""
        where = [str(p) for p in (self.file, self.row, self.column) if p not in (None, "")]
        prefix = ":".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a plain dict (the JSON form of ``eipgeo validate``)."""
        out = asdict(self)
        if out["value"] is not None and not isinstance(out["value"], (int, float, str, bool)):
            out["value"] = str(out["value"])
        return out


class EipgeoError(Exception):
    """Base of eipgeo's errors; ``exit_code`` is what the CLI exits with."""

    exit_code: int = 1

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems: list[Problem] = list(problems)


class InputReadError(EipgeoError, OSError):
    """An input file could not be read at all (missing, wrong format, bad encoding)."""

    exit_code = 2


class DataNotFoundError(EipgeoError, FileNotFoundError):
    """External data (``EIPGEO_DATA_DIR``) or a bundled park is missing."""

    exit_code = 2


class NetworkDisabledError(EipgeoError, PermissionError):
    """A download was needed but network access is off (``settings.allow_network``)."""

    exit_code = 2


class ValidationError(EipgeoError, ValueError):
    """The input was read, and problems were found in it (listed in ``problems``)."""

    exit_code = 1


class UnreachableError(ValidationError):
    """Some ordered pairs of sites have no directed road path between them."""


class SnapError(ValidationError):
    """Some sites are too far from the road network, or on a disconnected part of it."""


class InfeasibleError(EipgeoError, RuntimeError):
    """A collection plan cannot be made: a pre-solve check failed or the solver found none."""

    exit_code = 1


class UsageError(EipgeoError, ValueError):
    """The command or function was called wrongly (bad option value)."""

    exit_code = 2

"""Vietnamese number marks on matplotlib axes (the charts of feasibility and monitoring)."""

from __future__ import annotations

import re
from typing import Any

from eipgeo.outputs._catalogue import vi_numbers

_PLAIN = re.compile(r"([−-]?)(\d+)(?:\.(\d+))?")


def _vi_tick(text: str) -> str:
    """``400000`` → ``400.000``, ``-7.5`` → ``-7,5``; other texts: their numbers swapped."""
    found = _PLAIN.fullmatch(text)
    if found is None:
        return vi_numbers(text)
    sign, whole, decimals = found.groups()
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped}" + (f",{decimals}" if decimals else "")


def vi_axis(ax: Any, *, x: bool = False) -> None:
    """Write an axis's tick labels and offset with ``.`` thousands and ``,`` decimals.

    matplotlib's own formatter chooses the ticks, digits and offset (as in the English
    chart); only the marks are written the vi-VN way (``400000`` → ``400.000``,
    ``0.25`` → ``0,25``).

    Parameters
    ----------
    ax
        A matplotlib ``Axes``.
    x
        True: the x axis; False (default): the y axis.
    """
    from matplotlib.ticker import ScalarFormatter

    class _Vietnamese(ScalarFormatter):
        def __call__(self, value: float, pos: int | None = None) -> str:
            return _vi_tick(super().__call__(value, pos))

        def get_offset(self) -> str:
            return vi_numbers(super().get_offset())

    axis = ax.xaxis if x else ax.yaxis
    axis.set_major_formatter(_Vietnamese(useLocale=False))

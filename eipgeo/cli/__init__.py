"""The ``eipgeo`` command line (typer). It only orchestrates the pipeline modules.

Exit codes follow ``CONTRACT.md``: 0 done, 1 problems found in a readable input,
2 an input could not be read or the usage is wrong. Errors go to stderr, one line
each (``FILE:ROW:COLUMN: what is wrong; how to fix``), with no traceback unless
``--verbose`` is given.

Each command lives in a module ``cmd_<name>.py`` of this package, which registers it
on :data:`app` with ``@app.command(...)``; every such module is imported here.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

from eipgeo.cli._app import app, main

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _info.name.startswith("cmd_"):
        importlib.import_module(f"{__name__}.{_info.name}")

__all__ = ["app", "main"]

if __name__ == "__main__":  # pragma: no cover
    main()
    sys.exit(0)

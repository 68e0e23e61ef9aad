"""``python -m eipgeo.cli``."""

from eipgeo.cli import main

main()

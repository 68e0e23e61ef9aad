"""eipgeo: waste management and industrial symbiosis planning for eco-industrial parks.

Pipeline stages, one module each: :mod:`eipgeo.parks` (data in), :mod:`eipgeo.waste`,
:mod:`eipgeo.network` and :mod:`eipgeo.matrix`, :mod:`eipgeo.routing`,
:mod:`eipgeo.maps`; :mod:`eipgeo.jobs` runs them in order and :mod:`eipgeo.cli` exposes
them as the ``eipgeo`` command. Settings live in :mod:`eipgeo.settings`.
"""

from eipgeo import settings
from eipgeo._errors import (
    DataNotFoundError,
    EipgeoError,
    InfeasibleError,
    InputReadError,
    NetworkDisabledError,
    Problem,
    SnapError,
    UnreachableError,
    ValidationError,
)
from eipgeo.io import read_enterprises
from eipgeo.parks import list_parks, load_park

__version__ = "0.1.0"

__all__ = [
    "DataNotFoundError", "EipgeoError", "InfeasibleError", "InputReadError",
    "NetworkDisabledError", "Problem", "SnapError", "UnreachableError", "ValidationError",
    "list_parks", "load_park", "read_enterprises", "settings", "__version__",
]

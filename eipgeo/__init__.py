"""eipgeo: waste management and industrial symbiosis planning for eco-industrial parks.

The folders show the pipeline: data in (:mod:`eipgeo.io`, :mod:`eipgeo.parks`), waste
(:mod:`eipgeo.waste`, :mod:`eipgeo.pathways`), roads (:mod:`eipgeo.network`,
:mod:`eipgeo.snapping`, :mod:`eipgeo.matrix`), :mod:`eipgeo.routing`, :mod:`eipgeo.siting`
and :mod:`eipgeo.symbiosis`; :mod:`eipgeo.jobs` runs them for one park,
:mod:`eipgeo.scenario` runs scenarios (the one runner), appraises and monitors them;
:mod:`eipgeo.outputs` writes maps, tables and reports; :mod:`eipgeo.cli` is the ``eipgeo``
command. Settings live in :mod:`eipgeo.settings`; the README's layout section names every
module.
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
    "DataNotFoundError",
    "EipgeoError",
    "InfeasibleError",
    "InputReadError",
    "NetworkDisabledError",
    "Problem",
    "SnapError",
    "UnreachableError",
    "ValidationError",
    "list_parks",
    "load_park",
    "read_enterprises",
    "settings",
    "__version__",
]

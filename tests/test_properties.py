"""Property-based tests (issue 23): any bytes give a result or one of eipgeo's own errors.

For each input a user writes by hand (the scenario YAML, the fleet JSON, monitored
results, the sites table and matrix of ``eipgeo route``), hypothesis feeds random bytes
and random edits of a valid file. The reader must return, or raise an
:class:`eipgeo.EipgeoError` (whose CLI exit code is 1 or 2) carrying a message: never a
traceback, a ``KeyError``, a ``TypeError`` or a pydantic error escaping.

Examples are few (``max_examples`` modest, no deadline, derandomised) so the module runs
in seconds in the normal suite and in CI; ``EIPGEO_HYPOTHESIS_EXAMPLES=2000`` runs a long,
random search locally.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eipgeo._errors import EipgeoError
from eipgeo.routing.inputs import read_fleet, read_matrix, read_sites
from eipgeo.scenario.monitoring import read_results
from eipgeo.scenario.schema import load_scenario

DATA = Path(__file__).resolve().parent / "data"
FAST = settings(
    max_examples=int(os.environ.get("EIPGEO_HYPOTHESIS_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize="EIPGEO_HYPOTHESIS_EXAMPLES" not in os.environ,
)

SCENARIO = (DATA / "faults" / "yaml" / "ok_money.yaml").read_bytes()
FLEET = (DATA / "route_fleet.json").read_bytes()
RESULTS = (DATA / "monitoring" / "results_ok.csv").read_bytes()
SITES = (DATA / "route_sites.csv").read_bytes()
MATRIX = (DATA / "route_matrix_km.csv").read_bytes()
TOKENS = [
    b":",
    b"-",
    b" ",
    b"\n",
    b"\t",
    b"'",
    b'"',
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b";",
    b"no",
    b"08",
    b"1.250",
    b"0,5",
    b"\xc4\x91",
    b"\xff",
    b"nan",
    b"-1",
    b"1e309",
    b"#",
]


def _edited(valid: bytes) -> st.SearchStrategy[bytes]:
    """Random edits of a valid file: cut it, insert tokens or bytes, drop spans."""
    edit = st.tuples(
        st.integers(0, len(valid)),
        st.integers(0, 6),
        st.one_of(st.sampled_from(TOKENS), st.binary(max_size=4)),
    )

    def apply(edits: list[tuple[int, int, bytes]]) -> bytes:
        out = valid
        for where, drop, insert in edits:
            at = min(where, len(out))
            out = out[:at] + insert + out[at + drop :]
        return out

    return st.lists(edit, min_size=1, max_size=4).map(apply)


def _inputs(valid: bytes) -> st.SearchStrategy[bytes]:
    return st.one_of(st.binary(max_size=200), _edited(valid), _edited(valid))


def _only_our_errors(data: bytes, suffix: str, read: Callable[[Path], Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            read(path)
        except EipgeoError as exc:
            assert str(exc).strip(), "an error without a message"
            assert exc.exit_code in (1, 2)


@FAST
@given(_inputs(SCENARIO))
def test_scenario_yaml_any_bytes(data: bytes) -> None:
    _only_our_errors(data, ".yaml", load_scenario)


@FAST
@given(_inputs(FLEET))
def test_fleet_json_any_bytes(data: bytes) -> None:
    _only_our_errors(data, ".json", read_fleet)


JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=8),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(
                [
                    "depot",
                    "vehicles",
                    "id",
                    "capacity_kg",
                    "num_available",
                    "speed_kph",
                    "unload_time_s",
                    "disposal_sites",
                    "allowed_classes",
                    "fixed_cost_vnd",
                    "shift_duration_s",
                ]
            ),
            inner,
            max_size=5,
        ),
    ),
    max_leaves=12,
)


@FAST
@given(JSON_VALUES)
def test_fleet_json_any_structure(value: Any) -> None:
    """Well-formed JSON of any shape: vehicles that are numbers, ids that are lists..."""
    _only_our_errors(json.dumps(value).encode(), ".json", read_fleet)


@FAST
@given(_inputs(RESULTS))
def test_monitoring_results_any_bytes(data: bytes) -> None:
    _only_our_errors(data, ".csv", lambda p: read_results(p, site_ids=["DCHP-001", "DCHP-002"]))


@FAST
@given(_inputs(SITES))
def test_route_sites_any_bytes(data: bytes) -> None:
    _only_our_errors(data, ".csv", read_sites)


@FAST
@given(_inputs(MATRIX))
def test_route_matrix_any_bytes(data: bytes) -> None:
    ids = ["G", "A", "B", "D", "H"]
    _only_our_errors(data, ".csv", lambda p: read_matrix(p, ids, None))

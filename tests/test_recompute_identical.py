"""The runner's look-up caches (issue 24's recompute) leave every output as it was.

The park job memoises look-ups that are pure functions of tables read once (coefficients,
GHG factors, generation rates, sector profiles, catalogue entries and links, symbiosis
capabilities, named receivers, documented exchanges), files read once per path and stamp
(a scenario's enterprises, trunk roads) and the routes of a problem already solved.
Four checks:

* each indexed look-up equals a plain scan of its table, done here row by row;
* a job run with every cache cleared and run again with caches filled by other runs
  (another park, another layout) gives the same tables, value for value;
* the layout app's state after a tenant move (caches warm from the baseline) equals a
  cold run of the scenario it exports, as ``eipgeo run`` would run it;
* a routing problem solved again with the same inputs (the app's reset) is not searched
  again, and gives the routes of the first search.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from eipgeo import coefficients, pathways, waste
from eipgeo._text import nfc_key, normalise_code
from eipgeo.data import prices
from eipgeo.jobs import sources
from eipgeo.jobs.result import JobResult
from eipgeo.routing import _pyvrp
from eipgeo.scenario import apply
from eipgeo.scenario.run import run_scenario
from eipgeo.scenario.schema import baseline_scenario, load_scenario, scenario_from_dict
from eipgeo.serve.session import ReviewSession
from eipgeo.symbiosis import capability, catalogue, demand

ITERATIONS = 50
"""PyVRP iterations: few, to keep the module short; the check is equality, not quality."""

_MEMOISED: list[Any] = [
    capability.capability,
    capability._inferable_classes,
    capability._documented_sources,
    capability._named_receivers,
    capability.read_capabilities,
    capability.read_documented,
    capability.read_named_receivers,
    catalogue.read_links,
    catalogue._link_keys,
    demand.demand_of,
    waste._entry,
    waste._division_rate,
    waste._profile_parts,
    waste.catalogue,
    waste.generation_rates,
    waste.sector_profiles,
    coefficients.get,
    coefficients.table,
    coefficients.landfill_factor,
    coefficients.biological_factor,
    coefficients.incineration_factor,
    pathways._price_item_names,
    prices.price,
    apply._tenant_table,
    sources._trunk_lines_of,
]


def _clear_caches() -> None:
    for function in _MEMOISED:
        function.cache_clear()
    _pyvrp._SOLVED.clear()


def _tables(result: JobResult) -> dict[str, Any]:
    """Every table of a job (geometry as coordinates), its problems and its plans."""
    out: dict[str, Any] = {}
    for name in ("sites", "streams", "facilities", "legs", "route_table", "stop_table"):
        out[name] = pd.DataFrame(getattr(result, name).drop(columns="geometry", errors="ignore"))
    out["indicators"] = result.indicators
    out["summary"] = result.summary[result.summary["key"] != "runtime_s"]  # wall time
    out["candidates"] = result.symbiosis.candidates
    out["plan"] = result.symbiosis.plan
    out["totals"] = result.symbiosis.totals
    out["problems"] = [(p.code, p.severity, p.message, str(p.value)) for p in result.problems]
    out["plans"] = {k: repr(v) for k, v in result.plans.items()}
    return out


def _assert_same(a: JobResult, b: JobResult) -> None:
    left, right = _tables(a), _tables(b)
    for name, value in left.items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(value, right[name], check_exact=True, obj=name)
        else:
            assert value == right[name], name


def test_indexed_lookups_equal_a_scan_of_their_tables() -> None:
    caps = capability.read_capabilities()
    classes = {c for cell in caps.infer_isic4 for c in str(cell).split(";") if c.strip()}
    pids = sorted(set(caps.process_id)) + ["no_such_process"]
    for isic in sorted(classes) + ["9999", ""]:
        scanned = [
            pid
            for pid in pids
            if any(
                isic in [p.strip() for p in str(cell).split(";") if p.strip()]
                for cell in caps.loc[caps.process_id == pid, "infer_isic4"]
            )
        ]
        assert capability.inferable_processes(isic, pids) == scanned, isic
    docs = capability.read_documented()
    keys = [
        (str(r.park), str(r.supplier_id), str(r.receiver_id), str(r.link_id))
        for r in docs.itertuples()
    ]
    keys += [(k[0], k[2], k[1], k[3]) for k in keys] + [("", "", "", "")]
    for park, sup, rec, link in keys:
        hit = docs[
            (docs.park == park)
            & (docs.supplier_id == sup)
            & (docs.receiver_id == rec)
            & (docs.link_id == link)
        ]
        expected = (
            "" if hit.empty else f"{hit.iloc[0].source} ({hit.iloc[0].url}): {hit.iloc[0].locator}"
        )
        assert capability.documented_exchange(park, sup, rec, link) == expected
    named = capability.read_named_receivers()
    for name in [*named.receiver_name, "  " + str(named.receiver_name.iloc[0]).upper(), "nobody"]:
        first = next(
            (
                r
                for r in named.itertuples()
                if " ".join(str(r.receiver_name).casefold().split())
                == " ".join(str(name).casefold().split())
            ),
            None,
        )
        expected_named: tuple[set[str], str] = (
            (set(), "")
            if first is None
            else (
                {p.strip() for p in str(first.processes).split(";") if p.strip()},
                f"{first.basis} ({first.source})",
            )
        )
        assert capability.named_processes(name) == expected_named, name
    links = catalogue.read_links()
    materials = [(str(g), "") for g in links.supply_group] + [
        ("no such material", c) for cell in links.supply_codes for c in str(cell).split(";")
    ]
    for stream, code in [*materials, ("  " + str(links.supply_group.iloc[0]).upper(), "x")]:
        wanted = normalise_code(code)
        by_code = [
            wanted in {normalise_code(x) for x in str(c).split(";")} for c in links.supply_codes
        ]
        if wanted and any(by_code):
            expected_ids = list(links.link_id[by_code])
        else:
            key = nfc_key(stream)
            expected_ids = [
                lid
                for lid, group, aliases in zip(
                    links.link_id, links.supply_group, links.supply_aliases, strict=True
                )
                if key == nfc_key(group)
                or key in {nfc_key(a) for a in str(aliases).split(";") if a.strip()}
            ]
        assert list(catalogue.links_for_material(stream, code).link_id) == expected_ids
    # a caller may change the set it gets without changing the next caller's
    capability.named_processes(named.receiver_name.iloc[0])[0].add("changed")
    assert "changed" not in capability.named_processes(named.receiver_name.iloc[0])[0]


def test_a_sector_profile_splits_a_total_as_its_table_says() -> None:
    """2220 (plastics products): each row = total x (share or 1 - share) x share_of_group."""
    rates = waste.generation_rates()
    table = waste.sector_profiles()
    key = "2220" if (table.isic4 == "2220").any() else "22"
    profile = table[table.isic4 == key]
    share_key = next(
        (
            k
            for k, use, applies in zip(rates.key, rates.use, rates.applies_to, strict=True)
            if use == "estimate"
            and k.startswith("hazardous_share.div")
            and "22" in str(applies).split(";")
        ),
        "hazardous_share.all",
    )
    share = float(rates.loc[share_key, "central"])
    rows = waste.profile_rows(
        "T1", "2220", (80.0, 100.0, 130.0), keys="k", status="published", method="m"
    )
    assert [r["waste_code"] for r in rows] == [waste.lookup(c).code for c in profile.waste_code]
    for row, (_, prof) in zip(rows, profile.iterrows(), strict=True):
        part = share if prof.waste_class_group == "hazardous" else 1 - share
        assert row["waste_t_per_yr"] == round(100.0 * part * prof.share_of_group, 3)
        assert row["waste_t_per_yr_high"] == round(130.0 * part * prof.share_of_group, 3)
    assert sum(r["waste_t_per_yr"] for r in rows) == pytest.approx(100.0, abs=0.01)


@pytest.mark.parametrize("slug", ["hiepphuoc", "deepc-haiphong"])
def test_a_job_is_the_same_with_cold_and_warm_caches(slug: str) -> None:
    other = "deepc-haiphong" if slug == "hiepphuoc" else "hiepphuoc"
    _clear_caches()
    cold = run_scenario(baseline_scenario(slug, iterations=ITERATIONS)).result
    run_scenario(baseline_scenario(other, iterations=ITERATIONS))  # fills the caches
    warm = run_scenario(baseline_scenario(slug, iterations=ITERATIONS)).result
    _assert_same(cold, warm)


def _bench() -> Callable[[Path, int, int], Path]:
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_serve.py"
    spec = importlib.util.spec_from_file_location("bench_serve", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_synthetic  # type: ignore[no-any-return]


def test_the_apps_move_equals_a_cold_run_of_its_export(tmp_path: Path) -> None:
    """The benchmark's 100-tenant park: move one tenant next to another in the app."""
    scenario = _bench()(tmp_path, 100, ITERATIONS)
    session = ReviewSession(scenario)
    tenants = session.state()["layers"]["tenants"]
    to = tenants[7]
    session.apply(
        {"action": "move", "id": tenants[3]["id"], "lat": to["lat"] + 5e-4, "lon": to["lon"]}
    )
    _clear_caches()
    spec = session.scenario_dict()
    cold = run_scenario(scenario_from_dict(spec, file=session.base.source_file)).result
    _assert_same(session.result, cold)


def test_a_reset_reuses_the_baselines_routes_without_a_new_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """deepc-quangninh (4 tenants): the move is a new problem (one search per routed
    group); the reset is the baseline's problem again (no search), and so is moving the
    tenant back to the same point; every table equals the baseline's."""
    _clear_caches()
    searches: list[int] = []
    real = _pyvrp._solve

    def counted(*args: Any) -> list[Any]:
        searches.append(1)
        return real(*args)

    monkeypatch.setattr(_pyvrp, "_solve", counted)
    session = ReviewSession("deepc-quangninh", iterations=ITERATIONS)
    groups = len(searches)
    assert groups >= 1
    baseline = session.result
    tenants = {t["id"]: t for t in session.state()["layers"]["tenants"]}
    near = tenants["DCQN-004"]
    move = {"action": "move", "id": "DCQN-001", "lat": near["lat"] + 1e-3, "lon": near["lon"]}
    session.apply(move)
    assert len(searches) > groups
    moved, after_move = session.result, len(searches)
    session.apply({"action": "reset"})
    assert len(searches) == after_move
    _assert_same(baseline, session.result)
    session.apply(move)
    assert len(searches) == after_move
    _assert_same(moved, session.result)


def test_an_edited_enterprises_file_is_read_again(tmp_path: Path) -> None:
    """The enterprises file is read once per stamp: doubling a tenant's workers in the file
    doubles its estimated waste (per-worker rates) in the next run."""
    scenario_file = _bench()(tmp_path, 100, ITERATIONS)
    first = run_scenario(load_scenario(scenario_file)).result
    tenants = pd.read_csv(tmp_path / "tenants.csv", dtype={"isic4_class": str})
    tenants.loc[tenants["id"] == "SYN-001", "employees"] *= 2
    tenants.to_csv(tmp_path / "tenants.csv", index=False)
    second = run_scenario(load_scenario(scenario_file)).result

    def waste_of(result: JobResult) -> float:
        sites = result.sites
        return float(sites.loc[sites["site_id"] == "SYN-001", "waste_t_per_yr"].iloc[0])

    assert waste_of(first) > 0
    assert waste_of(second) == pytest.approx(2 * waste_of(first), abs=0.002)

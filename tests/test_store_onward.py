"""A hazardous-waste store stores and transfers; the waste is treated by a permitted handler.

A tiny park by hand: one generator G-1 with 12 t/yr of hazardous waste 08 01 11 (and, in
the first test, 4 t/yr of 16 06 01 that no handler's permit lists), a store STORE-1
(permit: storage and transfer only) at 106.70 E, 20.90 N, and two handlers whose permits
list 08 01 11: H-NEAR at 106.75 E, 20.95 N and H-FAR at 106.90 E, 21.10 N. The store may
receive 16 t/yr, each handler 12 t/yr, so the store is the first destination.

Onward leg STORE-1 -> H-NEAR, by hand: Δlat = 0.05° = 0.05 × π/180 × 6,371,009 m =
5,559.8 m; Δlon = 0.05° × cos(20.925°) = 5,193.6 m; great circle ≈ √(5,559.8² + 5,193.6²) =
7,607.8 m (haversine on the 6,371,009 m sphere: 7,607.82 m). × circuity 1.343
(``circuity_factor``) = 10.2173 km; × 12 t/yr = 122.61 t·km/yr; × 0.197 kg CO2e/t·km
(``symbiosis.truck_co2e_kg_per_t_km``) = 24.15 kg CO2e/yr.
"""

from __future__ import annotations

import pandas as pd
import pytest

from eipgeo import indicators, pathways
from eipgeo.jobs import onward

KM = 7607.82 * 1.343 / 1000  # 10.2173 km, see the module docstring
T = 12.0


def _facilities(*ids: str) -> pd.DataFrame:
    rows = {
        "STORE-1": ("hazardous", "storage_transfer", "", "proposed (scenario)", 20.90, 106.70),
        "H-NEAR": ("hazardous", "", "08 01 11", "operating", 20.95, 106.75),
        "H-FAR": ("hazardous", "", "08 01 11", "operating", 21.10, 106.90),
    }
    cols = ["accepts", "methods", "waste_codes", "status", "lat", "lon"]
    return pd.DataFrame([{"id": i, **dict(zip(cols, rows[i], strict=True))} for i in ids])


def _streams(batteries_t: float = 0.0) -> pd.DataFrame:
    rows = [("08 01 11", "paint", "Waste paint and varnish", T)]
    if batteries_t:
        rows.append(("16 06 01", "battery", "Lead batteries", batteries_t))
    return pd.DataFrame(
        [
            {
                "site_id": "G-1",
                "waste_code": code,
                "waste_class": "hazardous",
                "legal_class": "hazardous",
                "material": material,
                "name_en": name,
                "waste_t_per_yr": t,
                "fate": "",
            }
            for code, material, name, t in rows
        ]
    )


def test_a_store_sends_its_waste_on_to_the_nearest_permitted_handler() -> None:
    facilities = _facilities("STORE-1", "H-FAR", "H-NEAR")
    planned, problems = pathways.assign_pathways(_streams(batteries_t=4.0), facilities)
    paint, batteries = planned.iloc[0], planned.iloc[1]
    assert (paint["facility_id"], paint["onward_facility_id"]) == ("STORE-1", "H-NEAR")
    assert "onward to H-NEAR for treatment (permit lists 08 01 11)" in paint["pathway_note"]
    assert (batteries["facility_id"], batteries["onward_facility_id"]) == ("STORE-1", "")
    assert "stored, no permitted treatment for 16 06 01" in batteries["pathway_note"]
    (problem,) = problems  # the batteries: a warning, as a stream with no destination
    assert (problem.code, problem.value, problem.severity) == (
        "no_permitted_destination",
        "16 06 01",
        "warning",
    )
    (leg,) = onward.onward_legs(planned, facilities).itertuples()
    assert (leg.from_id, leg.to_id, leg.waste_t_per_yr) == ("STORE-1", "H-NEAR", T)
    assert leg.km == pytest.approx(KM, abs=0.001)
    assert leg.t_km_per_yr == pytest.approx(122.61, abs=0.01)
    assert leg.co2e_kg_per_yr == pytest.approx(24.15, abs=0.01)
    rows = {k: v for k, v, _, _ in onward.summary_rows(planned, facilities)}
    assert rows == {
        "onward_haul_t_per_yr": 12.0,
        "onward_haul_t_km": 122.6,
        "onward_haul_co2e_kg": 24.2,
        "stored_untreated_t_per_yr": 4.0,
    }
    table = indicators.eip_indicators(["G-1"], planned, None, facilities=facilities)
    # 12 of 16 t/yr treated by a permitted handler (onward from the store): 75 %
    assert table.set_index("indicator").loc["hazardous_licensed_pct", "value"] == 75.0


def test_a_store_with_no_handler_is_not_treatment() -> None:
    facilities = _facilities("STORE-1")
    planned, _ = pathways.assign_pathways(_streams(), facilities)
    row = planned.iloc[0]
    assert (row["facility_id"], row["onward_facility_id"]) == ("STORE-1", "")
    assert "stored, no permitted treatment for 08 01 11 in the park's data" in row["pathway_note"]
    table = indicators.eip_indicators(["G-1"], planned, None, facilities=facilities)
    assert table.set_index("indicator").loc["hazardous_licensed_pct", "value"] == 0.0
    rows = {k: v for k, v, _, _ in onward.summary_rows(planned, facilities)}
    assert rows == {"stored_untreated_t_per_yr": 12.0}
    # read back from waste_inventory.csv, the blank handler is NaN: still no handler
    read_back = planned.assign(onward_facility_id=float("nan"))
    assert pathways.stored_untreated(read_back, facilities).tolist() == [True]


def test_a_direct_handler_has_no_onward_leg() -> None:
    facilities = _facilities("H-NEAR")
    planned, _ = pathways.assign_pathways(_streams(), facilities)
    row = planned.iloc[0]
    assert (row["facility_id"], row["onward_facility_id"]) == ("H-NEAR", "")
    assert onward.summary_rows(planned, facilities) == []
    table = indicators.eip_indicators(["G-1"], planned, None, facilities=facilities)
    assert table.set_index("indicator").loc["hazardous_licensed_pct", "value"] == 100.0


def test_an_intervention_hub_hauls_on_to_the_treatment_facility() -> None:
    """The feasibility model's onward haul (a facility every row passes) is the same leg."""
    planned, _ = pathways.assign_pathways(_streams(), _facilities("STORE-1", "H-NEAR"))
    legs = onward.onward_legs(planned, _facilities("STORE-1", "H-NEAR"), from_id="STORE-1")
    assert legs["t_km_per_yr"].sum() == pytest.approx(T * KM, abs=0.01)
    direct = planned.assign(facility_id="H-NEAR", onward_facility_id="")
    again = onward.onward_legs(direct, _facilities("STORE-1", "H-NEAR"), from_id="STORE-1")
    assert again["co2e_kg_per_yr"].sum() == pytest.approx(24.15, abs=0.01)


def test_a_store_in_deepc_quangninh_through_the_runner() -> None:
    """``eipgeo run``'s runner on deepc-quangninh with a hazardous store at the park's
    representative point: the store takes every hazardous (and KS) stream; those that
    Thanh Cong III's co-processing permit covers (its ``methods``; 20.98028 N, 106.54744 E
    in ``facilities.csv``) go on to it, the others are stored with no permitted treatment.
    The onward km is worked out here from the two points (haversine × 1.343), the
    t·km and CO2e from it (× t/yr, × 0.197), and the licensed share is the onward t/yr over
    all hazardous-handled t/yr (a store is not treatment)."""
    import math

    from _serve_layout import PARK, layout_geometry

    from eipgeo.scenario.run import run_scenario
    from eipgeo.scenario.schema import scenario_from_dict

    lat, lon = layout_geometry()["inner"]
    store = {
        "id": "STORE-T",
        "name": "Store",
        "kind": "hazardous_store",
        "accepts": ["hazardous"],
        "lat": round(lat, 6),
        "lon": round(lon, 6),
    }
    spec = {"name": "store", "park": PARK, "iterations": 50, "facilities": [store]}
    result = run_scenario(scenario_from_dict(spec)).result
    streams = result.streams
    haz = streams[streams.waste_class == "hazardous"]
    assert set(haz.facility_id) == {"STORE-T"}
    on = haz[haz.onward_facility_id == "thanh-cong-iii"]
    left = haz[haz.onward_facility_id == ""]
    assert len(on) and len(left) and len(on) + len(left) == len(haz)
    assert left.pathway_note.str.contains("stored, no permitted treatment for").all()
    p1, p2 = math.radians(round(lat, 6)), math.radians(20.98028)
    dl = math.radians(106.54744 - round(lon, 6))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    km = 2 * 6_371_009.0 * math.asin(math.sqrt(h)) * 1.343 / 1000
    t = float(on.waste_t_per_yr.sum())
    summary = result.summary.set_index("key")["value"]
    assert float(summary["onward_haul_t_per_yr"]) == pytest.approx(t, abs=0.05)
    assert float(summary["onward_haul_t_km"]) == pytest.approx(t * km, abs=0.05)
    assert float(summary["onward_haul_co2e_kg"]) == pytest.approx(t * km * 0.197, abs=0.05)
    assert float(summary["stored_untreated_t_per_yr"]) == pytest.approx(
        float(left.waste_t_per_yr.sum()), abs=0.05
    )
    licensed = result.indicators.set_index("indicator").loc["hazardous_licensed_pct", "value"]
    assert licensed == pytest.approx(100 * t / float(haz.waste_t_per_yr.sum()), abs=0.01)
    assert licensed < 100


def test_a_scenario_hub_unloading_the_rounds_sends_them_on() -> None:
    """A hub a scenario adds for ordinary and domestic waste passes the rounds' waste on.

    By hand: HUB-1 at the store's point (106.70 E, 20.90 N), the park's landfill L-1 at
    H-NEAR's point (7,607.82 m away, see the module docstring): km = 10.2173; the rounds
    collect 30 t/yr ordinary + 6 t/yr domestic = 36 t/yr (the 5 t/yr generator_bulk row and
    the hazardous row do not ride the rounds): 36 × 10.2173 = 367.82 t·km/yr, × 0.197 =
    72.46 kg CO2e/yr. The farther landfill L-FAR is not chosen.
    """
    facilities = pd.DataFrame(
        [
            (
                "HUB-1",
                "transfer_station",
                "ordinary;domestic",
                "proposed",
                "scenario",
                20.90,
                106.70,
            ),
            ("L-1", "landfill", "ordinary;domestic", "operating", "high", 20.95, 106.75),
            ("L-FAR", "landfill", "ordinary;domestic", "operating", "high", 21.10, 106.90),
        ],
        columns=["id", "kind", "accepts", "status", "confidence", "lat", "lon"],
    )
    streams = pd.DataFrame(
        {
            "waste_class": ["ordinary", "domestic", "ordinary", "hazardous"],
            "collection": ["park_round", "park_round", "generator_bulk", "park_round"],
            "waste_t_per_yr": [30.0, 6.0, 5.0, 2.0],
        }
    )
    chosen = {"non_hazardous": facilities.iloc[0]}
    legs = onward.hub_legs(streams, facilities, chosen)
    assert legs[["from_id", "to_id"]].values.tolist() == [["HUB-1", "L-1"]]
    assert legs.waste_t_per_yr.iloc[0] == pytest.approx(36.0)
    assert legs.km.iloc[0] == pytest.approx(KM, rel=1e-4)
    assert legs.t_km_per_yr.iloc[0] == pytest.approx(367.82, abs=0.05)
    assert legs.co2e_kg_per_yr.iloc[0] == pytest.approx(72.46, abs=0.02)
    # only the routed sites' rows ride the rounds: G-2's 6 t/yr domestic is left out
    streams["site_id"] = ["G-1", "G-2", "G-1", "G-1"]
    legs = onward.hub_legs(streams, facilities, chosen, routed_sites={"G-1"})
    assert legs.waste_t_per_yr.iloc[0] == pytest.approx(30.0)
    assert legs.t_km_per_yr.iloc[0] == pytest.approx(30.0 * KM, rel=1e-4)
    # a facility with no coordinates is no destination (the farther one is taken)
    blank = facilities.copy()
    blank.loc[1, ["lat", "lon"]] = [float("nan"), float("nan")]
    legs = onward.hub_legs(streams, blank, chosen)
    assert legs.to_id.tolist() == ["L-FAR"]
    # the park's own facility as unload point: no onward leg
    assert onward.hub_legs(streams, facilities, {"non_hazardous": facilities.iloc[1]}).empty
    # a facility the scenario adds that treats (not a transfer) has no onward leg either
    plant = facilities.iloc[0].copy()
    plant["kind"] = "composting"
    assert onward.hub_legs(streams, facilities, {"non_hazardous": plant}).empty

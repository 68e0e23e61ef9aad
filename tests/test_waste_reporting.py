"""Controlled (KS) streams reported as such in the Sankey and in every bundled park's outputs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from eipgeo import parks, pathways, waste
from eipgeo.outputs import sankey

FACILITIES = pd.DataFrame(
    {
        "id": ["lf", "haz"],
        "accepts": ["domestic;ordinary", "hazardous"],
        "methods": ["", "incineration;oil_re_refining"],
    }
)


def test_sankey_shows_controlled_apart_from_hazardous() -> None:
    """Default profile, 100 workers: class nodes carry controlled 9.944 (KS 18 02 01),
    hazardous 9.944 (17 02 04) and ordinary 104.412 t/yr = 124.3 t/yr in all."""
    est = waste.industrial_streams(pd.DataFrame({"id": ["A"], "employees": [100.0]}))
    links = sankey.sankey_links(pathways.plan_streams(est, FACILITIES)[0])
    into = links[links.stage == "sector"].set_index("target")["waste_t_per_yr"]
    assert into["class: controlled (KS, handled as hazardous)"] == pytest.approx(9.944, abs=0.001)
    assert into["class: hazardous"] == pytest.approx(9.944, abs=0.001)
    assert into.sum() == pytest.approx(124.3, abs=0.002)
    out = links[links.source == "class: controlled (KS, handled as hazardous)"]
    assert out.target.tolist() == ["pathway: incineration"]


def test_bundled_parks_report_controlled_and_add_up(demo_maps: Path) -> None:
    """In every park: class rows of summary.csv add up to the total; KS rows are reported
    controlled, handled as hazardous, and go only to a handler permitted for them (else
    unassigned: no permitted destination); the hazardous + controlled share is the 16 % the
    estimates are built on (HCMC 2019, evidence §2 line 44), since no park has measured
    streams."""
    for folder in sorted(p for p in demo_maps.iterdir() if p.is_dir()):
        inventory = pd.read_csv(
            folder / "waste_inventory.csv",
            dtype={"facility_id": str},
            keep_default_na=False,
            na_values=[""],
        )
        if inventory.empty or "legal_class" not in inventory:
            continue
        summary = pd.read_csv(folder / "summary.csv").set_index("key")["value"]
        classes = [
            k
            for k in summary.index
            if k.startswith("waste_t_per_yr.") and k.split(".")[1] in waste.CATALOGUE_CLASSES
        ]
        assert sum(float(summary[k]) for k in classes) == pytest.approx(
            float(summary["waste_t_per_yr.total"]), abs=0.051 * len(classes)
        ), folder.name
        ks = inventory[inventory.legal_class == "controlled"]
        assert set(ks.waste_class) <= {"hazardous"}, folder.name
        if not ks.empty:
            assert "waste_t_per_yr.controlled" in summary.index, folder.name
            park = parks.load_park(folder.name)
            by_id = park.facilities.set_index("id")
            for _, row in ks[ks.facility_id.notna()].iterrows():
                method = pathways.TREATMENT_METHOD[row.treatment]
                fac = by_id.loc[row.facility_id]
                assert parks.permit_basis(fac, row.waste_code, method), folder.name
            assert set(ks[ks.facility_id.isna()].pathway) <= {"unassigned"}, folder.name
        all_industry = inventory.get("split_basis", pd.Series(dtype=str)).astype(str)
        if (
            set(inventory.basis) == {"estimated"}
            and (inventory.legal_class != "domestic").any()
            and all_industry.str.contains("all-industry (HCMC)", regex=False).all()
        ):  # every row at the HCMC 2019 all-industry share (evidence §2 line 44)
            assert float(summary["waste_share_pct.hazardous_incl_controlled"]) == pytest.approx(
                16.0, abs=0.1
            ), folder.name


PROGRAMME = ("deepc-haiphong", "amata-bienhoa", "hiepphuoc")


def _summary(demo_maps: Path, slug: str) -> pd.Series:
    return pd.read_csv(demo_maps / slug / "summary.csv").set_index("key")["value"]


def test_deepc_haiphong_total_holds_dap_phosphogypsum(demo_maps: Path) -> None:
    """DAP Dinh Vu declares 350,000-450,000 t/yr of phosphogypsum (Thanh Tra; central the
    midpoint, 400,000): the park total holds it at that scale, with its range, and the
    routes do not (the generator ships it in bulk). It is split into the reused share
    (200,000 / 225,000 / 250,000 t/yr, Viet Reader 2022) and the stacked rest (150,000 /
    175,000 / 200,000), neither priced at a generic tariff (cost unknown, unverified)."""
    inventory = pd.read_csv(demo_maps / "deepc-haiphong" / "waste_inventory.csv")
    pg = inventory[(inventory.site_id == "DCHP-017") & (inventory.waste_code == "OI-18")]
    assert len(pg) == 2
    assert pg.waste_t_per_yr.sum() == 400_000
    assert (pg.waste_t_per_yr_low.sum(), pg.waste_t_per_yr_high.sum()) == (350_000, 450_000)
    by_fate = pg.set_index("fate")
    assert by_fate.loc["reuse:DCHP-023", "waste_t_per_yr"] == 225_000
    assert by_fate.loc["generator_stack", "waste_t_per_yr"] == 175_000
    assert pg.cost_vnd_per_yr.isna().all()
    assert pg.price_keys.str.startswith("unpriced (unverified)").all()
    assert set(pg.method) == {"declared"} and set(pg.collection) == {"generator_bulk"}
    summary = _summary(demo_maps, "deepc-haiphong")
    assert float(summary["waste_t_per_yr.park_total"]) > 400_000
    assert float(summary["waste_t_per_yr.park_total_low"]) > 350_000
    assert float(summary["waste_t_per_yr.park_total_high"]) > 450_000
    assert float(summary["routes.coverage"]) < 5  # % of the park's t/yr on the routes


def test_each_programme_park_covers_its_published_workforce_or_land(demo_maps: Path) -> None:
    """Listed + rest of park = park total, each shown; listed + unlisted workforce (or
    occupied land) = the published figure (DEEP C 13,500 workers, 2022; Amata 60,000,
    2023; Hiep Phuoc 512.8 ha occupied, 2023: its workforce is not published)."""
    published = {"deepc-haiphong": 13_500, "amata-bienhoa": 60_000, "hiepphuoc": 512.8}
    for slug in PROGRAMME:
        summary = _summary(demo_maps, slug)
        listed, rest = (float(summary[f"waste_t_per_yr.{k}"]) for k in ("listed", "rest_of_park"))
        assert listed + rest == pytest.approx(float(summary["waste_t_per_yr.park_total"]), abs=0.2)
        assert rest > 0, slug
        kind = "workforce" if summary["coverage.basis"] == "workforce" else "area_ha"
        whole = "published" if kind == "workforce" else "occupied"
        assert float(summary[f"{kind}.{whole}"]) == published[slug]
        parts = float(summary[f"{kind}.listed"]) + float(summary[f"{kind}.rest_of_park"])
        assert parts == pytest.approx(published[slug], abs=0.2), slug


def test_no_stream_row_uses_an_equal_split_without_saying_so(demo_maps: Path) -> None:
    """Every estimated row says how its share of its group was set: 'equal split,
    unverified', a sourced split, or a single stream; and with its hazardous share's
    basis where it has one."""
    for folder in sorted(p for p in demo_maps.iterdir() if p.is_dir()):
        inventory = pd.read_csv(folder / "waste_inventory.csv", keep_default_na=False)
        if inventory.empty:
            continue
        basis = inventory["split_basis"].astype(str)
        ok = (
            basis.str.startswith("equal split, unverified")
            | basis.str.startswith("sourced split: ")
            | basis.str.contains("no split", regex=False)
        )
        assert ok.all(), (folder.name, inventory.loc[~ok, ["site_id", "split_basis"]])
        profiled = inventory["method"].astype(str).str.contains("per_worker|rest_of_park")
        assert basis[profiled].str.contains("hazardous share", regex=False).all(), folder.name


def test_plausibility_rows_give_a_verdict(demo_maps: Path) -> None:
    """Each programme park's t/ha/yr and hazardous share get a verdict against the published
    figures. DEEP C Hai Phong's t/worker/yr is far above the IZ range because of DAP's
    phosphogypsum (about 400,000 / 13,500 = 30 t/worker/yr); without the bulk process
    streams it is inside it."""
    for slug in PROGRAMME:
        summary = pd.read_csv(demo_maps / slug / "summary.csv").set_index("key")
        for metric in ("waste_t_per_ha_yr", "hazardous_incl_controlled_pct"):
            note = str(summary.loc[f"plausibility.{metric}", "note"])
            assert note.startswith(("inside the published range", "0.", "1.", "2.")), note
            assert "published" in note
    summary = pd.read_csv(demo_maps / "deepc-haiphong" / "summary.csv").set_index("key")
    worker = summary.loc["plausibility.waste_t_per_worker_yr"]
    assert float(worker.value) > 25 and "(above)" in str(worker.note)
    bulk = summary.loc["plausibility.waste_t_per_worker_yr.excl_generator_bulk"]
    assert str(bulk.note).startswith("inside the published range")


def test_a_park_with_no_data_shows_its_total_as_unknown(demo_maps: Path) -> None:
    """Amata City Ha Long ships with its boundary only: summary.csv leaves its totals empty
    with the reason, and its map says 'unknown', never 0.0."""
    summary = pd.read_csv(demo_maps / "amata-halong" / "summary.csv").set_index("key")
    for key in ("waste_t_per_yr.total", "waste_t_per_yr.park_total", "waste_cost_vnd_per_yr.total"):
        assert pd.isna(summary.loc[key, "value"]), key
        assert str(summary.loc[key, "note"]).startswith("unknown: no tenant"), key
    page = (demo_maps / "amata-halong.html").read_text(encoding="utf-8")
    assert "unknown: no tenant or workforce data" in page

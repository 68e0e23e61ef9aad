"""The regional facility register with its hazardous-waste handlers: schema, placement, permits."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd

from eipgeo import parks, pathways

ROOT = Path(__file__).resolve().parents[1]
REGISTER = ROOT / "eipgeo" / "data" / "regional_facilities.csv"


def _register() -> pd.DataFrame:
    return pd.read_csv(REGISTER, dtype=str, keep_default_na=False)


def test_register_schema_and_freshness() -> None:
    """Facility columns, then province_code, province_en, province_vi, register_note (no
    ``name_vi_left``/``_right`` clash); the file is what the tool builds now."""
    reg = _register()
    assert list(reg.columns[-4:]) == [
        "province_code",
        "province_en",
        "province_vi",
        "register_note",
    ]
    assert {"id", "name", "name_vi", "accepts", "methods", "waste_codes", "lat", "lon"} <= set(
        reg.columns
    )
    assert not [c for c in reg.columns if c.endswith(("_left", "_right"))]
    spec = importlib.util.spec_from_file_location(
        "regfac", ROOT / "tools" / "regional_facilities.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    built = tool.build().astype(str)
    assert built.to_csv(index=False, lineterminator="\n") == REGISTER.read_text(encoding="utf-8")


def test_handlers_are_placed_by_admin_unit_or_not_routable() -> None:
    """Every handler sits at a commune or former-district centroid, or at the province
    centroid when its site is unknown (not routable); Thanh Cong III lies in Hai Phong
    (Kinh Mon, merged from Hai Duong), BIWASE in Ho Chi Minh City (merged from Binh Duong)."""
    reg = _register().set_index("id")
    handlers = pd.read_csv(ROOT / "eipgeo" / "data" / "hazardous_handlers.csv", dtype=str)
    for hid in handlers["id"]:
        quality = reg.loc[hid, "location_quality"]
        assert quality in {"commune_centroid", "district_centroid", "province_centroid"}, hid
        if quality == "province_centroid":
            assert quality not in parks.ROUTABLE_QUALITY
    assert reg.loc["thanh-cong-iii", "province_en"] == "Hai Phong"
    assert reg.loc["biwase-nam-binh-duong", "province_en"] == "Ho Chi Minh City"


def test_register_permits_match_streams_by_method_not_by_class() -> None:
    """Oily rags (18 02 01, incinerated) may go to BIWASE and Thanh Lap (incineration in
    their permitted methods), not to Thanh Cong III (co-processing only), ZOCV (EAF dust
    only), the medical incinerator, a collector, or a handler whose methods are not in the
    data (Vinacomin - Environment, Dong Phu), nor to CITENCO (status unknown)."""
    reg = _register().set_index("id", drop=False)
    method = pathways.TREATMENT_METHOD[
        pathways.hazardous_rule("packaging_contaminated", "18 02 01")[1]
    ]
    ok = {fid for fid, row in reg.iterrows() if parks.permit_basis(row, "18 02 01", method)}
    assert ok == {"biwase-nam-binh-duong", "thanh-lap"}
    sludge = pathways.TREATMENT_METHOD[pathways.hazardous_rule("sludge", "07 01 05")[1]]
    kilns = {fid for fid, row in reg.iterrows() if parks.permit_basis(row, "07 01 05", sludge)}
    assert kilns == {"thanh-cong-iii"}

"""Code slips of issue 19: 04 01 01 is oil fly ash (KS), not coal fly ash."""

from __future__ import annotations

from eipgeo import waste
from eipgeo.symbiosis.catalogue import links_for_material, read_links


def test_oil_fly_ash_is_its_own_code_and_never_coal_ash() -> None:
    """04 01 01 is 'Tro bay và bụi lò hơi có dầu' (oil fly ash and boiler dust), KS ('*') in
    TT 36/2015, EWC 10 01 04 (oil fly ash and boiler dust). It is not coal fly ash (OI-10,
    EWC 10 01 02), so no coal-ash or boiler-ash link (cement, road base, unburnt bricks:
    L02, L03, L04) may take it, and an oil fly-ash stream finds no link at all."""
    entry = waste.lookup("04 01 01")
    assert (entry.name_vi, entry.ewc_code) == ("Tro bay và bụi lò hơi có dầu", "10 01 04")
    assert (entry.waste_class, entry.planning_class) == ("controlled", "hazardous")
    links = read_links().set_index("link_id")
    for link in ("L02", "L03", "L04"):
        assert "04 01 01" not in links.supply_codes[link], link
    assert links_for_material(entry.stream, "04 01 01").empty
    assert set(links_for_material("coal_fly_ash", "OI-10").link_id) >= {"L02", "L03"}


def test_an_oil_and_gas_fired_plant_makes_oil_fly_ash_not_co_incineration_ash() -> None:
    """ISIC 35 (Hiep Phuoc Power: heavy fuel oil and gas) gets 04 01 01, never 04 02 01
    (ash from co-incineration of waste, which an HFO/gas plant does not do)."""
    codes = set(waste.profile_for("3510")[1].waste_code)
    assert "04 01 01" in codes and "04 02 01" not in codes

"""The one catalogue of the words eipgeo's pages show, in English and Vietnamese.

Every label, unit, legend entry, popup row, table header and message that a map, a
report, a Sankey, a comparison, a feasibility sheet or a monitoring page shows is a key
of :data:`CATALOGUE`, with its English and its Vietnamese. A page writes both and a
switch shows one (:func:`eipgeo.outputs._map_text.both`); ``tests/test_catalogue.py``
fails when an entry lacks its Vietnamese or when code asks for a key that is missing.
Waste-stream names come from the legal list instead
(``eipgeo/data/waste_catalogue.csv``: ``name_en``, ``name_vi``; :func:`stream_name`).

The Vietnamese wording is ours, except the waste names (Circular 02/2022/TT-BTNMT
App. III, restated in the waste catalogue).
"""

from __future__ import annotations

from eipgeo.waste import catalogue

CATALOGUE: dict[str, tuple[str, str]] = {
    "sources": ("Enterprises and waste sources", "Doanh nghiệp, nguồn thải"),
    "bubbles": ("Waste generation (area ~ t/yr)", "Lượng chất thải (diện tích ~ t/năm)"),
    "boundary": ("Park boundary (OSM)", "Ranh giới khu công nghiệp (OSM)"),
    "trunk": ("Trunk roads (OSM)", "Đường trục chính (OSM)"),
    "streets": ("Streets (OSM)", "Đường phố (OSM)"),
    "communes": ("Communes and wards", "Xã, phường"),
    "facilities": ("Depot and treatment facilities", "Bãi xe và cơ sở xử lý"),
    "flagged": ("Flagged sites", "Điểm cần kiểm tra"),
    "route": ("Route", "Tuyến"),
    "depot": ("depot", "bãi xe xuất phát"),
    "facility": ("treatment / receiver", "cơ sở xử lý / tiếp nhận"),
    "legend": ("Legend", "Chú giải"),
    "kpi": ("Key figures", "Số liệu chính"),
    "id": ("id", "mã"),
    "name": ("name", "tên"),
    "sector": ("sector", "ngành"),
    "type": ("type", "loại hình"),
    "location": ("location quality", "độ tin cậy vị trí"),
    "employees": ("employees", "lao động"),
    "routing": ("routing", "thu gom"),
    "kind": ("kind", "loại"),
    "accepts": ("accepts", "tiếp nhận"),
    "status": ("status", "trạng thái"),
    "source": ("source", "nguồn"),
    "distance": ("distance", "quãng đường"),
    "stops": ("stops", "số điểm dừng"),
    "load": ("load", "khối lượng chở"),
    "vehicle": ("vehicle", "xe"),
    "reason": ("reason", "lý do"),
    "waste": ("waste", "chất thải"),
    "estimated": ("estimated", "ước tính"),
    "measured": ("as given in the file (not checked)", "theo số liệu trong tệp (chưa kiểm tra)"),
    "excluded": (
        "excluded from routing: see summary.csv",
        "không đưa vào tuyến thu gom: xem summary.csv",
    ),
    "road_leg": ("route on road data", "tuyến theo dữ liệu đường"),
    "estimate_leg": (
        "estimated leg (great-circle × circuity)",
        "đoạn ước tính (đường chim bay × hệ số quanh co)",
    ),
    "hazardous": ("hazardous fleet", "đội xe chất thải nguy hại"),
    "points_mapped": ("points mapped", "điểm trên bản đồ"),
    "rows_not_mapped": ("rows not mapped", "dòng không vẽ được"),
    "total_t_yr": ("waste of the mapped sites, t/yr", "chất thải của các điểm trên bản đồ, t/năm"),
    "basis_label.measured": ("measured (measured_streams.csv)", "đo đạc (measured_streams.csv)"),
    "basis_label.declared": (
        "declared by the tenant (measured_streams.csv)",
        "doanh nghiệp kê khai (measured_streams.csv)",
    ),
    "basis_label.rest": (
        "other streams estimated from coefficients",
        "các dòng thải khác ước tính theo hệ số",
    ),
    "candidate": ("candidate to investigate", "cơ hội cần khảo sát"),
    "candidates": ("Symbiosis candidates to investigate", "Cơ hội cộng sinh cần khảo sát"),
    "offered": ("offered", "lượng cung cấp"),
    "evidence": ("evidence", "mức bằng chứng"),
    "why_not_in_plan": ("not in the plan because", "chưa đưa vào kế hoạch vì"),
    "evidence.documented_running": (
        "documented, running (published source)",
        "đã công bố, đang vận hành",
    ),
    "evidence.reported": ("reported link type", "loại liên kết đã được báo cáo"),
    "evidence.potential": (
        "potential (technical reference only)",
        "tiềm năng (chỉ tham khảo kỹ thuật)",
    ),
    "parks_unknown": ("parks with no data (total unknown)", "khu chưa có dữ liệu (chưa biết tổng)"),
    "park_total_t_yr": (
        "park total incl. unlisted tenants, t/yr (low-high)",
        "tổng toàn khu kể cả doanh nghiệp chưa liệt kê, t/năm (thấp-cao)",
    ),
    "routes": ("routes", "số tuyến"),
    "route_km": ("route length, km", "tổng chiều dài tuyến, km"),
    "fast_mode": (
        "{n:,} points drawn on one canvas layer (more than {limit:,}): no per-point "
        "outline, popups on click",
        "{n:,} điểm vẽ trên một lớp canvas (hơn {limit:,} điểm): bấm vào điểm để xem thông tin",
    ),
    "estimate_note": (
        "Tonnages are estimates; see summary.csv.",
        "Khối lượng là ước tính; xem summary.csv.",
    ),
    "language": ("Language", "Ngôn ngữ"),
    "parks": ("Parks", "Khu công nghiệp"),
    "sources_excluded": ("sources left out of routing", "nguồn không đưa vào tuyến"),
    "show_facilities": ("Show all facilities", "Xem mọi cơ sở xử lý"),
    "show_park": ("Back to the park", "Về khu công nghiệp"),
    "provinces": ("Provinces (34 units, from July 2025)", "Tỉnh, thành phố (34 đơn vị, từ 7/2025)"),
    "open_map": ("park map", "bản đồ khu"),
    "open_report": ("report", "báo cáo"),
    # units
    "unit.t_yr": ("t/yr", "t/năm"),
    "unit.m3_yr": ("m³/yr", "m³/năm"),
    "unit.mwh_yr": ("MWh/yr", "MWh/năm"),
    "unit.kg_day": ("kg/day", "kg/ngày"),
    "unit.kg_yr": ("kg/yr", "kg/năm"),
    "unit.vnd_yr": ("VND/yr", "đ/năm"),
    "unit.km": ("km", "km"),
    "unit.km_day": ("km/day", "km/ngày"),
    "unit.sites": ("sites", "cơ sở"),
    "unit.workers": ("workers", "lao động"),
    "unit.routes_day": ("routes/day", "tuyến/ngày"),
    "unit.co2e_kg_yr": ("kg CO2e/yr", "kg CO2e/năm"),
    "unit.vnd_t": ("VND/t", "đ/t"),
    # waste classes
    "class.hazardous": ("hazardous", "nguy hại"),
    "class.controlled": (
        "controlled (KS, handled as hazardous)",
        "cần kiểm soát (KS, xử lý như nguy hại)",
    ),
    "class.ordinary": ("ordinary industrial", "công nghiệp thông thường"),
    "class.domestic": ("domestic", "sinh hoạt"),
    "class.energy": ("energy", "năng lượng"),
    "class.water": ("water", "nước"),
    "class.unverified": ("class unverified", "chưa xác minh phân loại"),
    # route groups (the part of a route id before its number)
    "group.hazardous": ("hazardous waste", "chất thải nguy hại"),
    "group.non_hazardous": ("non-hazardous waste", "chất thải không nguy hại"),
    "group.ordinary": ("ordinary industrial waste", "chất thải công nghiệp thông thường"),
    "group.domestic": ("domestic waste", "chất thải sinh hoạt"),
    "group.recyclables": ("recyclables", "phế liệu tái chế"),
    "truck": ("truck", "xe"),
    # bases and statuses of figures
    "basis.estimated": ("estimated", "ước tính"),
    "basis.measured": ("measured", "đo đạc"),
    "basis.declared": ("declared", "kê khai"),
    "status.published": ("published", "đã công bố"),
    "status.derived": ("derived", "suy ra"),
    "status.unverified": ("unverified", "chưa xác minh"),
    "employees.reported": ("reported", "theo công bố"),
    "employees.estimated": ("park average (estimated)", "trung bình của khu (ước tính)"),
    # distance sources of a route leg or an exchange
    "dsource.estimate_circuity": (
        "estimate: great-circle × circuity",
        "ước tính: đường chim bay × hệ số quanh co",
    ),
    "dsource.trunk_road": ("trunk roads (OSM)", "đường trục chính (OSM)"),
    "dsource.street_lines": ("park streets (OSM)", "đường nội khu (OSM)"),
    "dsource.road_network": ("road network (OSM)", "mạng lưới đường (OSM)"),
    "dsource.osm_street": ("streets (OSM)", "đường phố (OSM)"),
    # where a site's position comes from (eipgeo.parks.LOCATION_QUALITY)
    "loc.surveyed": ("surveyed plot coordinates", "tọa độ lô đất đã khảo sát"),
    "loc.declared": ("declared point", "điểm được khai báo"),
    "loc.osm_point": ("OSM point", "điểm OSM"),
    "loc.osm_polygon": ("OSM polygon (representative point)", "vùng OSM (điểm đại diện)"),
    "loc.placed_in_polygon": (
        "placed inside the park (no plot coordinates)",
        "đặt trong ranh giới khu (chưa có tọa độ lô)",
    ),
    "loc.zone_reference_point": ("zone reference point", "điểm tham chiếu của phân khu"),
    "loc.commune_centroid": ("commune centre", "tâm xã/phường"),
    "loc.district_centroid": ("district centre", "tâm quận/huyện"),
    "loc.province_centroid": (
        "province centre (too coarse for routing)",
        "tâm tỉnh (quá thô để lập tuyến)",
    ),
    "loc.synthetic_in_polygon": (
        "synthetic firm (not real)",
        "doanh nghiệp giả lập (không có thật)",
    ),
    # popups and flags of the park map
    "estimated_from_coefficients": (
        "estimated from coefficients (eipgeo/data/coefficients.csv)",
        "ước tính theo hệ số (eipgeo/data/coefficients.csv)",
    ),
    "excluded_short": ("excluded: see summary.csv", "không đưa vào tuyến: xem summary.csv"),
    "measured_file": ("measured (from the file)", "đo đạc (theo tệp)"),
    "outside_boundary": ("outside the park boundary", "nằm ngoài ranh giới khu"),
    "not_routed": ("not routed (see summary.csv)", "không đưa vào tuyến (xem summary.csv)"),
    "leg": ("leg", "chặng"),
    "route_from_to": ("from → to", "từ → đến"),
    # the exchange layer
    "exchanges": ("Symbiosis exchanges", "Trao đổi cộng sinh"),
    "exchange": ("exchange", "trao đổi"),
    "supplier": ("supplier", "bên cung cấp"),
    "receiver": ("receiver", "bên tiếp nhận"),
    "material": ("material", "vật liệu"),
    "waste_class": ("waste class", "loại chất thải"),
    "link": ("link", "liên kết"),
    "quantity": ("quantity", "khối lượng"),
    "co2e_cutoff": ("CO2e (cut-off)", "CO2e (phương pháp cắt)"),
    "net_value": ("net value", "giá trị ròng"),
    "not_available": ("n/a", "không có"),
    "price_not_published": ("n/a (price not published)", "không có (chưa có giá công bố)"),
    "exchange_arrow": (
        "exchange, supplier → receiver (width ~ t/yr)",
        "trao đổi, bên cung cấp → bên tiếp nhận (độ rộng ~ t/năm)",
    ),
    "estimated_distance": ("dashed: distance estimated", "nét đứt: quãng đường ước tính"),
    # legend of routes
    "routes_legend": ("Collection routes", "Tuyến thu gom"),
    "exchanges_legend": ("Exchanges by waste class", "Trao đổi theo loại chất thải"),
    "data_sources": (
        "Data: © OpenStreetMap contributors (ODbL); eipgeo estimates",
        "Dữ liệu: © những người đóng góp OpenStreetMap (ODbL); ước tính của eipgeo",
    ),
    # report.html: headings and the key figures' names (key = first part of a summary key)
    "report.key_figures": ("Key figures", "Số liệu chính"),
    "report.shaded": ("Shaded rows are estimates.", "Các dòng tô màu là số ước tính."),
    "report.by_class_pathway": ("Waste by class and pathway", "Chất thải theo loại và hướng xử lý"),
    "report.sankey": ("Waste flows (Sankey)", "Dòng chất thải (Sankey)"),
    "report.routes": ("Routes", "Tuyến thu gom"),
    "report.symbiosis": ("Symbiosis exchanges", "Trao đổi cộng sinh"),
    "report.indicators": ("EIP indicators", "Chỉ số khu công nghiệp sinh thái"),
    "report.provenance": ("Provenance and licences", "Nguồn gốc dữ liệu và giấy phép"),
    "report.figure": ("figure", "chỉ tiêu"),
    "report.value": ("value", "giá trị"),
    "report.unit": ("unit", "đơn vị"),
    "report.note": ("note", "ghi chú"),
    "sum.sources": ("waste sources", "nguồn thải"),
    "sum.sources_routed": ("sources on routes", "nguồn được thu gom theo tuyến"),
    "sum.sources_excluded": ("sources left out of routing", "nguồn không đưa vào tuyến"),
    "sum.waste_t_per_yr": ("waste generated", "lượng chất thải phát sinh"),
    "sum.waste_share_pct": ("share of waste", "tỷ lệ chất thải"),
    "sum.waste_cost_vnd_per_yr": ("waste management cost", "chi phí quản lý chất thải"),
    "sum.waste_co2e_kg_per_yr": ("waste CO2e", "CO2e của chất thải"),
    "sum.waste_revenue_vnd_per_yr": ("revenue from waste", "doanh thu từ chất thải"),
    "sum.haul_km": ("haul distance", "quãng đường vận chuyển"),
    "sum.route_km": ("route length", "chiều dài tuyến"),
    "sum.routes": ("routes", "số tuyến"),
    "sum.price": ("price", "đơn giá"),
    "sum.workforce": ("workforce", "lực lượng lao động"),
    "sum.plausibility": ("plausibility check", "kiểm tra tính hợp lý"),
    "sum.facility": ("facility", "cơ sở xử lý"),
    "part.listed": ("listed tenants", "doanh nghiệp được liệt kê"),
    "part.rest_of_park": ("rest of park", "phần còn lại của khu"),
    "part.park_total": ("park total", "tổng toàn khu"),
    "part.park_total_low": ("park total, low", "tổng toàn khu, mức thấp"),
    "part.park_total_high": ("park total, high", "tổng toàn khu, mức cao"),
    "part.total": ("total", "tổng"),
    "part.low": ("low", "mức thấp"),
    "part.high": ("high", "mức cao"),
    "part.no_permitted_destination": (
        "no permitted destination",
        "chưa có nơi tiếp nhận được cấp phép",
    ),
    "part.hazardous_incl_controlled": (
        "hazardous incl. controlled",
        "nguy hại kể cả cần kiểm soát",
    ),
    "part.method": ("by method", "theo phương pháp"),
    # the scenario comparison's map
    "compare.routes_of": ("routes of scenario", "tuyến của kịch bản"),
    "compare.added_facility": (
        "circle: a facility the scenario adds",
        "vòng tròn: cơ sở xử lý do kịch bản bổ sung",
    ),
    "compare.less": (
        "less waste than the first scenario (area ~ change)",
        "ít chất thải hơn kịch bản đầu (diện tích ~ mức thay đổi)",
    ),
    "compare.more": ("more waste than the first scenario", "nhiều chất thải hơn kịch bản đầu"),
    # the Sankey page
    "sankey_title": (
        "waste flows (t/yr), generator → sector → class → pathway",
        "dòng chất thải (t/năm), nguồn thải → ngành → loại → hướng xử lý",
    ),
    "sankey_no_flows": (
        "No waste flows: the park's data lists no enterprise (see summary.csv).",
        "Không có dòng chất thải: dữ liệu của khu chưa có doanh nghiệp nào (xem summary.csv).",
    ),
    "all_sites": ("all sites", "mọi cơ sở"),
    "sankey.sector": ("sector", "ngành"),
    "sankey.rest_of_park": (
        "rest of park: unlisted tenants (sectors unknown)",
        "phần còn lại của khu: doanh nghiệp chưa liệt kê (chưa rõ ngành)",
    ),
    "sankey.class": ("class", "loại"),
    "sankey.pathway": ("pathway", "hướng xử lý"),
    "sankey.basis_estimated": ("estimated", "ước tính"),
    "sankey.basis_mixed": (
        "measured or declared where stated, else estimated",
        "đo đạc hoặc doanh nghiệp kê khai nếu có, còn lại ước tính",
    ),
    "pathway.recycling": ("recycling", "tái chế"),
    "pathway.co_processing": ("co-processing", "đồng xử lý"),
    "pathway.incineration": ("incineration", "thiêu đốt"),
    "pathway.landfill": ("landfill", "chôn lấp"),
    "pathway.composting": ("composting", "ủ phân"),
    "pathway.energy_recovery": ("energy recovery", "thu hồi năng lượng"),
    "pathway.reuse": ("reuse", "tái sử dụng"),
    "pathway.prevention": ("prevention", "giảm thiểu tại nguồn"),
    "pathway.treatment": ("treatment", "xử lý"),
    "pathway.physico_chemical": ("physico-chemical treatment", "xử lý hóa lý"),
    "pathway.unassigned": (
        "unassigned (no permitted destination)",
        "chưa có nơi tiếp nhận được cấp phép",
    ),
}
"""Key -> (English, Vietnamese)."""


def pair(key: str, fallback: str | None = None) -> tuple[str, str]:
    """Return the (English, Vietnamese) of ``key``.

    Parameters
    ----------
    key
        A key of :data:`CATALOGUE`.
    fallback
        Shown in both languages when ``key`` is not in the catalogue (a data value with
        no translation, e.g. a route group a user named); None: ``key`` itself.

    Returns
    -------
    tuple of str
        ``(english, vietnamese)``.
    """
    if key in CATALOGUE:
        return CATALOGUE[key]
    shown = key if fallback is None else fallback
    return shown, shown


def stream_name(stream: str) -> tuple[str, str]:
    """Return the (English, Vietnamese) name of a waste stream from the legal list.

    Parameters
    ----------
    stream
        A ``stream`` key of ``eipgeo/data/waste_catalogue.csv`` (e.g. ``plating_sludge``).

    Returns
    -------
    tuple of str
        ``name_en`` and ``name_vi`` of the stream's first catalogue entry; the key with
        ``_`` as spaces, in both languages, when the catalogue has no such stream.
    """
    names = _stream_names()
    return names.get(stream, (stream.replace("_", " "),) * 2)


_STREAMS: dict[str, tuple[str, str]] = {}


def _stream_names() -> dict[str, tuple[str, str]]:
    if not _STREAMS:
        table = catalogue()
        for stream, en, vi in zip(table["stream"], table["name_en"], table["name_vi"], strict=True):
            if stream and stream not in _STREAMS:
                _STREAMS[str(stream)] = (str(en or stream), str(vi or en or stream))
    return _STREAMS


def number(value: float, decimals: int = 0) -> tuple[str, str]:
    """Return ``value`` formatted for English (``1,329.5``) and Vietnamese (``1.329,5``).

    Parameters
    ----------
    value
        The number.
    decimals
        Digits after the decimal mark.

    Returns
    -------
    tuple of str
        ``(english, vietnamese)``: vi-VN groups thousands with ``.`` and marks decimals
        with ``,``.
    """
    en = f"{value:,.{decimals}f}"
    vi = en.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return en, vi

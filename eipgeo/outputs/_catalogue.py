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

import re

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
    # eipgeo serve (the layout-review app, eipgeo/serve/page.py): its labels, key serve.*
    "serve.title": ("Layout review", "Rà soát bố trí"),
    "serve.figure": ("Figure", "Chỉ số"),
    "serve.baseline": ("Baseline", "Hiện trạng"),
    "serve.current": ("Layout", "Bố trí"),
    "serve.delta": ("Change", "Thay đổi"),
    "serve.waste_t_per_yr.ordinary": ("Ordinary waste", "CTR công nghiệp thông thường"),
    "serve.waste_t_per_yr.controlled": ("Controlled waste (KS)", "Chất thải cần kiểm soát"),
    "serve.waste_t_per_yr.hazardous": ("Hazardous waste", "Chất thải nguy hại"),
    "serve.waste_t_per_yr.domestic": ("Domestic waste", "Chất thải sinh hoạt"),
    "serve.waste_t_per_yr.total": ("Waste, total", "Tổng chất thải"),
    "serve.route_km.total": ("Route distance", "Quãng đường thu gom"),
    "serve.route_co2e_kg": ("Route CO2e", "CO2e vận chuyển"),
    "serve.onward_haul_co2e_kg": (
        "Onward haul CO2e (store to treatment)",
        "CO2e vận chuyển tiếp (từ kho đến nơi xử lý)",
    ),
    "serve.trucks": ("Trucks", "Số xe"),
    "serve.exchanges": ("Exchanges", "Trao đổi cộng sinh"),
    "serve.exchange_t_per_yr": ("Exchanged", "Khối lượng trao đổi"),
    "serve.warnings": ("Warnings", "Cảnh báo"),
    "serve.layout_warnings": ("Layout warnings", "Cảnh báo bố trí"),
    "serve.other_warnings": ("Other warnings", "Cảnh báo khác"),
    "serve.none": ("none", "không có"),
    "serve.add_tenant": ("Add a tenant", "Thêm doanh nghiệp"),
    "serve.sector": ("Sector (ISIC Rev.4 class)", "Ngành (mã VSIC/ISIC 4 số)"),
    "serve.workers": ("Workers", "Số lao động"),
    "serve.name": ("Name (optional)", "Tên (không bắt buộc)"),
    "serve.point": ("Point (click the map)", "Vị trí (bấm vào bản đồ)"),
    "serve.add": ("Add", "Thêm"),
    "serve.remove": ("Remove selected tenant", "Xóa doanh nghiệp đã chọn"),
    "serve.reset": ("Back to baseline", "Về hiện trạng"),
    "serve.export": ("Export scenario (YAML)", "Xuất kịch bản (YAML)"),
    "serve.busy": ("Recomputing…", "Đang tính lại…"),
    "serve.ready": ("Ready", "Sẵn sàng"),
    "serve.drag_hint": (
        "Drag a tenant to move it; click one to select it.",
        "Kéo một doanh nghiệp để di chuyển; bấm để chọn.",
    ),
    "serve.changes": ("Changes", "Thay đổi"),
    "serve.selected": ("Selected", "Đã chọn"),
    "serve.add_place": ("Add a place", "Thêm địa điểm"),
    "serve.place_kind": ("Place", "Loại địa điểm"),
    "serve.kind.hazardous_store": ("hazardous-waste store", "kho lưu giữ chất thải nguy hại"),
    "serve.kind.hub": ("shared hub (transfer station)", "trạm trung chuyển dùng chung"),
    "serve.kind.collection_point": ("collection point", "điểm tập kết"),
    "serve.remove_place": ("Remove selected place", "Xóa địa điểm đã chọn"),
    "serve.place_hint": (
        "Drag a store, hub or collection point to move it; click one to select it.",
        "Kéo kho, trạm trung chuyển hoặc điểm tập kết để di chuyển; bấm để chọn.",
    ),
    "serve.rules": ("Setback rules", "Quy định khoảng cách an toàn"),
    "serve.rule": ("Rule", "Quy định"),
    "serve.new_rule": ("new rule", "quy định mới"),
    "serve.applies_to": ("Applies to", "Áp dụng cho"),
    "serve.role.hazardous_store": ("hazardous store", "kho chất thải nguy hại"),
    "serve.role.hazardous_treatment": (
        "hazardous treatment site",
        "cơ sở xử lý chất thải nguy hại",
    ),
    "serve.from": ("Measured from", "Tính từ"),
    "serve.from.boundary": ("park boundary", "ranh giới khu công nghiệp"),
    "serve.from.enterprise": ("nearest enterprise", "doanh nghiệp gần nhất"),
    "serve.from.residential": ("residential area (features file)", "khu dân cư (tệp dữ liệu)"),
    "serve.from.water": ("water body (features file)", "mặt nước (tệp dữ liệu)"),
    "serve.distance_m": ("Distance (m)", "Khoảng cách (m)"),
    "serve.rule_source": ("Source of the rule", "Nguồn của quy định"),
    "serve.features": ("Features file (residential/water)", "Tệp dữ liệu (khu dân cư/mặt nước)"),
    "serve.save_rule": ("Save rule", "Lưu quy định"),
    "serve.remove_rule": ("Remove rule", "Xóa quy định"),
    "serve.no_rules": ("no setback rule", "chưa có quy định khoảng cách"),
    "serve.frequency": ("Collection frequency", "Tần suất thu gom"),
    "serve.group": ("Class group", "Nhóm chất thải"),
    "serve.group.hazardous": ("hazardous and controlled", "nguy hại và cần kiểm soát"),
    "serve.group.non_hazardous": ("ordinary and domestic", "thông thường và sinh hoạt"),
    "serve.days_per_week": ("Days a week (1-7)", "Số ngày mỗi tuần (1-7)"),
    "serve.default_days": ("default", "mặc định"),
    "serve.set_frequency": ("Set frequency", "Đặt tần suất"),
    "serve.legend.tenant": ("tenant", "doanh nghiệp"),
    "serve.legend.moved": ("tenant moved", "doanh nghiệp đã di chuyển"),
    "serve.legend.new": ("tenant added", "doanh nghiệp thêm mới"),
    "serve.legend.park_facility": ("facility of the park's list", "cơ sở trong danh sách của khu"),
    "serve.legend.changed": ("changed on the map", "đã thay đổi trên bản đồ"),
    "serve.legend.breach": ("setback breached", "vi phạm khoảng cách an toàn"),
    "serve.status.not known": ("not known", "chưa biết"),
    "serve.status.threshold unknown": ("threshold unknown", "chưa rõ ngưỡng"),
    "serve.status.below threshold": ("below threshold", "dưới ngưỡng"),
    "serve.status.meets": ("meets", "đạt"),
    "serve.status.potential: threshold reached by the plan, not running (no monitoring record)": (
        "potential: threshold reached by the plan, not running (no monitoring record)",
        "tiềm năng: kế hoạch đạt ngưỡng, chưa vận hành (chưa có số liệu giám sát)",
    ),
    "serve.status.not applicable: not an industrial park": (
        "not applicable: not an industrial park",
        "không áp dụng: không phải khu công nghiệp",
    ),
    "serve.legend.removed": (
        "tenant removed (its baseline point)",
        "doanh nghiệp đã xóa (vị trí hiện trạng)",
    ),
    "serve.legend.moved_from": ("moved from its baseline point", "di chuyển từ vị trí hiện trạng"),
    "serve.legend.bubbles": (
        "tenant's waste (area ~ t/yr)",
        "chất thải của doanh nghiệp (diện tích ~ t/năm)",
    ),
    "serve.legend.estimate": ("estimated distance (dashed)", "quãng đường ước tính (nét đứt)"),
    "serve.candidates": ("Symbiosis candidates", "Cơ hội cộng sinh"),
    "serve.unit.candidates": ("to investigate", "cần khảo sát"),
    "serve.indicator.reused_recycled_pct": (
        "Share of waste reused or recycled",
        "Tỷ lệ chất thải được tái sử dụng hoặc tái chế",
    ),
    "serve.indicator.landfilled_pct": ("Share of waste landfilled", "Tỷ lệ chất thải chôn lấp"),
    "serve.indicator.hazardous_licensed_pct": (
        "Hazardous waste handled by licensed facilities",
        "Chất thải nguy hại do cơ sở được cấp phép xử lý",
    ),
    "serve.indicator.symbiosis_links": (
        "Number of industrial-symbiosis links",
        "Số liên kết cộng sinh công nghiệp",
    ),
    "serve.indicator.firms_in_symbiosis_pct": (
        "Firms in symbiosis",
        "Doanh nghiệp tham gia cộng sinh",
    ),
    "serve.indicator.firms_recp_pct": (
        "Firms applying RECP",
        "Doanh nghiệp áp dụng sản xuất sạch hơn (RECP)",
    ),
    "serve.indicators": ("EIP indicators", "Chỉ số khu công nghiệp sinh thái"),
    "serve.status": ("Status", "Tình trạng"),
    "serve.exchange_plan": ("Exchange plan", "Kế hoạch trao đổi cộng sinh"),
    "serve.candidate_list": ("Candidates to investigate", "Cơ hội cần khảo sát"),
    "serve.supplier": ("Supplier", "Bên cung cấp"),
    "serve.receiver": ("Receiver", "Bên tiếp nhận"),
    "serve.material": ("Material", "Vật liệu"),
    "serve.change.new": ("new", "mới"),
    "serve.change.gone": ("gone", "không còn"),
    "serve.legend.exchange": ("exchange in the plan", "trao đổi trong kế hoạch"),
    "serve.legend.candidate": ("candidate exchange", "trao đổi tiềm năng"),
    "serve.unit.t/yr": ("t/yr", "t/năm"),
    "serve.unit.km/day": ("km/day", "km/ngày"),
    "serve.unit.kg CO2e/day": ("kg CO2e/day", "kg CO2e/ngày"),
    "serve.unit.routes/day": ("routes/day", "tuyến/ngày"),
    "serve.unit.exchanges": ("exchanges", "lượt trao đổi"),
    "serve.unit.warnings": ("warnings", "cảnh báo"),
    "serve.changes.moved": ("moved", "đã di chuyển"),
    "serve.changes.added": ("added", "thêm mới"),
    "serve.changes.removed": ("removed", "đã xóa"),
    "serve.changes.places": ("places added or moved", "địa điểm thêm hoặc di chuyển"),
    "serve.legend.plot": ("plot (plot coverage)", "lô đất (phạm vi phục vụ)"),
    "serve.legend.uncovered": ("plot not covered", "lô đất chưa được phục vụ"),
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
    "route_hours": ("leaves depot – back", "rời bãi xe – về bãi xe"),
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
    "report.none": ("(none)", "(không có)"),
    "report.more_rows": ("{n:,} more rows in the CSV.", "Còn {n:,} dòng nữa trong tệp CSV."),
    "report.links": ("Files", "Tệp"),
    "report.scenario": ("scenario", "kịch bản"),
    "report.generation": (
        "Waste generated: listed tenants and rest of park",
        "Chất thải phát sinh: doanh nghiệp được liệt kê và phần còn lại của khu",
    ),
    "report.generation_intro": (
        "Low and high are the spread of each row's sources, summed over rows (full "
        "correlation: the rows share one per-worker calibration, so their errors move "
        "together). Routes, trucks and route km cover the listed tenants' park-round "
        "streams only; the rest of the park and bulk process streams are counted here, "
        "priced and in CO2e, but not routed.",
        "Mức thấp và mức cao là khoảng dao động theo nguồn số liệu của từng dòng, cộng dồn "
        "qua các dòng (tương quan hoàn toàn: các dòng dùng chung một hệ số hiệu chỉnh theo "
        "lao động nên sai số biến động cùng chiều). Tuyến thu gom, số xe và số km tuyến chỉ "
        "tính các dòng thải thu gom thường xuyên trong khu của doanh nghiệp được liệt kê; "
        "phần còn lại của khu và các dòng thải sản xuất khối lượng lớn được tính ở đây, có "
        "chi phí và CO2e, nhưng không lập tuyến.",
    ),
    "report.coverage": ("Coverage", "Mức bao phủ dữ liệu"),
    "report.plausibility": (
        "Plausibility against published figures",
        "Kiểm tra tính hợp lý so với số liệu đã công bố",
    ),
    "report.plausibility_intro": (
        "Each figure of the park against published Vietnamese calibration figures "
        "(source and year in the 'published' column; eipgeo/data/generation_rates.csv, "
        "use = check).",
        "Từng chỉ tiêu của khu được so với số liệu hiệu chỉnh đã công bố tại Việt Nam "
        "(nguồn và năm ở cột 'số liệu công bố'; eipgeo/data/generation_rates.csv, "
        "use = check).",
    ),
    "report.plan_note": (
        "The plan holds exchanges with a documented or technical basis, a legal basis, a "
        "receiver whose process takes the material, and a known or declared receiver "
        "demand; avoided CO2e is the stream's baseline pathway in the inventory minus the "
        "exchange's own CO2e. Everything else is a candidate to investigate, with the "
        "reason it is not in the plan. Plan exchanges are potential until monitoring "
        "records show them running.",
        "Kế hoạch gồm các trao đổi có cơ sở đã công bố hoặc cơ sở kỹ thuật, có căn cứ pháp "
        "lý, có bên tiếp nhận với quy trình sử dụng được vật liệu và nhu cầu tiếp nhận đã "
        "biết hoặc đã kê khai; CO2e tránh được là CO2e của hướng xử lý hiện trạng của dòng "
        "thải trong bảng kiểm kê trừ CO2e của chính trao đổi. Các trường hợp khác là cơ hội "
        "cần khảo sát, kèm lý do chưa đưa vào kế hoạch. Trao đổi trong kế hoạch chỉ là tiềm "
        "năng cho đến khi số liệu quan trắc, giám sát cho thấy chúng đang vận hành.",
    ),
    "report.candidates": ("Candidates to investigate ({n})", "Cơ hội cần khảo sát ({n})"),
    "report.not_symbiosis": (
        "{n} pair(s) are not symbiosis (paid treatment contracts with licensed handlers, "
        "mixed waste): they belong to the waste-management plan (symbiosis.csv, "
        "plan_status not_symbiosis).",
        "{n} cặp không phải cộng sinh công nghiệp (hợp đồng thuê đơn vị được cấp phép xử "
        "lý, chất thải lẫn): thuộc kế hoạch quản lý chất thải (symbiosis.csv, plan_status "
        "not_symbiosis).",
    ),
    "report.objective": ("Symbiosis objective", "Mục tiêu tối ưu cộng sinh"),
    "report.objective.t": ("t/yr exchanged", "khối lượng trao đổi, t/năm"),
    "report.objective.vnd": ("net value, VND/yr", "giá trị ròng, đ/năm"),
    "report.objective.co2e": (
        "CO2e saved, kg/yr (cut-off method)",
        "CO2e giảm được, kg/năm (phương pháp cắt)",
    ),
    "report.chosen_by": ("chosen by", "chọn theo"),
    "report.layout": ("Layout review", "Rà soát bố trí mặt bằng"),
    "report.setbacks": ("Setbacks", "Khoảng cách an toàn"),
    "report.no_setbacks": (
        "No setback rule in the scenario (key setbacks).",
        "Kịch bản không có quy định khoảng cách an toàn (khóa setbacks).",
    ),
    "report.setback_text": (
        "{n} check(s) of hazardous stores and treatment sites, {bad} breach(es) "
        "(highlighted). Distances are straight lines in the park's projected CRS.",
        "{n} lượt kiểm tra kho chất thải nguy hại và cơ sở xử lý, {bad} trường hợp vi phạm "
        "(tô đậm). Khoảng cách là đường thẳng trong hệ tọa độ phẳng của khu.",
    ),
    "report.plot_coverage": ("Plot coverage", "Mức phủ các lô đất"),
    "report.no_plot_coverage": (
        "No plot coverage in the scenario (key plot_coverage).",
        "Kịch bản không có yêu cầu phủ lô đất (khóa plot_coverage).",
    ),
    "report.coverage_text": (
        "{covered} of {n} plots have a collection point within {radius}{measure}, a "
        "straight line; {missed} uncovered.",
        "{covered}/{n} lô đất có điểm thu gom trong bán kính {radius}{measure} (đường "
        "thẳng); {missed} lô chưa được phủ.",
    ),
    "report.uncovered": ("Uncovered plots:", "Các lô chưa được phủ:"),
    "report.frequency": ("Collection frequency", "Tần suất thu gom"),
    "report.frequency_default": (
        "No collection frequency set by the scenario: every group uses the default below.",
        "Kịch bản không đặt tần suất thu gom: mọi nhóm dùng giá trị mặc định dưới đây.",
    ),
    "report.frequency_set": (
        "Collection days a week per group, as the scenario sets them.",
        "Số ngày thu gom mỗi tuần của từng nhóm, theo kịch bản.",
    ),
    "report.siting": ("Shared-facility siting", "Chọn vị trí cơ sở dùng chung"),
    "report.opened": ("Opened", "Mở"),
    "report.objective_value": ("objective", "giá trị hàm mục tiêu"),
    "report.licences": ("Licences", "Giấy phép"),
    "report.which_estimates": ("Which figures are estimates", "Số liệu nào là ước tính"),
    "report.sources": ("Sources", "Nguồn"),
    "report.licence.osm": (
        "Boundaries, roads and points of interest: © OpenStreetMap contributors, ODbL 1.0 "
        "(https://www.openstreetmap.org/copyright).",
        "Ranh giới, đường và điểm quan tâm: © những người đóng góp OpenStreetMap, ODbL 1.0 "
        "(https://www.openstreetmap.org/copyright).",
    ),
    "report.licence.admin": (
        "Administrative units: the external data folder's admin/ files, as cited in park.json.",
        "Đơn vị hành chính: các tệp trong thư mục admin/ của thư mục dữ liệu ngoài, như "
        "trích dẫn trong park.json.",
    ),
    "report.licence.facts": (
        "Park, tenant and facility facts: for a bundled park, compiled by eipgeo from the "
        "public pages named in each row's source_url (data/parks/<slug>/); for a park of "
        "your own, your files as park.json's sources name them; regional facilities: "
        "eipgeo/data/regional_facilities.csv, each row with its own source.",
        "Thông tin về khu, doanh nghiệp và cơ sở xử lý: với khu có sẵn trong eipgeo, do "
        "eipgeo tổng hợp từ các trang công khai ghi ở cột source_url của từng dòng "
        "(data/parks/<slug>/); với khu của người dùng, là các tệp do park.json ghi nguồn; "
        "cơ sở xử lý trong vùng: eipgeo/data/regional_facilities.csv, mỗi dòng có nguồn "
        "riêng.",
    ),
    "report.licence.coefficients": (
        "Coefficients and factors: eipgeo/data/coefficients.csv, each with its publication.",
        "Hệ số và hệ số phát thải: eipgeo/data/coefficients.csv, mỗi hệ số kèm tài liệu công bố.",
    ),
    "report.streams_by_basis": (
        "Waste streams by basis: {counts} (estimated rows are shaded in the summary notes "
        "and flagged in waste_inventory.csv).",
        "Dòng chất thải theo cơ sở số liệu: {counts} (các dòng ước tính được tô màu trong "
        "ghi chú của bảng số liệu chính và đánh dấu trong waste_inventory.csv).",
    ),
    "report.sites_by_quality": (
        "Site locations by quality: {counts} (see eipgeo.parks.LOCATION_QUALITY).",
        "Vị trí cơ sở theo độ tin cậy: {counts} (xem eipgeo.parks.LOCATION_QUALITY).",
    ),
    "report.circuity_note": (
        "Distances labelled estimate_circuity are great-circle × circuity factor, not "
        "road distances.",
        "Quãng đường ghi estimate_circuity là đường chim bay × hệ số quanh co, không phải "
        "quãng đường theo đường bộ.",
    ),
    "report.chart_label": ("waste by pathway", "chất thải theo hướng xử lý"),
    "report.aggregate": ("aggregate view", "bản tổng hợp"),
    "report.aggregate_note": (
        "Group totals only: a group with fewer than k firms, or where one firm holds more "
        "than the dominance share, is suppressed, and so is a second group when one alone "
        "would be recoverable from the total.",
        "Chỉ có tổng theo nhóm: nhóm có ít hơn k doanh nghiệp, hoặc có một doanh nghiệp "
        "chiếm quá tỷ lệ chi phối, bị ẩn; một nhóm thứ hai cũng bị ẩn khi có thể suy ra "
        "nhóm đã ẩn từ tổng.",
    ),
    "unit.vnd": ("VND", "đồng"),
    "unit.s": ("s", "giây"),
    # report tables: column names (unit suffix removed; eipgeo.outputs.report._header)
    "col.basis": ("basis", "cơ sở số liệu"),
    "col.break": ("break", "nghỉ"),
    "col.break_start": ("break start", "bắt đầu nghỉ"),
    "col.chosen": ("chosen", "khối lượng chọn"),
    "col.classes": ("classes", "loại chất thải"),
    "col.co2e": ("CO2e", "lượng CO2e"),
    "col.co2e_cutoff": ("CO2e (cut-off)", "CO2e (phương pháp cắt)"),
    "col.comparison": ("comparison", "so sánh"),
    "col.cost": ("cost", "chi phí"),
    "col.days_per_week": ("days per week", "số ngày mỗi tuần"),
    "col.distance": ("distance", "quãng đường"),
    "col.duration": ("duration", "thời gian"),
    "col.end": ("end", "kết thúc"),
    "col.evidence_level": ("evidence level", "mức bằng chứng"),
    "col.evidence_source": ("evidence source", "nguồn bằng chứng"),
    "col.framework": ("framework", "khung tiêu chí"),
    "col.fuel_l": ("fuel (L)", "nhiên liệu (lít)"),
    "col.ghg_method": ("GHG method", "phương pháp tính khí nhà kính"),
    "col.group": ("group", "nhóm"),
    "col.handled_as": ("handled as", "xử lý như"),
    "col.hours": ("hours", "số giờ"),
    "col.indicator": ("indicator", "chỉ số"),
    "col.km_empty": ("km empty", "km chạy rỗng"),
    "col.km_laden": ("km laden", "km chở hàng"),
    "col.label": ("label", "nhãn"),
    "col.load": ("load", "khối lượng chở"),
    "col.locator": ("locator", "định vị"),
    "col.material": ("material", "vật liệu"),
    "col.methods": ("methods", "phương pháp"),
    "col.metric": ("metric", "chỉ tiêu"),
    "col.net": ("net value", "giá trị ròng"),
    "col.park_value": ("park value", "giá trị của khu"),
    "col.part": ("part", "phần"),
    "col.pathway": ("pathway", "hướng xử lý"),
    "col.published": ("published", "số liệu công bố"),
    "col.receiver_name": ("receiver", "bên tiếp nhận"),
    "col.route_id": ("route", "tuyến"),
    "col.share": ("share", "tỷ lệ"),
    "col.source_url": ("source (URL)", "nguồn (URL)"),
    "col.start": ("start", "bắt đầu"),
    "col.status": ("status", "trạng thái"),
    "col.stops": ("stops", "số điểm dừng"),
    "col.stream": ("waste stream", "dòng thải"),
    "col.supplier_name": ("supplier", "bên cung cấp"),
    "col.supply": ("supply", "lượng cung cấp"),
    "col.t_km": ("t·km", "t·km (tấn·km)"),
    "col.threshold": ("threshold", "ngưỡng"),
    "col.trips": ("trips", "số chuyến"),
    "col.vehicle_class": ("vehicle class", "loại xe"),
    "col.vehicle_type": ("vehicle type", "kiểu xe"),
    "col.verdict": ("verdict", "kết luận"),
    "col.waste": ("waste", "chất thải"),
    "col.waste_class": ("waste class", "loại chất thải"),
    "col.why_not_in_plan": ("why not in the plan", "lý do chưa đưa vào kế hoạch"),
    "col.value": ("value", "giá trị"),
    "col.unit": ("unit", "đơn vị"),
    "col.note": ("note", "ghi chú"),
    "col.source": ("source", "nguồn"),
    "col.day": ("day", "ngày"),
    "col.pickup": ("pickup", "điểm lấy"),
    "col.site_id": ("site", "cơ sở"),
    "col.name": ("name", "tên"),
    "col.id": ("id", "mã"),
    "col.ok": ("meets the rule", "đạt yêu cầu"),
    "col.covered": ("covered", "được phủ"),
    "col.facility_id": ("facility", "cơ sở xử lý"),
    "col.hub_id": ("hub", "điểm trung chuyển"),
    "col.scenario": ("scenario", "kịch bản"),
    "col.key": ("key", "khóa"),
    "col.class": ("class", "loại"),
    "col.sector": ("sector", "ngành"),
    "col.area": ("area", "diện tích"),
    "col.year": ("year", "năm"),
    "col.target": ("target", "mục tiêu"),
    "col.baseline": ("baseline", "hiện trạng"),
    "col.delta": ("change", "thay đổi"),
    # phrases of summary.csv's notes, replaced inside a note for its Vietnamese
    # (eipgeo.outputs.report._note); longer phrases are replaced first
    "note.routes_coverage": (
        "listed tenants' park-round streams only (routes.coverage)",
        "chỉ các dòng thải thu gom thường xuyên trong khu của doanh nghiệp được liệt kê "
        "(routes.coverage)",
    ),
    "note.park_round_only": (
        "listed tenants' park-round streams only",
        "chỉ các dòng thải thu gom thường xuyên trong khu của doanh nghiệp được liệt kê",
    ),
    "note.park_total_parts": (
        "park total (listed + rest of park)",
        "tổng toàn khu (doanh nghiệp được liệt kê + phần còn lại của khu)",
    ),
    "note.listed_public": (
        "listed tenants (public sources name them)",
        "doanh nghiệp được liệt kê (có tên trong nguồn công khai)",
    ),
    "note.of_park_total": ("of the park total", "của tổng toàn khu"),
    "note.see_inventory": ("see waste_inventory.csv", "xem tệp waste_inventory.csv"),
    "note.handled_as_hazardous": (
        "handled as hazardous (KS: hazardous unless tested below the threshold)",
        "xử lý như chất thải nguy hại (KS: là nguy hại trừ khi phân tích cho kết quả dưới ngưỡng)",
    ),
    "note.not_ci": ("not a confidence interval", "không phải khoảng tin cậy"),
    "note.envelope": (
        "envelope: lowest/highest product of t/yr (low, high) and price or factor (low, "
        "high), all low ends together",
        "khoảng bao: tích nhỏ nhất/lớn nhất của t/năm (thấp, cao) với đơn giá hoặc hệ số "
        "(thấp, cao), các mức thấp tính cùng nhau",
    ),
    "note.cost_unknown": ("whose cost is unknown", "chưa biết chi phí"),
    "note.bulk_streams": (
        "of process streams shipped in bulk by their generators (e.g. phosphogypsum)",
        "dòng thải sản xuất do chủ nguồn thải tự vận chuyển khối lượng lớn (ví dụ thạch "
        "cao phospho)",
    ),
    "note.inside_range": ("inside the published range", "nằm trong khoảng đã công bố"),
    "note.above_range": (
        "x the top of the published range (above)",
        "x mức trên của khoảng đã công bố (cao hơn)",
    ),
    "note.below_range": (
        "x the bottom of the published range (below)",
        "x mức dưới của khoảng đã công bố (thấp hơn)",
    ),
    "note.great_circle": (
        "estimated (great-circle x circuity)",
        "ước tính (đường chim bay x hệ số quanh co)",
    ),
    "note.share_park_t": ("share of the park's t/yr", "tỷ lệ trong tổng t/năm của khu"),
    "note.non_domestic": (
        "of the non-domestic t/yr",
        "của tổng t/năm không kể chất thải sinh hoạt",
    ),
    "note.share_workers": (
        "listed tenants' share of the park's published workers",
        "tỷ lệ lao động của doanh nghiệp được liệt kê trên số lao động đã công bố của khu",
    ),
    "note.share_ha": (
        "listed tenants' share of the park's published ha",
        "tỷ lệ diện tích (ha) của doanh nghiệp được liệt kê trên diện tích đã công bố của khu",
    ),
    "note.on_board": ("waste on board", "chất thải trên xe"),
    "note.garage": (
        "garage to first stop, back from unloads",
        "từ bãi xe đến điểm dừng đầu tiên và quay về sau khi dỡ tải",
    ),
    "note.no_fleet_cost": ("no cost in the fleet data", "dữ liệu đội xe không có chi phí"),
    "note.trunk_graph": ("trunk-road graph", "mạng đường trục chính"),
    "note.pct_park_t": ("% of park t/yr", "% tổng t/năm của khu"),
    "note.no_workforce": ("no published workforce", "chưa có số lao động được công bố"),
    "note.workforce": ("published workforce", "số lao động được công bố"),
    "note.occupied_land": ("occupied or leased land", "đất đã sử dụng hoặc cho thuê"),
    "note.labels_used": ("labels used", "nhãn sử dụng"),
    "note.cutoff": (
        "(cut-off: transport to the recycler or kiln)",
        "(phương pháp cắt: tính đến khi vận chuyển tới cơ sở tái chế hoặc lò nung)",
    ),
    "note.rest_no_sites": (
        "the rest of the park (no sites)",
        "phần còn lại của khu (không có vị trí)",
    ),
    "note.routes_cover": (
        "routes, trucks, route km, fuel and route CO2e cover",
        "tuyến, xe, km tuyến, nhiên liệu và CO2e của tuyến tính",
    ),
    "note.not_routed": ("not routed:", "không lập tuyến:"),
    "note.bulk_themselves": (
        "and process streams generators ship in bulk themselves",
        "và các dòng thải sản xuất do chủ nguồn thải tự vận chuyển khối lượng lớn",
    ),
    "note.road_network": ("road network", "mạng lưới đường"),
    "note.sum_rows": (
        "range: sum of the rows' lows and highs (full correlation, eipgeo.generation.total_range)",
        "khoảng: tổng các mức thấp và mức cao của các dòng (tương quan hoàn toàn, "
        "eipgeo.generation.total_range)",
    ),
    "note.workers_rate": (
        "workers x the per-worker rate of the tenant's ISIC division",
        "số lao động x hệ số phát sinh theo lao động của ngành cấp 2 ISIC của doanh nghiệp",
    ),
    "note.production_rate": (
        "production-based intensity x the tenant's capacity or output",
        "hệ số phát sinh theo sản lượng x công suất hoặc sản lượng của doanh nghiệp",
    ),
    "note.reported_rest": (
        "reported, the rest filled by park averages",
        "theo công bố, phần còn lại lấy theo trung bình của khu",
    ),
    "note.demand_unknown": (
        "demand unknown: the receiver's intake is not published; ask the receiver",
        "chưa biết nhu cầu: lượng tiếp nhận của bên tiếp nhận chưa được công bố; cần hỏi "
        "bên tiếp nhận",
    ),
    "note.capability_unverified": ("capability unverified", "chưa xác minh năng lực tiếp nhận"),
    "note.below_threshold": ("below threshold", "dưới ngưỡng"),
    "note.range": ("range", "khoảng"),
    "note.published": ("published", "công bố"),
    "note.t_ha_yr": ("t/ha/yr", "t/ha/năm"),
    "note.t_worker_yr": ("t/worker/yr", "t/lao động/năm"),
    "note.rows": (" rows", " dòng"),
    "note.method": ("method:", "phương pháp:"),
    "note.without": ("without", "không kể"),
    "note.included_total": ("included in the total", "đã tính trong tổng"),
    # feasibility.html (eipgeo feasibility)
    "feas.map": ("Map extract", "Trích đoạn bản đồ"),
    "feas.flows": ("Flows and route", "Dòng vật chất và tuyến vận chuyển"),
    "feas.assumptions": ("Assumptions", "Giả định"),
    "feas.cash_flows": ("Cash flows", "Dòng tiền"),
    "feas.cash_note": (
        "Per year; M VND = million VND (whole VND in cash_flows.csv); net is the year's net "
        "cash flow; transport_change negative = extra cost; co2e_change_kg negative = "
        "reduction.",
        "Theo năm; M VND = triệu đồng (số đồng đầy đủ trong cash_flows.csv); net là dòng "
        "tiền ròng của năm; transport_change âm = chi phí tăng thêm; co2e_change_kg âm = "
        "giảm phát thải.",
    ),
    "feas.appraisal": (
        "Appraisal (NPV, IRR, payback)",
        "Thẩm định tài chính (NPV, IRR, thời gian hoàn vốn)",
    ),
    "feas.benefit_split": ("Benefit split", "Phân chia lợi ích"),
    "feas.sensitivity": ("Sensitivity", "Phân tích độ nhạy"),
    "feas.break_even": ("Break-even values", "Giá trị hòa vốn"),
    "feas.charts": ("Charts", "Biểu đồ"),
    "feas.risks": ("Risks", "Rủi ro"),
    "feas.none_listed": ("(none listed)", "(không có)"),
    "feas.no_map": (
        "No map extract: this case has no located feature (no supplier, receiver, site, "
        "facility or route with coordinates).",
        "Không có trích đoạn bản đồ: trường hợp này không có đối tượng nào có tọa độ (bên "
        "cung cấp, bên tiếp nhận, cơ sở, cơ sở xử lý hay tuyến vận chuyển).",
    ),
    "feas.map_note": (
        "Points by role (supplier, receiver, site, facility); lines are the routes. No "
        "background tiles: the sheet works offline.",
        "Điểm theo vai trò (bên cung cấp, bên tiếp nhận, cơ sở, cơ sở xử lý); đường là "
        "tuyến vận chuyển. Không có nền bản đồ: trang dùng được khi không có mạng.",
    ),
    "feas.role.supplier": ("supplier", "bên cung cấp"),
    "feas.role.receiver": ("receiver", "bên tiếp nhận"),
    "feas.role.site": ("site", "cơ sở"),
    "feas.role.facility": ("treatment facility", "cơ sở xử lý"),
    "feas.role.route": ("route", "tuyến vận chuyển"),
    "feas.assumptions_note": (
        "Blue rows are values given by the user (scenario file); orange rows cite a source "
        "marked unverified (both: violet). Check them before relying on the figures. "
        "origin = model: computed by eipgeo from the park's data.",
        "Dòng màu xanh là giá trị do người dùng nhập (tệp kịch bản); dòng màu cam dẫn nguồn "
        "chưa xác minh (cả hai: màu tím). Cần kiểm tra trước khi dùng các số liệu. "
        "origin = model: do eipgeo tính từ dữ liệu của khu.",
    ),
    "feas.osm": (
        "Distances and road data: © OpenStreetMap contributors, ODbL 1.0 "
        "(https://www.openstreetmap.org/copyright).",
        "Quãng đường và dữ liệu đường: © những người đóng góp OpenStreetMap, ODbL 1.0 "
        "(https://www.openstreetmap.org/copyright).",
    ),
    "feas.footer": (
        "Generated by eipgeo from the model's results and the scenario file's assumptions. "
        "All figures are estimates, not measurements or offers: check the user values and "
        "unverified sources above before deciding.",
        "Do eipgeo lập từ kết quả mô hình và các giả định trong tệp kịch bản. Mọi số liệu là "
        "ước tính, không phải số đo hay báo giá: cần kiểm tra các giá trị do người dùng nhập "
        "và các nguồn chưa xác minh ở trên trước khi quyết định.",
    ),
    # feasibility.html's columns
    "col.avoided_disposal": ("avoided disposal", "chi phí xử lý tránh được"),
    "col.avoided_purchase": ("avoided purchase", "chi phí mua tránh được"),
    "col.base_value": ("base value", "giá trị cơ sở"),
    "col.benefit_vnd_per_yr": ("benefit (VND/yr)", "lợi ích (đ/năm)"),
    "col.capex": ("capital cost", "vốn đầu tư"),
    "col.change_pct": ("change (%)", "thay đổi (%)"),
    "col.check": ("check", "kiểm tra"),
    "col.co2e_change_kg": ("CO2e change (kg)", "thay đổi CO2e (kg)"),
    "col.cumulative": ("cumulative", "lũy kế"),
    "col.discount_factor": ("discount factor", "hệ số chiết khấu"),
    "col.discounted_net": ("discounted net", "ròng chiết khấu"),
    "col.distance_m": ("distance (m)", "quãng đường (m)"),
    "col.distance_source": ("distance source", "nguồn quãng đường"),
    "col.diverted_t": ("diverted (t)", "khối lượng chuyển hướng (t)"),
    "col.driver": ("driver", "yếu tố"),
    "col.formula": ("formula", "công thức"),
    "col.from_id": ("from (id)", "từ (mã)"),
    "col.from_name": ("from", "từ"),
    "col.high_value": ("high value", "giá trị cao"),
    "col.item": ("item", "hạng mục"),
    "col.low_value": ("low value", "giá trị thấp"),
    "col.npv_high_vnd": ("NPV, high (VND)", "NPV, mức cao (đồng)"),
    "col.npv_low_vnd": ("NPV, low (VND)", "NPV, mức thấp (đồng)"),
    "col.opex": ("operating cost", "chi phí vận hành"),
    "col.origin": ("origin", "xuất xứ số liệu"),
    "col.party": ("party", "bên"),
    "col.revenue": ("revenue", "doanh thu"),
    "col.share_pct": ("share (%)", "tỷ lệ (%)"),
    "col.swing_vnd": ("swing (VND)", "biên độ (đồng)"),
    "col.t_per_yr": ("t/yr", "t/năm"),
    "col.to_id": ("to (id)", "đến (mã)"),
    "col.to_name": ("to", "đến"),
    "col.transport_change": ("transport change", "thay đổi chi phí vận chuyển"),
    "col.waste_code": ("waste code", "mã chất thải"),
    # feasibility.html's key figures and cells
    "note.abatement": ("Abatement cost per t CO2e", "Chi phí giảm phát thải trên mỗi t CO2e"),
    "note.co2e_change": ("CO2e change", "Thay đổi CO2e"),
    "note.diverted": ("Diverted", "Khối lượng chuyển hướng"),
    "note.levelised": ("Levelised cost per t diverted", "Chi phí quy dẫn trên mỗi t chuyển hướng"),
    "note.npv_at": ("NPV at", "NPV với lãi suất chiết khấu"),
    "note.payback": ("Simple payback", "Thời gian hoàn vốn giản đơn"),
    "note.npv_zero": ("NPV = 0 at this value", "NPV = 0 tại giá trị này"),
    "note.no_sign_change": (
        "NPV does not change sign between",
        "NPV không đổi dấu trong khoảng từ",
    ),
    "note.and": (" and ", " đến "),
    "note.candidate_not_plan": (
        "A candidate to investigate, not a plan exchange",
        "Cơ hội cần khảo sát, chưa phải trao đổi trong kế hoạch",
    ),
    "note.purchase_unknown": (
        "The receiver's avoided purchase is unknown and not counted; the appraisal "
        "understates the exchange's value.",
        "Chi phí mua tránh được của bên tiếp nhận chưa biết nên không được tính; kết quả "
        "thẩm định đánh giá thấp giá trị của trao đổi.",
    ),
    "note.purchase_price": (
        "receiver's avoided purchase price",
        "giá mua tránh được của bên tiếp nhận",
    ),
    "note.user_value": ("user value", "giá trị người dùng nhập"),
    "note.unverified_source": ("unverified source", "nguồn chưa xác minh"),
    "note.user": ("user", "người dùng"),
    "note.model": ("model", "mô hình"),
    "note.vnd_t_co2e": ("VND/t CO2e", "đ/t CO2e"),
    "note.vnd": ("VND", "đồng"),
    "note.yr": ("yr", "năm"),
    "note.years": ("years", "năm"),
    # monitoring.html (eipgeo monitor)
    "mon.title": ("Monitoring", "Quan trắc, giám sát"),
    "mon.park": (
        "Park: progress against the baseline",
        "Toàn khu: tiến độ so với hiện trạng ban đầu",
    ),
    "mon.interventions": (
        "Interventions: promised vs achieved",
        "Các giải pháp: cam kết so với thực hiện",
    ),
    "mon.indicators": ("EIP indicators by year", "Chỉ số khu công nghiệp sinh thái theo năm"),
    "mon.enterprises": (
        "Enterprises: progress against the baseline",
        "Doanh nghiệp: tiến độ so với hiện trạng ban đầu",
    ),
    "mon.intro": (
        "Monitored t: measured streams replace the baseline for the site and code measured "
        "that year; the rest is the baseline, carried (flagged baseline_carried). Status: "
        "on_track when achieved ≥ the on-track share of the promise (default 100 %), behind "
        "otherwise, not_started before the start year, no_data with nothing to go by.",
        "Khối lượng quan trắc (t): dòng thải được đo thay cho số liệu hiện trạng ban đầu của "
        "cơ sở và mã chất thải đo trong năm đó; phần còn lại giữ số liệu hiện trạng (đánh dấu "
        "baseline_carried). Trạng thái: on_track (đúng tiến độ) khi kết quả đạt ≥ tỷ lệ đúng "
        "tiến độ của cam kết (mặc định 100 %), behind (chậm) nếu không, not_started (chưa "
        "bắt đầu) trước năm bắt đầu, no_data (chưa có số liệu) khi không có căn cứ.",
    ),
    # monitoring.html's columns
    "col.achieved_co2e_change_kg_per_yr_pro_rata": (
        "CO2e change achieved, kg/yr (pro rata)",
        "thay đổi CO2e đạt được, kg/năm (theo tỷ lệ)",
    ),
    "col.achieved_net_vnd_per_yr_pro_rata": (
        "net value achieved, VND/yr (pro rata)",
        "giá trị ròng đạt được, đ/năm (theo tỷ lệ)",
    ),
    "col.achieved_pct": ("achieved (% of promise)", "đạt được (% cam kết)"),
    "col.achieved_source": ("source of the achieved figure", "nguồn số liệu đạt được"),
    "col.achieved_t_per_yr": ("achieved, t/yr", "đạt được, t/năm"),
    "col.baseline_carried": ("baseline carried", "giữ số liệu hiện trạng"),
    "col.baseline_t_per_yr": ("baseline, t/yr", "hiện trạng ban đầu, t/năm"),
    "col.baseline_value": ("baseline value", "giá trị hiện trạng ban đầu"),
    "col.carried_t_per_yr": ("baseline carried, t/yr", "giữ theo hiện trạng, t/năm"),
    "col.change_t_per_yr": ("change, t/yr", "thay đổi, t/năm"),
    "col.exchanged_t_per_yr": ("exchanged, t/yr", "trao đổi, t/năm"),
    "col.intervention_id": ("intervention", "giải pháp"),
    "col.intervention_t_per_yr": ("intervention, t/yr", "giải pháp, t/năm"),
    "col.kind": ("kind", "loại"),
    "col.measured_t_per_yr": ("measured, t/yr", "đo đạc, t/năm"),
    "col.monitored_t_per_yr": ("monitored, t/yr", "quan trắc, t/năm"),
    "col.park": ("park", "khu công nghiệp"),
    "col.promised_co2e_change_kg_per_yr": (
        "CO2e change promised, kg/yr",
        "thay đổi CO2e cam kết, kg/năm",
    ),
    "col.promised_net_vnd_per_yr": ("net value promised, VND/yr", "giá trị ròng cam kết, đ/năm"),
    "col.promised_t_per_yr": ("promised, t/yr", "cam kết, t/năm"),
    "col.site_ids": ("sites (id)", "cơ sở (mã)"),
    "col.sites": ("sites", "số cơ sở"),
    "col.sites_baseline_carried": (
        "sites with baseline carried",
        "số cơ sở giữ số liệu hiện trạng",
    ),
    "col.sites_measured": ("sites measured", "số cơ sở có số đo"),
    "col.start_year": ("start year", "năm bắt đầu"),
    "col.streams_carried": ("streams carried", "số dòng thải giữ số liệu hiện trạng"),
    "col.streams_measured": ("streams measured", "số dòng thải có số đo"),
    "col.meets": ("meets", "đạt"),
    "col.monitored_value": ("monitored value", "giá trị quan trắc"),
    "col.enterprise": ("enterprise", "doanh nghiệp"),
    "note.start_year": ("start year", "năm bắt đầu"),
    "note.no_promises": (
        "no promises given: every intervention is 'no_promise'",
        "chưa có cam kết: mọi giải pháp đều là 'no_promise'",
    ),
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
    "sum.area_ha": ("area, ha", "diện tích, ha"),
    "sum.circuity_factor": ("circuity factor", "hệ số quanh co"),
    "sum.collection_days_per_week": ("collection days per week", "số ngày thu gom mỗi tuần"),
    "sum.coverage": ("data coverage", "mức bao phủ dữ liệu"),
    "sum.coverage_share_pct": ("coverage share", "tỷ lệ bao phủ"),
    "sum.depot": ("depot", "bãi xe xuất phát"),
    "sum.distances": ("distances", "quãng đường"),
    "sum.flag": ("flag", "cảnh báo"),
    "sum.ghg_method": ("GHG method", "phương pháp tính khí nhà kính"),
    "sum.network": ("road network", "mạng lưới đường"),
    "sum.park": ("park", "khu công nghiệp"),
    "sum.route_co2e_kg": ("route CO2e per day", "CO2e của tuyến mỗi ngày"),
    "sum.onward_haul_t_per_yr": (
        "waste sent on from stores to treatment",
        "chất thải chuyển tiếp từ kho đến nơi xử lý",
    ),
    "sum.onward_haul_t_km": (
        "onward haul tonne-km (store to treatment) per year",
        "tấn-km vận chuyển tiếp (từ kho đến nơi xử lý) mỗi năm",
    ),
    "sum.onward_haul_co2e_kg": (
        "onward haul CO2e (store to treatment) per year",
        "CO2e vận chuyển tiếp (từ kho đến nơi xử lý) mỗi năm",
    ),
    "sum.stored_untreated_t_per_yr": (
        "hazardous waste stored with no permitted treatment",
        "chất thải nguy hại lưu giữ chưa có đơn vị được cấp phép xử lý",
    ),
    "sum.route_cost_vnd": ("route cost per day", "chi phí tuyến mỗi ngày"),
    "sum.route_fuel_l": ("route fuel per day", "nhiên liệu của tuyến mỗi ngày"),
    "sum.route_hours": ("route hours per day", "số giờ chạy tuyến mỗi ngày"),
    "sum.route_km_empty": ("route km empty", "km chạy rỗng"),
    "sum.route_km_laden": ("route km laden", "km chở hàng"),
    "sum.route_t_km": ("route tonne-km", "tấn-km của tuyến"),
    "sum.runtime_s": ("computing time", "thời gian tính toán"),
    "sum.service_time_s": ("service time per stop", "thời gian phục vụ mỗi điểm"),
    "sum.snap_m": ("snap distance to the road", "khoảng cách gắn vào đường"),
    "sum.unload_time_s": ("unload time", "thời gian dỡ tải"),
    "sum.week_route_co2e_kg": ("route CO2e per week", "CO2e của tuyến mỗi tuần"),
    "sum.week_route_cost_vnd": ("route cost per week", "chi phí tuyến mỗi tuần"),
    "sum.week_route_km": ("route km per week", "km tuyến mỗi tuần"),
    "part.basis": ("basis", "cơ sở số liệu"),
    "part.client": ("per client", "mỗi khách hàng"),
    "part.collection_transport": ("collection and transport", "thu gom, vận chuyển"),
    "part.cost_vnd_per_t": ("cost, VND/t", "chi phí, đ/t"),
    "part.coverage": ("coverage", "phạm vi"),
    "part.declared": ("declared", "kê khai"),
    "part.estimate_circuity": (
        "estimate (great-circle × circuity)",
        "ước tính (đường chim bay × hệ số quanh co)",
    ),
    "part.excl_generator_bulk": (
        "excluding bulk streams shipped by generators",
        "không kể dòng thải do chủ nguồn thải tự vận chuyển",
    ),
    "part.facility": ("per facility", "mỗi cơ sở xử lý"),
    "part.hazardous_incl_controlled_pct": (
        "hazardous incl. controlled, %",
        "nguy hại kể cả cần kiểm soát, %",
    ),
    "part.in_park": ("in the park", "trong khu"),
    "part.listed_area": ("area of listed tenants", "diện tích của doanh nghiệp được liệt kê"),
    "part.listed_workforce": (
        "workforce of listed tenants",
        "lao động của doanh nghiệp được liệt kê",
    ),
    "part.max": ("maximum", "lớn nhất"),
    "part.median": ("median", "trung vị"),
    "part.metal": ("metal scrap", "phế liệu kim loại"),
    "part.non_hazardous": ("non-hazardous", "không nguy hại"),
    "part.occupied": ("occupied land", "đất đã sử dụng"),
    "part.osm_street": ("streets (OSM)", "đường phố (OSM)"),
    "part.paper": ("paper", "giấy"),
    "part.per_outlet": ("per outlet", "theo cơ sở kinh doanh"),
    "part.per_worker_all_sector": ("per worker, all sectors", "theo lao động, mọi ngành"),
    "part.per_worker_division": (
        "per worker, by ISIC division",
        "theo lao động, theo ngành cấp 2 ISIC",
    ),
    "part.plastic": ("plastic", "nhựa"),
    "part.production": ("by production", "theo sản lượng"),
    "part.published": ("published", "đã công bố"),
    "part.rest_of_park_per_ha": ("rest of park, per ha", "phần còn lại của khu, theo ha"),
    "part.rest_of_park_per_worker": (
        "rest of park, per worker",
        "phần còn lại của khu, theo lao động",
    ),
    "part.revenue": ("revenue", "doanh thu"),
    "part.rubber": ("rubber", "cao su"),
    "part.trunk": ("trunk roads", "đường trục chính"),
    "part.trunk_road": ("trunk roads (OSM)", "đường trục chính (OSM)"),
    "part.used_oil": ("used oil", "dầu thải"),
    "part.waste_t_per_ha_yr": ("waste, t/ha/yr", "chất thải, t/ha/năm"),
    "part.waste_t_per_worker_yr": ("waste, t/worker/yr", "chất thải, t/lao động/năm"),
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
    "compare.title": ("Scenario comparison", "So sánh các kịch bản"),
    "compare.reports": ("Reports", "Báo cáo"),
    "compare.map_link": ("map of differences", "bản đồ khác biệt"),
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


def _note_phrases() -> list[tuple[str, str]]:
    """Phrases replaced in a note for its Vietnamese, longest first."""
    keys = [k for k in CATALOGUE if k.startswith(("note.", "basis."))]
    keys += [
        f"part.{k}" for k in ("listed", "rest_of_park", "park_total", "no_permitted_destination")
    ]
    found = [CATALOGUE[k] for k in keys]
    found += [CATALOGUE[k] for k in CATALOGUE if k.startswith("unit.") and "/" in CATALOGUE[k][0]]
    return sorted(found, key=lambda p: -len(p[0]))


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Match ``phrase`` as whole words, never inside a word, a path or an address."""
    start = r"(?<![\w/-])" if phrase[0].isalnum() else ""
    end = r"(?![\w/-])" if phrase[-1].isalnum() else ""
    return re.compile(start + re.escape(phrase) + end)


_NOTE_PHRASES = [(_phrase_pattern(en), vi) for en, vi in _note_phrases()]


def note(text: str) -> tuple[str, str]:
    """Return a free text (a note of ``summary.csv``, a table cell) in English and Vietnamese.

    Parameters
    ----------
    text
        The English text.

    Returns
    -------
    tuple of str
        ``(text, vietnamese)``: the Vietnamese replaces the catalogue's ``note.*``
        phrases, parts and units, as whole words; what is left (titles of sources,
        names, codes) stays as published.
    """
    vi = text
    for pattern, vi_phrase in _NOTE_PHRASES:
        vi = pattern.sub(vi_phrase.replace("\\", "\\\\"), vi)
    return text, vi

"""The one catalogue of the words eipgeo's pages show, in English and Vietnamese.

Every label, unit, legend entry, popup row, table header and message that a map, a
report, a Sankey, a comparison, a feasibility sheet or a monitoring page shows is a key
of :data:`CATALOGUE`, with its English and its Vietnamese. A page writes both and a
switch shows one (:func:`eipgeo.outputs._map_text.both`); ``tests/test_catalogue.py``
fails when an entry lacks its Vietnamese or when code asks for a key that is missing.
Waste-stream names come from the legal list instead
(``eipgeo/data/waste_catalogue.csv``: ``name_en``, ``name_vi``; one name per stream or
material, :func:`eipgeo.symbiosis.names.material_name`).

The Vietnamese wording is ours, except the legal waste names (Circular 02/2022/TT-BTNMT
App. III, restated in the waste catalogue; the names of eipgeo's own ``OI-``/``DW-`` codes
are eipgeo's translations).
"""

from __future__ import annotations

import re

from eipgeo.symbiosis.names import material_name, material_vi

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
        "Onward haul CO2e (store or hub onwards)",
        "CO2e vận chuyển tiếp (từ kho hoặc trạm trung chuyển)",
    ),
    "serve.stored_untreated_t_per_yr": (
        "Hazardous waste stored with no permitted treatment",
        "Chất thải nguy hại lưu giữ chưa có đơn vị được cấp phép xử lý",
    ),
    "serve.week_route_km": ("Route distance per week", "Quãng đường thu gom mỗi tuần"),
    "serve.routes.coverage": ("Waste on the routes", "Chất thải được thu gom theo tuyến"),
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
    "serve.production": (
        "Production (optional): capacity × intensity",
        "Sản xuất (không bắt buộc): công suất × hệ số phát sinh",
    ),
    "serve.intensity": ("Production intensity", "Hệ số phát sinh theo sản lượng"),
    "serve.no_intensity": ("(none: by workers)", "(không: theo số lao động)"),
    "serve.capacity": ("Capacity (in the intensity's unit)", "Công suất (theo đơn vị của hệ số)"),
    "serve.production_source": (
        "Source of the capacity (URL or report)",
        "Nguồn số liệu công suất (URL hoặc báo cáo)",
    ),
    "serve.streams": (
        "Declared streams (optional): waste code, t/yr, source",
        "Dòng chất thải kê khai (không bắt buộc): mã chất thải, tấn/năm, nguồn",
    ),
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
    "serve.unit.kg CO2e/yr": ("kg CO2e/yr", "kg CO2e/năm"),
    "serve.unit.km/week": ("km/week", "km/tuần"),
    "serve.unit.% of park t/yr": ("% of park t/yr", "% t/năm của khu"),
    "serve.unit.routes/day": ("routes/day", "tuyến/ngày"),
    "serve.unit.exchanges": ("exchanges", "lượt trao đổi"),
    "serve.unit.warnings": ("warnings", "cảnh báo"),
    "serve.changes.moved": ("moved", "đã di chuyển"),
    "serve.changes.added": ("added", "thêm mới"),
    "serve.changes.removed": ("removed", "đã xóa"),
    "serve.changes.places": ("places added or moved", "địa điểm thêm hoặc di chuyển"),
    "serve.legend.plot": ("plot (plot coverage)", "lô đất (phạm vi phục vụ)"),
    "serve.legend.uncovered": ("plot not covered", "lô đất chưa được phục vụ"),
    # eipgeo serve: a refused change's message (eipgeo/serve/session.py, _error), key
    # serve.error.*, with named placeholders: {x:,.0f} a number (the page writes it per
    # language), {x:t} a word of serve.noun.*, {x:or} codes joined by serve.or
    "serve.or": ("or", "hoặc"),
    "serve.noun.tenant": ("tenant", "doanh nghiệp"),
    "serve.noun.new_tenant": ("new tenant", "doanh nghiệp mới"),
    "serve.noun.place": ("place", "địa điểm"),
    "serve.noun.hazardous_store": ("hazardous_store", "kho lưu giữ chất thải nguy hại"),
    "serve.noun.hazardous_treatment": (
        "hazardous_treatment",
        "cơ sở xử lý chất thải nguy hại",
    ),
    "serve.noun.hub": ("hub", "trạm trung chuyển"),
    "serve.noun.collection_point": ("collection_point", "điểm tập kết"),
    "serve.noun.boundary": ("boundary", "ranh giới khu công nghiệp"),
    "serve.noun.enterprise": ("enterprise", "doanh nghiệp"),
    "serve.noun.residential": ("residential", "khu dân cư"),
    "serve.noun.water": ("water", "mặt nước"),
    "serve.error.not_degrees": (
        "{what:t} {id}: lat/lon must be numbers in degrees (got {lat}, {lon}); click the map "
        "or type decimal degrees",
        "{what:t} {id}: vĩ độ/kinh độ phải là số đo bằng độ (nhận được {lat}, {lon}); bấm vào "
        "bản đồ hoặc nhập độ thập phân",
    ),
    "serve.error.not_finite": (
        "{what:t} {id}: lat/lon must be finite numbers",
        "{what:t} {id}: vĩ độ/kinh độ phải là số hữu hạn",
    ),
    "serve.error.outside": (
        "{what:t} {id} at ({lat:.5f}, {lon:.5f}) is {distance_m:,.0f} m outside the boundary "
        "of {park}; place it inside the park boundary drawn on the map",
        "{what:t} {id} tại (vĩ độ {lat:.5f}; kinh độ {lon:.5f}) nằm ngoài ranh giới khu công "
        "nghiệp {park} {distance_m:,.0f} m; hãy đặt vào trong ranh giới khu công nghiệp vẽ "
        "trên bản đồ",
    ),
    "serve.error.sector": (
        "sector {sector} is not an ISIC Rev.4 class; choose a 4-digit class from the list "
        "(e.g. 2220 plastics products, 2610 electronic components)",
        "ngành {sector} không phải mã ngành ISIC Rev.4; chọn một mã 4 số trong danh sách "
        "(ví dụ 2220 sản phẩm từ plastic, 2610 linh kiện điện tử)",
    ),
    "serve.error.workers": (
        "workers {workers} is not a whole number above 0; give the number of workers, e.g. 250",
        "số lao động {workers} không phải số nguyên lớn hơn 0; nhập số lao động, ví dụ 250",
    ),
    "serve.error.intensity": (
        "production intensity {intensity} is not known; choose one of {choices:or}",
        "hệ số phát sinh {intensity} không có trong danh mục; chọn một trong {choices:or}",
    ),
    "serve.error.capacity": (
        "capacity {given} is not a number above 0; give the capacity in the intensity's unit, "
        "e.g. 185000",
        "công suất {given} không phải số lớn hơn 0; nhập công suất theo đơn vị của hệ số, "
        "ví dụ 185000",
    ),
    "serve.error.capacity_unit": (
        "capacity unit {given} is not the unit of intensity {intensity}; give the capacity "
        "in {unit}",
        "đơn vị công suất {given} không phải đơn vị của hệ số {intensity}; nhập công suất "
        "theo {unit}",
    ),
    "serve.error.production_source": (
        "the capacity has no source; name where it is stated (a URL or a report), as "
        "production.csv requires",
        "công suất chưa có nguồn; ghi nơi công bố số liệu (URL hoặc báo cáo), như "
        "production.csv yêu cầu",
    ),
    "serve.error.stream_code": (
        "stream {row}: waste code {code} is not in the legal list (vn_waste_codes.csv) or the "
        "eipgeo catalogue; give a code such as 12 06 05 or OI-18",
        "dòng {row}: mã chất thải {code} không có trong danh mục pháp lý (vn_waste_codes.csv) "
        "hoặc danh mục eipgeo; nhập mã như 12 06 05 hoặc OI-18",
    ),
    "serve.error.stream_t": (
        "stream {row}: {given} is not tonnes per year; give a number >= 0, e.g. 1200",
        "dòng {row}: {given} không phải số tấn/năm; nhập một số >= 0, ví dụ 1200",
    ),
    "serve.error.stream_source": (
        "stream {row}: the figure has no source; name it (report, table, year), as "
        "measured_streams.csv requires",
        "dòng {row}: số liệu chưa có nguồn; ghi nguồn (báo cáo, bảng, năm), như "
        "measured_streams.csv yêu cầu",
    ),
    "serve.error.tenant_id": (
        "tenant id {id} is already used or not a plain id; give a new id of letters, digits, "
        "'-', '_' or '.'",
        "mã doanh nghiệp {id} đã được dùng hoặc không hợp lệ; nhập mã mới gồm chữ cái, chữ "
        "số, '-', '_' hoặc '.'",
    ),
    "serve.error.not_tenant": (
        "{id} is not a tenant of the current layout; reload the page",
        "{id} không phải doanh nghiệp của bố trí hiện tại; hãy tải lại trang",
    ),
    "serve.error.unknown_change": (
        "unknown change {action}; use move, add, remove, reset, add_facility, move_facility, "
        "remove_facility, set_rule, remove_rule or set_frequency",
        "thay đổi {action} không xác định; dùng move, add, remove, reset, add_facility, "
        "move_facility, remove_facility, set_rule, remove_rule hoặc set_frequency",
    ),
    "serve.error.kind": (
        "{kind} is not a place the map can add; choose hazardous_store, hub or collection_point",
        "{kind} không phải loại địa điểm có thể thêm trên bản đồ; chọn kho lưu giữ chất "
        "thải nguy hại (hazardous_store), trạm trung chuyển (hub) hoặc điểm tập kết "
        "(collection_point)",
    ),
    "serve.error.place_id": (
        "id {id} is already used or not a plain id; give a new id of letters, digits, '-', "
        "'_' or '.'",
        "mã {id} đã được dùng hoặc không hợp lệ; nhập mã mới gồm chữ cái, chữ số, '-', '_' "
        "hoặc '.'",
    ),
    "serve.error.hub_exists": (
        "the scenario has a hub already ({hub}); a scenario has one hub block: drag the hub "
        "to move it, or remove it first",
        "kịch bản đã có trạm trung chuyển ({hub}); mỗi kịch bản chỉ có một khối hub: kéo "
        "trạm để di chuyển, hoặc xóa trạm trước",
    ),
    "serve.error.no_coverage": (
        "{what}: this scenario has no plot_coverage block (a plots file and a service "
        "radius), so a collection point has nothing to cover; start `eipgeo serve` from a "
        "scenario file with plot_coverage (README, scenario files)",
        "{what}: kịch bản này không có khối plot_coverage (tệp lô đất và bán kính phục vụ), "
        "nên điểm tập kết không có lô đất nào để phục vụ; hãy chạy `eipgeo serve` từ một "
        "tệp kịch bản có plot_coverage (README, phần tệp kịch bản)",
    ),
    "serve.error.coverage_candidates": (
        "{what}: this scenario's plot_coverage lists candidates, among which LSCP opens the "
        "fewest that cover every plot; edit the candidates in the scenario file, or list the "
        "points in place under plot_coverage.points",
        "{what}: plot_coverage của kịch bản này liệt kê các vị trí ứng viên, trong đó LSCP "
        "mở ít điểm nhất đủ phục vụ mọi lô đất; hãy sửa các ứng viên trong tệp kịch bản, "
        "hoặc liệt kê các điểm cố định trong plot_coverage.points",
    ),
    "serve.error.hub_p_median": (
        "hub {id} is sited by p-median with p={p}; set p: 1 in the scenario file to place "
        "it by hand",
        "trạm trung chuyển {id} được chọn vị trí bằng bài toán p-median với p={p}; đặt "
        "p: 1 trong tệp kịch bản để tự đặt vị trí",
    ),
    "serve.error.hub_site": (
        "{id} is one of the {p} sites of hub {hub}, sited by p-median with p={p}; set p: 1 "
        "in the scenario file to place the hub by hand",
        "{id} là một trong {p} vị trí của trạm trung chuyển {hub}, được chọn bằng bài toán "
        "p-median với p={p}; đặt p: 1 trong tệp kịch bản để tự đặt vị trí trạm",
    ),
    "serve.error.park_facility": (
        "facility {id} is in the park's facilities.csv (a site outside this layout); only "
        "the scenario's facilities, hub and collection points move on the map: add a "
        "hazardous store or a hub where you want one",
        "cơ sở {id} thuộc tệp facilities.csv của khu (một địa điểm ngoài bố trí này); chỉ "
        "các cơ sở, trạm trung chuyển và điểm tập kết của kịch bản mới di chuyển được trên "
        "bản đồ: hãy thêm kho lưu giữ chất thải nguy hại hoặc trạm trung chuyển ở nơi cần",
    ),
    "serve.error.not_place": (
        "{id} is not a facility, hub or collection point of the layout; reload the page",
        "{id} không phải cơ sở, trạm trung chuyển hay điểm tập kết của bố trí; hãy tải lại trang",
    ),
    "serve.error.last_point": (
        "collection point {id} is the last one of plot_coverage; add another before removing it",
        "điểm tập kết {id} là điểm cuối cùng của plot_coverage; hãy thêm điểm khác trước khi xóa",
    ),
    "serve.error.rule_index": (
        "setback rule {index} is not a rule of the layout (it has {count}); reload the page",
        "quy định khoảng cách an toàn {index} không có trong bố trí (bố trí có {count} quy "
        "định); hãy tải lại trang",
    ),
    "serve.error.role": (
        "{role} is not a class of site a setback rule applies to; choose {choices:or}",
        "{role} không phải loại cơ sở áp dụng quy định khoảng cách an toàn; chọn {choices:or}",
    ),
    "serve.error.from": (
        "{origin} is not what a setback is measured from; choose {choices:,}",
        "{origin} không phải mốc tính khoảng cách an toàn; chọn {choices:,}",
    ),
    "serve.error.distance": (
        "setback distance {given} m is not a number above 0; give the smallest allowed "
        "distance in metres, e.g. 50",
        "khoảng cách an toàn {given} m không phải số lớn hơn 0; nhập khoảng cách nhỏ nhất "
        "cho phép, tính bằng mét, ví dụ 50",
    ),
    "serve.error.source": (
        "a setback rule needs its source: the published rule it comes from (document, "
        "article), e.g. 'park zoning plan, section 4.2 (2024)'",
        "quy định khoảng cách an toàn cần ghi nguồn: văn bản đã ban hành quy định điều đó "
        "(văn bản, điều khoản), ví dụ 'quy hoạch phân khu của khu công nghiệp, mục 4.2 "
        "(2024)'",
    ),
    "serve.error.features": (
        "a rule from '{origin:t}' needs 'features': an existing file of the {origin:t} areas "
        "(GeoJSON or GPKG); {path} is not one (a path relative to the scenario file, or "
        "absolute)",
        "quy định tính từ {origin:t} cần 'features': một tệp có sẵn chứa các vùng {origin:t} "
        "(GeoJSON hoặc GPKG); {path} không phải tệp đó (đường dẫn tương đối so với tệp kịch "
        "bản, hoặc đường dẫn tuyệt đối)",
    ),
    "serve.error.no_features": (
        "a rule from '{origin:t}' needs 'features': an existing file of the {origin:t} areas "
        "(GeoJSON or GPKG); 'none' is not one (a path relative to the scenario file, or "
        "absolute)",
        "quy định tính từ {origin:t} cần 'features': một tệp có sẵn chứa các vùng {origin:t} "
        "(GeoJSON hoặc GPKG); chưa nhập tệp nào (đường dẫn tương đối so với tệp kịch bản, "
        "hoặc đường dẫn tuyệt đối)",
    ),
    "serve.error.group": (
        "{group} is not a collection group; choose {choices:or} (hazardous includes "
        "controlled waste)",
        "{group} không phải nhóm thu gom; chọn {choices:or} (nhóm hazardous gồm cả chất thải "
        "cần kiểm soát)",
    ),
    "serve.error.frequency": (
        "collection frequency {given} is not a whole number of days a week from 1 to 7; "
        "give e.g. 2 for twice a week",
        "tần suất thu gom {given} không phải số ngày nguyên trong tuần từ 1 đến 7; nhập ví dụ "
        "2 nếu thu gom hai lần một tuần",
    ),
    # eipgeo serve: the panel's layout warnings (session._layout_warnings), key
    # serve.warn.<code>, filled from the run's tables; the English page shows the
    # library's own message, these English templates say what the Vietnamese says
    "serve.warn.setback_breach": (
        "setback breach: {role:t} {id} ({name}) is {found_m:,.1f} m from {origin:t}{nearest}, "
        "less than the {required_m:,.1f} m required (source: {source}); move it or check "
        "the rule",
        "vi phạm khoảng cách an toàn: {role:t} {id} ({name}) cách {origin:t}{nearest} "
        "{found_m:,.1f} m, nhỏ hơn khoảng cách tối thiểu {required_m:,.1f} m theo quy định "
        "(nguồn: {source}); hãy di chuyển cơ sở hoặc kiểm tra lại quy định",
    ),
    "serve.warn.plot_uncovered": (
        "plot {id} has no collection point within {radius_m:,.0f} m: the nearest, {point}, "
        "is {distance_m:,.1f} m away; add a collection point near it or check "
        "plot_coverage.radius_m",
        "lô đất {id} không có điểm tập kết nào trong bán kính {radius_m:,.0f} m: điểm gần "
        "nhất, {point}, cách {distance_m:,.1f} m; hãy thêm điểm tập kết gần lô đất hoặc "
        "kiểm tra plot_coverage.radius_m",
    ),
    "serve.warn.plot_uncoverable": (
        "plot {id} has no candidate within the service radius; raise plot_coverage.radius_m "
        "or add candidates near it",
        "lô đất {id} không có vị trí ứng viên nào trong bán kính phục vụ; hãy tăng "
        "plot_coverage.radius_m hoặc thêm vị trí ứng viên gần lô đất",
    ),
    "serve.warn.outside_boundary": (
        "{id} ({name}) at ({lat:.5f}, {lon:.5f}) is {distance_m:,.0f} m outside the park "
        "boundary (tolerance {tolerance_m:,.0f} m); it is left out of the totals, routes and "
        "exchanges",
        "{id} ({name}) tại (vĩ độ {lat:.5f}; kinh độ {lon:.5f}) nằm ngoài ranh giới khu công "
        "nghiệp {distance_m:,.0f} m (dung sai {tolerance_m:,.0f} m); không được tính vào tổng "
        "lượng chất thải, tuyến thu gom và trao đổi cộng sinh. Hãy sửa tọa độ (nhầm vĩ "
        "độ/kinh độ? lô đất của khu khác?) hoặc ranh giới, hoặc xóa doanh nghiệp",
    ),
    "serve.warn.snap_too_far": (
        "{id} is {distance_m:,.0f} m from the nearest road, over the {tolerance_m:,.0f} m "
        "snap tolerance; it is left out of the routes",
        "{id} cách tuyến đường gần nhất {distance_m:,.0f} m, vượt dung sai gắn vào mạng "
        "đường {tolerance_m:,.0f} m; không được đưa vào tuyến thu gom. Hãy kiểm tra tọa độ "
        "hoặc bổ sung mạng đường tới được địa điểm",
    ),
    "serve.warn.snap_detached": (
        "{id} snaps to a road piece with no link to the main network (an island); it is "
        "left out of the routes",
        "{id} nằm trên một đoạn đường không nối với mạng đường chính (một đảo); không được "
        "đưa vào tuyến thu gom. Hãy bổ sung đoạn đường còn thiếu hoặc di chuyển địa điểm",
    ),
    "serve.warn.off_depot_component": (
        "{id} has no road both to and from the depot; it is left out of the routes",
        "{id} không có đường đi cả chiều đi lẫn chiều về giữa bãi xe và địa điểm; không được "
        "đưa vào tuyến thu gom. Hãy sửa dữ liệu đường hoặc di chuyển địa điểm",
    ),
    # the panel's other warnings, counted by code
    "serve.code.colocated_sites": ("sites at one point", "nhiều địa điểm trùng một tọa độ"),
    "serve.code.snap_collapse": (
        "sites snapped to one road point",
        "nhiều địa điểm gắn vào cùng một điểm trên đường",
    ),
    "serve.code.no_destination": (
        "waste with no permitted destination",
        "chất thải chưa có nơi tiếp nhận được cấp phép",
    ),
    "serve.code.no_permitted_destination": (
        "hazardous waste with no permitted treatment",
        "chất thải nguy hại chưa có đơn vị được cấp phép xử lý",
    ),
    "serve.code.no_candidate": (
        "streams with no exchange candidate",
        "dòng thải chưa có cơ hội trao đổi cộng sinh",
    ),
    "serve.code.probable_duplicate": (
        "probable duplicate enterprises",
        "doanh nghiệp có thể bị trùng lặp",
    ),
    "serve.code.folded_match": (
        "names matched once tone marks were folded",
        "tên chỉ khớp sau khi bỏ dấu thanh",
    ),
    "serve.code.class_unverified": (
        "materials with no waste code",
        "vật liệu chưa xác định được mã chất thải",
    ),
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
    "unit.vnd_day": ("VND/day", "đ/ngày"),
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
    # monitoring: an intervention's progress against its promise, a figure's basis
    "status.on_track": ("on track", "đúng tiến độ"),
    "status.behind": ("behind", "chậm tiến độ"),
    "status.not_started": ("not started", "chưa bắt đầu"),
    "status.no_data": ("no data", "chưa có số liệu"),
    "status.no_promise": ("no promise to compare", "không có cam kết để so sánh"),
    "status.measured": ("measured", "đo đạc"),
    "status.baseline_carried": (
        "baseline carried (no record this year)",
        "giữ số liệu hiện trạng (năm này chưa có báo cáo)",
    ),
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
    # report.html: the plain-language summary under the title (figures of summary.csv)
    "report.unknown": ("unknown", "chưa rõ"),
    "report.link_map": ("map", "bản đồ"),
    "report.plain.waste": (
        "The park's waste: {total} (range {low} – {high}); {hazardous} of its non-domestic "
        "waste is hazardous or controlled; the largest generator, {largest}, gives "
        "{largest_pct} of the total.",
        "Chất thải của khu: {total} (khoảng {low} – {high}); {hazardous} chất thải ngoài sinh "
        "hoạt là nguy hại hoặc cần kiểm soát; nguồn thải lớn nhất, {largest}, chiếm "
        "{largest_pct} tổng lượng.",
    ),
    "report.plain.where": (
        "Where it goes, as shares of the park's t/yr: {shares}.",
        "Chất thải đi đâu, theo tỷ lệ t/năm của khu: {shares}.",
    ),
    "report.plain.cost": (
        "Treating and disposing of it costs {cost} (range {low} – {high}); the collection "
        "routes run {km}; route cost: {route_cost}.",
        "Chi phí xử lý và thải bỏ: {cost} (khoảng {low} – {high}); các tuyến thu gom chạy {km}; "
        "chi phí tuyến: {route_cost}.",
    ),
    "report.plain.coverage": (
        "The listed tenants give {listed} of the park's t/yr, the rest of the park is "
        "estimated; the routes carry {routes} of the park's t/yr.",
        "Các doanh nghiệp được liệt kê chiếm {listed} t/năm của khu, phần còn lại của khu là "
        "ước tính; các tuyến thu gom chở {routes} t/năm của khu.",
    ),
    "report.plain.symbiosis": (
        "Exchanges in the symbiosis plan: {exchanges}; candidate pairs to investigate: "
        "{candidates}.",
        "Trao đổi trong kế hoạch cộng sinh: {exchanges}; cặp ứng viên cần xem xét: {candidates}.",
    ),
    "compare.plain": (
        "{name} against {base}: total waste {total}, route length {km}, waste cost {cost}, "
        "symbiosis exchanges {exchanges}.",
        "{name} so với {base}: tổng chất thải {total}, chiều dài tuyến {km}, chi phí chất thải "
        "{cost}, trao đổi cộng sinh {exchanges}.",
    ),
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
    "sum.symbiosis": ("symbiosis", "cộng sinh"),
    "sum.indicator": ("EIP indicator", "chỉ số khu công nghiệp sinh thái"),
    "sum.siting": ("hub siting", "chọn vị trí trạm trung chuyển"),
    "sum.depot_opens": ("depot opens", "giờ mở cửa bãi xe"),
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
    "part.none": ("none", "không có"),
    "part.candidates_rejected": ("candidates rejected", "cặp bị loại"),
    "part.candidates_to_investigate": ("candidates to investigate", "cơ hội cần khảo sát"),
    "part.co2e_saved_avoided_burden_kg_per_yr": (
        "CO2e saved, avoided-burden method",
        "CO2e giảm được, phương pháp tránh phát thải",
    ),
    "part.co2e_saved_cutoff_kg_per_yr": (
        "CO2e saved, cut-off method",
        "CO2e giảm được, phương pháp cắt (cut-off)",
    ),
    "part.cost_basis": ("cost basis", "cơ sở chi phí"),
    "part.diverted_from_landfill_t_per_yr": (
        "diverted from landfill",
        "lượng tránh chôn lấp",
    ),
    "part.exchanged_m3_per_yr": ("water exchanged", "lượng nước trao đổi"),
    "part.exchanged_mwh_per_yr": ("energy exchanged", "năng lượng trao đổi"),
    "part.exchanged_t_per_yr": ("material exchanged", "khối lượng trao đổi"),
    "part.exchanges": ("exchanges in the plan", "trao đổi trong kế hoạch"),
    "part.firms_in_symbiosis_pct": ("firms in symbiosis", "doanh nghiệp tham gia cộng sinh"),
    "part.firms_recp_pct": (
        "firms applying RECP",
        "doanh nghiệp áp dụng sản xuất sạch hơn (RECP)",
    ),
    "part.hazardous_licensed_pct": (
        "hazardous waste handled by licensed facilities",
        "chất thải nguy hại do cơ sở được cấp phép xử lý",
    ),
    "part.landfilled_pct": ("share landfilled", "tỷ lệ chôn lấp"),
    "part.net_value_vnd_per_yr": ("net value", "giá trị ròng"),
    "part.not_symbiosis": (
        "not symbiosis (treatment contracts, mixed waste)",
        "không phải cộng sinh (hợp đồng xử lý, chất thải hỗn hợp)",
    ),
    "part.objective": ("objective", "hàm mục tiêu"),
    "part.objective_t_m_per_yr": ("objective (t·m/yr)", "hàm mục tiêu (t·m/năm)"),
    "part.open": ("sites opened", "điểm được chọn"),
    "part.reused_recycled_pct": (
        "share reused or recycled",
        "tỷ lệ tái sử dụng hoặc tái chế",
    ),
    "part.symbiosis_links": ("industrial-symbiosis links", "liên kết cộng sinh công nghiệp"),
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
    # the charts of feasibility.html and monitoring.html (drawn once per language)
    "unit.million_vnd": ("million VND", "triệu đồng"),
    "unit.billion_vnd": ("billion VND", "tỷ đồng"),
    "chart.year": ("year", "năm"),
    "chart.net_cash_flow": ("net cash flow", "dòng tiền ròng"),
    "chart.cumulative": ("cumulative", "lũy kế"),
    "chart.cash_title": (
        "(a) Net and cumulative cash flow by year ({unit})",
        "(a) Dòng tiền ròng và dòng tiền lũy kế theo năm ({unit})",
    ),
    "chart.no_sensitivity": ("No sensitivity rows", "Không có dòng phân tích độ nhạy"),
    # the drivers of the NPV tornado (eipgeo.scenario.interventions._UNITS)
    "driver.disposal_price_vnd_per_t": ("disposal price", "giá xử lý chất thải"),
    "driver.purchase_price_vnd_per_t": (
        "purchase price replaced",
        "giá mua nguyên liệu được thay thế",
    ),
    "driver.gate_fee_vnd_per_t": ("gate fee", "phí tiếp nhận"),
    "driver.quantity_t_per_yr": ("quantity", "khối lượng"),
    "driver.haul_vnd_per_t": ("haul cost", "chi phí vận chuyển"),
    "driver.transport_saving_vnd_per_yr": ("transport saving", "khoản tiết kiệm vận chuyển"),
    "driver.capex_vnd": ("investment (capex)", "vốn đầu tư (capex)"),
    "driver.opex_vnd_per_yr": ("operating cost (opex)", "chi phí vận hành (opex)"),
    "driver.discount_rate_pct": ("discount rate", "lãi suất chiết khấu"),
    "chart.npv_sensitivity": ("(b) NPV sensitivity", "(b) Độ nhạy của NPV"),
    "chart.driver_low": ("driver at its low value", "yếu tố ở giá trị thấp"),
    "chart.driver_high": ("driver at its high value", "yếu tố ở giá trị cao"),
    "chart.base_npv": ("base NPV", "NPV cơ sở"),
    "chart.no_base_npv": ("0 (base NPV not available)", "0 (không có NPV cơ sở)"),
    "chart.tornado_title": (
        "(b) NPV sensitivity (tornado, {unit})",
        "(b) Độ nhạy của NPV (biểu đồ lốc xoáy, {unit})",
    ),
    "chart.co2_title": (
        "(c) CO2e change by year (t CO2e; negative = reduction)",
        "(c) Thay đổi CO2e theo năm (t CO2e; số âm = giảm phát thải)",
    ),
    "chart.feas_alt": (
        "cash flow, NPV tornado and CO2e charts",
        "biểu đồ dòng tiền, độ nhạy NPV và CO2e",
    ),
    "chart.baseline": ("baseline", "hiện trạng"),
    "chart.mon_park_title": (
        "{park}: total waste, monitored vs baseline",
        "{park}: tổng chất thải, quan trắc so với hiện trạng ban đầu",
    ),
    "chart.mon_iv_title": (
        "Interventions: promised vs achieved",
        "Giải pháp: cam kết so với kết quả đạt được",
    ),
    "chart.mon_no_iv": (
        "no intervention promised or reported",
        "chưa có giải pháp nào được cam kết hoặc báo cáo",
    ),
    "chart.mon_promised": ("promised (none = no promise)", "cam kết (không có = chưa cam kết)"),
    "chart.mon_achieved": ("achieved", "đạt được"),
    "chart.mon_alt": (
        "total waste by year against the baseline; interventions promised vs achieved",
        "tổng chất thải theo năm so với hiện trạng ban đầu; giải pháp: cam kết so với đạt được",
    ),
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
    "compare.change_layer": ("t/yr change: {run} vs {base}", "thay đổi t/năm: {run} so với {base}"),
    # the aggregate view's report (eipgeo run --view aggregate)
    "report.aggregate_title": ("{park}: aggregate view", "{park}: bản tổng hợp"),
    "report.aggregate_by_sector": (
        "Waste by sector (ISIC Rev.4 division)",
        "Chất thải theo ngành (ngành cấp 2 ISIC Rev.4)",
    ),
    "report.aggregate_by_zone": ("Waste by zone", "Chất thải theo phân khu"),
    "col.isic_division": ("ISIC division", "ngành cấp 2 ISIC"),
    "col.zone": ("zone", "phân khu"),
    "col.firms": ("firms", "số doanh nghiệp"),
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
    "sankey.rest_of_park_node": (
        "rest of the park (unlisted tenants, estimated)",
        "phần còn lại của khu (doanh nghiệp chưa liệt kê, ước tính)",
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
        ``_`` as spaces, in both languages, when the catalogue has no such stream
        (:func:`eipgeo.symbiosis.names.material_name`, the one naming function).
    """
    return material_name(stream=stream)


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
        ``(text, vietnamese)``: each ``; ``-separated piece that a sentence of
        :data:`NOTES` matches is that sentence's Vietnamese, its numbers written the
        vi-VN way and its sources marked (:data:`CITE_START`, :data:`CITE_END`); in a
        piece no sentence matches, the catalogue's ``note.*`` phrases, parts and units
        are replaced as whole words and the numbers written the vi-VN way; what is left
        (titles of sources, names, codes) stays as published.
    """
    return text, _note_vi(text)


# --------------------------------------------------------------------------------------
# Notes: whole sentences of summary.csv and the tables, with placeholders
# --------------------------------------------------------------------------------------

NOTES: dict[str, tuple[str, str]] = {
    # routes and their coverage (eipgeo.jobs.summary, eipgeo.routing.tables)
    "route_scope": (
        "listed tenants' park-round streams only (routes.coverage)",
        "chỉ tính các dòng thải thu gom thường xuyên trong khu của doanh nghiệp được "
        "liệt kê (routes.coverage)",
    ),
    "route_coverage": (
        "routes, trucks, route km, fuel and route CO2e cover listed tenants' park-round "
        "streams only ({num_a} of {num_b} t/yr)",
        "tuyến, số xe, km tuyến, nhiên liệu và CO2e của tuyến chỉ tính các dòng thải thu "
        "gom thường xuyên trong khu của doanh nghiệp được liệt kê ({num_a} trên {num_b} t/năm)",
    ),
    "not_routed": (
        "not routed: the rest of the park (no sites) and process streams generators ship "
        "in bulk themselves",
        "không lập tuyến: phần còn lại của khu (không có vị trí cơ sở) và các dòng thải sản "
        "xuất khối lượng lớn do chủ nguồn thải tự vận chuyển",
    ),
    "street_kinds.osm": ("osm_street = real streets (OSM)", "osm_street = đường phố thực (OSM)"),
    "street_kinds.lines": (
        "street_lines = the park's own road lines",
        "street_lines = đường nội bộ do khu cung cấp",
    ),
    "street_kinds.estimate": (
        "estimate_circuity = great-circle x circuity",
        "estimate_circuity = đường chim bay × hệ số quanh co",
    ),
    "stand_in_depot": (
        "Stand-in depot: the boundary point nearest the trunk road (no street data; not a "
        "surveyed gate) ({code})",
        "Bãi xe tạm: điểm trên ranh giới gần đường trục chính nhất (không có dữ liệu đường "
        "phố; không phải cổng đã khảo sát) ({code})",
    ),
    "haul_detour": (
        "access legs and hauls the trunk graph does not serve within {num_x}x the direct estimate",
        "chặng tiếp cận và chặng vận chuyển mà mạng đường trục không phục vụ được trong "
        "phạm vi {num_x} lần ước tính trực tiếp",
    ),
    "trunk_graph": ("trunk-road graph", "mạng đường trục chính"),
    "graph_size": (
        "{num_n} nodes, {num_e} directed edges",
        "{num_n} nút, {num_e} cạnh có hướng",
    ),
    "graph_components": (
        "{num_w} weak components (largest {num_p}% of nodes), {num_s} strong components",
        "{num_w} thành phần liên thông yếu (lớn nhất chiếm {num_p}% số nút), {num_s} thành "
        "phần liên thông mạnh",
    ),
    "largest_snap": ("largest snap: {code} ({name})", "điểm gắn xa nhất: {code} ({name})"),
    "tank_to_wheel": ("tank-to-wheel", "từ bình nhiên liệu đến bánh xe"),
    "desnz_hgv": (
        "DESNZ 2025 HGV factors, laden/empty per vehicle class (coefficients.csv)",
        "hệ số xe tải nặng DESNZ 2025, chở hàng/chạy rỗng theo loại xe (coefficients.csv)",
    ),
    "no_fleet_cost": ("no cost in the fleet data", "dữ liệu đội xe không có chi phí"),
    "fuel_from_co2e": (
        "CO2e / {num_f} kg CO2e per L ({txt_s})",
        "CO2e / {num_f} kg CO2e mỗi lít ({txt_s})",
    ),
    "route_hours": (
        "driving at the legal maximum truck speed (lower bound) + service_time_s.client per "
        "stop + unload_time_s.facility per unload",
        "chạy ở tốc độ tối đa cho phép của xe tải (cận dưới) + service_time_s.client mỗi "
        "điểm dừng + unload_time_s.facility mỗi lần dỡ tải",
    ),
    "km_estimated": (
        "estimated (great-circle x circuity)",
        "ước tính (đường chim bay × hệ số quanh co)",
    ),
    "km_road": ("road network", "mạng lưới đường"),
    "km_empty": (
        "garage to first stop, back from unloads",
        "từ bãi xe đến điểm dừng đầu, chiều về sau khi dỡ tải",
    ),
    "km_laden": ("waste on board", "xe đang chở chất thải"),
    "week_plan": (
        "day plan × collection_days_per_week",
        "kế hoạch một ngày × collection_days_per_week",
    ),
    "no_facility": (
        "none suitable in the data: haul not planned",
        "dữ liệu không có cơ sở phù hợp: không lập kế hoạch vận chuyển",
    ),
    "sources": ("enterprises or outlets", "doanh nghiệp hoặc cơ sở kinh doanh"),
    "no_tenants": (
        "no public tenant facts in the data: the park is mapped with its boundary only",
        "dữ liệu chưa có thông tin công khai về doanh nghiệp: khu chỉ được vẽ ranh giới",
    ),
    "add_tenants": (
        "add enterprises.csv rows to plan it",
        "thêm dòng vào enterprises.csv để lập kế hoạch",
    ),
    # coefficients and prices (eipgeo.coefficients cite(), eipgeo/data/prices.csv)
    "cite.published": ("published: {cite}", "đã công bố: {cite}"),
    "cite.derived": ("derived: {cite}", "suy ra: {cite}"),
    "cite.proxy": ("proxy: {cite}", "số liệu thay thế: {cite}"),
    "cite.unverified": ("unverified: {cite}", "chưa xác minh: {cite}"),
    "price": (
        "{code} {num_p} VND/t [{txt_region}] {cite}",
        "{code} {num_p} đ/t [{txt_region}], nguồn: {cite}",
    ),
    "price_cpi": (
        "{code} {num_p} VND/t × CPI {num_f} ({code_y}) [{txt_region}] {cite}",
        "{code} {num_p} đ/t × chỉ số CPI {num_f} ({code_y}) [{txt_region}], nguồn: {cite}",
    ),
    "region.national": (
        "national fallback (no {name} row)",
        "giá chung toàn quốc (không có giá riêng của {name})",
    ),
    "region.province": ("province: {name}", "tỉnh: {name}"),
    "region.macro": (
        "macro-region {txt_r} (no {name} row)",
        "{txt_r} (không có giá riêng của {name})",
    ),
    "region.north": ("north", "vùng phía Bắc"),
    "region.central": ("central", "vùng miền Trung"),
    "region.south": ("south", "vùng phía Nam"),
    # coverage of the park by its listed tenants (eipgeo.generation.park_coverage)
    "coverage.none": (
        "no published workforce or occupied land: the rest of the park is not estimated",
        "chưa có số liệu công bố về lao động hoặc đất đã sử dụng: không ước tính phần còn "
        "lại của khu",
    ),
    "coverage.workforce": (
        "published workforce {num_w} ({cite})",
        "lao động theo công bố {num_w} ({cite})",
    ),
    "coverage.listed": (
        "listed tenants {num_l} workers, of which {num_r} reported and {num_f} filled by the "
        "park average per project.",
        "doanh nghiệp được liệt kê có {num_l} lao động, trong đó {num_r} theo công bố và "
        "{num_f} điền theo bình quân mỗi dự án của khu.",
    ),
    "coverage.share": (
        "listed tenants' share of the park's published {txt_u}",
        "tỷ lệ của doanh nghiệp được liệt kê trong tổng {txt_u} đã công bố của khu",
    ),
    "coverage.reported": (
        "{num_r} reported, the rest filled by park averages",
        "{num_r} theo công bố, phần còn lại điền theo bình quân của khu",
    ),
    "coverage.single": (
        "published - listed (the published figure is a single value, no range)",
        "số công bố - số được liệt kê (số công bố là một giá trị, không có khoảng)",
    ),
    "coverage.range": (
        "published - listed; range {num_lo}-{num_hi} from the published range",
        "số công bố - số được liệt kê; khoảng {num_lo}-{num_hi} theo khoảng đã công bố",
    ),
    # plausibility (eipgeo.pathways.plausibility)
    "plaus.no_figure": (
        "no published calibration figure found (no park-level cost per tonne of industrial "
        "waste in the sources searched)",
        "chưa tìm thấy số liệu hiệu chỉnh đã công bố (các nguồn đã tra cứu không có chi phí "
        "mỗi tấn chất thải công nghiệp ở cấp khu)",
    ),
    "plaus.below": (
        "{num_x} x the bottom of the published range (below)",
        "bằng {num_x} lần mức dưới của khoảng đã công bố (thấp hơn)",
    ),
    "plaus.above": (
        "{num_x} x the top of the published range (above)",
        "bằng {num_x} lần mức trên của khoảng đã công bố (cao hơn)",
    ),
    "plaus.inside": ("inside the published range", "nằm trong khoảng đã công bố"),
    "plaus.published": (
        "published {num_lo}-{num_hi} {txt_u}",
        "số liệu công bố {num_lo}-{num_hi} {txt_u}",
    ),
    "plaus.published_area": (
        "published {num_lo}-{num_hi} {txt_u} (area: {cite})",
        "số liệu công bố {num_lo}-{num_hi} {txt_u} (diện tích: {cite})",
    ),
    # cost and GHG (eipgeo.pathways.cost_ghg_summary_rows)
    "ghg.labels": ("labels used: {txtl_l}", "nhãn đã dùng: {txtl_l}"),
    "ghg.method": ("method: {txt_m}", "phương pháp: {txt_m}"),
    "ghg.more_labels": (
        "+{num_n} more in waste_inventory.csv (ghg_method)",
        "và {num_n} nhãn khác trong waste_inventory.csv (ghg_method)",
    ),
    "ghg.cutoff": (
        "{code} (cut-off: transport to the recycler or kiln)",
        "{code} (phương pháp cắt: vận chuyển đến cơ sở tái chế hoặc lò nung)",
    ),
    "ghg.assumed": (
        "{txt_a} (no permitted destination: CO2e of {code} assumed)",
        "{txt_a} (chưa có nơi tiếp nhận được cấp phép: giả định CO2e của {code})",
    ),
    "ghg.unverified": (
        "{num_kg} kg CO2e/yr ({num_p} % of the total) use factors marked unverified "
        "({code}; see coefficients.csv)",
        "{num_kg} kg CO2e/năm ({num_p} % tổng) dùng hệ số chưa xác minh ({code}; xem "
        "coefficients.csv)",
    ),
    "envelope": (
        "envelope: lowest/highest product of t/yr (low, high) and price or factor (low, "
        "high), all low ends together",
        "biên: tích nhỏ nhất/lớn nhất của t/năm (thấp, cao) và đơn giá hoặc hệ số (thấp, "
        "cao), mọi đầu thấp cùng nhau",
    ),
    "not_ci": ("not a confidence interval", "không phải khoảng tin cậy"),
    "cost_excludes": (
        "cost excludes {num_t} t/yr whose cost is unknown (ordinary waste with no facility, "
        "a hazardous treatment or a declared fate with no sourced price: see price_keys)",
        "chi phí không tính {num_t} t/năm chưa biết chi phí (chất thải thông thường chưa có "
        "cơ sở xử lý, xử lý chất thải nguy hại hoặc hướng xử lý đã kê khai chưa có giá có "
        "nguồn: xem price_keys)",
    ),
    "excludes": (
        "excludes {num_t} t/yr whose cost is unknown (unassigned ordinary waste, a hazardous "
        "treatment or a declared fate with no sourced price: see price_keys)",
        "không tính {num_t} t/năm chưa biết chi phí (chất thải thông thường chưa có hướng xử "
        "lý, xử lý chất thải nguy hại hoặc hướng xử lý đã kê khai chưa có giá có nguồn: xem "
        "price_keys)",
    ),
    "range": ("range {num_lo}-{num_hi}", "khoảng {num_lo}-{num_hi}"),
    "range_sum": (
        "range: sum of the rows' lows and highs (full correlation, eipgeo.generation.total_range)",
        "khoảng: tổng các mức thấp và mức cao của các dòng (tương quan hoàn toàn, "
        "eipgeo.generation.total_range)",
    ),
    "rest_not_routed": ("rest of park (not routed)", "phần còn lại của khu (không lập tuyến)"),
    "park_total_parts": (
        "park total (listed + rest of park)",
        "tổng toàn khu (được liệt kê + phần còn lại của khu)",
    ),
    "park_total_partial": (
        "park total (listed + rest of park) of the streams whose value is known (a partial sum)",
        "tổng toàn khu (được liệt kê + phần còn lại của khu) của các dòng thải đã biết giá "
        "trị (tổng một phần)",
    ),
    "listed_plus_rest": ("listed + rest of park", "được liệt kê + phần còn lại của khu"),
    "eq_park_total": (
        "= park_total (listed + rest of park)",
        "= park_total (được liệt kê + phần còn lại của khu)",
    ),
    "prices_of_province": (
        "prices of eipgeo/data/prices.csv for the park's province (see the price.* rows and "
        "each stream's price_basis)",
        "đơn giá trong eipgeo/data/prices.csv của tỉnh có khu (xem các dòng price.* và "
        "price_basis của từng dòng thải)",
    ),
    "unknown_no_data": (
        "unknown: no tenant, workforce or occupied land in the park's data, so nothing can be "
        "estimated (not zero)",
        "chưa biết: dữ liệu của khu chưa có doanh nghiệp, lao động hoặc đất đã sử dụng nên "
        "không ước tính được (không phải bằng 0)",
    ),
    "add_data": (
        "add enterprises.csv rows or park.json statistics",
        "thêm dòng vào enterprises.csv hoặc số liệu thống kê vào park.json",
    ),
    "npd_co2e": (
        "CO2e of the treatment the rule gives each stream",
        "CO2e của hướng xử lý mà quy tắc gán cho từng dòng thải",
    ),
    "npd_included": ("included in the total", "đã tính trong tổng"),
    "npd_included_in": ("included in {code}", "đã tính trong {code}"),
    "npd_cost": (
        "priced as the treatment each stream's rule gives, or, where that treatment has no "
        "sourced price, at the licensed hazardous collection and treatment price (see price.* "
        "rows)",
        "tính giá theo hướng xử lý mà quy tắc gán cho từng dòng thải, hoặc, khi hướng xử lý "
        "đó chưa có giá có nguồn, theo giá thu gom và xử lý chất thải nguy hại của đơn vị được "
        "cấp phép (xem các dòng price.*)",
    ),
    "revenue": (
        "scrap revenue (positive), already subtracted in waste_cost_vnd_per_yr",
        "doanh thu phế liệu (số dương), đã trừ vào waste_cost_vnd_per_yr",
    ),
    "no_price_no_revenue": (
        "materials with no sourced price earn none",
        "vật liệu chưa có giá có nguồn thì không tính doanh thu",
    ),
    "share_of_tyr": ("share of the park's t/yr", "tỷ lệ trong t/năm của khu"),
    "of_park_total": ("of the park total", "của tổng toàn khu"),
    "pct_of_park_total": ("{num_p} % of the park total", "{num_p} % tổng toàn khu"),
    "of_non_domestic": ("of non-domestic t/yr", "trên t/năm không kể chất thải sinh hoạt"),
    "shares_by_sector": ("shares used by sector: {txt_s}", "tỷ lệ dùng theo ngành: {txt_s}"),
    "hazardous_share_all": (
        "hazardous share {num_p} % all-industry (HCMC), no sector source",
        "tỷ lệ nguy hại {num_p} % chung mọi ngành (TP.HCM), không có nguồn theo ngành",
    ),
    "hazardous_range_all": (
        "all-industry published range {num_lo}-{num_hi} % ({cite})",
        "khoảng đã công bố chung mọi ngành {num_lo}-{num_hi} % ({cite})",
    ),
    "handled_hazardous": (
        "handled as hazardous (KS: hazardous unless tested below the threshold)",
        "xử lý như chất thải nguy hại (KS: là nguy hại trừ khi phân tích cho kết quả dưới ngưỡng)",
    ),
    "see_inventory": ("see waste_inventory.csv", "xem tệp waste_inventory.csv"),
    "listed_named": (
        "listed tenants (public sources name them)",
        "doanh nghiệp được liệt kê (có tên trong nguồn công khai)",
    ),
    "method.declared": (
        "the tenant's own public disclosure of the stream",
        "số liệu doanh nghiệp tự công bố về dòng thải",
    ),
    "method.all_sector": (
        "workers x the all-sector Vietnamese IZ rate (no division rate)",
        "số lao động × hệ số chung mọi ngành của khu công nghiệp Việt Nam (không có hệ số "
        "theo ngành cấp 2)",
    ),
    "method.division": (
        "workers x the per-worker rate of the tenant's ISIC division",
        "số lao động × hệ số theo lao động của ngành cấp 2 ISIC của doanh nghiệp",
    ),
    "method.rest_per_worker": (
        "unlisted workforce x the all-sector IZ rate",
        "lao động chưa liệt kê × hệ số chung mọi ngành của khu công nghiệp",
    ),
    "method.rest_per_ha": (
        "unlisted land x the all-sector IZ rate per ha",
        "diện tích chưa liệt kê × hệ số chung mọi ngành của khu công nghiệp theo ha",
    ),
    "npd_streams": (
        "hazardous and controlled streams no handler in the data is permitted for: listed, "
        "not routed (never to a depot)",
        "dòng chất thải nguy hại và cần kiểm soát chưa có đơn vị xử lý được cấp phép trong dữ "
        "liệu: được liệt kê, không lập tuyến (không bao giờ chở về bãi xe)",
    ),
    "sites_list": ("sites {code}", "cơ sở {code}"),
    "suppressed.dominance": (
        "suppressed: one firm over {num_p} % of the total",
        "ẩn: một doanh nghiệp chiếm hơn {num_p} % tổng",
    ),
    "suppressed.few": ("suppressed: fewer than {num_k} firms", "ẩn: ít hơn {num_k} doanh nghiệp"),
    "suppressed.secondary": (
        "suppressed: secondary (protects another group)",
        "ẩn: ẩn thứ cấp (bảo vệ một nhóm khác)",
    ),
    "suppressed.total": (
        "suppressed: the total is the one suppressed group",
        "ẩn: tổng chính là nhóm duy nhất bị ẩn",
    ),
    "all_groups": ("(all groups)", "(mọi nhóm)"),
    "unknown_group": ("(unknown)", "(chưa rõ)"),
    "not_computable": ("not computable: {txt_w}", "không tính được: {txt_w}"),
    # feasibility.html: assumptions, risks and appraisal notes (eipgeo.scenario.interventions,
    # eipgeo.appraisal)
    "feas.candidate_risk": (
        "A candidate to investigate, not a plan exchange: {txtl_why}. The quantity is the "
        "supplier's whole offer.",
        "Đây là cơ hội cần khảo sát, chưa phải trao đổi trong kế hoạch: {txtl_why}. Khối lượng "
        "là toàn bộ lượng bên cung cấp có thể cung cấp.",
    ),
    "feas.summary": (
        "{name} sends {num_t} t/yr of {mat} (waste code {code2}, {txt_c}) to {name2} for "
        "{name3}, {num_km} km by road.",
        "{name} chuyển {num_t} t/năm {mat} (mã chất thải {code2}, {txt_c}) cho {name2} để "
        "{name3}, {num_km} km theo đường bộ.",
    ),
    # the assumptions' items (eipgeo.scenario.interventions._assume)
    "feas.item.haul_cost": ("haul cost", "chi phí vận chuyển"),
    "feas.item.haul_price": ("haul price", "đơn giá vận chuyển"),
    "feas.item.laden_haul_avoided": ("laden haul avoided", "quãng chở hàng tránh được"),
    "feas.item.onward_haul": (
        "onward haul (laden, one way)",
        "vận chuyển tiếp (chở hàng, một chiều)",
    ),
    "feas.item.quantity": ("quantity exchanged", "khối lượng trao đổi"),
    "feas.item.reduction": ("reduction of every stream", "mức giảm của mọi dòng thải"),
    "feas.item.road_distance": ("road distance", "quãng đường bộ"),
    "feas.item.route_co2e_avoided": ("route CO2e avoided", "CO2e của tuyến tránh được"),
    "feas.item.route_km_avoided": ("route distance avoided", "quãng đường tuyến tránh được"),
    "feas.item.handled": ("waste handled at the facility", "chất thải xử lý tại cơ sở"),
    "feas.item.purchase": (
        "receiver's avoided purchase price",
        "giá mua nguyên liệu bên tiếp nhận tránh được",
    ),
    "feas.item.processing": ("receiver's processing cost", "chi phí chế biến của bên tiếp nhận"),
    "feas.item.disposal_cost": ("disposal cost of {code}", "chi phí xử lý của {code}"),
    "feas.item.co2e_of": (
        "CO2e of {code} where it goes",
        "CO2e của {code} theo hướng xử lý hiện nay",
    ),
    "feas.item.avoided_at_source": ("avoided at source (RECP)", "tránh phát sinh tại nguồn (RECP)"),
    "feas.item.scenario_file": (
        "the scenario file (an assumption to replace with the RECP assessment's figure)",
        "tệp kịch bản (giả định, cần thay bằng số liệu đánh giá RECP)",
    ),
    "feas.unknown_price": (
        "{num_t} t/yr avoided have no known disposal price and are not counted as savings.",
        "{num_t} t/năm tránh được chưa biết giá xử lý nên không được tính là khoản tiết kiệm.",
    ),
    "feas.co2e_today": (
        "CO2e per t where the stream goes today",
        "CO2e mỗi tấn theo hướng xử lý hiện nay của dòng thải",
    ),
    "feas.co2e_exchange": (
        "CO2e per t of the exchange (route, haul included)",
        "CO2e mỗi tấn của trao đổi (kể cả tuyến và vận chuyển)",
    ),
    "feas.link_unverified": (
        "Catalogue link {code} is unverified: confirm the receiver's process can take this "
        "material.",
        "Liên kết {code} trong danh mục chưa được xác minh: cần xác nhận quy trình của bên "
        "tiếp nhận sử dụng được vật liệu này.",
    ),
    "feas.road_km": ("{cite} × road km", "{cite} × km đường bộ"),
    "feas.irr_formula": (
        "IRR: the r with Σ_t CF_t/(1+r)^t = 0",
        "IRR: giá trị r thỏa mãn Σ_t CF_t/(1+r)^t = 0",
    ),
    "feas.no_sign_change": (
        "NPV does not change sign between 0 and {num_hi} {txt_u}",
        "NPV không đổi dấu trong khoảng từ 0 đến {num_hi} {txt_u}",
    ),
    "feas.npv_zero": ("NPV = 0 at this value", "NPV = 0 tại giá trị này"),
    "feas.benefit_split": (
        "The benefit split shows each party's operating benefit before capex and opex; who "
        "pays those is for the parties to agree.",
        "Bảng phân chia lợi ích cho thấy lợi ích vận hành của từng bên trước chi phí đầu tư và "
        "chi phí vận hành; bên nào chi trả các khoản này do các bên thỏa thuận.",
    ),
    "feas.counterfactual": (
        "The counterfactual is the model's baseline pathway for this stream (what it costs "
        "and emits today), not a landfill default.",
        "Kịch bản đối chứng là hướng xử lý hiện trạng của dòng thải trong mô hình (chi phí và "
        "phát thải hiện nay), không mặc định là chôn lấp.",
    ),
    "feas.haul_paid": (
        "The haul is paid by the supplier in the benefit split (an assumption).",
        "Trong bảng phân chia lợi ích, bên cung cấp trả chi phí vận chuyển (giả định).",
    ),
    "feas.purchase_unknown": (
        "The receiver's avoided purchase is unknown and not counted; the appraisal "
        "understates the exchange's value.",
        "Khoản mua nguyên liệu mà bên tiếp nhận tránh được chưa biết nên không được tính; "
        "đánh giá này thấp hơn giá trị thực của trao đổi.",
    ),
    "feas.dong_nai_prices": (
        "Waste prices are Dong Nai's 2025/26 maximum tariffs (and a 2009 HCMC price for "
        "hazardous treatment) used for every province: check the province's own tariff.",
        "Giá chất thải là giá tối đa 2025/26 của Đồng Nai (và giá xử lý chất thải nguy hại "
        "năm 2009 của TP.HCM) dùng cho mọi tỉnh: cần kiểm tra biểu giá của chính tỉnh đó.",
    ),
    "feas.baseline_pathway": (
        "baseline pathway {code}: {cite}",
        "hướng xử lý hiện trạng {code}: {cite}",
    ),
    "feas.payback_formula": (
        "first k with C_k = Σ_{{s≤k}} CF_s ≥ 0; payback = (k−1) + (−C_{{k−1}})/CF_k",
        "k nhỏ nhất có C_k = Σ_{{s≤k}} CF_s ≥ 0; thời gian hoàn vốn = (k−1) + (−C_{{k−1}})/CF_k",
    ),
    "feas.illustrative": (
        "illustrative assumption (unverified): {cite}",
        "giả định minh họa (chưa xác minh): {cite}",
    ),
    "feas.illustrative_only": (
        "illustrative assumption (unverified)",
        "giả định minh họa (chưa xác minh)",
    ),
    "feas.link_route": (
        "link {code}'s recycling route factor (DESNZ cut-off: transport to the facility "
        "included, so the {num_km} km haul adds nothing on top)",
        "hệ số tuyến tái chế của liên kết {code} (phương pháp cắt của DESNZ: đã gồm vận "
        "chuyển đến cơ sở, nên quãng đường {num_km} km không cộng thêm)",
    ),
    "feas.route_coef": (
        "{cite} (DESNZ cut-off: transport to the facility included, so the {num_km} km haul "
        "adds nothing on top)",
        "{cite} (phương pháp cắt của DESNZ: đã gồm vận chuyển đến cơ sở, nên quãng đường "
        "{num_km} km không cộng thêm)",
    ),
    "feas.no_irr": (
        "no IRR: all flows negative (the measure never brings money in, so no discount rate "
        "brings the NPV to 0)",
        "không có IRR: mọi dòng tiền đều âm (giải pháp không tạo ra khoản thu nào, nên không "
        "có suất chiết khấu nào đưa NPV về 0)",
    ),
    "feas.no_irr_positive": (
        "no IRR: all flows positive (no investment to recover)",
        "không có IRR: mọi dòng tiền đều dương (không có khoản đầu tư cần thu hồi)",
    ),
    "feas.no_mirr": (
        "no MIRR: the flows need both money in and money out",
        "không có MIRR: cần có cả dòng tiền vào và dòng tiền ra",
    ),
    "feas.mirr_rate": (
        "finance and reinvestment rate r = {num_r} %/yr",
        "lãi suất tài trợ và tái đầu tư r = {num_r} %/năm",
    ),
    "feas.no_tonnes": (
        "no tonnes diverted (present value of tonnes is 0)",
        "không có khối lượng được chuyển hướng (giá trị hiện tại của khối lượng bằng 0)",
    ),
    "feas.no_reduction": (
        "no net CO2e reduction (present value of reductions ≤ 0)",
        "không giảm CO2e ròng (giá trị hiện tại của lượng giảm ≤ 0)",
    ),
    "feas.negative_ac": (
        "negative: saves money while abating ({txt_at})",
        "âm: vừa giảm phát thải vừa tiết kiệm chi phí ({txt_at})",
    ),
    "feas.no_gains": (
        "no party gains (total positive benefit is 0): shares are undefined",
        "không bên nào có lợi (tổng lợi ích dương bằng 0): không xác định được tỷ lệ chia",
    ),
    "feas.no_price": (
        "no published price of the material replaced: NOT counted (give "
        "avoided_purchase_vnd_per_t to count it)",
        "chưa có giá công bố của vật liệu được thay thế: KHÔNG tính (nhập "
        "avoided_purchase_vnd_per_t để tính)",
    ),
    "feas.not_paid_back_disc": (
        "not paid back on discounted flows by year {num_y} ({txt_at})",
        "chưa hoàn vốn theo dòng tiền chiết khấu đến năm {num_y} ({txt_at})",
    ),
    "feas.at": (
        "r = {num_r} %/yr, t = 0..{num_t}",
        "r = {num_r} %/năm, t = 0..{num_t}",
    ),
    "feas.not_paid_back": (
        "not paid back: the cumulative net cash flow stays negative to year {num_y}",
        "chưa hoàn vốn: dòng tiền ròng lũy kế vẫn âm đến năm {num_y}",
    ),
    "feas.avoided_cost": (
        "supplier's avoided cost where the stream goes today",
        "chi phí bên cung cấp tránh được theo hướng xử lý hiện nay của dòng thải",
    ),
    "feas.capped": (
        "the supplier's estimated stream, capped by the plan (symbiosis.csv)",
        "dòng thải ước tính của bên cung cấp, giới hạn theo kế hoạch (symbiosis.csv)",
    ),
    "feas.as_simple": (
        "as simple payback, on CF_t/(1+r)^t",
        "như thời gian hoàn vốn giản đơn, trên CF_t/(1+r)^t",
    ),
    "unit.pct_park_t": ("% of park t/yr", "% t/năm của khu"),
    "unit.l_day": ("L/day", "lít/ngày"),
    "unit.vnd_day": ("VND/day", "đ/ngày"),
    "unit.vnd_t_revenue": ("VND/t revenue", "đ/t doanh thu"),
    "unit.vnd_week": ("VND/week", "đ/tuần"),
    "unit.days_week": ("days/week", "ngày/tuần"),
    "unit.h_day": ("h/day", "giờ/ngày"),
    "unit.co2e_kg_day": ("kg CO2e/day", "kg CO2e/ngày"),
    "unit.co2e_kg_week": ("kg CO2e/week", "kg CO2e/tuần"),
    "unit.km_week": ("km/week", "km/tuần"),
    "unit.nodes": ("nodes", "nút"),
    "unit.ratio": ("ratio", "tỷ số"),
    "unit.s_stop": ("s/stop", "giây/điểm dừng"),
    "unit.s_unload": ("s/unload", "giây/lần dỡ tải"),
    "unit.t_ha_yr": ("t/ha/yr", "t/ha/năm"),
    "unit.t_worker_yr": ("t/worker/yr", "t/lao động/năm"),
    "unit.tkm_day": ("t·km/day", "t·km/ngày"),
    "unit.links": ("links", "liên kết"),
    "unit.non_domestic": ("of the non-domestic t/yr", "trên t/năm không kể chất thải sinh hoạt"),
    "bulk_excluded": (
        "without {num_t} t/yr of process streams shipped in bulk by their generators (e.g. "
        "phosphogypsum)",
        "không kể {num_t} t/năm dòng thải sản xuất khối lượng lớn do chủ nguồn thải tự vận "
        "chuyển (ví dụ thạch cao phospho)",
    ),
    "method.production": (
        "production-based intensity x the tenant's capacity or output",
        "hệ số phát sinh theo sản lượng × công suất hoặc sản lượng của doanh nghiệp",
    ),
    "mon.measured_of": (
        "measured {num_m} of {num_n} streams",
        "có số đo {num_m} trên {num_n} dòng thải",
    ),
    "mon.rest_carried": (
        "the rest baseline_carried",
        "phần còn lại giữ số liệu hiện trạng (baseline_carried)",
    ),
    # EIP indicators (eipgeo.indicators, eipgeo/data/eip_criteria.csv)
    "ind.reused": (
        "Share of waste reused or recycled",
        "Tỷ lệ chất thải được tái sử dụng, tái chế",
    ),
    "ind.landfilled": ("Share of waste landfilled", "Tỷ lệ chất thải chôn lấp"),
    "ind.hazardous_licensed": (
        "Hazardous waste handled by licensed facilities",
        "Chất thải nguy hại do cơ sở được cấp phép xử lý",
    ),
    "ind.links": ("Number of industrial-symbiosis links", "Số liên kết cộng sinh công nghiệp"),
    "ind.firms_symbiosis": ("Firms in symbiosis", "Doanh nghiệp tham gia cộng sinh"),
    "ind.firms_recp": ("Firms applying RECP", "Doanh nghiệp áp dụng RECP"),
    "ind.not_known": ("not known", "chưa biết"),
    "ind.decree_35": ("Decree 35/2022/ND-CP", "Nghị định 35/2022/NĐ-CP"),
    "ind.threshold_unknown": ("threshold unknown", "chưa biết ngưỡng"),
    "ind.below": ("below threshold", "dưới ngưỡng"),
    "ind.potential": (
        "potential: threshold reached by the plan, not running (no monitoring record)",
        "tiềm năng: kế hoạch đạt ngưỡng, chưa vận hành (chưa có số liệu quan trắc, giám sát)",
    ),
    "ind.not_a_park": (
        "not applicable: not an industrial park",
        "không áp dụng: không phải khu công nghiệp",
    ),
    "ind.art_37_2_b": (
        "Art. 37(2)(b): at least one (01) industrial-symbiosis link is running",
        "Điều 37 khoản 2 điểm b: có ít nhất một (01) liên kết cộng sinh công nghiệp đang vận hành",
    ),
    "ind.art_37_2_c": (
        "Art. 37(2)(c): at least 20% of the enterprises in the IP apply RECP solutions",
        "Điều 37 khoản 2 điểm c: ít nhất 20% doanh nghiệp trong khu công nghiệp áp dụng giải "
        "pháp sử dụng hiệu quả tài nguyên và sản xuất sạch hơn (RECP)",
    ),
    "ind.no_target": (
        "no numeric waste target found in Decree 35 ({code}) nor in IFEIP v2.0 ({code2})",
        "không tìm thấy chỉ tiêu định lượng về chất thải trong Nghị định 35 ({code}) hay "
        "IFEIP v2.0 ({code2})",
    ),
    "ind.ifeip_hazardous": (
        "IFEIP v2.0 hazardous-waste requirement: number not found ({code})",
        "yêu cầu về chất thải nguy hại của IFEIP v2.0: không tìm thấy con số ({code})",
    ),
    "ind.no_share": (
        "no Decree 35 share found; the 10% of an older, unnamed framework is not to be used "
        "({code})",
        "Nghị định 35 không nêu tỷ lệ; không dùng mức 10% của một khung tiêu chí cũ không rõ "
        "tên ({code})",
    ),
    "ind.rates_basis": (
        "eipgeo/data/generation_rates.csv and sector_profiles.csv (keys in the coefficients "
        "column)",
        "eipgeo/data/generation_rates.csv và sector_profiles.csv (khóa ở cột coefficients)",
    ),
    "ind.proposed": (
        "{txt_b}; includes proposed facilities ({code})",
        "{txt_b}; gồm cả cơ sở xử lý đề xuất ({code})",
    ),
    # symbiosis: why a pair is not in the plan (eipgeo.symbiosis)
    "sym.demand_unknown": (
        "demand unknown: the receiver's intake is not published; ask the receiver",
        "chưa biết nhu cầu: lượng tiếp nhận của bên tiếp nhận chưa được công bố; cần hỏi bên "
        "tiếp nhận",
    ),
    "sym.inferred": (
        "receiver process inferred from its ISIC class {code}: confirm it runs {code2} and "
        "takes {mat}",
        "quy trình của bên tiếp nhận suy ra từ mã ngành ISIC {code}: cần xác nhận cơ sở vận "
        "hành {code2} và tiếp nhận {mat}",
    ),
    "sym.link_unverified": (
        "catalogue link {code} is unverified: find a published case or reference",
        "liên kết {code} trong danh mục chưa được xác minh: cần tìm trường hợp đã công bố "
        "hoặc tài liệu tham khảo",
    ),
    "sym.capability": (
        "capability unverified: {code} takes {code2} ({cite}) [{cite2}]",
        "chưa xác minh năng lực tiếp nhận: {code} tiếp nhận {code2} ({cite}) [{cite2}]",
    ),
    "sym.capability_short": (
        "capability unverified: {code} takes {code2} [{cite2}]",
        "chưa xác minh năng lực tiếp nhận: {code} tiếp nhận {code2} [{cite2}]",
    ),
    "sym.reported": ("reported: {cite}", "đã được báo cáo: {cite}"),
    "sym.technical": ("technical: {cite}", "cơ sở kỹ thuật: {cite}"),
    "sym.documented": ("documented_running: {cite}", "đã công bố, đang vận hành: {cite}"),
    # generation by land (eipgeo.generation)
    "method.rest_per_ha_occupied": (
        "unlisted occupied land x the per-hectare IZ rate",
        "diện tích đã sử dụng chưa liệt kê × hệ số theo ha của khu công nghiệp",
    ),
    "occupied_land": ("occupied or leased land", "đất đã sử dụng hoặc cho thuê"),
    "circular_rate": (
        "partly circular where the rest of the park is estimated at the Dong Nai rate per "
        "occupied ha",
        "có phần vòng lặp khi phần còn lại của khu được ước tính theo hệ số của Đồng Nai trên "
        "mỗi ha đã sử dụng",
    ),
    "no_published_workforce": ("no published workforce", "chưa có số lao động được công bố"),
    "coverage.land": (
        "occupied or leased land {num_a} ha ({cite})",
        "đất đã sử dụng hoặc cho thuê {num_a} ha ({cite})",
    ),
    "coverage.listed_land": (
        "listed tenants {num_l} ha ({num_r} ha reported; {txt_f})",
        "doanh nghiệp được liệt kê {num_l} ha ({num_r} ha theo công bố; {txt_f})",
    ),
    "coverage.fill_land": (
        "{num_n} tenants without an area filled at {num_a} ha / {num_p} projects = {num_e} ha each",
        "{num_n} doanh nghiệp chưa có diện tích được điền theo {num_a} ha / {num_p} dự án = "
        "{num_e} ha mỗi doanh nghiệp",
    ),
    "coverage.no_fill_land": (
        "tenants without an area count as 0 ha (no project count to fill them)",
        "doanh nghiệp chưa có diện tích được tính 0 ha (không có số dự án để điền)",
    ),
    "method.per_outlet": (
        "per-outlet or per-worker rate of a food-service outlet",
        "hệ số theo cơ sở hoặc theo lao động của cơ sở ăn uống",
    ),
    "rest_of_park_note": (
        "rest of park: unlisted workforce or land at the IZ average (not routed)",
        "phần còn lại của khu: lao động hoặc diện tích chưa liệt kê theo bình quân khu công "
        "nghiệp (không lập tuyến)",
    ),
    "unassigned_sites": (
        "no licensed/accepting facility in the data for: {code}",
        "dữ liệu không có cơ sở được cấp phép/tiếp nhận cho: {code}",
    ),
}
"""Note key -> (English, Vietnamese) of whole sentences of the notes ``summary.csv`` and
the tables carry. ``{num_*}`` placeholders are numbers (written per language: vi-VN
``1.329.194.619``, ``4.551,9``); ``{txt_*}`` are texts translated in turn (:func:`note`;
a ``{txtl_*}`` may hold ``; ``); ``{cite*}`` is a source (titles, URLs, quotes: kept in
its language, marked ``lang=en`` on the page); ``{name*}`` a name (marked
``translate=no``); any other placeholder (``{code}``) is shown as it is."""

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_NUM = r"-?\d[\d,]*(?:\.\d+)?"
CITE_START, CITE_END = "\x02", "\x03"
"""Marks around a source kept in its own language inside a Vietnamese note."""
NAME_START, NAME_END = "\x04", "\x05"
"""Marks around a name (of a firm, a facility, a park) inside a Vietnamese note."""


def _note_regex(template: str) -> re.Pattern[str]:
    out, at = [], 0
    for m in _PLACEHOLDER.finditer(template):
        out.append(_literal(template[at : m.start()]))
        name = m.group(1)
        if name.startswith("num"):
            out.append(f"(?P<{name}>{_NUM})")
        else:  # a source or a name may hold its own "; ", nothing else does
            out.append(
                f"(?P<{name}>.+?)"
                if name.startswith(("cite", "name", "txtl"))
                else f"(?P<{name}>(?:(?!; ).)+?)"
            )
        at = m.end()
    out.append(_literal(template[at:]))
    return re.compile("".join(out), re.DOTALL)


def _literal(text: str) -> str:
    """Return the regex of a template's literal text (``{{`` and ``}}`` are braces)."""
    return re.escape(text.replace("{{", "{").replace("}}", "}"))


_NOTE_TEMPLATES = [
    (_note_regex(en), vi)
    for en, vi in sorted(NOTES.values(), key=lambda p: -len(_PLACEHOLDER.sub("", p[0])))
]

_URL = re.compile(r"https?://\S+|<[^>]*>")
_EN_NUMBER = re.compile(
    r"(?<![\w./,§-])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w/])|(?<![\w./,§])\d+\.\d+(?![\w./])"
)


def vi_numbers(text: str) -> str:
    """Return ``text`` with its English-formatted numbers written the vi-VN way.

    Parameters
    ----------
    text
        Any text; numbers in URLs (``https://…``, ``<…>``) and after ``§`` are left alone.

    Returns
    -------
    str
        ``1,329,194,619`` as ``1.329.194.619``, ``4,551.9`` as ``4.551,9``.
    """
    out, at = [], 0
    for m in _URL.finditer(text):
        out.append(_EN_NUMBER.sub(lambda n: _swap(n.group(0)), text[at : m.start()]))
        out.append(m.group(0))
        at = m.end()
    out.append(_EN_NUMBER.sub(lambda n: _swap(n.group(0)), text[at:]))
    return "".join(out)


def _swap(en: str) -> str:
    return en.replace(",", "\0").replace(".", ",").replace("\0", ".")


def segments(text: str) -> list[str]:
    """Split a note at ``; `` outside brackets (a source's own ``;`` stays in it).

    Parameters
    ----------
    text
        A note (``summary.csv``, a table cell).

    Returns
    -------
    list of str
        Its non-empty pieces, in order.
    """
    parts, depth, angle, start = [], 0, 0, 0
    for i, ch in enumerate(text):  # '>' closes only a '<' (not '>24,000')
        depth += ch in "([<"
        depth -= (ch in ")]" or (ch == ">" and angle > 0)) and depth > 0
        angle += (ch == "<") - (ch == ">" and angle > 0)
        if depth == 0 and text.startswith("; ", i):
            parts.append(text[start:i])
            start = i + 2
    parts.append(text[start:])
    return [p for p in parts if p != ""]


def _balanced(text: str) -> bool:
    """Return whether no bracket of ``text`` closes one opened before it.

    A source is one piece: it may end unclosed (``summary.csv`` cuts notes at 500
    characters) but never closes a bracket of the sentence around it.
    """
    depth = angle = 0
    for ch in text:
        depth += (ch in "([") - (ch in ")]")
        angle += (ch == "<") - (ch == ">" and angle > 0)
        if depth < 0:
            return False
    return True


def _template_vi(text: str) -> str | None:
    """Return the Vietnamese of ``text`` if a sentence of :data:`NOTES` matches all of it."""
    for pattern, vi in _NOTE_TEMPLATES:
        m = pattern.fullmatch(text)
        if m is None or not all(
            _balanced(v) for k, v in m.groupdict().items() if k.startswith("cite")
        ):
            continue
        fields = {}
        for name, value in m.groupdict().items():
            if name.startswith("num"):
                fields[name] = _swap(value)
            elif name.startswith("txt"):
                known = next((f"{p}{value}" for p in _VALUE_KEYS if f"{p}{value}" in CATALOGUE), "")
                fields[name] = CATALOGUE[known][1] if known else _note_vi(value)
            elif name.startswith("mat"):  # a stream or material: its one name
                fields[name] = material_vi(value)
            elif name.startswith("cite"):
                fields[name] = f"{CITE_START}{value}{CITE_END}"
            elif name.startswith("name"):
                fields[name] = f"{NAME_START}{value}{NAME_END}"
            else:
                fields[name] = value
        return vi.format(**fields)
    return None


_VALUE_KEYS = ("class.", "pathway.", "basis.", "status.")
"""Catalogue prefixes a ``{txt_*}`` value is looked up under first (``ordinary``)."""

_ROWS = re.compile(r"(\w+) (\d+) rows")


def _note_vi(text: str) -> str:
    """Return the Vietnamese of a note.

    Piece after piece, the longest run of ``; ``-separated pieces that a sentence of
    :data:`NOTES` matches; a piece none matches gets the catalogue's phrases and its
    numbers written the vi-VN way.
    """
    pieces, out = segments(text), []
    while pieces:  # all that is left, else the shortest run a sentence matches
        for end in (len(pieces), *range(1, len(pieces))):
            found = _template_vi("; ".join(pieces[:end]))
            if found is not None:
                out.append(found)
                pieces = pieces[end:]
                break
        else:
            out.append(_phrases_vi(pieces.pop(0)))
    return "; ".join(out)


_FUNCTION_WORDS = re.compile(r"\b(?:the|of|and|with|for|is|are|not|to)\b", re.IGNORECASE)
"""English words that make a text a sentence: such a text, when no sentence of
:data:`NOTES` matches it, is left whole (numbers aside) rather than half translated."""


def _phrases_vi(text: str) -> str:
    rows = [_ROWS.fullmatch(p) for p in text.split(", ")]
    if all(rows):  # "estimated 71 rows, declared 2 rows"
        return ", ".join(
            f"{pair(f'basis.{m.group(1)}', m.group(1))[1]} {m.group(2)} dòng"
            for m in rows
            if m is not None
        )
    vi = text
    for pattern, vi_phrase in _NOTE_PHRASES:
        vi = pattern.sub(vi_phrase.replace("\\", "\\\\"), vi)
    if vi != text and _FUNCTION_WORDS.search(_URL.sub("", vi)):
        vi = text  # half translated: an English sentence stays whole
    return vi_numbers(vi)

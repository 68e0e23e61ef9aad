"""The layout-review page: one HTML document, its script and its labels in English and Vietnamese.

The page loads Leaflet from the app itself (``/assets/leaflet.js`` and ``.css``, the
folium-offline copies the maps inline), draws the park from ``/api/state`` and posts each
change to ``/api/change``. It uses no image, font or tile from anywhere: markers are
Leaflet ``divIcon`` and circle markers, and the map has no base tiles.
"""

from __future__ import annotations

import json

LABELS: dict[str, dict[str, str]] = {
    "title": {"en": "Layout review", "vi": "Rà soát bố trí"},
    "figure": {"en": "Figure", "vi": "Chỉ số"},
    "baseline": {"en": "Baseline", "vi": "Hiện trạng"},
    "current": {"en": "Layout", "vi": "Bố trí"},
    "delta": {"en": "Change", "vi": "Thay đổi"},
    "waste_t_per_yr.ordinary": {"en": "Ordinary waste", "vi": "CTR công nghiệp thông thường"},
    "waste_t_per_yr.controlled": {"en": "Controlled waste (KS)", "vi": "Chất thải cần kiểm soát"},
    "waste_t_per_yr.hazardous": {"en": "Hazardous waste", "vi": "Chất thải nguy hại"},
    "waste_t_per_yr.domestic": {"en": "Domestic waste", "vi": "Chất thải sinh hoạt"},
    "waste_t_per_yr.total": {"en": "Waste, total", "vi": "Tổng chất thải"},
    "route_km.total": {"en": "Route distance", "vi": "Quãng đường thu gom"},
    "route_co2e_kg": {"en": "Route CO2e", "vi": "CO2e vận chuyển"},
    "trucks": {"en": "Trucks", "vi": "Số xe"},
    "exchanges": {"en": "Exchanges", "vi": "Trao đổi cộng sinh"},
    "exchange_t_per_yr": {"en": "Exchanged", "vi": "Khối lượng trao đổi"},
    "warnings": {"en": "Warnings", "vi": "Cảnh báo"},
    "layout_warnings": {"en": "Layout warnings", "vi": "Cảnh báo bố trí"},
    "other_warnings": {"en": "Other warnings", "vi": "Cảnh báo khác"},
    "none": {"en": "none", "vi": "không có"},
    "add_tenant": {"en": "Add a tenant", "vi": "Thêm doanh nghiệp"},
    "sector": {"en": "Sector (ISIC Rev.4 class)", "vi": "Ngành (mã VSIC/ISIC 4 số)"},
    "workers": {"en": "Workers", "vi": "Số lao động"},
    "name": {"en": "Name (optional)", "vi": "Tên (không bắt buộc)"},
    "point": {"en": "Point (click the map)", "vi": "Vị trí (bấm vào bản đồ)"},
    "add": {"en": "Add", "vi": "Thêm"},
    "remove": {"en": "Remove selected tenant", "vi": "Xóa doanh nghiệp đã chọn"},
    "reset": {"en": "Back to baseline", "vi": "Về hiện trạng"},
    "export": {"en": "Export scenario (YAML)", "vi": "Xuất kịch bản (YAML)"},
    "busy": {"en": "Recomputing…", "vi": "Đang tính lại…"},
    "ready": {"en": "Ready", "vi": "Sẵn sàng"},
    "drag_hint": {
        "en": "Drag a tenant to move it; click one to select it.",
        "vi": "Kéo một doanh nghiệp để di chuyển; bấm để chọn.",
    },
    "changes": {"en": "Changes", "vi": "Thay đổi"},
    "selected": {"en": "Selected", "vi": "Đã chọn"},
}
"""The app's own labels, ``key → {en, vi}``; figure keys as in ``session.FIGURES``."""

_STYLE = """
html, body { margin: 0; height: 100%; font: 13px/1.35 system-ui, sans-serif; }
#wrap { display: flex; height: 100%; }
#map { flex: 1; background: #eef2f0; }
#panel { width: 400px; overflow-y: auto; padding: 8px 12px; border-left: 1px solid #ccc; }
h1 { font-size: 16px; margin: 4px 0; }
h2 { font-size: 14px; margin: 12px 0 4px; }
table { border-collapse: collapse; width: 100%; }
td, th { padding: 2px 4px; border-bottom: 1px solid #eee; text-align: right; }
td:first-child, th:first-child { text-align: left; }
.up { color: #b30000; } .down { color: #1a7f37; }
.changed { background: #fff4c2; }
#error { color: #b30000; font-weight: 600; min-height: 1em; }
.field-error { color: #b30000; font-size: 12px; }
.tenant { background: #1f77b4; border: 2px solid #fff; border-radius: 50%;
  box-shadow: 0 0 2px #000; }
.tenant.new { background: #ff7f0e; } .tenant.moved { background: #9467bd; }
.tenant.sel { border-color: #000; }
label { display: block; margin-top: 4px; }
input, select { width: 100%; box-sizing: border-box; }
button { margin-top: 6px; }
#lang button.on { font-weight: 700; }
"""

_BODY = """
<div id="wrap"><div id="map"></div><div id="panel">
<div id="lang"><button data-lang="en">EN</button> <button data-lang="vi">VI</button></div>
<h1><span data-t="title"></span>: <span id="park"></span></h1>
<div id="status" data-t="busy"></div>
<div id="error" role="alert"></div>
<p data-t="drag_hint"></p>
<table id="figures"><thead><tr><th data-t="figure"></th><th data-t="baseline"></th>
<th data-t="current"></th><th data-t="delta"></th></tr></thead><tbody></tbody></table>
<h2 data-t="layout_warnings"></h2><ul id="layout-warnings"></ul>
<h2 data-t="other_warnings"></h2><ul id="other-warnings"></ul>
<h2 data-t="changes"></h2><div id="changes"></div>
<div><span data-t="selected"></span>: <span id="selected">-</span></div>
<button id="remove" data-t="remove" disabled></button>
<h2 data-t="add_tenant"></h2>
<form id="add-form" autocomplete="off">
<label><span data-t="sector"></span><input id="isic4_class" list="sectors"></label>
<datalist id="sectors"></datalist><div class="field-error" id="err-isic4_class"></div>
<label><span data-t="workers"></span><input id="employees" inputmode="numeric"></label>
<div class="field-error" id="err-employees"></div>
<label><span data-t="name"></span><input id="tenant-name"></label>
<label><span data-t="point"></span>
<span style="display:flex;gap:4px"><input id="lat" placeholder="lat"><input id="lon"
placeholder="lon"></span></label><div class="field-error" id="err-lat"></div>
<button type="submit" id="add" data-t="add"></button>
</form>
<p><a id="export" href="/api/scenario.yaml" download="layout-review.yaml" data-t="export"></a></p>
<button id="reset" data-t="reset"></button>
</div></div>
"""

_SCRIPT = """
const LABELS = __LABELS__;
const ORDER = __ORDER__;
let lang = 'en';
const app = { state: null, busy: false, selected: null, layers: null, fitted: false };
window.eipgeoServe = app;
const map = L.map('map', { zoomSnap: 0.25 });
window.reviewMap = map;
map.attributionControl.addAttribution('Map data © OpenStreetMap contributors (ODbL 1.0)');
const T = k => (LABELS[k] || {})[lang] || k;
function setLang(l) {
  lang = l;
  document.documentElement.lang = l;
  document.querySelectorAll('[data-t]').forEach(e => { e.textContent = T(e.dataset.t); });
  document.querySelectorAll('#lang button').forEach(
    b => b.classList.toggle('on', b.dataset.lang === l));
  if (app.state) renderPanel(app.state);
  status(app.busy ? 'busy' : 'ready');
}
function status(key) { document.getElementById('status').textContent = T(key); }
function fmt(v) {
  return (Math.round(v * 10) / 10).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US');
}
function showError(msg, field) {
  document.getElementById('error').textContent = msg || '';
  document.querySelectorAll('.field-error').forEach(e => { e.textContent = ''; });
  const box = field && document.getElementById('err-' + field);
  if (box && msg) box.textContent = msg;
}
function renderPanel(s) {
  document.getElementById('park').textContent = s.park.name;
  const body = document.querySelector('#figures tbody');
  body.innerHTML = '';
  for (const k of ORDER) {
    const d = s.deltas[k];
    const tr = document.createElement('tr');
    tr.id = 'fig-' + k.replace(/[.]/g, '-');
    tr.dataset.key = k; tr.dataset.value = s.figures[k]; tr.dataset.delta = d;
    if (Math.abs(d) > 1e-9) tr.className = 'changed';
    const sign = d > 0 ? '+' : '';
    tr.innerHTML = `<td>${T(k)} <small>(${s.units[k]})</small></td><td>${fmt(s.baseline[k])}</td>` +
      `<td>${fmt(s.figures[k])}</td><td class="${d > 0 ? 'up' : d < 0 ? 'down' : ''}">` +
      `${Math.abs(d) > 1e-9 ? sign + fmt(d) : ''}</td>`;
    body.appendChild(tr);
  }
  const lw = document.getElementById('layout-warnings');
  lw.innerHTML = '';
  for (const w of s.warnings.layout) {
    const li = document.createElement('li'); li.textContent = w.message; lw.appendChild(li);
  }
  if (!s.warnings.layout.length) lw.innerHTML = `<li>${T('none')}</li>`;
  const ow = document.getElementById('other-warnings');
  ow.innerHTML = '';
  for (const [code, n] of Object.entries(s.warnings.other)) {
    const li = document.createElement('li'); li.textContent = `${code}: ${n}`; ow.appendChild(li);
  }
  const c = s.changes;
  document.getElementById('changes').textContent =
    `moved: ${c.moved.join(', ') || '-'}; added: ${c.added.join(', ') || '-'}; ` +
    `removed: ${c.removed.join(', ') || '-'}`;
}
function select(id) {
  app.selected = id;
  document.getElementById('selected').textContent = id || '-';
  document.getElementById('remove').disabled = !id;
  document.querySelectorAll('.tenant').forEach(e => e.classList.toggle('sel', e.dataset.id === id));
}
function renderMap(s) {
  if (app.layers) app.layers.remove();
  const g = L.featureGroup().addTo(map);
  app.layers = g;
  const b = L.geoJSON(s.layers.boundary, { style: { color: '#333', weight: 2, fillOpacity: 0.04 },
    interactive: false }).addTo(g);
  for (const r of s.layers.routes) {
    L.polyline(r.latlngs, { color: r.group === 'hazardous' ? '#b30000' : '#1f77b4',
      weight: r.kind === 'haul' ? 2 : 3, dashArray: r.laden ? null : '6 5', opacity: 0.7,
      className: 'route' }).bindTooltip(r.route_id).addTo(g);
  }
  for (const f of s.layers.facilities) {
    L.circleMarker([f.lat, f.lon], { radius: 7, color: '#2ca02c', fillOpacity: 0.8 })
      .bindTooltip(`${f.name} (${f.kind})`).addTo(g);
  }
  for (const d of s.layers.depots) {
    L.circleMarker([d.lat, d.lon], { radius: 6, color: '#000', fillColor: '#777', fillOpacity: 1 })
      .bindTooltip(d.name).addTo(g);
  }
  const c = s.changes;
  for (const t of s.layers.tenants) {
    const kind = c.added.includes(t.id) ? ' new' : c.moved.includes(t.id) ? ' moved' : '';
    const icon = L.divIcon({ className: '', iconSize: [16, 16],
      html: `<div class="tenant${kind}" data-id="${t.id}" title="${t.id}"
        style="width:12px;height:12px"></div>` });
    const m = L.marker([t.lat, t.lon], { icon, draggable: true, title: t.id }).addTo(g);
    m.bindTooltip(`${t.id} ${t.name}: ${fmt(t.waste_t_per_yr || 0)} t/yr`);
    m.on('click', () => select(t.id));
    m.on('dragend', ev => {
      const p = ev.target.getLatLng();
      change({ action: 'move', id: t.id, lat: p.lat, lon: p.lng });
    });
  }
  if (!app.fitted) { map.fitBounds(b.getBounds().pad(0.15)); app.fitted = true; }
  select(s.layers.tenants.some(t => t.id === app.selected) ? app.selected : null);
}
function show(s) { app.state = s; renderPanel(s); renderMap(s); }
async function call(url, body) {
  const r = await fetch(url, body ? { method: 'POST', body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' } } : {});
  const data = await r.json();
  if (!r.ok) throw data;
  return data;
}
async function change(body) {
  app.busy = true; status('busy');
  try {
    show(await call('/api/change', body));
    showError('');
  } catch (e) {
    showError(e.error || String(e), e.field);
    if (app.state) renderMap(app.state);  // the last good state
  } finally {
    app.busy = false; status('ready');
    app.revision = (app.revision || 0) + 1;
  }
}
document.querySelectorAll('#lang button').forEach(b => b.addEventListener('click',
  () => setLang(b.dataset.lang)));
map.on('click', e => {
  document.getElementById('lat').value = e.latlng.lat.toFixed(6);
  document.getElementById('lon').value = e.latlng.lng.toFixed(6);
});
document.getElementById('add-form').addEventListener('submit', ev => {
  ev.preventDefault();
  const v = id => document.getElementById(id).value;
  change({ action: 'add', isic4_class: v('isic4_class').split(' ')[0], employees: v('employees'),
    name: v('tenant-name'), lat: v('lat'), lon: v('lon') });
});
document.getElementById('remove').addEventListener('click',
  () => app.selected && change({ action: 'remove', id: app.selected }));
document.getElementById('reset').addEventListener('click', () => change({ action: 'reset' }));
setLang('en');
call('/api/state').then(s => {
  const list = document.getElementById('sectors');
  for (const [code, title] of Object.entries(s.sectors)) {
    const o = document.createElement('option'); o.value = `${code} ${title}`; list.appendChild(o);
  }
  show(s); status('ready'); app.revision = 0;
}).catch(e => showError(e.error || String(e)));
"""


def page_html(order: list[str]) -> str:
    """Return the app's HTML page.

    Parameters
    ----------
    order
        The figure keys, in the order of the panel's table.

    Returns
    -------
    str
        A complete HTML document whose only references are to the app's own
        ``/assets/`` and ``/api/`` paths.
    """
    script = _SCRIPT.replace("__LABELS__", json.dumps(LABELS, ensure_ascii=False)).replace(
        "__ORDER__", json.dumps(order)
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>eipgeo layout review</title>"
        '<link rel="stylesheet" href="/assets/leaflet.css">'
        f"<style>{_STYLE}</style></head><body>{_BODY}"
        '<script src="/assets/leaflet.js"></script>'
        f"<script>{script}</script></body></html>"
    )

"""The layout-review page: one HTML document, its script and its labels in English and Vietnamese.

The page loads Leaflet from the app itself (``/assets/leaflet.js`` and ``.css``, the
folium-offline copies the maps inline), draws the park from ``/api/state`` and posts each
change to ``/api/change``: a tenant dragged, added (optionally with a production
capacity and declared streams) or removed; a hazardous store, hub or
collection point added, dragged or removed; a setback rule saved or removed; a collection
frequency set. A refused change shows its message beside the field it names. Its labels,
in English and Vietnamese, are the catalogue's ``serve.*`` entries; so are a refusal's
message (``serve.error.*``, filled in with the values the app sends, numbers written per
language: vi-VN ``1.234,5``) and, in Vietnamese, the layout warnings (``serve.warn.*``,
from their fields; the English page shows the library's message) and the names of the
other warnings' codes (``serve.code.*``). Switching the language writes them again.
It uses no image, font or tile from anywhere: markers are Leaflet ``divIcon`` and circle
markers, and the map has no base tiles.
"""

from __future__ import annotations

import json

from eipgeo.outputs._catalogue import CATALOGUE
from eipgeo.outputs.maps import BUBBLE_MAX_RADIUS_PX, ESTIMATE_DASH

SHARED_KEYS = ("legend", "boundary", "depot", "route")
"""Catalogue keys the park map's legend uses that the app's legend shows too."""

LABELS: dict[str, dict[str, str]] = {
    key.removeprefix("serve."): {"en": en, "vi": vi}
    for key, (en, vi) in CATALOGUE.items()
    if key.startswith("serve.") or key in SHARED_KEYS
}
"""The app's labels, ``key → {en, vi}``: the catalogue's ``serve.*`` entries
(:data:`eipgeo.outputs._catalogue.CATALOGUE`); figure keys as in ``session.FIGURES``."""

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
tr.gone td { text-decoration: line-through; color: #777; }
#indicators td:last-child { text-align: left; font-size: 11px; }
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
.place { border: 2px solid #fff; box-shadow: 0 0 2px #000; box-sizing: border-box; }
.place.hazardous_store { background: #b30000; }
.place.hub { background: #6a3d9a; transform: rotate(45deg); }
.place.collection_point { background: #e6ab02; border-radius: 50%; }
.place.changed, .tenant.changed { outline: 3px solid #ffd400; }
.place.breach { outline: 3px solid #e00000; outline-offset: 2px; }
.place.sel { border-color: #000; }
.legend { background: #fff; padding: 4px 8px; font-size: 11px; line-height: 15px;
  max-height: 60vh; overflow-y: auto;
  box-shadow: 0 0 4px rgba(0,0,0,.3); border-radius: 4px; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 6px;
  vertical-align: -2px; }
.legend i.line { height: 0; border-top: 3px solid; width: 16px; vertical-align: 3px; }
fieldset { border: 1px solid #ddd; margin: 6px 0; padding: 4px 8px; }
ul.rules { padding-left: 18px; margin: 4px 0; }
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
<h2 data-t="indicators"></h2>
<table id="indicators"><thead><tr><th data-t="figure"></th><th data-t="baseline"></th>
<th data-t="current"></th><th data-t="status"></th></tr></thead><tbody></tbody></table>
<h2 data-t="exchange_plan"></h2>
<table id="exchanges"><thead><tr><th data-t="supplier"></th><th data-t="receiver"></th>
<th data-t="material"></th><th data-t="unit.t/yr"></th></tr></thead><tbody></tbody></table>
<h2 data-t="candidate_list"></h2>
<table id="candidates"><thead><tr><th data-t="supplier"></th><th data-t="receiver"></th>
<th data-t="material"></th><th data-t="unit.t/yr"></th></tr></thead><tbody></tbody></table>
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
<fieldset><legend data-t="production"></legend>
<label><span data-t="intensity"></span><select id="intensity_key">
<option value="" data-t="no_intensity"></option></select></label>
<div class="field-error" id="err-intensity_key"></div>
<label><span data-t="capacity"></span><span style="display:flex;gap:4px;align-items:center">
<input id="capacity_value" inputmode="decimal"><span id="capacity_unit"></span></span></label>
<div class="field-error" id="err-capacity_value"></div>
<div class="field-error" id="err-capacity_unit"></div>
<label><span data-t="production_source"></span><input id="production_source"></label>
<div class="field-error" id="err-production_source"></div>
</fieldset>
<fieldset id="streams"><legend data-t="streams"></legend>
<span class="stream" style="display:flex;gap:4px"><input class="stream-code" placeholder="OI-18">
<input class="stream-t" inputmode="decimal" placeholder="t/yr"><input class="stream-source"
placeholder="source"></span>
<span class="stream" style="display:flex;gap:4px"><input class="stream-code" placeholder="OI-18">
<input class="stream-t" inputmode="decimal" placeholder="t/yr"><input class="stream-source"
placeholder="source"></span>
<span class="stream" style="display:flex;gap:4px"><input class="stream-code" placeholder="OI-18">
<input class="stream-t" inputmode="decimal" placeholder="t/yr"><input class="stream-source"
placeholder="source"></span>
<div class="field-error" id="err-streams"></div>
</fieldset>
<button type="submit" id="add" data-t="add"></button>
</form>
<h2 data-t="add_place"></h2>
<p data-t="place_hint"></p>
<form id="place-form" autocomplete="off">
<label><span data-t="place_kind"></span><select id="place-kind">
<option value="hazardous_store" data-t="kind.hazardous_store"></option>
<option value="hub" data-t="kind.hub"></option>
<option value="collection_point" data-t="kind.collection_point"></option>
</select></label><div class="field-error" id="err-kind"></div>
<label><span data-t="name"></span><input id="place-name"></label>
<label><span data-t="point"></span>
<span style="display:flex;gap:4px"><input id="place-lat" placeholder="lat"><input id="place-lon"
placeholder="lon"></span></label><div class="field-error" id="err-place-lat"></div>
<div class="field-error" id="err-place-id"></div>
<button type="submit" id="add-place" data-t="add"></button>
</form>
<button id="remove-place" data-t="remove_place" disabled></button>
<h2 data-t="rules"></h2>
<ul class="rules" id="rule-list"></ul>
<form id="rule-form" autocomplete="off">
<label><span data-t="rule"></span><select id="rule-index"></select></label>
<div class="field-error" id="err-index"></div>
<label><span data-t="applies_to"></span><select id="applies_to">
<option value="hazardous_store" data-t="role.hazardous_store"></option>
<option value="hazardous_treatment" data-t="role.hazardous_treatment"></option>
</select></label><div class="field-error" id="err-applies_to"></div>
<label><span data-t="from"></span><select id="from">
<option value="boundary" data-t="from.boundary"></option>
<option value="enterprise" data-t="from.enterprise"></option>
<option value="residential" data-t="from.residential"></option>
<option value="water" data-t="from.water"></option>
</select></label><div class="field-error" id="err-from"></div>
<label><span data-t="distance_m"></span><input id="distance_m" inputmode="decimal"></label>
<div class="field-error" id="err-distance_m"></div>
<label><span data-t="rule_source"></span><input id="rule-source"></label>
<div class="field-error" id="err-source"></div>
<label><span data-t="features"></span><input id="features"></label>
<div class="field-error" id="err-features"></div>
<button type="submit" id="save-rule" data-t="save_rule"></button>
<button type="button" id="remove-rule" data-t="remove_rule"></button>
</form>
<h2 data-t="frequency"></h2>
<form id="frequency-form" autocomplete="off">
<label><span data-t="group"></span><select id="group">
<option value="hazardous" data-t="group.hazardous"></option>
<option value="non_hazardous" data-t="group.non_hazardous"></option>
</select></label><div class="field-error" id="err-group"></div>
<label><span data-t="days_per_week"></span><input id="days_per_week" inputmode="numeric"></label>
<div class="field-error" id="err-days_per_week"></div>
<div id="frequency-now"></div>
<button type="submit" id="set-frequency" data-t="set_frequency"></button>
</form>
<p><a id="export" href="/api/scenario.yaml" download="layout-review.yaml" data-t="export"></a></p>
<button id="reset" data-t="reset"></button>
</div></div>
"""

_SCRIPT = """
const LABELS = __LABELS__;
const ESTIMATE_DASH = __DASH__;
const BUBBLE_MAX_PX = __BUBBLE__;
const ORDER = __ORDER__;
let lang = 'en';
const app = { state: null, busy: false, selected: null, place: null, layers: null,
  fitted: false, ruleIndex: 'new' };
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
  if (app.error) showError(app.error.e, app.error.form);  // a refusal, in the new language
  renderLegend();
  status(app.busy ? 'busy' : 'ready');
}
const legend = L.control({ position: 'topright' });
legend.onAdd = () => { const d = L.DomUtil.create('div', 'legend'); d.id = 'legend'; return d; };
legend.addTo(map);
function renderLegend() {
  const sw = (style, key) => `<div><i style="${style}"></i>${T(key)}</div>`;
  const line = (style, key) => `<div><i class="line" style="${style}"></i>${T(key)}</div>`;
  document.getElementById('legend').innerHTML = `<b>${T('legend')}</b>` +
    line('border-color:#333', 'boundary') +
    sw('background:#1f77b4;border-radius:50%', 'legend.tenant') +
    sw('background:#9467bd;border-radius:50%', 'legend.moved') +
    sw('background:#ff7f0e;border-radius:50%', 'legend.new') +
    sw('border:2px dashed #555;border-radius:50%;width:8px;height:8px', 'legend.removed') +
    line('border-color:#9467bd;border-top-style:dotted', 'legend.moved_from') +
    sw('background:#777;border:1px solid #000;border-radius:50%', 'depot') +
    sw('background:#2ca02c;border-radius:50%', 'legend.park_facility') +
    sw('background:#b30000', 'kind.hazardous_store') +
    sw('background:#6a3d9a;transform:rotate(45deg) scale(.8)', 'kind.hub') +
    sw('background:#e6ab02;border-radius:50%', 'kind.collection_point') +
    sw('outline:3px solid #ffd400;background:#fff', 'legend.changed') +
    sw('outline:3px solid #e00000;background:#fff', 'legend.breach') +
    sw('background:#fdf6e3;border:1px solid #8c6d1f', 'legend.plot') +
    sw('background:#f4a6a6;border:1px solid #b30000', 'legend.uncovered') +
    sw('background:rgba(31,119,180,.25);border:1px solid #1f77b4;border-radius:50%',
      'legend.bubbles') +
    (app.state ? app.state.layers.route_legend.map(r =>
      `<div class="route-key"><i class="line" style="border-color:${r.colour}"></i>` +
      `${T('route')}: ${r[lang]} (${fmt(r.km)} km)</div>`).join('') : '') +
    line('border-color:#555;border-top-style:dashed', 'legend.estimate') +
    line('border-color:#2ca02c', 'legend.exchange') +
    line('border-color:#7f7f7f;border-top-style:dotted', 'legend.candidate');
}
function status(key) { document.getElementById('status').textContent = T(key); }
const locale = () => (lang === 'vi' ? 'vi-VN' : 'en-US');
function fmt(v) {  // one decimal; a value that rounds to 0 is 0, never "-0"; unknown: -
  if (v === null || v === undefined) return '\u2013';
  const r = Math.round(v * 10) / 10;
  return (r === 0 ? 0 : r).toLocaleString(locale());
}
function fmtDelta(d) {  // a change below 0.05 keeps its first significant digit (-0.02)
  if (d === 0 || Math.round(d * 10) !== 0) return fmt(d);  // -0 is 0
  return d.toLocaleString(locale(), { maximumSignificantDigits: 1 });
}
function fmtSpec(v, spec) {  // a Python format spec of a template: ',.1f', '.5f' or none
  const m = /^(,?)[.]([0-9]+)f$/.exec(spec);
  if (!m) return String(v);
  const d = Number(m[2]);
  return v.toLocaleString(locale(), { useGrouping: m[1] === ',', minimumFractionDigits: d,
    maximumFractionDigits: d });
}
function render(key, params) {  // a catalogue template filled in; null when a value is missing
  if (!LABELS[key]) return null;
  let ok = true;
  const text = T(key).replace(/[{]([A-Za-z0-9_]+)(?::([^}]*))?[}]/g, (_, name, spec) => {
    const v = params[name];
    if (v === undefined || v === null) { ok = false; return ''; }
    if (Array.isArray(v)) return v.join(spec === 'or' ? ` ${T('or')} ` : ', ');
    if (spec === 't') return T('noun.' + v);
    return typeof v === 'number' ? fmtSpec(v, spec || '') : String(v);
  });
  return ok ? text : null;
}
function showError(e, form) {
  app.error = e ? { e, form } : null;
  const msg = e ? (e.key && render(e.key, e.params || {})) || e.error || String(e) : '';
  const field = e && e.field;
  document.getElementById('error').textContent = msg;
  document.querySelectorAll('.field-error').forEach(e => { e.textContent = ''; });
  const box = field && (form && document.getElementById(`err-${form}-${field}`) ||
    document.getElementById('err-' + field));
  if (box && msg) box.textContent = msg;
}
function ruleLabel(r) {
  return `${T('role.' + r.applies_to)} ≥ ${fmt(r.distance_m)} m: ${T('from.' + r.from)}` +
    ` (${r.source})`;
}
function fillRule() {
  const s = app.state; const i = app.ruleIndex;
  const r = i === 'new' ? null : s.rules[Number(i)];
  document.getElementById('applies_to').value = r ? r.applies_to : 'hazardous_store';
  document.getElementById('from').value = r ? r.from : 'boundary';
  document.getElementById('distance_m').value = r ? r.distance_m : '';
  document.getElementById('rule-source').value = r ? r.source : '';
  document.getElementById('features').value = r && r.features ? r.features : '';
  document.getElementById('remove-rule').disabled = !r;
}
function renderRules(s) {
  const list = document.getElementById('rule-list');
  list.innerHTML = '';
  s.rules.forEach(r => {
    const li = document.createElement('li'); li.textContent = ruleLabel(r); list.appendChild(li);
  });
  if (!s.rules.length) list.innerHTML = `<li>${T('no_rules')}</li>`;
  list.classList.toggle('changed', s.changes.setbacks);
  const sel = document.getElementById('rule-index');
  sel.innerHTML = '';
  s.rules.forEach((r, i) => {
    const o = document.createElement('option'); o.value = String(i);
    o.textContent = `${i + 1}. ${T('role.' + r.applies_to)}, ${T('from.' + r.from)}`;
    sel.appendChild(o);
  });
  const o = document.createElement('option'); o.value = 'new'; o.textContent = T('new_rule');
  sel.appendChild(o);
  if (app.ruleIndex !== 'new' && Number(app.ruleIndex) >= s.rules.length) app.ruleIndex = 'new';
  sel.value = app.ruleIndex;
  const f = document.getElementById('frequency-now');
  f.innerHTML = ['hazardous', 'non_hazardous'].map(g => {
    const d = s.frequency[g];
    return `<div>${T('group.' + g)}: ${d === null ? s.default_days_per_week + ' (' +
      T('default_days') + ')' : d}</div>`;
  }).join('');
  f.classList.toggle('changed', s.changes.collection);
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
    const shown = d !== null && Math.abs(d) > 1e-9;
    if (shown) tr.className = 'changed';
    const sign = d > 0 ? '+' : '';
    tr.innerHTML = `<td>${T(k)} <small>(${T('unit.' + s.units[k])})</small></td>` +
      `<td>${fmt(s.baseline[k])}</td>` +
      `<td>${fmt(s.figures[k])}</td><td class="${d > 0 ? 'up' : d < 0 ? 'down' : ''}">` +
      `${shown ? sign + fmtDelta(d) : ''}</td>`;
    body.appendChild(tr);
  }
  const lw = document.getElementById('layout-warnings');
  lw.innerHTML = '';
  for (const w of s.warnings.layout) {
    const li = document.createElement('li'); li.dataset.code = w.code;
    li.textContent = (lang === 'vi' && render('warn.' + w.code, w.params)) || w.message;
    lw.appendChild(li);
  }
  if (!s.warnings.layout.length) lw.innerHTML = `<li>${T('none')}</li>`;
  const ow = document.getElementById('other-warnings');
  ow.innerHTML = '';
  for (const [code, n] of Object.entries(s.warnings.other)) {
    const li = document.createElement('li');
    const named = lang === 'vi' && LABELS['code.' + code];
    li.textContent = named ? `${T('code.' + code)} (${code}): ${n}` : `${code}: ${n}`;
    ow.appendChild(li);
  }
  if (!Object.keys(s.warnings.other).length) ow.innerHTML = `<li>${T('none')}</li>`;
  const c = s.changes;
  document.getElementById('changes').textContent =
    ['moved', 'added', 'removed', 'places'].map(
      k => `${T('changes.' + k)}: ${c[k].join(', ') || '-'}`).join('; ');
  renderRules(s);
  const ind = document.querySelector('#indicators tbody');
  ind.innerHTML = '';
  for (const r of s.indicators) {
    const tr = document.createElement('tr');
    tr.dataset.indicator = r.indicator;
    const show = v => v === null ? '-' : fmt(v);
    if (r.value !== r.baseline) tr.className = 'changed';
    tr.innerHTML = `<td>${r.label[lang]} <small>(${r.unit})</small></td>` +
      `<td>${show(r.baseline)}</td><td>${show(r.value)}</td><td>${r.status[lang]}</td>`;
    ind.appendChild(tr);
  }
  for (const [id, rows] of [['exchanges', s.exchanges], ['candidates', s.candidates]]) {
    const body = document.querySelector(`#${id} tbody`);
    body.innerHTML = '';
    for (const r of rows) {
      const tr = document.createElement('tr');
      tr.className = r.change === 'new' ? 'changed' : r.change;
      const mark = r.change ? ` <small>(${T('change.' + r.change)})</small>` : '';
      tr.innerHTML = `<td>${r.supplier}${mark}</td><td>${r.receiver}</td>` +
        `<td>${r.material} ${r.waste_code}</td>` +
        `<td>${r.t_per_yr === null ? '-' : fmt(r.t_per_yr)}</td>`;
      body.appendChild(tr);
    }
    if (!rows.length) body.innerHTML = `<tr><td colspan="4">${T('none')}</td></tr>`;
  }
}
function select(id, place) {
  app.selected = place ? null : id;
  app.place = place ? id : null;
  document.getElementById('selected').textContent = id || '-';
  document.getElementById('remove').disabled = !app.selected;
  document.getElementById('remove-place').disabled = !app.place;
  document.querySelectorAll('.tenant').forEach(
    e => e.classList.toggle('sel', e.dataset.id === app.selected));
  document.querySelectorAll('.place').forEach(
    e => e.classList.toggle('sel', e.dataset.id === app.place));
}
function placeMarker(g, p, kind, breaches) {
  const cls = `place ${kind}${p.changed ? ' changed' : ''}${breaches.has(p.id) ? ' breach' : ''}`;
  const icon = L.divIcon({ className: '', iconSize: [14, 14],
    html: `<div class="${cls}" data-id="${p.id}" title="${p.id}"
      style="width:14px;height:14px"></div>` });
  const m = L.marker([p.lat, p.lon], { icon, draggable: true, title: p.id }).addTo(g);
  m.bindTooltip(`${p.id} ${p.name || ''} (${T('kind.' + kind)})`);
  m.on('click', () => select(p.id, true));
  m.on('dragend', ev => {
    const q = ev.target.getLatLng();
    change({ action: 'move_facility', id: p.id, lat: q.lat, lon: q.lng }, 'place');
  });
}
function renderMap(s) {
  if (app.layers) app.layers.remove();
  const g = L.featureGroup().addTo(map);
  app.layers = g;
  const b = L.geoJSON(s.layers.boundary, { style: { color: '#333', weight: 2, fillOpacity: 0.04 },
    interactive: false }).addTo(g);
  const uncovered = new Set(s.warnings.layout.filter(w => w.code === 'plot_uncovered')
    .map(w => w.id));
  if (s.layers.plots) {
    const out = f => uncovered.has(String(f.properties.plot_id));
    L.geoJSON(s.layers.plots, { style: f => ({ weight: 1, fillOpacity: 0.7,
      color: out(f) ? '#b30000' : '#8c6d1f', fillColor: out(f) ? '#f4a6a6' : '#fdf6e3',
      className: out(f) ? 'plot uncovered' : 'plot' }),
    onEachFeature: (f, l) => l.bindTooltip(String(f.properties.plot_id)) }).addTo(g);
  }
  for (const r of s.layers.routes) {
    L.polyline(r.latlngs, { color: r.colour, weight: r.kind === 'collection' ? 4 : 3,
      dashArray: r.estimate ? ESTIMATE_DASH : null, opacity: r.laden ? 0.85 : 0.45,
      className: 'route' }).bindTooltip(r.route_id).addTo(g);
  }
  for (const t of s.layers.removed_tenants) {
    L.circleMarker([t.lat, t.lon], { radius: 6, color: '#555', weight: 2, dashArray: '2 3',
      fillOpacity: 0, className: 'removed-tenant' }).bindTooltip(`${t.id} ${t.name}`).addTo(g);
  }
  for (const m of s.layers.moved_from) {
    L.polyline(m.latlngs, { color: '#9467bd', weight: 2, dashArray: '2 4',
      className: 'moved-from' }).bindTooltip(m.id).addTo(g);
  }
  const most = Math.max(0, ...s.layers.tenants.map(t => t.waste_t_per_yr || 0));
  for (const t of s.layers.tenants) {
    if (!(t.waste_t_per_yr > 0) || !(most > 0)) continue;
    L.circleMarker([t.lat, t.lon], { radius: BUBBLE_MAX_PX * Math.sqrt(t.waste_t_per_yr / most),
      color: '#1f77b4', weight: 1, fillOpacity: 0.25, interactive: false,
      className: 'bubble' }).addTo(g);
  }
  for (const [rows, colour, dash, cls] of [[s.exchanges, '#2ca02c', null, 'exchange'],
    [s.candidates, '#7f7f7f', '2 6', 'candidate']]) {
    for (const r of rows) {
      if (!r.latlngs.length || r.change === 'gone') continue;
      L.polyline(r.latlngs, { color: colour, weight: 3, dashArray: dash, opacity: 0.8,
        className: cls }).bindTooltip(
        `${r.supplier} → ${r.receiver}: ${r.material} ${fmt(r.t_per_yr)} t/yr`).addTo(g);
    }
  }
  const breaches = new Set(s.warnings.layout.filter(w => w.code === 'setback_breach')
    .map(w => w.id));
  for (const f of s.layers.facilities) {
    if (f.editable) {
      placeMarker(g, f, f.role === 'hub' ? 'hub' : 'hazardous_store', breaches);
      continue;
    }
    L.circleMarker([f.lat, f.lon], { radius: 7, color: breaches.has(f.id) ? '#ff0000' : '#2ca02c',
      fillColor: '#2ca02c', fillOpacity: 0.8, className: 'park-facility' })
      .bindTooltip(`${f.name} (${f.kind})`).addTo(g);
  }
  for (const p of s.layers.collection_points) placeMarker(g, p, 'collection_point', breaches);
  for (const d of s.layers.depots) {
    L.circleMarker([d.lat, d.lon], { radius: 6, color: '#000', fillColor: '#777', fillOpacity: 1 })
      .bindTooltip(d.name).addTo(g);
  }
  const c = s.changes;
  for (const t of s.layers.tenants) {
    const kind = c.added.includes(t.id) ? ' new' : c.moved.includes(t.id) ? ' moved' : '';
    const icon = L.divIcon({ className: '', iconSize: [12, 12],
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
  if (!app.fitted) {  // room on the right for the legend
    map.fitBounds(b.getBounds(), { paddingTopLeft: [30, 30], paddingBottomRight: [290, 30] });
    app.fitted = true;
  }
  const places = [...s.layers.facilities.filter(f => f.editable), ...s.layers.collection_points];
  if (app.place && places.some(p => p.id === app.place)) select(app.place, true);
  else select(s.layers.tenants.some(t => t.id === app.selected) ? app.selected : null);
}
function show(s) { app.state = s; renderPanel(s); renderMap(s); renderLegend(); }
async function call(url, body) {
  const r = await fetch(url, body ? { method: 'POST', body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' } } : {});
  const data = await r.json();
  if (!r.ok) throw data;
  return data;
}
async function change(body, form) {  // true when the change was made
  app.busy = true; status('busy');
  try {
    show(await call('/api/change', body));
    showError(null);
    return true;
  } catch (e) {
    showError(e, form);
    if (app.state) renderMap(app.state);  // the last good state
    return false;
  } finally {
    app.busy = false; status('ready');
    app.revision = (app.revision || 0) + 1;
  }
}
document.querySelectorAll('#lang button').forEach(b => b.addEventListener('click',
  () => setLang(b.dataset.lang)));
map.on('click', e => {
  for (const pre of ['', 'place-']) {
    document.getElementById(pre + 'lat').value = e.latlng.lat.toFixed(6);
    document.getElementById(pre + 'lon').value = e.latlng.lng.toFixed(6);
  }
});
const val = id => document.getElementById(id).value;
document.getElementById('place-form').addEventListener('submit', ev => {
  ev.preventDefault();
  change({ action: 'add_facility', kind: val('place-kind'), name: val('place-name'),
    lat: val('place-lat'), lon: val('place-lon') }, 'place').then(done => {
    if (done) document.getElementById('place-name').value = '';  // the next place's own
  });
});
document.getElementById('remove-place').addEventListener('click',
  () => app.place && change({ action: 'remove_facility', id: app.place }, 'place'));
document.getElementById('rule-index').addEventListener('change', ev => {
  app.ruleIndex = ev.target.value; fillRule();
});
document.getElementById('rule-form').addEventListener('submit', ev => {
  ev.preventDefault();
  change({ action: 'set_rule', index: app.ruleIndex === 'new' ? null : app.ruleIndex,
    applies_to: val('applies_to'), from: val('from'), distance_m: val('distance_m'),
    source: val('rule-source'), features: val('features') }, 'rule');
});
document.getElementById('remove-rule').addEventListener('click', () => {
  if (app.ruleIndex === 'new') return;
  const i = app.ruleIndex; app.ruleIndex = 'new';
  change({ action: 'remove_rule', index: i }, 'rule');
});
document.getElementById('frequency-form').addEventListener('submit', ev => {
  ev.preventDefault();
  change({ action: 'set_frequency', group: val('group'), days_per_week: val('days_per_week') },
    'frequency');
});
document.getElementById('add-form').addEventListener('submit', ev => {
  ev.preventDefault();
  const v = id => document.getElementById(id).value;
  const streams = [...document.querySelectorAll('#streams .stream')].map(r => ({
    waste_code: r.querySelector('.stream-code').value,
    waste_t_per_yr: r.querySelector('.stream-t').value,
    source: r.querySelector('.stream-source').value }));
  change({ action: 'add', isic4_class: v('isic4_class').split(' ')[0], employees: v('employees'),
    name: v('tenant-name'), lat: v('lat'), lon: v('lon'), intensity_key: v('intensity_key'),
    capacity_value: v('capacity_value'),
    capacity_unit: document.getElementById('capacity_unit').textContent,
    production_source: v('production_source'), streams }).then(done => {
    if (!done) return;  // a refused tenant keeps its fields to correct them
    for (const id of ['tenant-name', 'capacity_value', 'production_source'])
      document.getElementById(id).value = '';
    document.querySelectorAll('.stream-code, .stream-t, .stream-source')
      .forEach(i => { i.value = ''; });
  });
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
  const pick = document.getElementById('intensity_key');
  for (const [key, it] of Object.entries(s.intensities)) {
    const o = document.createElement('option'); o.value = key;
    o.textContent = `${key}: ${it.process} (${it.waste_code})`; pick.appendChild(o);
  }
  pick.addEventListener('change', () => {
    const it = s.intensities[pick.value];
    document.getElementById('capacity_unit').textContent = it ? it.capacity_unit : '';
  });
  show(s); fillRule(); status('ready'); app.revision = 0;
}).catch(e => showError(e));
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
    script = (
        _SCRIPT.replace("__LABELS__", json.dumps(LABELS, ensure_ascii=False))
        .replace("__ORDER__", json.dumps(order))
        .replace("__DASH__", json.dumps(ESTIMATE_DASH))
        .replace("__BUBBLE__", json.dumps(BUBBLE_MAX_RADIUS_PX))
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

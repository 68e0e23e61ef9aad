"""The folium elements eipgeo adds to Leaflet: a point layer, panels and the language switch.

:class:`PointLayer` draws many points from one compact JSON array with Leaflet's own
``L.circleMarker``. Up to :data:`FAST_LIMIT` points it uses the SVG renderer (each point
is a ``path`` element with a CSS class that tests count); above it, one shared
``L.canvas`` renderer, so 50,000 points stay a few MB and render in about a second.
Popups and tooltips are built on click/hover with ``textContent``, never ``innerHTML``,
so any name in the data shows as text and cannot run a script.
"""

from __future__ import annotations

from typing import Any

from branca.element import Element, MacroElement
from folium.map import Layer
from jinja2 import Template

from eipgeo.outputs._map_text import LABELS, script_json

FAST_LIMIT = 2000
"""Above this many points a layer switches from SVG paths to one canvas renderer."""

_HEAD = """
<style>
[data-eipgeo-lang="en"] .eipgeo-vi, [data-eipgeo-lang="vi"] .eipgeo-en { display: none; }
.eipgeo-panel { background: #fff; padding: 6px 9px; border: 1px solid #999;
  border-radius: 4px; font: 12px/1.35 sans-serif; max-width: 300px; color: #222; }
.eipgeo-panel table { border-collapse: collapse; }
.eipgeo-panel th { text-align: left; font-weight: normal; padding-right: 8px; color: #555; }
.eipgeo-panel button { font: 11px sans-serif; padding: 1px 6px; margin-left: 3px; cursor: pointer; }
.eipgeo-popup { font: 12px/1.35 sans-serif; max-height: 300px; overflow-y: auto; }
.eipgeo-popup th { text-align: left; padding-right: 6px; vertical-align: top; color: #444;
  font-weight: normal; }
.eipgeo-facility { background: #2ca02c; border: 2px solid #000; box-sizing: border-box; }
.eipgeo-park { background: #fff; border: 3px solid #222; border-radius: 50%;
  box-sizing: border-box; }
.leaflet-tooltip.eipgeo-placed { margin: 0; }
.leaflet-tooltip.eipgeo-placed::before { display: none; }
.eipgeo-province-label { font: italic 11px sans-serif; color: #6a5f90; text-align: center;
  white-space: nowrap; pointer-events: none; }
.eipgeo-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
  margin-right: 5px; border: 1px solid #333; vertical-align: middle; }
</style>
<script>
document.documentElement.setAttribute("data-eipgeo-lang", {{ lang }});
var eipgeoLabels = {{ labels }};
// popups pan clear of the legend (left) and of key figures and layers (right)
var eipgeoPopupOptions = {maxWidth: 360, autoPanPaddingTopLeft: [340, 20],
  autoPanPaddingBottomRight: [420, 20]};
function eipgeoSetLang(lang) {
  document.documentElement.setAttribute("data-eipgeo-lang", lang);
}
function eipgeoLabel(key) {
  var span = document.createElement("span");
  var pair = Array.isArray(key) ? key : eipgeoLabels[key];
  if (!pair) { span.textContent = key; return span; }
  ["en", "vi"].forEach(function (lang, i) {
    var s = document.createElement("span");
    s.className = "eipgeo-" + lang; s.textContent = pair[i]; span.appendChild(s);
  });
  return span;
}
// Many points: one canvas, drawn in one pass per view (Leaflet's per-marker objects cost
// about 30 us each, i.e. seconds at 50,000). Clicks find the nearest drawn point.
// Defined on first use: this script runs before Leaflet's.
function eipgeoDots() { return window.EipgeoDots || (window.EipgeoDots = L.Layer.extend({
  initialize: function (data, opts, radius, popup) {
    this._d = data; this._o = opts; this._radius = radius; this._popup = popup;
  },
  onAdd: function (map) {
    this._canvas = L.DomUtil.create("canvas", "leaflet-zoom-hide " + this._o.css_class);
    this._canvas.style.pointerEvents = "none";
    map.getPane(this._o.pane).appendChild(this._canvas);
    map.on("moveend zoomend resize viewreset", this._redraw, this);
    map.on("click", this._click, this);
    this._redraw();
  },
  onRemove: function (map) {
    L.DomUtil.remove(this._canvas);
    map.off("moveend zoomend resize viewreset", this._redraw, this);
    map.off("click", this._click, this);
  },
  _redraw: function () {
    var map = this._map, size = map.getSize(), c = this._canvas, d = this._d, o = this._o;
    c.width = size.x; c.height = size.y;
    L.DomUtil.setPosition(c, map.containerPointToLayerPoint([0, 0]));
    var ctx = c.getContext("2d"), xy = this._xy = new Float32Array(d.length * 2);
    var bySector = {};
    for (var i = 0; i < d.length; i++) {
      var pt = map.latLngToContainerPoint([d[i][0], d[i][1]]);
      xy[2 * i] = pt.x; xy[2 * i + 1] = pt.y;
      if (pt.x < -30 || pt.y < -30 || pt.x > size.x + 30 || pt.y > size.y + 30) continue;
      (bySector[d[i][2]] = bySector[d[i][2]] || []).push(i);
    }
    ctx.globalAlpha = o.fill_opacity; ctx.strokeStyle = o.stroke; ctx.lineWidth = o.weight;
    for (var s in bySector) {
      ctx.fillStyle = o.colours[s]; ctx.beginPath();
      bySector[s].forEach(function (j) {
        var r = this._radius(d[j]); if (r <= 0) return;
        ctx.moveTo(xy[2 * j] + r, xy[2 * j + 1]); ctx.arc(xy[2 * j], xy[2 * j + 1], r, 0, 6.2832);
      }, this);
      ctx.fill(); if (o.weight > 0) ctx.stroke();
    }
  },
  _click: function (e) {
    var xy = this._xy, best = -1, bestD = Infinity, x = e.containerPoint.x, y = e.containerPoint.y;
    for (var i = 0; i < this._d.length; i++) {
      var dx = xy[2 * i] - x, dy = xy[2 * i + 1] - y, dd = dx * dx + dy * dy;
      var r = this._radius(this._d[i]) + 3;
      if (dd <= r * r && dd < bestD) { best = i; bestD = dd; }
    }
    if (best >= 0) {
      L.popup(eipgeoPopupOptions).setLatLng([this._d[best][0], this._d[best][1]])
        .setContent(this._popup(best)).openOn(this._map);
    }
  }
})); }
function eipgeoPopup(title, rows) {
  var div = document.createElement("div"), b = document.createElement("b");
  div.className = "eipgeo-popup"; b.textContent = title; div.appendChild(b);
  var table = document.createElement("table");
  (rows || []).forEach(function (row) {
    var tr = document.createElement("tr"), th = document.createElement("th"),
        td = document.createElement("td");
    th.appendChild(eipgeoLabel(row[0]));
    if (Array.isArray(row[1])) { td.appendChild(eipgeoLabel(row[1])); }
    else { td.textContent = row[1] == null ? "\\u2014" : String(row[1]); }
    tr.appendChild(th); tr.appendChild(td); table.appendChild(tr);
  });
  div.appendChild(table);
  return div;
}
</script>
"""


def head_element(lang: str) -> Element:
    """Return the page-head CSS and helpers (language switch, safe popup builder)."""
    labels = {k: list(v) for k, v in LABELS.items()}
    html = Template(_HEAD).render(lang=script_json(lang), labels=script_json(labels))
    return Element(html)


class _RawScript(Element):
    """A script fragment rendered as is.

    branca would otherwise compile it as a template, which takes seconds for megabytes of
    point data.
    """

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    def render(self, **kwargs: Any) -> str:
        """Return the code unchanged."""
        return self.code


class PointData(MacroElement):
    """One compact JSON object of points, shared by the layers that draw it.

    Parameters
    ----------
    points
        One ``[lat, lon, sector_index, waste_t_per_yr, title, values, extra]`` per point
        (EPSG:4326 degrees; t/yr may be None). ``values`` align with ``keys``; ``extra``
        holds further ``[label, value]`` popup rows (e.g. one per waste stream) or is
        omitted.
    keys
        Label keys (:data:`eipgeo.outputs._map_text.LABELS`) or column names of ``values``.
    sectors
        ``[English, Vietnamese]`` name per sector index.
    """

    def __init__(
        self, points: list[list[Any]], *, keys: list[str], sectors: list[list[str]]
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "PointData"
        self.points = points
        self.keys = keys
        self.json = script_json({"keys": keys, "sectors": sectors, "pts": points})

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add ``var <name> = {...};`` to the page's scripts, untemplated."""
        self.get_root().script.add_child(  # type: ignore[attr-defined]
            _RawScript(f"var {self.get_name()} = {self.json};"), name=self.get_name()
        )


class PointLayer(Layer):
    """A switchable layer drawing :class:`PointData` as circle markers.

    Parameters
    ----------
    data
        The shared points.
    name
        Layer name as the layer control shows it (trusted HTML: our bilingual labels).
    colours
        Fill colour per sector index.
    css_class
        Class of each SVG path (``eipgeo-source``, ``eipgeo-bubble``).
    radius_px
        Fixed radius (px), or None to size by waste: ``area ~ t/yr``, the largest point
        ``max_radius_px``.
    show
        Visible when the map opens. Hidden layers build their markers on first show.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        (function () {
          var g = {{ this.get_name() }}, data = {{ this.data.get_name() }}, d = data.pts,
              o = {{ this.opts }};
          var map = {{ this._parent.get_name() }}, pane = map.getPane(o.pane);
          if (!pane) { pane = map.createPane(o.pane); pane.style.zIndex = o.z_index; }
          var renderer = L.svg({pane: o.pane});
          var tmax = 0;
          d.forEach(function (p) { if (p[3] > tmax) tmax = p[3]; });
          function radius(p) {
            if (o.radius !== null) return o.radius;
            if (!(p[3] > 0)) return 0;
            return Math.max(2, o.max_radius * Math.sqrt(p[3] / (tmax || 1)));
          }
          function popup(i) {
            var p = d[i], rows = [["sector", data.sectors[p[2]]]];
            data.keys.forEach(function (k, j) { rows.push([k, p[5][j]]); });
            return eipgeoPopup(p[4], rows.concat(p[6] || []));
          }
          if (d.length > {{ this.fast_limit }}) {
            g.addLayer(new (eipgeoDots())(d, o, radius, popup));
          } else {
            g.once("add", function () {
              for (var i = 0; i < d.length; i++) {
                var p = d[i];
                if (o.radius === null && !(p[3] > 0)) continue;
                var m = L.circleMarker([p[0], p[1]], {renderer: renderer, pane: o.pane,
                  radius: radius(p), color: o.stroke, weight: o.weight,
                  fillColor: o.colours[p[2]], fillOpacity: o.fill_opacity,
                  className: o.css_class});
                m.eipgeoIndex = i;
                g.addLayer(m);
              }
            });
            g.bindPopup(function (layer) { return popup(layer.eipgeoIndex); }, eipgeoPopupOptions);
            g.bindTooltip(function (layer) {
              return document.createTextNode(d[layer.eipgeoIndex][4]);
            });
          }
        })();
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
    """)

    def __init__(
        self,
        data: PointData,
        *,
        name: str,
        colours: list[str],
        css_class: str,
        radius_px: float | None = 6.0,
        max_radius_px: float = 22.0,
        fill_opacity: float = 0.85,
        show: bool = True,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "PointLayer"
        self.data = data
        self.fast_limit = FAST_LIMIT
        self.opts = script_json(
            {
                "radius": radius_px,
                "max_radius": max_radius_px,
                "colours": colours,
                "css_class": css_class,
                "fill_opacity": fill_opacity,
                # own panes: the enterprise dots (z 450) sit above Leaflet's overlay pane
                # (z 400: routes, arcs, boundary, flagged rings), so a click on a dot
                # always reaches it; the bubbles (z 380) stay under the lines.
                "pane": css_class,
                "z_index": 450 if radius_px is not None else 380,
                "stroke": "#333333" if radius_px is not None else "#555555",
                "weight": 1 if len(data.points) <= FAST_LIMIT else 0.5,
            }
        )


class Panel(MacroElement):
    """A Leaflet control holding our (trusted, escaped) HTML: legend, key figures.

    Being a control, it stacks with the other controls of its corner instead of
    covering them.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var c = L.control({position: {{ this.position }}});
          c.onAdd = function () {
            var div = L.DomUtil.create("div", "eipgeo-panel " + {{ this.css_class }});
            div.innerHTML = {{ this.html }};
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
          };
          c.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, html: str, *, position: str, css_class: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Panel"
        self.raw_html = html
        self.html = script_json(html)
        self.position = script_json(position)
        self.css_class = script_json(css_class)


class BoundPopup(MacroElement):
    """Binds a popup of our (trusted, escaped) HTML to its parent layer or feature group.

    folium's own ``Popup`` parses its HTML with jQuery, which eipgeo maps do not load;
    Leaflet's ``bindPopup`` needs nothing more, and on a feature group it serves every
    member with one copy of the HTML.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindPopup({{ this.html }},
          window.eipgeoPopupOptions || {maxWidth: 360});
        {% endmacro %}
    """)

    def __init__(self, html: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "BoundPopup"
        self.raw_html = html
        self.html = script_json(html)


class Attribution(MacroElement):
    """Adds a text to the map's attribution control (there is no tile layer to carry it)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text }});
        {% endmacro %}
    """)

    def __init__(self, text: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Attribution"
        self.text = script_json(text)


class FitButtons(MacroElement):
    """Buttons that frame the park or every facility (the first view frames the park only).

    Parameters
    ----------
    views
        ``(label_html, [[south, west], [north, east]])`` per button, EPSG:4326 degrees;
        the label is trusted HTML (our bilingual labels).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var map = {{ this._parent.get_name() }}, views = {{ this.views }};
          var c = L.control({position: "topleft"});
          c.onAdd = function () {
            var div = L.DomUtil.create("div", "eipgeo-panel eipgeo-fit");
            views.forEach(function (v) {
              var b = L.DomUtil.create("button", "", div);
              b.type = "button"; b.innerHTML = v[0];
              b.onclick = function () { map.fitBounds(v[1], {padding: [30, 30]}); };
            });
            L.DomEvent.disableClickPropagation(div);
            return div;
          };
          c.addTo(map);
        })();
        {% endmacro %}
    """)

    def __init__(self, views: list[tuple[str, list[list[float]]]]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "FitButtons"
        self.views = script_json([[label, bounds] for label, bounds in views])


class LabelPlacement(MacroElement):
    """Places each permanent label at the first free spot around its marker, at every view.

    The labels are the tooltips of class ``css_class`` of the map's markers. Markers are
    taken north to south (then west to east, then in the order they were added); each
    label goes to the first candidate that keeps it inside the map and clear of the labels
    already placed, of every such marker and of the map's controls (legend, key figures,
    layers, zoom, attribution): right, left, above-right, below-right, above-left,
    below-left of the marker, at a gap of 4 px, then the same at gaps growing by 8 px
    (up to ``max_gap_px``). A label that ends up more than 2 px further out than the first
    ring gets a thin leader line from the marker's edge to the nearest point of the label's
    box. If no candidate is free, the label takes the first one clear of the other labels
    ignoring the controls and the map's edge, else the first one. Placement reruns on
    every zoom, move, resize, layer switched on or off and language switch (the controls
    change size with the language).

    Parameters
    ----------
    css_class
        The tooltips' class name.
    marker_radius_px
        Half the marker icon's width (px); the icon is taken as a square of this half-side.
    max_gap_px
        The largest gap tried between the marker's edge and the label (px).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
          var map = {{ this._parent.get_name() }}, cls = {{ this.css_class }};
          var R = {{ this.radius }}, MAXGAP = {{ this.max_gap }}, GAP0 = 4, STEP = 8;
          var pane = map.createPane('eipgeoLeaders');
          pane.style.zIndex = 640; pane.style.pointerEvents = 'none';
          var NS = 'http://www.w3.org/2000/svg', svg = document.createElementNS(NS, 'svg');
          svg.setAttribute('class', 'leaflet-zoom-hide eipgeo-leaders');
          svg.setAttribute('width', '1'); svg.setAttribute('height', '1');
          svg.style.position = 'absolute'; svg.style.left = '0'; svg.style.top = '0';
          svg.style.overflow = 'visible';
          pane.appendChild(svg);
          function hits(a, b, pad) {
            return a[0] < b[2] + pad && a[2] + pad > b[0] && a[1] < b[3] + pad &&
              a[3] + pad > b[1];
          }
          function candidates(x, y, w, h) {
            var out = [];
            for (var g = GAP0; g <= MAXGAP; g += STEP) {
              var d = (R + g) * Math.SQRT1_2;
              [[x + R + g, y - h / 2], [x - R - g - w, y - h / 2], [x + d, y - d - h],
               [x + d, y + d], [x - d - w, y - d - h], [x - d - w, y + d]]
                .forEach(function (p) { out.push([p[0], p[1], p[0] + w, p[1] + h]); });
            }
            return out;
          }
          function place() {
            var box = map.getContainer().getBoundingClientRect();
            var size = map.getSize(), items = [];
            map.eachLayer(function (l) {
              var t = l.getTooltip && l.getTooltip();
              if (!t || t.options.className !== cls || !t.getElement() || !l.getLatLng) return;
              items.push({layer: l, el: t.getElement(), order: items.length,
                          ll: l.getLatLng(), p: map.latLngToContainerPoint(l.getLatLng())});
            });
            items.sort(function (a, b) {
              return b.ll.lat - a.ll.lat || a.ll.lng - b.ll.lng || a.order - b.order;
            });
            var markers = items.map(function (it) {
              return [it.p.x - R, it.p.y - R, it.p.x + R, it.p.y + R];
            });
            var controls = [];
            map.getContainer().querySelectorAll('.leaflet-control').forEach(function (c) {
              var r = c.getBoundingClientRect();
              if (r.width > 0 && r.height > 0) {
                controls.push([r.left - box.left, r.top - box.top, r.right - box.left,
                               r.bottom - box.top]);
              }
            });
            while (svg.firstChild) { svg.removeChild(svg.firstChild); }
            var placed = [];
            items.forEach(function (it, k) {
              L.DomUtil.addClass(it.el, 'eipgeo-placed');
              it.el.style.visibility = '';
              var w = it.el.offsetWidth, h = it.el.offsetHeight;
              var cands = candidates(it.p.x, it.p.y, w, h);
              function free(c, strict) {
                if (placed.some(function (o) { return hits(c, o, 2); })) { return false; }
                if (!strict) { return true; }
                if (c[0] < 2 || c[1] < 2 || c[2] > size.x - 2 || c[3] > size.y - 2) {
                  return false;
                }
                return !markers.some(function (m) { return hits(c, m, 1); }) &&
                  !controls.some(function (o) { return hits(c, o, 2); });
              }
              var c = cands.filter(function (q) { return free(q, true); })[0] ||
                cands.filter(function (q) { return free(q, false); })[0] || cands[0];
              placed.push(c);
              L.DomUtil.setPosition(it.el, map.containerPointToLayerPoint([c[0], c[1]]));
              it.el.setAttribute('data-eipgeo-label', String(k));
              var icon = it.layer.getElement && it.layer.getElement();
              if (icon) { icon.setAttribute('data-eipgeo-label', String(k)); }
              var ex = Math.min(Math.max(it.p.x, c[0]), c[2]);
              var ey = Math.min(Math.max(it.p.y, c[1]), c[3]);
              var dx = ex - it.p.x, dy = ey - it.p.y, dist = Math.sqrt(dx * dx + dy * dy);
              if (dist <= R + GAP0 + 2) { return; }
              var s = map.containerPointToLayerPoint([it.p.x + dx / dist * R,
                                                      it.p.y + dy / dist * R]);
              var e = map.containerPointToLayerPoint([ex, ey]);
              var line = document.createElementNS(NS, 'line');
              line.setAttribute('x1', s.x); line.setAttribute('y1', s.y);
              line.setAttribute('x2', e.x); line.setAttribute('y2', e.y);
              line.setAttribute('stroke', '#222'); line.setAttribute('stroke-width', '1.3');
              line.setAttribute('class', 'eipgeo-leader');
              line.setAttribute('data-eipgeo-label', String(k));
              svg.appendChild(line);
            });
          }
          var pending = false;
          function later() {  // once the page has laid out the change
            if (pending) { return; }
            pending = true;
            setTimeout(function () { pending = false; place(); }, 0);
          }
          map.whenReady(later);
          map.on('zoomend moveend viewreset resize', place);
          map.on('overlayadd overlayremove', later);
          new MutationObserver(later).observe(
            document.documentElement, {attributes: true, attributeFilter: ['data-eipgeo-lang']});
        })();
        {% endmacro %}
    """)

    def __init__(
        self, css_class: str, *, marker_radius_px: float = 7.0, max_gap_px: float = 300.0
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "LabelPlacement"
        self.css_class = script_json(css_class)
        self.radius = script_json(marker_radius_px)
        self.max_gap = script_json(max_gap_px)

"""Open layers in headless QGIS (PyQGIS) and report how each is styled, as JSON on stdout.

Run with Debian's Python, which has PyQGIS (``python3-qgis``), not the project's venv:
``QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis/styled_layers.py URI...``, each URI a
QGIS data source of the ``ogr`` provider (``file.gpkg|layername=NAME``) or, prefixed with
``postgres:``, of the ``postgres`` provider. A layer counts as styled when QGIS applied the
default style it found in the source's ``layer_styles`` table, i.e. its renderer is no
longer the single symbol QGIS gives an unstyled layer.
"""

from __future__ import annotations

import json
import sys

from qgis.core import QgsApplication, QgsVectorLayer


def _leaf_rules(rule):  # type: ignore[no-untyped-def]
    """The rules that draw (carry a symbol), depth first."""
    for child in rule.children():
        if child.symbol() is not None:
            yield child
        yield from _leaf_rules(child)


def _describe(layer: QgsVectorLayer) -> dict[str, object]:
    renderer = layer.renderer()
    kind = renderer.type() if renderer else None
    colours: list[str] = []
    if kind == "categorizedSymbol":
        colours = [c.symbol().color().name() for c in renderer.categories()]
    elif kind == "RuleRenderer":
        colours = [r.symbol().color().name() for r in _leaf_rules(renderer.rootRule())]
    elif kind == "singleSymbol":
        colours = [renderer.symbol().color().name()]
    return {
        "valid": layer.isValid(),
        "features": layer.featureCount(),
        "renderer": kind,
        "classes": len(colours),
        "colours": colours,
    }


def main(uris: list[str]) -> None:
    app = QgsApplication([], False)
    app.initQgis()
    out = {}
    for given in uris:
        provider, uri = "ogr", given
        if given.startswith("postgres:"):
            provider, uri = "postgres", given[len("postgres:") :]
        out[uri] = _describe(QgsVectorLayer(uri, "layer", provider))
    print(json.dumps(out))
    app.exitQgis()


if __name__ == "__main__":
    main(sys.argv[1:])

"""Adapter: make folium's HTML self-contained, with assets from the folium-offline wheel.

folium renders ``<script src="https://cdn...">`` and ``<link href="https://cdn...">``
tags. The ``folium-offline`` package (PyPI, MIT) ships the same files, keyed by those
URLs; this module swaps every such tag for an inline copy. A URL with no offline copy
is an error, so a map never silently depends on the network.
"""

from __future__ import annotations

import re

_SCRIPT = re.compile(r'<script\s+src="(https?://[^"]+)"\s*>\s*</script>')
_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="(https?://[^"]+)"\s*/?>')


def _resources() -> dict[str, str]:
    import offlinefolium.elements as offline_elements

    return dict(offline_elements._res)  # the package's URL -> file-content table


def inline_assets(html: str) -> str:
    """Replace every CDN ``<script>`` and stylesheet ``<link>`` by its inline content.

    Parameters
    ----------
    html
        A rendered folium page.

    Returns
    -------
    str
        The page with no external script or stylesheet reference.

    Raises
    ------
    RuntimeError
        A referenced URL has no offline copy in folium-offline (name it, so the
        plugin can be dropped or the dependency updated).
    """
    res = _resources()

    def script(m: re.Match[str]) -> str:
        return f"<script>{_lookup(res, m.group(1))}</script>"

    def link(m: re.Match[str]) -> str:
        return f"<style>{_lookup(res, m.group(1))}</style>"

    return _LINK.sub(link, _SCRIPT.sub(script, html))


def _lookup(res: dict[str, str], url: str) -> str:
    if url in res:
        return res[url].replace("</script", "<\\/script")
    msg = (
        f"no offline copy of {url} in folium-offline; remove the plugin that needs it or "
        "update folium-offline"
    )
    raise RuntimeError(msg)


LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
"""The URL folium names for Leaflet's script; its offline copy is served by ``eipgeo serve``."""
LEAFLET_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"
"""The URL folium names for Leaflet's stylesheet."""


def offline_asset(url: str) -> str:
    """Return the offline copy of one CDN asset that folium names (script or stylesheet).

    Parameters
    ----------
    url
        The CDN URL, e.g. :data:`LEAFLET_JS`.

    Returns
    -------
    str
        The file's text, as folium-offline ships it.

    Raises
    ------
    RuntimeError
        folium-offline has no copy of ``url``.
    """
    res = _resources()
    if url not in res:
        msg = f"no offline copy of {url} in folium-offline; update folium-offline"
        raise RuntimeError(msg)
    return res[url]

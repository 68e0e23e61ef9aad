"""The layout-review web app: a standard-library HTTP server around a review session.

``http.server.ThreadingHTTPServer`` serves, on localhost by default:

* ``GET /``: the page (:func:`eipgeo.serve.page.page_html`);
* ``GET /assets/leaflet.js`` and ``/assets/leaflet.css``: Leaflet, from folium-offline
  (the copies the offline maps inline), so the app needs no internet;
* ``GET /api/state``: the session's state as JSON (:meth:`ReviewSession.state`);
* ``POST /api/change``: one change as JSON; the new state, or ``{"error", "field"}``
  with status 400 (a refused change, with ``key`` and ``params``: its catalogue message
  and values, which the page writes in English or Vietnamese) or 422 (a run that
  failed), never a traceback;
* ``GET /api/scenario.yaml``: the current layout as a scenario file for ``eipgeo run``.

The standard library is enough for one user on one machine, and adds no dependency:
the work is in the library's runner, which the app only calls.
"""

from __future__ import annotations

import json
import math
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from eipgeo._errors import EipgeoError, ValidationError
from eipgeo.outputs._offline import LEAFLET_CSS, LEAFLET_JS, offline_asset
from eipgeo.serve.page import page_html
from eipgeo.serve.session import FIGURES, RefusedChange, ReviewSession

MAX_BODY_BYTES = 64_000
"""Largest change accepted (bytes); a change is a few hundred."""


def _clean(value: Any) -> Any:
    """Return ``value`` with NaN and infinities as ``None`` (strict JSON)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


class ReviewHandler(BaseHTTPRequestHandler):
    """Answers the page's requests for one :class:`ReviewSession` (set by :func:`make_server`)."""

    session: ReviewSession
    assets: dict[str, tuple[str, bytes]]
    quiet: bool = True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        """Log requests only when the server is not quiet.

        Parameters
        ----------
        format
            The ``%``-format of the line.
        *args
            Its values.
        """
        if not self.quiet:
            super().log_message(format, *args)

    def _send(self, status: int, content_type: str, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: Any) -> None:
        body = json.dumps(_clean(data), ensure_ascii=False, allow_nan=False).encode("utf-8")
        self._send(status, "application/json; charset=utf-8", body)

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        """Serve the page, its assets, the state and the scenario export."""
        path = self.path.split("?", 1)[0]
        if path in self.assets:
            content_type, body = self.assets[path]
            self._send(HTTPStatus.OK, content_type, body)
        elif path == "/api/state":
            self._json(HTTPStatus.OK, self.session.state())
        elif path == "/api/scenario.yaml":
            body = self.session.export_yaml().encode("utf-8")
            self._send(
                HTTPStatus.OK,
                "application/yaml; charset=utf-8",
                body,
                Content_Disposition='attachment; filename="layout-review.yaml"',
            )
        else:
            self._json(HTTPStatus.NOT_FOUND, {"error": f"{path} is not a page of this app"})

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        """Apply one change (``/api/change``) and answer with the new state or the error."""
        if self.path != "/api/change":
            self._json(HTTPStatus.NOT_FOUND, {"error": f"{self.path} takes no POST"})
            return
        change = self._read_change()
        if change is None:
            return
        try:
            state = self.session.apply(change)
        except ValidationError as exc:
            field = exc.problems[0].column if exc.problems else None
            body: dict[str, Any] = {"error": str(exc), "field": field}
            if isinstance(exc, RefusedChange):  # the page writes it in its language
                body.update(key=exc.key, params=exc.params)
            self._json(HTTPStatus.BAD_REQUEST, body)
        except EipgeoError as exc:
            self._json(
                HTTPStatus.UNPROCESSABLE_ENTITY,
                {"error": f"{exc}; the last good layout is kept", "field": None},
            )
        except Exception as exc:  # the page shows one line, never a traceback
            self._json(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                {
                    "error": f"{type(exc).__name__}: {exc} (an unexpected failure; the last "
                    "good layout is kept; rerun with --verbose and report it)",
                    "field": None,
                },
            )
        else:
            self._json(HTTPStatus.OK, state)

    def _read_change(self) -> dict[str, Any] | None:
        """Read the request's JSON object, or answer 400 and return ``None``."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY_BYTES:
            self._json(
                HTTPStatus.BAD_REQUEST,
                {"error": f"a change is a JSON object of 1 to {MAX_BODY_BYTES} bytes"},
            )
            return None
        try:
            change = json.loads(self.rfile.read(length).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            self._json(HTTPStatus.BAD_REQUEST, {"error": f"the change is not JSON ({exc})"})
            return None
        if not isinstance(change, dict):
            self._json(HTTPStatus.BAD_REQUEST, {"error": "a change is a JSON object"})
            return None
        return change


def make_server(
    session: ReviewSession, *, host: str = "127.0.0.1", port: int = 8765, quiet: bool = True
) -> ThreadingHTTPServer:
    """Return a server for ``session`` bound to ``host:port`` (not yet serving).

    Parameters
    ----------
    session
        The review session it serves.
    host
        The interface; default localhost only.
    port
        The TCP port; 0 picks a free one (``server.server_port`` says which).
    quiet
        Leave requests unlogged (default).

    Returns
    -------
    http.server.ThreadingHTTPServer
        Call ``serve_forever()`` (and ``server_close()`` after).

    Raises
    ------
    OSError
        The address is in use or cannot be bound.
    """
    assets = {
        "/": ("text/html; charset=utf-8", page_html([k for k, _ in FIGURES]).encode("utf-8")),
        "/assets/leaflet.js": (
            "text/javascript; charset=utf-8",
            offline_asset(LEAFLET_JS).encode("utf-8"),
        ),
        "/assets/leaflet.css": ("text/css; charset=utf-8", offline_asset(LEAFLET_CSS).encode()),
    }
    handler = type(
        "SessionHandler",
        (ReviewHandler,),
        {"session": session, "assets": assets, "quiet": quiet},
    )
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server

"""``eipgeo serve PARK_OR_SCENARIO``: the layout-review web app, offline, on localhost.

It runs the park (or the scenario) once for the baseline, then serves the page on
``http://HOST:PORT/`` until Ctrl+C. Every change made on the map is re-run through the
runner of ``eipgeo run``; the page exports the layout as a scenario file.
"""

from __future__ import annotations

import webbrowser
from http.server import ThreadingHTTPServer
from typing import Annotated

import typer

from eipgeo._errors import UsageError
from eipgeo.cli._app import _guard, app
from eipgeo.serve.app import make_server
from eipgeo.serve.session import ReviewSession

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
"""Hosts that keep the app on this machine."""


@app.command("serve")
def serve_cmd(
    source: Annotated[
        str,
        typer.Argument(
            help="A park slug, a park folder or a scenario YAML file.",
            metavar="PARK_OR_SCENARIO",
            show_default=False,
        ),
    ],
    port: Annotated[int, typer.Option("--port", help="TCP port (0: any free port).")] = 8765,
    host: Annotated[
        str, typer.Option("--host", help="Interface to listen on (default: this machine only).")
    ] = "127.0.0.1",
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open the page in a browser.")
    ] = False,
    seed: Annotated[int, typer.Option("--seed", help="Solver seed for a park.")] = 42,
    iterations: Annotated[
        int, typer.Option("--iterations", help="PyVRP iterations for a park.")
    ] = 1500,
) -> None:
    """Serve the layout-review app: change the layout and see the figures change.

    Move, add or remove tenants, hazardous stores, the hub and collection points; change
    setback rules and collection frequencies. A scenario file keeps its own seed and
    iterations. The first line on stdout is url=http://HOST:PORT/ once the page is served.
    """

    def start() -> tuple[ReviewSession, ThreadingHTTPServer]:
        if not 0 <= port <= 65535:  # noqa: PLR2004
            raise UsageError(f"--port {port} is not a TCP port; give 0-65535")
        if iterations < 1:
            raise UsageError(f"--iterations {iterations} must be at least 1")
        session = ReviewSession(source, seed=seed, iterations=iterations)
        try:
            server = make_server(session, host=host, port=port)
        except OSError as exc:
            raise UsageError(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another "
                "--port (0 picks a free one)"
            ) from None
        return session, server

    session, server = _guard(start)
    url = f"http://{host if ':' not in host else f'[{host}]'}:{server.server_port}/"
    if host not in LOCAL_HOSTS:
        typer.echo(
            f"warning: listening on {host}: other machines can reach the app; use "
            "--host 127.0.0.1 to keep it local",
            err=True,
        )
    typer.echo(f"url={url}")
    typer.echo(f"serving {session.park.slug} at {url} (Ctrl+C to stop)", err=True)
    if not no_browser:
        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)
    finally:
        server.server_close()

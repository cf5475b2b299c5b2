"""Start the dashboard: Solara's server on the page `hsbp.dashboard.app`, local and offline by default.

Solara reads its settings from the environment when it is first imported, so everything is
set here before that: telemetry off, the starting scenario for new sessions. The server runs
in production mode (no auto-restart), opens no browser and does not ask PyPI for a newer Solara.
"""

from __future__ import annotations

import contextlib
import errno
import html
import http.server
import os
import socket
import sys
import warnings

from hsbp.dashboard import assets

APP = "hsbp.dashboard.app"
SCENARIO_ENV = "HSBP_DASHBOARD_SCENARIO"  # read by hsbp.dashboard.app for each new browser session


class ServerError(ValueError):
    """The server cannot start with these options; the message is one line naming the option."""


def serve(scenario: str, host: str = "127.0.0.1", port: int = 8765) -> int:
    """Serve the dashboard until interrupted (Ctrl-C); returns the exit code.

    Args:
        scenario: the scenario a new browser session opens on (a name or a scenario file).
        host: the address to listen on; 127.0.0.1 keeps the dashboard on this computer.
        port: the TCP port; 0 picks a free one.

    Raises:
        ServerError: the address cannot be listened on (in use, or not this computer's).
    """
    check_address(host, port)  # first: with --port 0 an unknown --host would fail in free_port, unexplained
    port = port or free_port(host)
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    os.environ.setdefault("SOLARA_THEME_SHOW_BANNER", "False")  # Solara's corner badge covered the charts
    os.environ.setdefault("SOLARA_THEME_TITLE", "HSBP dashboard")  # the tab's title while the page loads
    os.environ[SCENARIO_ENV] = scenario
    absent = assets.missing()
    if absent:
        print(missing_message(absent), file=sys.stderr)
        return serve_notice(host, port, absent)
    print(f"hsbp dashboard: open http://{_url_host(host)}:{port} in a browser (scenario {scenario}; Ctrl-C stops it)")
    sys.stdout.flush()

    # Solara warns on every page load over plain http unless the host is literally "localhost"; the
    # warning concerns embedding in another site's iframe, which a local dashboard does not do.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https", category=UserWarning)
    import click
    from solara.__main__ import run

    args = [APP, "--host", host, "--port", str(port), "--production", "--no-open", "--no-check-version"]
    # Ctrl-C: uvicorn shuts down, then re-raises the interrupt, which click turns into Abort.
    with contextlib.suppress(KeyboardInterrupt, click.exceptions.Abort):
        run.main(args=args, prog_name="hsbp dashboard", standalone_mode=False)
    print("hsbp dashboard: stopped")
    return 0


def missing_message(absent: list[str]) -> str:
    """The one line printed at start when the page's front-end files are not cached."""
    return (
        f"hsbp dashboard: the page's front-end files are missing ({', '.join(absent)}); "
        f"run scripts/fetch_dashboard_assets.sh {sys.prefix} (needs npm and internet once), then start it again"
    )


def notice_page(absent: list[str]) -> str:
    """The page served instead of the dashboard when its front-end files are missing."""
    items = "".join(f"<li><code>{html.escape(spec)}</code></li>" for spec in absent)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>HSBP dashboard: set-up needed</title>
<style>body {{ font-family: sans-serif; max-width: 46rem; margin: 3rem auto; line-height: 1.5; }}
code, pre {{ background: #f3f3f3; padding: 2px 4px; }}</style></head>
<body><h1>The dashboard needs its front-end files</h1>
<p>The page's JavaScript, styles and fonts are not in Solara's cache
(<code>{html.escape(str(assets.cache_dir()))}</code>), and without them the dashboard would stay blank.
Fetch them once (this needs <code>npm</code> and an internet connection), then start the dashboard again:</p>
<pre>scripts/fetch_dashboard_assets.sh {html.escape(sys.prefix)}
hsbp dashboard</pre>
<p><code>scripts/bootstrap.sh</code> does the same as part of set-up. Missing:</p><ul>{items}</ul>
</body></html>"""


def serve_notice(host: str, port: int, absent: list[str]) -> int:
    """Serve `notice_page` on every path until interrupted (Ctrl-C); returns the exit code."""
    body = notice_page(absent).encode("utf-8")

    class Notice(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server_class = type("NoticeServer", (http.server.ThreadingHTTPServer,), {"address_family": _family(host)})
    with server_class((host, port), Notice) as httpd, contextlib.suppress(KeyboardInterrupt):
        print(f"hsbp dashboard: open http://{_url_host(host)}:{port} for instructions (Ctrl-C stops it)")
        sys.stdout.flush()
        httpd.serve_forever()
    print("hsbp dashboard: stopped")
    return 0


def free_port(host: str) -> int:
    """A TCP port that is free on `host` now."""
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def check_address(host: str, port: int) -> None:
    """Raise ServerError unless the server could listen on (host, port), binding as uvicorn does."""
    try:
        with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except socket.gaierror:
        raise ServerError(f"--host {host}: not a known address; use one of this computer's, e.g. 127.0.0.1") from None
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise ServerError(f"--port {port}: already in use on {host}; choose another port with --port") from None
        if error.errno == errno.EACCES:
            raise ServerError(f"--port {port}: not permitted on {host}; use a port above 1023") from None
        reason = error.strerror or "refused"
        raise ServerError(f"--host {host}: cannot listen there ({reason}); use an address of this computer") from None


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host

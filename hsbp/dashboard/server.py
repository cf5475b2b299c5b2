"""Start the dashboard: Solara's server on the page `hsbp.dashboard.app`, local and offline by default.

Solara reads its settings from the environment when it is first imported, so everything is
set here before that: telemetry off, the starting scenario for new sessions. The server runs
in production mode (no auto-restart), opens no browser and does not ask PyPI for a newer Solara.
"""

from __future__ import annotations

import contextlib
import errno
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
    os.environ[SCENARIO_ENV] = scenario
    absent = assets.missing()
    if absent:
        print(
            f"hsbp dashboard: warning: front-end files missing from {assets.cache_dir()} ({', '.join(absent)}); "
            "without internet access the page stays blank. Run scripts/fetch_dashboard_assets.sh "
            f"{sys.prefix} to fetch them.",
            file=sys.stderr,
        )
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

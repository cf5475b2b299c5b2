"""Fixtures for the dashboard tests: `hsbp dashboard` in a subprocess, and Debian's chromium driven by Playwright.

The server gets an unreachable CDN address, so a front-end file missing from Solara's cache
fails the page (a failed request) instead of being fetched from the internet: the tests
prove the dashboard works offline on any machine.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags chromium keeps trying to reach Google's services,
# and those connections are refused on a machine without internet access.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OFFLINE_CDN = "http://127.0.0.1:9/npm/"  # the discard port: nothing listens, so a cache miss fails at once
SERVER_START_SECONDS = 90
VIEWPORT = {"width": 1600, "height": 1000}
# A step and redraw takes well under a second, a new session a few seconds; Playwright's 5 s default
# for `expect` is still too tight for a loaded CI machine shared with other jobs.
expect.set_options(timeout=30_000)


@dataclass
class Server:
    url: str
    log: Path
    process: subprocess.Popen[bytes]

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@dataclass
class Watched:
    """A browser page with everything that went wrong on it: page errors, failed requests, console errors."""

    page: Page
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return self.page_errors + self.failed_requests + self.console_errors


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`hsbp dashboard tumaco` on a free port, as a user starts it; stopped with Ctrl-C (SIGINT) at the end."""
    port = _free_port()
    log = tmp_path_factory.mktemp("dashboard") / "server.log"
    env = os.environ | {"SOLARA_ASSETS_CDN": OFFLINE_CDN, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "hsbp", "dashboard", "tumaco", "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
        )
    running = Server(f"http://127.0.0.1:{port}/", log, process)
    deadline = time.monotonic() + SERVER_START_SECONDS
    while True:
        if process.poll() is not None:
            pytest.fail(f"hsbp dashboard exited with code {process.returncode}:\n{running.output()}")
        try:
            with urllib.request.urlopen(running.url, timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"hsbp dashboard did not answer within {SERVER_START_SECONDS} s:\n{running.output()}")
        time.sleep(0.25)
    yield running
    process.send_signal(signal.SIGINT)  # Ctrl-C, the documented way to stop it
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    assert process.returncode == 0, f"hsbp dashboard did not stop cleanly on Ctrl-C:\n{running.output()}"


@dataclass
class NoticeServer:
    url: str
    first_line: str


@pytest.fixture
def notice_server(tmp_path: Path) -> Iterator[NoticeServer]:
    """`hsbp dashboard` with an empty front-end cache: what it prints first, and the address it serves."""
    port = _free_port()
    env = os.environ | {"SOLARA_ASSETS_PROXY_CACHE_DIR": str(tmp_path / "empty"), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "hsbp", "dashboard", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        first_line = process.stdout.readline()
        opened = process.stdout.readline()
        assert f"open http://127.0.0.1:{port}" in opened, first_line + opened
        yield NoticeServer(f"http://127.0.0.1:{port}/", first_line)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0, "hsbp dashboard did not stop cleanly on Ctrl-C"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium (never a browser downloaded by `playwright install`)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_dashboard(browser: Browser, server: Server) -> Watched:
    """A new browser session (its own context, so its own Solara session) on the dashboard, fully loaded."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    watched = Watched(page)
    page.on("pageerror", lambda error: watched.page_errors.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: watched.failed_requests.append(f"failed: {request.url} {request.failure}"))
    page.on("response", lambda response: response.status >= 400 and watched.failed_requests.append(response.url))
    page.on("console", lambda message: message.type == "error" and watched.console_errors.append(message.text))
    page.goto(server.url)
    page.locator(".hsbp-month").wait_for(timeout=60_000)
    return watched


@pytest.fixture
def new_session(browser: Browser, server: Server) -> Callable[[], Watched]:
    """Open the dashboard in one more browser session (the caller closes its context)."""
    return lambda: open_dashboard(browser, server)


@pytest.fixture
def dashboard(browser: Browser, server: Server) -> Iterator[Watched]:
    """The dashboard in a fresh browser session; the test fails if anything went wrong on the page."""
    watched = open_dashboard(browser, server)
    yield watched
    watched.page.context.close()
    assert not watched.problems(), "\n".join(watched.problems())

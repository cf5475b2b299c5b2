"""`hsbp dashboard` as a user starts it (help, bad input, missing assets) and the asset-fetching script."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "fetch_dashboard_assets.sh"


def hsbp(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hsbp", *args], capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.slow
def test_help_says_what_the_dashboard_does() -> None:
    done = hsbp("dashboard", "--help")
    assert done.returncode == 0
    for text in ("--port", "--host", "127.0.0.1", "scenario", "fetch_dashboard_assets.sh"):
        assert text in done.stdout


@pytest.mark.slow
def test_bad_input_exits_2_with_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cases = {
            ("dashboard", "atlantis"): "atlantis: no such scenario",
            ("dashboard", "--port", "70000"): "--port 70000: allowed 0 to 65535",
            ("dashboard", "--port", str(port)): f"--port {port}: already in use",
            ("dashboard", "--host", "no-such-host.invalid"): "--host no-such-host.invalid: not a known address",
        }
        for args, message in cases.items():
            done = hsbp(*args)
            assert done.returncode == 2, (args, done.stderr)
            assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


def test_missing_front_end_files_are_reported_in_one_line_and_on_the_page(tmp_path: Path) -> None:
    env = os.environ | {"SOLARA_ASSETS_PROXY_CACHE_DIR": str(tmp_path / "empty"), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "hsbp", "dashboard", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    watchdog = threading.Timer(120, process.kill)  # a loaded machine takes a while to import the packages
    watchdog.start()
    try:
        seen = process.stdout.readline() + process.stdout.readline()
        address = re.search(r"http://127\.0\.0\.1:\d+", seen)
        assert address, f"no address printed: {seen!r}"
        first = seen.splitlines()[0]
        with urllib.request.urlopen(address.group(0), timeout=10) as response:
            page = response.read().decode("utf-8")
    finally:
        watchdog.cancel()
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert "front-end files are missing" in first and "requirejs@2.3.6" in first, seen
    assert "run scripts/fetch_dashboard_assets.sh" in first
    assert "The dashboard needs its front-end files" in page and "scripts/fetch_dashboard_assets.sh" in page
    assert process.returncode == 0


def test_the_fetch_script_is_idempotent_on_a_filled_cache() -> None:
    done = subprocess.run(["bash", str(SCRIPT), sys.prefix], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "(0 fetched now)" in done.stdout  # bootstrap (or an earlier run) filled it


def test_the_fetch_script_fails_loudly_without_npm(tmp_path: Path) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "dirname").symlink_to(shutil.which("dirname"))  # the script's only tool before it looks for npm
    done = subprocess.run(
        ["/bin/bash", str(SCRIPT), sys.prefix], capture_output=True, text=True, env={"PATH": str(tools)}
    )
    assert done.returncode == 1
    assert "npm is required" in done.stderr

"""`hsbp dashboard` as a user starts it (help, bad input, missing assets) and the asset-fetching script."""

from __future__ import annotations

import os
import selectors
import shutil
import socket
import subprocess
import sys
import time
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


def test_it_warns_when_the_front_end_files_are_not_cached(tmp_path: Path) -> None:
    env = os.environ | {"SOLARA_ASSETS_PROXY_CACHE_DIR": str(tmp_path / "empty"), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "hsbp", "dashboard", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    seen = ""
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            deadline = time.monotonic() + 60
            while "open http://127.0.0.1:" not in seen and time.monotonic() < deadline:
                if selector.select(timeout=1):
                    line = process.stdout.readline()
                    if not line:
                        break
                    seen += line
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert "warning: front-end files missing" in seen and "requirejs@2.3.6" in seen, seen
    assert "fetch_dashboard_assets.sh" in seen
    assert "open http://127.0.0.1:" in seen, seen


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

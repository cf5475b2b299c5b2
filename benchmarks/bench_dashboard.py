"""How fast the dashboard steps and redraws, in a real browser (Debian's chromium), and a ten-year run.

Run by hand (never from pytest; timings are not asserted anywhere):

    python benchmarks/bench_dashboard.py                 # about a minute
    python benchmarks/bench_dashboard.py --steps 30 --site acute_crisis --json out.json

Starts `hsbp dashboard SITE` on a free port (its CDN pointed at an unreachable address, as the
tests do, so everything comes from the local cache), opens the page in chromium and, with two
designs compared (A: the full HSBP, B: no partnership), measures **in the page**
(`performance.now()`), from the click to the redrawn charts showing the new month:

    step   pressing "Step one month" N times: median, 90th percentile and slowest, ms;
    run    from month 1, "Run to month <horizon>": seconds for the rest of the ten years;
    play   "Play" for about 10 s: months shown per second.

Needs Playwright for Python and /usr/bin/chromium (never `playwright install`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]
TIMED_CLICK = """async ([name, target, timeout]) => {
    const button = [...document.querySelectorAll('button')]
        .find(b => b.innerText.trim().toLowerCase() === name.toLowerCase());
    const done = () => document.querySelector(`.hsbp-charts[data-month="${target}"]`) !== null;
    const start = performance.now();
    const shown = new Promise((resolve, reject) => {
        const observer = new MutationObserver(() => { if (done()) { observer.disconnect(); resolve(); } });
        observer.observe(document.body, {subtree: true, childList: true, attributes: true});
        setTimeout(() => { observer.disconnect(); reject(new Error(`month ${target} not shown`)); }, timeout);
    });
    button.click();
    await shown;
    return performance.now() - start;
}"""


def start_server(site: str) -> tuple[subprocess.Popen[bytes], str]:
    """`hsbp dashboard SITE` on a free port, offline; returns the process and its address once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {"SOLARA_ASSETS_CDN": "http://127.0.0.1:9/npm/"}
    process = subprocess.Popen(
        [sys.executable, "-m", "hsbp", "dashboard", site, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return process, url
        except OSError:
            time.sleep(0.25)
    process.kill()
    raise SystemExit(f"hsbp dashboard did not answer at {url} within 120 s")


def month(page: Page) -> int:
    return int(re.search(r"Month (\d+)", page.locator(".hsbp-month").inner_text()).group(1))


def timed(page: Page, button: str, target: int, timeout_ms: int = 120_000) -> float:
    """Milliseconds from clicking `button` to the charts showing month `target`, measured in the page."""
    return page.evaluate(TIMED_CLICK, [button, target, timeout_ms])


def compare_full_hsbp_with_no_partnership(page: Page) -> None:
    page.locator(".hsbp-design-a").click()
    page.get_by_role("option", name="Full HSBP", exact=True).click()
    page.locator("label", has_text=re.compile(r"^Compare with a second design \(B\)$")).click()
    page.get_by_role("button", name="Apply: restart at month 0", exact=True).click()
    expect(page.locator(".hsbp-pending")).to_have_count(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="tumaco", help="scenario to open (default tumaco)")
    parser.add_argument("--steps", type=int, default=20, help="Step presses timed (default 20)")
    parser.add_argument("--play-seconds", type=float, default=10.0, help="how long to play (default 10)")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    expect.set_options(timeout=60_000)
    load = os.getloadavg()
    process, url = start_server(args.site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(url)
            page.locator(".hsbp-month").wait_for(timeout=120_000)
            compare_full_hsbp_with_no_partnership(page)
            timed(page, "Step one month", 1)  # warm-up
            steps = sorted(timed(page, "Step one month", month(page) + 1) for _ in range(args.steps))
            page.get_by_role("button", name="Restart at month 0", exact=True).click()
            expect(page.locator(".hsbp-month")).to_contain_text("Month 0 of")
            timed(page, "Step one month", 1)
            horizon = int(re.search(r"of (\d+)", page.locator(".hsbp-month").inner_text()).group(1))
            run_s = timed(page, f"Run to month {horizon}", horizon) / 1000
            page.get_by_role("button", name="Restart at month 0", exact=True).click()
            expect(page.locator(".hsbp-month")).to_contain_text("Month 0 of")
            page.get_by_role("button", name="Play", exact=True).click()
            started = time.monotonic()
            page.wait_for_timeout(args.play_seconds * 1000)
            played, elapsed = month(page), time.monotonic() - started
            page.get_by_role("button", name="Pause", exact=True).click()
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    numbers = {
        "site": args.site,
        "designs": "A full HSBP, B no partnership",
        "step_ms_median": statistics.median(steps),
        "step_ms_p90": steps[int(0.9 * (len(steps) - 1))],
        "step_ms_max": steps[-1],
        "steps": len(steps),
        "run_to_horizon_s_from_month_1": run_s,
        "horizon_months": horizon,
        "play_months_per_s": played / elapsed,
        "load_average_before": load[0],
        "load_average_after": os.getloadavg()[0],
    }
    print(f"dashboard in chromium, {args.site}, two designs (load average {load[0]:.1f} → {os.getloadavg()[0]:.1f})")
    print(
        f"  step and redraw: median {numbers['step_ms_median']:.0f} ms, 90th percentile "
        f"{numbers['step_ms_p90']:.0f} ms, slowest {numbers['step_ms_max']:.0f} ms ({len(steps)} steps)"
    )
    print(f"  run to month {horizon} from month 1: {run_s:.1f} s")
    print(f"  play: {numbers['play_months_per_s']:.1f} months per second")
    if args.json:
        args.json.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

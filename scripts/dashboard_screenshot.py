"""Refresh the dashboard's picture in the README and docs/dashboard.md (docs/images/dashboard.png).

Run by hand after a change to the page (tests never write tracked files):

    .venv/bin/python scripts/dashboard_screenshot.py [--out docs/images/dashboard.png]

Starts `hsbp dashboard tumaco` offline, opens it in Debian's chromium, compares the full HSBP
(design A) with no partnership (design B), steps 36 months and saves the window.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_dashboard import ARGS, CHROMIUM, compare_full_hsbp_with_no_partnership, start_server, timed  # noqa: E402

MONTHS = 36


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images" / "dashboard.png")
    args = parser.parse_args(argv)
    expect.set_options(timeout=60_000)
    process, url = start_server("tumaco")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(url)
            page.locator(".hsbp-month").wait_for(timeout=120_000)
            compare_full_hsbp_with_no_partnership(page)
            for month in range(1, MONTHS + 1):
                timed(page, "Step one month", month)
            page.mouse.move(0, 0)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=args.out)
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

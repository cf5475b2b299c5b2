"""The dashboard in a real browser: Debian's chromium, driven by Playwright, on `hsbp dashboard`.

Each test opens its own browser session, so it gets a model of its own; the `dashboard`
fixture fails any test whose page had a page error, a failed request or a console error.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from hsbp.dashboard import assets
from hsbp.sim.scenario import load_scenario

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # Debian's chromium on hsbp dashboard

README_PICTURE = Path(__file__).resolve().parents[2] / "docs" / "images" / "dashboard.png"
# Tests write only under tmp_path; scripts/refresh_screenshots.sh sets this to copy the picture into docs/images.
REFRESH_PICTURES = os.environ.get("HSBP_REFRESH_SCREENSHOTS") == "1"
GRID_ITEM = ".vue-grid-item:not(.vue-grid-placeholder)"
STEP_SECONDS = 30_000  # ms: one rendered step takes about 2 s on two cores; leave room for a loaded CI machine


def month(page: Page) -> int:
    return int(re.search(r"Month (\d+)", page.locator(".hsbp-month").inner_text()).group(1))


def value(page: Page, measure: str, design: str = "A") -> str:
    return page.locator(f'.hsbp-value[data-measure="{measure}"][data-design="{design}"]').inner_text()


def plot_image(page: Page, index: int) -> str:
    """The PNG data URL of SolaraViz grid item `index` (2 is the mean-trust plot)."""
    return page.locator(GRID_ITEM).nth(index).locator("img").get_attribute("src")


def step(page: Page, months: int = 1) -> None:
    """Press Step and wait until the page shows `months` more months."""
    before = month(page)
    page.get_by_role("button", name="Step").click()
    expect(page.locator(".hsbp-month")).to_contain_text(f"Month {before + months} of", timeout=STEP_SECONDS)


def reset(page: Page) -> None:
    """Press Reset (after at least one step) and wait for the rebuilt model at month 0."""
    assert month(page) > 0, "step first, so that the rebuilt model shows"
    page.get_by_role("button", name="Reset").click()
    expect(page.locator(".hsbp-month")).to_contain_text("Month 0 of", timeout=STEP_SECONDS)


def tick(page: Page, label: str) -> None:
    """Toggle a SolaraViz checkbox by its label (Vuetify draws over the input itself)."""
    page.locator("label", has_text=re.compile(f"^{re.escape(label)}$")).click()


def slide(page: Page, label: str, key: str, presses: int = 1) -> None:
    """Move a SolaraViz slider with the keyboard, as a user can."""
    thumb = page.locator(f'[role="slider"][aria-label="{label}"]')
    thumb.focus()
    for _ in range(presses):
        thumb.press(key)


def test_page_loads_offline_without_errors(dashboard, server) -> None:
    page = dashboard.page
    expect(page.get_by_text("HSBP dashboard: partnership designs month by month")).to_be_visible()
    for button in ("Reset", "Step", "▶"):
        expect(page.get_by_role("button", name=button)).to_be_visible()
    expect(page.locator(".hsbp-month")).to_contain_text("Month 0 of 120")
    expect(page.locator(".hsbp-month")).to_contain_text("tumaco")
    # Every lever and context parameter of the catalogue has a control, starting at the scenario's value.
    tumaco = load_scenario("tumaco").values()
    inclusivity = page.locator('[role="slider"][aria-label="A · Inclusivity"]')
    assert float(inclusivity.get_attribute("aria-valuenow")) == tumaco["inclusivity"]
    armed = page.locator('[role="slider"][aria-label="Site · Armed event rate"]')
    assert float(armed.get_attribute("aria-valuenow")) == tumaco["armed_event_rate"]
    expect(page.get_by_text("B · Benefit rule", exact=True)).to_be_attached()
    # SolaraViz's grid: this month's values, the network, six monthly plots (each an image) and the guide.
    expect(page.locator(GRID_ITEM)).to_have_count(9)
    expect(page.locator(f"{GRID_ITEM} img")).to_have_count(7)
    assert not assets.missing(), "the asset cache is incomplete: run scripts/fetch_dashboard_assets.sh"
    output = server.output()
    assert "Could not load URL" not in output, output  # nothing was asked of the (unreachable) CDN
    assert "front-end files missing" not in output


def test_step_changes_the_plotted_value(dashboard) -> None:
    page = dashboard.page
    trust, plot = value(page, "mean_trust"), plot_image(page, 2)
    step(page)
    assert value(page, "mean_trust") != trust
    assert plot_image(page, 2) != plot
    step(page)
    assert month(page) == 2


def test_a_lever_change_and_reset_rebuild_the_model(dashboard) -> None:
    page = dashboard.page
    step(page)
    assert value(page, "partners_engaged") == "8"
    tick(page, "A · Partnership")  # the no-partnership baseline: the forum never meets
    slide(page, "A · Inclusivity", "End")  # inclusivity to its maximum, 1
    reset(page)
    expect(page.locator('.hsbp-value[data-measure="partners_engaged"][data-design="A"]')).to_have_text("0")
    guide = page.locator(".hsbp-guide tr", has_text="Inclusivity")
    expect(guide.locator("td.hsbp-changed")).to_have_text("1")
    step(page)
    assert value(page, "partners_engaged") == "0"


def test_comparison_runs_two_designs_on_the_same_scenario_and_seed(dashboard, tmp_path) -> None:
    page = dashboard.page
    step(page)
    tick(page, "Compare with design B (then Reset)")
    slide(page, "A · Inclusivity", "End")
    tick(page, "B · Partnership")  # design B: no partnership at all
    reset(page)
    expect(page.locator(".hsbp-readout th")).to_have_text(["", "design A", "design B"])
    expect(page.locator(".hsbp-diff")).to_contain_text("Partnership: A yes, B no")
    scenario = load_scenario("tumaco").values()
    expect(page.locator(".hsbp-diff")).to_contain_text(f"Inclusivity: A 1, B {scenario['inclusivity']:g}")
    # Same scenario and seed: both designs start from the same partnership, then part ways.
    assert value(page, "mean_trust", "A") == value(page, "mean_trust", "B")
    assert value(page, "partners_engaged", "A") == "8"
    assert value(page, "partners_engaged", "B") == "0"
    slide(page, "Render Interval (steps)", "ArrowRight", presses=5)  # 11 months a step
    step(page, 11)
    step(page, 11)
    assert value(page, "mean_trust", "A") != value(page, "mean_trust", "B")
    picture = tmp_path / "dashboard.png"
    page.screenshot(path=picture)
    assert picture.stat().st_size > 50_000
    if REFRESH_PICTURES:
        shutil.copyfile(picture, README_PICTURE)


def test_play_and_pause(dashboard) -> None:
    page = dashboard.page
    # The slowest play (500 ms a month): a loaded machine must not reach the horizon, where Play
    # and pause are disabled, before the test presses pause.
    slide(page, "Play Interval (ms)", "End")
    page.get_by_role("button", name="▶").click()
    expect(page.locator(".hsbp-month")).to_contain_text(re.compile(r"Month ([2-9]|\d\d+) of"), timeout=STEP_SECONDS)
    page.get_by_role("button", name="❚❚").click()
    expect(page.get_by_role("button", name="Step")).to_be_enabled(timeout=STEP_SECONDS)
    # A month already in flight when pause was pressed may still be drawn; after that the month
    # must stay put. Playing (a month every 0.5 s plus drawing) never stays put for 5 s.
    deadline = time.monotonic() + 60
    while True:
        before = month(page)
        page.wait_for_timeout(5_000)
        if month(page) == before:
            break
        assert time.monotonic() < deadline, "the month kept advancing after pause"
    expect(page.get_by_role("button", name="▶")).to_be_visible()


def test_each_browser_session_has_its_own_model(dashboard, new_session) -> None:
    first = dashboard.page
    step(first)
    step(first)
    other = new_session()
    try:
        assert month(other.page) == 0
        step(other.page)
        assert month(first) == 2
        assert not other.problems(), other.problems()
    finally:
        other.page.context.close()


def test_the_scenario_picker_rebuilds_controls_and_model(dashboard) -> None:
    page = dashboard.page
    step(page)
    page.locator(".v-select", has_text="Scenario (the setting closest to your site)").click()
    page.get_by_role("option", name="bello").click()
    expect(page.locator(".hsbp-month")).to_contain_text("bello", timeout=STEP_SECONDS)
    assert month(page) == 0
    bello = load_scenario("bello").values()
    trust = page.locator('[role="slider"][aria-label="Site · Initial trust"]')
    expect(trust).to_have_attribute("aria-valuenow", f"{bello['initial_trust']:g}")
    step(page)
    expect(page.locator(".hsbp-month")).to_contain_text("bello")

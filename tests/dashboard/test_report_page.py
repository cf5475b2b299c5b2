"""The study's report in a real browser (Debian's chromium): it opens offline and every figure renders.

It lives with the dashboard's browser tests for their `browser` fixture.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # chromium on the quick study's report


def test_the_quick_study_report_is_self_contained_and_its_figures_render(browser: Browser, quick_study, tmp_path):
    context = browser.new_context(viewport={"width": 1100, "height": 1400})
    page = context.new_page()
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((quick_study.out / "report.html").as_uri())
    page.wait_for_load_state("load")
    assert not errors
    assert all(url.startswith(("file:", "data:")) for url in requested), requested  # nothing from a network
    assert page.locator("img").count() >= 5
    assert page.evaluate("Array.from(document.images).every(image => image.complete && image.naturalWidth > 0)")
    assert page.get_by_text("Summary for policy readers").count() >= 1
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    context.close()

"""`hsbp report`: one self-contained HTML page whose sentences repeat the tables' numbers, reproducible to the byte."""

from __future__ import annotations

import base64
import html
import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from experiment_texts import ishigami_text
from PIL import Image

from hsbp.analysis.report import _ranking, write_report

PNG_URI = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
EXTERNAL = (r'src\s*=\s*["\']?\s*(https?:)?//', r'href\s*=\s*["\']?\s*(https?:)?//', r"<script", r"<link", r"@import")


def paragraphs(page: str) -> list[str]:
    """The plain-text paragraphs of the "Summary for policy readers" section."""
    section = re.search(r'<section class="summary" id="summary">(.*?)</section>', page, re.S)
    assert section is not None
    return [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<p>(.*?)</p>", section.group(1), re.S)]


def paragraph(page: str, start: str) -> str:
    found = [p for p in paragraphs(page) if p.startswith(start)]
    assert len(found) == 1, paragraphs(page)
    return found[0]


@pytest.fixture(scope="module")
def toy_report(toy_designs) -> tuple[Path, bytes]:
    out = write_report([toy_designs.root], toy_designs.root / "report.html")
    return out, out.read_bytes()


def test_the_page_is_self_contained_with_embedded_pngs(toy_report) -> None:
    out, data = toy_report
    page = data.decode("utf-8")
    for pattern in EXTERNAL:
        assert re.search(pattern, page, re.IGNORECASE) is None, pattern
    images = PNG_URI.findall(page)
    assert len(images) >= 3
    for encoded in images:
        png = base64.b64decode(encoded, validate=True)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        Image.open(io.BytesIO(png)).verify()
    assert (out.parent / "figures" / "survival.pdf").is_file()
    assert "Summary for policy readers" in page and "<pre>" in page


def test_the_summary_repeats_the_robustness_table(toy_report, toy_designs) -> None:
    page = toy_report[1].decode("utf-8")
    ranked = pd.read_csv(toy_designs.root / "analysis" / "robustness.csv").set_index("design")
    robust = paragraph(page, "Design 'robust'")
    share = re.search(r"met the thresholds \(durability_months >= 42 and hsi_change >= 0\) in (\d+%)", robust)
    assert share is not None and share.group(1) == f"{ranked.loc['robust', 'satisficing_share']:.0%}"
    ranking = paragraph(page, "Ranked by").split(".")[0]
    assert ranking.index("'robust'") < ranking.index("'middling'") < ranking.index("'fragile'")


def test_the_failure_region_names_the_factor_that_matters(toy_report) -> None:
    fragile = paragraph(toy_report[1].decode("utf-8"), "Design 'fragile'")
    prim = re.search(r"It fails in .*?\(PRIM box:[^)]*\)\.", fragile)
    assert prim is not None, fragile
    assert "fragility" in prim.group(0) and "distraction" not in prim.group(0)
    assert "falls below one half when fragility exceeds" in fragile


def test_the_same_folder_gives_the_same_bytes(toy_report, toy_designs) -> None:
    out, first = toy_report
    write_report([toy_designs.root], out)
    assert out.read_bytes() == first


def test_the_sensitivity_summary_names_the_factors_that_matter(sweep_once, tmp_path) -> None:
    results = sweep_once("ishigami_256", ishigami_text(256))
    page = write_report([results.root], tmp_path / "ishigami.html").read_text(encoding="utf-8")
    sentence = paragraph(page, "The factors that matter most for y")
    named = re.findall(r"\b(x[123]) \(ST", sentence)
    assert named[0] != "x3" and {"x1", "x2"} <= set(named), sentence
    assert len(PNG_URI.findall(page)) == 2  # Sobol bars and the convergence plot


def test_overlapping_intervals_leave_the_ranking_unresolved() -> None:
    ranked = pd.DataFrame(
        {
            "design": ["a", "b", "c"],
            "satisficing_share": [0.6, 0.55, 0.1],
            "satisficing_low": [0.5, 0.45, 0.05],
            "satisficing_high": [0.7, 0.65, 0.15],
        }
    )
    text = _ranking(ranked)
    assert "The ranking between 'a' and 'b' is not resolved" in text
    assert "'b' and 'c'" not in text


@pytest.mark.slow
def test_cli_writes_the_report_and_rejects_a_folder_that_is_not_a_results_folder(sweep_once, tmp_path) -> None:
    results = sweep_once("ishigami_256", ishigami_text(256))
    out = tmp_path / "page.html"
    command = [sys.executable, "-m", "hsbp", "report"]
    done = subprocess.run([*command, str(results.root), "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert out.is_file() and done.stdout.strip() == str(out)
    bad = subprocess.run([*command, str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2
    assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr
    assert str(tmp_path) in bad.stderr

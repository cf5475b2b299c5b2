"""Without the `discovery` extra (no EMA Workbench), analysis and report work: CART alone, one sentence on PRIM."""

from __future__ import annotations

import html
import re
import shutil
import sys
import warnings

import pytest

from hsbp.analysis.analyze import analyze
from hsbp.analysis.discovery import PRIM_NEEDS_EXTRA, PrimUnavailable, context_failures, prim_boxes
from hsbp.analysis.report import write_report


@pytest.fixture
def no_ema(monkeypatch) -> None:
    """Make every `import ema_workbench...` fail, as in a core install (None in sys.modules halts an import)."""
    for name in [name for name in sys.modules if name.split(".")[0] == "ema_workbench"] + ["ema_workbench"]:
        monkeypatch.setitem(sys.modules, name, None)


@pytest.fixture
def results_copy(toy_designs, tmp_path):
    """A copy of the toy designs sweep: analysis writes into the results folder, and the session's copy is shared."""
    root = tmp_path / "results"
    shutil.copytree(toy_designs.root, root)
    return root


def test_prim_boxes_says_which_extra_it_needs(toy_designs, no_ema) -> None:
    failed = toy_designs.runs["dissolved"] > 0.5
    with pytest.raises(PrimUnavailable, match=re.escape("pip install 'hsbp[discovery]'")):
        prim_boxes(toy_designs, "fragile", context_failures(toy_designs, "fragile", failed))


def test_analyze_reports_cart_and_one_note_without_prim(results_copy, no_ema) -> None:
    analysis = analyze(results_copy)
    names = {path.name for path in analysis.written}
    assert not {name for name in names if name.startswith("prim_")}, names
    assert {f"cart_{design}.csv" for design in ("fragile", "middling", "robust")} <= names
    assert analysis.text.count(PRIM_NEEDS_EXTRA) == 1, analysis.text
    fragile = next(line for line in analysis.lines if line.strip().startswith("fragile:"))
    assert "most failing leaf is fragility >" in fragile, fragile


def test_the_report_renders_with_one_sentence_on_prim(results_copy, no_ema) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = write_report([results_copy], results_copy / "report.html")
    page = html.unescape(out.read_text(encoding="utf-8"))
    assert f"Note: {PRIM_NEEDS_EXTRA}." in page
    assert "PRIM box:" not in page and "Traceback" not in page
    fragile = re.search(r"Design 'fragile' met .*?</p>", page, re.S)
    assert fragile is not None
    assert re.search(r"most often where fragility > 0\.\d+ \(classification tree", fragile.group(0)), fragile.group(0)
    assert not caught, [str(w.message) for w in caught]  # no warning spam either

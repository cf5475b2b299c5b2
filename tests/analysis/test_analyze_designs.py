"""`hsbp analyze` on a designs sweep with known answers writes every design table and says what they show."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from hsbp.analysis.analyze import analyze


@pytest.mark.slow
def test_analyze_writes_the_design_tables_and_ranks_the_robust_design_first(toy_designs) -> None:
    analysis = analyze(toy_designs.root)
    names = {path.name for path in analysis.written}
    expected = {"summary.csv", "noise.csv", "robustness.csv", "satisficing.csv", "survival.csv", "breaking_points.csv"}
    assert expected <= names
    assert {f"prim_{d}.csv" for d in ("fragile", "middling", "robust")} <= names
    ranked = pd.read_csv(analysis.folder / "robustness.csv")
    assert ranked["design"].tolist() == ["robust", "middling", "fragile"]
    points = pd.read_csv(analysis.folder / "breaking_points.csv").set_index(["design", "factor"])
    # Survival to 42 months breaks at fragility = tolerance + ln(120/42)/5 (the toy model's maths).
    assert abs(points.loc[("robust", "fragility"), "breaking_point"] - (0.8 + 0.2100)) < 0.05 or (
        points.loc[("robust", "fragility"), "status"] == "holds throughout"
    )
    assert abs(points.loc[("fragile", "fragility"), "breaking_point"] - (0.3 + 0.2100)) < 0.05
    assert any("fragility" in line and "fragile" in line for line in analysis.lines)


@pytest.mark.slow
def test_cli_threshold_option_and_bad_threshold(toy_designs) -> None:
    command = [sys.executable, "-m", "hsbp", "analyze", str(toy_designs.root)]
    done = subprocess.run([*command, "--threshold", "hsi_change>=0"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "meet hsi_change >= 0" in done.stdout
    bad = subprocess.run([*command, "--threshold", "hsi_change=>0"], capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "hsi_change=>0" in bad.stderr and "Traceback" not in bad.stderr

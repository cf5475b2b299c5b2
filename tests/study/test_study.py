"""`hsbp study`: its experiment files, its choice of Sobol factors, and the quick study end to end."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from hsbp.experiments.engine import sweep
from hsbp.experiments.spec import load_experiment, parse_experiment
from hsbp.study import FULL, QUICK, SHIPPED, designs_text, screening_text, toml_text, top_factors


@pytest.mark.parametrize("name", ["designs_vs_contexts", "morris_screening", "sobol_core"])
def test_toml_text_round_trips_the_shipped_experiments(name: str) -> None:
    spec = tomllib.loads((SHIPPED / f"{name}.toml").read_text(encoding="utf-8"))
    assert tomllib.loads(toml_text(spec)) == spec


def test_study_experiments_take_the_study_size_and_stay_valid() -> None:
    designs = parse_experiment(designs_text(FULL), "designs")
    screening = parse_experiment(screening_text(QUICK), "screening")
    assert (designs.samples, designs.replicates) == (FULL.contexts, FULL.design_replicates)
    assert "residents" not in designs.fixed  # the full study keeps the scenario's residents
    assert (screening.samples, screening.replicates) == (QUICK.trajectories, QUICK.screening_replicates)
    assert screening.fixed["residents"] == QUICK.residents
    assert "no_partnership" in designs.designs  # every comparison has its counterfactual (docs/MODEL.md §8)


def test_top_factors_follow_the_morris_effects(tmp_path: Path) -> None:
    """y = x1 + 2·x2 + 4·x3: μ* is 1, 2, 4, so the two most influential are x3 then x2."""
    path = tmp_path / "linear.toml"
    path.write_text(
        textwrap.dedent(
            """
            name = "linear"
            model = "hsbp.experiments.reference_models:noisy_linear"
            sampler = "morris"
            samples = 6
            seed = 3
            outcomes = ["y"]
            [factors]
            x1 = [0.0, 1.0]
            x2 = [0.0, 1.0]
            x3 = [0.0, 1.0]
            """
        ),
        encoding="utf-8",
    )
    sweep(load_experiment(path), tmp_path / "results", workers=1, quiet=True)
    assert top_factors(tmp_path / "results", 2) == ["x3", "x2"]


@pytest.mark.slow
def test_quick_study_writes_every_step_and_the_report(quick_study) -> None:
    out = quick_study.out
    assert quick_study.stdout.strip().endswith(f"Open {out / 'report.html'}")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "HSBP headline study" in html and "no_partnership" in html
    for step in ("designs", "screening", "sobol"):
        assert (out / step / "manifest.json").is_file()
        assert (out / "experiments" / f"{step}.toml").is_file()
    series = pd.read_parquet(out / "series.parquet")
    assert set(series["design"]) == set(parse_experiment(designs_text(QUICK), "d").designs)
    assert series.groupby("design")["replicate"].nunique().eq(QUICK.series_replicates).all()
    timing = json.loads((out / "study.json").read_text(encoding="utf-8"))
    assert timing["quick"] is True and set(timing["seconds"]) == {"designs", "screening", "sobol", "series", "report"}


@pytest.mark.slow
def test_a_second_study_run_continues_and_runs_nothing_twice(quick_study) -> None:
    again = subprocess.run(quick_study.command, capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("(0 this session)") == 3  # every sweep was complete


def test_study_rejects_zero_workers(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "hsbp", "study", "--quick", "--workers", "0", "--out", str(tmp_path / "s")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "--workers 0" in done.stderr and "Traceback" not in done.stderr


def test_study_out_must_be_a_folder(tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("not a folder", encoding="utf-8")
    command = [sys.executable, "-m", "hsbp", "study", "--quick", "--out", str(afile)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and f"--out {afile}: is a file" in done.stderr and "Traceback" not in done.stderr

"""The `hsbp` command end to end, as a user runs it (a subprocess, exit codes, files written)."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest


def hsbp(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hsbp", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.mark.slow
def test_run_prints_a_readable_table() -> None:
    done = hsbp("run", "bello", "--months", "24", "--seed", "1")
    assert done.returncode == 0, done.stderr
    assert "Scenario bello" in done.stdout
    for name in ("durability_months", "hsi_final", "blockade_months", "government_legitimacy_final"):
        assert name in done.stdout


@pytest.mark.slow
def test_run_json_and_out_folder(tmp_path) -> None:
    done = hsbp("run", "tumaco", "--months", "36", "--json", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["durability_months"] <= 36
    series = pd.read_csv(tmp_path / "out" / "series.csv")
    assert len(series) == 37  # month 0 plus 36 months
    assert {"mean_trust", "human_security_index", "active_share", "blockades", "armed_events"} <= set(series.columns)
    png = (tmp_path / "out" / "series.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert json.loads((tmp_path / "out" / "outcomes.json").read_text())["scenario"] == "tumaco"


@pytest.mark.slow
def test_same_seed_same_json_and_set_changes_it() -> None:
    first = hsbp("run", "dabeiba", "--months", "48", "--json", "--seed", "7")
    second = hsbp("run", "dabeiba", "--months", "48", "--json", "--seed", "7")
    changed = hsbp("run", "dabeiba", "--months", "48", "--json", "--seed", "7", "--set", "inclusivity=1.0")
    assert first.stdout == second.stdout
    assert json.loads(changed.stdout) != json.loads(first.stdout)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("run", "atlantis"), "atlantis: no such scenario"),
        (("run", "tumaco", "--set", "inclusivity=1.7"), "inclusivity = 1.7 is out of range; allowed 0 to 1"),
        (("run", "tumaco", "--set", "inclusivity=high"), "inclusivity = high has the wrong type"),
        (("run", "tumaco", "--set", "colour=blue"), "colour: not a parameter"),
        (("run", "tumaco", "--set", "rules.trust=psychic"), "rules.trust = 'psychic' is not a registered rule"),
        (("run", "tumaco", "--months", "5000"), "horizon_months = 5000 is out of range"),
        (("scenarios", "validate", "nowhere.toml"), "nowhere.toml: file not found"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(args: tuple[str, ...], fragment: str) -> None:
    done = hsbp(*args)
    assert done.returncode == 2
    assert fragment in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_scenarios_list_show_validate(tmp_path) -> None:
    listing = hsbp("scenarios")
    assert listing.returncode == 0
    assert "tumaco" in listing.stdout and "extractive_enclave" in listing.stdout
    shown = hsbp("scenarios", "show", "ituango")
    assert "[context]" in shown.stdout and "armed_event_rate = 0.12" in shown.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text("[context]\narmed_event_rate = 1.7\n")
    done = hsbp("scenarios", "validate", str(bad))
    assert done.returncode == 2
    assert "context.armed_event_rate = 1.7 is out of range; allowed 0 to 0.3 (events per month)" in done.stderr


@pytest.mark.slow
def test_params_lists_the_catalogue() -> None:
    done = hsbp("params", "--kind", "lever")
    assert done.returncode == 0
    assert "inclusivity" in done.stdout and "initial_trust" not in done.stdout

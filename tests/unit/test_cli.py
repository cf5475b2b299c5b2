"""The `hsbp` command end to end, as a user runs it (a subprocess, exit codes, files written)."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from hsbp.sim.measures import OUTCOMES


def hsbp(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hsbp", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.mark.slow
def test_run_prints_a_readable_table() -> None:
    done = hsbp("run", "bello", "--months", "24", "--seed", "1")
    assert done.returncode == 0, done.stderr
    assert "Scenario bello" in done.stdout
    for name in ("durability_months", "hsi_final", "blockade_months", "company_cost"):
        assert OUTCOMES[name].label in done.stdout, "outcomes are shown by their plain labels"
        assert name not in done.stdout, "code names stay out of what readers see"
    assert "points, 0-100" in done.stdout and "US$ m" in done.stdout


def test_run_a_named_design() -> None:
    """`--design NAME` applies the catalogue design's levers; the same seed then differs from no partnership."""
    full = hsbp("run", "bello", "--months", "24", "--seed", "1", "--design", "full_hsbp", "--json")
    none = hsbp("run", "bello", "--months", "24", "--seed", "1", "--design", "no_partnership", "--json")
    assert full.returncode == 0 and none.returncode == 0, full.stderr + none.stderr
    a, b = json.loads(full.stdout), json.loads(none.stdout)
    assert a["durability_months"] > 0 and b["durability_months"] == 0
    assert a["pooled_share"] > 0 and b["pooled_share"] == 0
    bad = hsbp("run", "bello", "--design", "philanthropy")
    assert bad.returncode == 2
    assert "no_partnership, csr_alone, consultation, state_led, full_hsbp" in bad.stderr


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

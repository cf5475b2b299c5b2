"""docs/ODD.md agrees with the code: its generated tables are what `hsbp odd` writes now."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hsbp import odd
from hsbp.sim.outcomes import OUTCOMES
from hsbp.sim.params import CATALOGUE
from hsbp.sim.registry import MECHANISMS


def test_the_odd_document_matches_the_catalogue_outcomes_and_rules() -> None:
    text = odd.ODD_PATH.read_text(encoding="utf-8")
    assert odd.render(text) == text, "docs/ODD.md is out of date: run `hsbp odd`"


def test_every_parameter_outcome_and_mechanism_appears() -> None:
    text = odd.ODD_PATH.read_text(encoding="utf-8")
    for parameter in CATALOGUE:
        assert f"| `{parameter.name}` |" in text, parameter.name
    for name in OUTCOMES:
        assert f"| `{name}` |" in text, name
    for mechanism in MECHANISMS:
        assert f"#### {mechanism} (" in text, mechanism


def test_render_notices_a_stale_table() -> None:
    text = odd.ODD_PATH.read_text(encoding="utf-8")
    stale = text.replace("| `inclusivity` |", "| `inclusiveness` |")
    assert odd.render(stale) == text


@pytest.mark.slow
def test_hsbp_odd_check_exit_codes(tmp_path) -> None:
    stale = tmp_path / "ODD.md"
    stale.write_text(odd.ODD_PATH.read_text(encoding="utf-8").replace("| `inclusivity` |", "| `x` |"))
    check = [sys.executable, "-m", "hsbp", "odd", "--check", "--path"]
    assert subprocess.run([*check, str(odd.ODD_PATH)], capture_output=True).returncode == 0
    assert subprocess.run([*check, str(stale)], capture_output=True).returncode == 1
    fixed = subprocess.run([sys.executable, "-m", "hsbp", "odd", "--path", str(stale)], capture_output=True)
    assert fixed.returncode == 0 and stale.read_text() == odd.ODD_PATH.read_text(encoding="utf-8")

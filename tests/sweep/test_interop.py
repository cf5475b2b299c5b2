"""The examples in docs/interop.md run as written: the model under EMA Workbench and mesa.batch_run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "interop.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_doc_has_both_examples() -> None:
    assert len(BLOCKS) == 2
    assert "ReplicatorModel" in BLOCKS[0] and "batch_run" in BLOCKS[1]


def test_ema_workbench_example_runs() -> None:
    pytest.importorskip("ema_workbench")  # a dev dependency; skipped only without it
    names: dict = {}
    exec(compile(BLOCKS[0], f"{DOC}:ema", "exec"), names)
    # checked here too, so the test does not rest on the example keeping its own asserts
    assert len(names["experiments"]) == 8
    assert names["outcomes"]["durability_months"].shape == (8, 3)
    assert names["outcomes"]["hsi_change"].shape == (8,)


def test_mesa_batch_run_example_runs() -> None:
    names: dict = {}
    exec(compile(BLOCKS[1], f"{DOC}:batch_run", "exec"), names)
    table = names["table"]
    assert len(table) == 4 and set(table["inclusivity"]) == {0.0, 1.0} and (table["Step"] == 24).all()
    assert {"mean_trust", "human_security_index"} <= set(table.columns)


def test_ema_function_is_sim_run_with_keywords() -> None:
    from hsbp.sim.interop import ema_function
    from hsbp.sim.run import run

    params = {"scenario": "bello", "horizon_months": 12, "inclusivity": 0.9}
    assert ema_function(seed=5, **params) == run(params, 5)

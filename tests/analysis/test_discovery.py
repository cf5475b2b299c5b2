"""Scenario discovery finds the known failure region of the toy partnership: fragility > tolerance.

`partnership_toy` dissolves exactly where fragility > tolerance (noise-free), fragility and
distraction ~ U(0, 1) over the contexts, and distraction has no effect: the PRIM box and
the CART tree must cut fragility at the design's tolerance and leave distraction alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hsbp.analysis.discovery import cart_tree, context_failures, design_contexts, prim_boxes
from hsbp.analysis.results import AnalysisError, Results

DESIGNS = {"fragile": 0.3, "middling": 0.5, "robust": 0.8}  # tolerance of each design (conftest TOY_DESIGNS)


def dissolved(results: Results, design: str) -> pd.Series:
    """Per-context failure: the partnership dissolved in at least half its replicates."""
    return context_failures(results, design, results.runs["dissolved"] > 0.5)


@pytest.mark.parametrize(("design", "tolerance"), DESIGNS.items())
def test_failing_contexts_are_those_above_the_tolerance(toy_designs_exact, design, tolerance) -> None:
    failed = dissolved(toy_designs_exact, design)
    contexts = design_contexts(toy_designs_exact, design).set_index("context")
    assert len(failed) == 400
    np.testing.assert_array_equal(failed.to_numpy(), contexts.loc[failed.index, "fragility"] > tolerance)
    # fragility is a Latin hypercube over U(0, 1): the failing share is 1 − tolerance to within a stratum
    assert failed.mean() == pytest.approx(1 - tolerance, abs=1 / 400 + 1e-9)


@pytest.mark.parametrize(("design", "tolerance"), DESIGNS.items())
def test_prim_box_cuts_fragility_at_the_tolerance_without_noise(toy_designs_exact, design, tolerance) -> None:
    found = prim_boxes(toy_designs_exact, design, dissolved(toy_designs_exact, design))
    box = found.box.set_index("factor")
    assert found.verdict == "box"
    assert box.loc["fragility", "restricted"]
    assert box.loc["fragility", "low"] == pytest.approx(tolerance, abs=0.05)
    assert not box.loc["distraction", "restricted"]
    assert found.coverage >= 0.9 and found.density >= 0.9
    assert found.mass == pytest.approx(1 - tolerance, abs=0.05)  # the box is the failure region
    assert found.failures == round(400 * (1 - tolerance))


@pytest.mark.parametrize(("design", "tolerance"), DESIGNS.items())
def test_prim_box_cuts_fragility_at_the_tolerance_with_noise(toy_designs, design, tolerance) -> None:
    found = prim_boxes(toy_designs, design, dissolved(toy_designs, design))
    box = found.box.set_index("factor")
    assert box.loc["fragility", "low"] == pytest.approx(tolerance, abs=0.05)
    assert not box.loc["distraction", "restricted"]
    assert found.density >= found.threshold


def test_prim_trajectory_starts_from_the_whole_space(toy_designs_exact) -> None:
    found = prim_boxes(toy_designs_exact, "middling", dissolved(toy_designs_exact, "middling"))
    trajectory = found.trajectory
    assert list(trajectory.columns) == ["coverage", "density", "mass", "restricted_dimensions"]
    first = trajectory.iloc[0]
    assert (first.coverage, first.mass, first.restricted_dimensions) == (1.0, 1.0, 0)
    assert first.density == pytest.approx(0.5, abs=1 / 400 + 1e-9)  # half the contexts fail
    assert trajectory.loc[found.chosen, "density"] >= 0.8
    assert (trajectory["restricted_dimensions"] <= 1).all()  # only fragility is ever peeled


@pytest.mark.parametrize(("design", "tolerance"), DESIGNS.items())
def test_cart_splits_first_on_fragility_at_the_tolerance(toy_designs_exact, toy_designs, design, tolerance) -> None:
    for results in (toy_designs_exact, toy_designs):
        tree = cart_tree(results, design, dissolved(results, design))
        factor, threshold = tree.first_split
        assert factor == "fragility"
        assert threshold == pytest.approx(tolerance, abs=0.03)
    exact = cart_tree(toy_designs_exact, design, dissolved(toy_designs_exact, design))
    assert list(exact.leaves.columns) == ["rule", "contexts", "failure_share", "coverage", "predicted"]
    worst = exact.leaves.iloc[0]
    assert worst.rule.startswith("fragility > ")
    assert (worst.failure_share, worst.coverage, worst.predicted) == (1.0, 1.0, True)
    assert exact.leaves["contexts"].sum() == 400
    assert "distraction" not in exact.rules and "fragility" in exact.rules


def test_a_design_that_never_fails_says_so(toy_designs_exact) -> None:
    never = np.zeros(400, dtype=bool)
    found = prim_boxes(toy_designs_exact, "robust", never)
    assert found.verdict == "never fails" and found.box is None and found.failures == 0
    assert "never fails" in found.summary
    tree = cart_tree(toy_designs_exact, "robust", never)
    assert tree.verdict == "never fails" and tree.first_split is None
    assert tree.leaves["failure_share"].tolist() == [0.0]


def test_a_design_that_always_fails_gets_the_whole_space(toy_designs_exact) -> None:
    always = np.ones(400, dtype=bool)
    found = prim_boxes(toy_designs_exact, "fragile", always)
    assert found.verdict == "always fails"
    assert not found.box["restricted"].any()
    assert (found.coverage, found.density, found.mass) == (1.0, 1.0, 1.0)
    assert cart_tree(toy_designs_exact, "fragile", always).leaves["failure_share"].tolist() == [1.0]


def test_a_context_fails_when_half_its_replicates_fail(toy_designs) -> None:
    replicate = toy_designs.runs["replicate"]  # 4 replicates per context
    assert context_failures(toy_designs, "middling", replicate < 2).all()  # 2 of 4 fail
    assert not context_failures(toy_designs, "middling", replicate < 1).any()  # 1 of 4 fails


def test_flags_must_match_the_contexts(toy_designs_exact) -> None:
    with pytest.raises(ValueError, match="400 contexts of middling"):
        prim_boxes(toy_designs_exact, "middling", np.zeros(399, dtype=bool))
    with pytest.raises(AnalysisError, match="no design 'sturdy'"):
        cart_tree(toy_designs_exact, "sturdy", np.zeros(400, dtype=bool))

"""Designs against the no-partnership baseline, paired by context and seed: a case with a known answer."""

from __future__ import annotations

import numpy as np
import pytest

from hsbp.analysis.baseline import baseline_comparison

WITH_BASELINE = """
    name = "toy_baseline"
    model = "hsbp.experiments.reference_models:partnership_toy"
    sampler = "designs"
    context_sampler = "lhs"
    samples = 60
    replicates = 3
    seed = 8
    outcomes = ["durability_months", "hsi_change", "blockade_months"]
    [fixed]
    noise = 0.05
    [factors]
    fragility = [0.0, 1.0]
    [designs.no_partnership]
    partnership = false
    tolerance = 0.0
    [designs.helps]
    tolerance = 0.6
    [designs.harms]
    tolerance = -0.2
    """


@pytest.fixture(scope="module")
def compared(sweep_once):
    return baseline_comparison(sweep_once("toy_baseline", WITH_BASELINE)).set_index(["design", "outcome"])


def test_paired_differences_are_exact_under_common_random_numbers(compared) -> None:
    """hsi_change = (tolerance − fragility + noise·ε)/10 and pairs share ε, so each difference is Δtolerance/10."""
    helps, harms = compared.loc[("helps", "hsi_change")], compared.loc[("harms", "hsi_change")]
    assert helps.difference == pytest.approx(0.06) and harms.difference == pytest.approx(-0.02)
    assert helps.difference_low == pytest.approx(0.06) and helps.difference_high == pytest.approx(0.06)
    assert (helps.better_share, harms.better_share) == (1.0, 0.0)
    assert helps.better_when == "higher"


def test_lower_is_better_for_blockades(compared) -> None:
    """blockade_months = 100·max(0, −z): a higher tolerance never raises it."""
    helps = compared.loc[("helps", "blockade_months")]
    assert helps.better_when == "lower" and helps.difference < 0 < helps.better_share
    assert helps.difference_low <= helps.difference <= helps.difference_high


def test_partnership_only_outcomes_and_the_baseline_itself_are_left_out(compared) -> None:
    designs = set(compared.index.get_level_values("design"))
    outcomes = set(compared.index.get_level_values("outcome"))
    assert designs == {"helps", "harms"} and outcomes == {"hsi_change", "blockade_months"}
    assert np.isfinite(compared["baseline_mean"]).all()


@pytest.mark.slow
def test_report_states_the_comparison_with_its_interval(sweep_once, tmp_path) -> None:
    from hsbp.analysis.report import write_report

    results = sweep_once("toy_baseline", WITH_BASELINE)
    html = write_report([results.root], tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Against no partnership in the same contexts and chance events" in html
    assert "by +0.06 (95% interval +0.06 to +0.06; better, better in 100% of contexts)" in html
    assert "by -0.02 (95% interval -0.02 to -0.02; worse, better in 0% of contexts)" in html

"""P2 sanction backfire (docs/MODEL.md §7): antisocial punishment where rule of law is weak.

Pattern (Herrmann, Thöni & Gächter 2008, Science 319:1362, Table 1 [S]): across groups of the
punishment experiment, regressing the group's mean contribution on its first-period contribution,
the punishment of free riders and antisocial punishment gives the signs (+, +, −); the published
coefficients are +0.78, +0.52 and −2.25. Antisocial punishment is more common where rule of law is
weak (the paper's second finding), which is what makes punishment backfire.

Configuration: `hsbp.sim.laboratory.public_goods_game` with sanctions, 16 participant pools like the
paper's 16, whose rule of law is spread evenly over 0.30–0.90 (the WGI rule-of-law range of the
paper's pools, about −1.0 for Minsk or Samara to +1.9 for Zurich or Copenhagen, mapped to 0–1 as
(WGI + 2.5)/5); 30 groups of four per pool (480 groups; the paper had 273), 10 periods as in the
paper, seed 2008 + pool. Per group: mean contribution over the 10 periods, the period-1 mean
contribution, and sanctions per period on players who gave less than the sanctioner (punishment of
free riders) and on players who gave at least as much (antisocial punishment), classified from the
contributions as the paper does. OLS with an intercept (statsmodels).

Thresholds: the three signs as published, each coefficient at least two standard errors from zero
(sign only: our sanctions are acts of a stylised size, not the paper's punishment points, so the
magnitudes are not comparable); and antisocial punishment per group falls with rule of law across
the pools (Spearman correlation of pool means below −0.5).
"""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from scipy.stats import spearmanr

from hsbp.sim.laboratory import public_goods_game

pytestmark = pytest.mark.validation  # a published pattern (docs/MODEL.md §7)

POOLS = np.linspace(0.30, 0.90, 16)
GROUPS, PERIODS = 30, 10


@pytest.fixture(scope="module")
def groups() -> dict[str, np.ndarray]:
    columns: dict[str, list[np.ndarray]] = {"mean": [], "first": [], "free_riders": [], "antisocial": [], "law": []}
    for k, law in enumerate(POOLS):
        session = public_goods_game(
            {"rule_of_law": float(law)}, punishment=True, groups=GROUPS, rounds=PERIODS, seed=2008 + k
        )
        free_riders, antisocial = session.sanctions_by_direction()
        x = session.contributions
        columns["mean"].append(x.mean(axis=(1, 2)))
        columns["first"].append(x[:, 0].mean(axis=1))
        columns["free_riders"].append(free_riders / PERIODS)
        columns["antisocial"].append(antisocial / PERIODS)
        columns["law"].append(np.full(GROUPS, law))
    return {name: np.concatenate(values) for name, values in columns.items()}


def test_regression_has_the_signs_of_herrmann_table_1(groups) -> None:
    regressors = np.column_stack([groups["first"], groups["free_riders"], groups["antisocial"]])
    fit = sm.OLS(groups["mean"], sm.add_constant(regressors)).fit()
    coefficients, t_values = fit.params[1:], fit.tvalues[1:]
    report = f"coefficients {np.round(coefficients, 3)}, t {np.round(t_values, 1)}"
    assert np.array_equal(np.sign(coefficients), [1.0, 1.0, -1.0]), report
    assert np.all(np.abs(t_values) >= 2.0), report


def test_antisocial_punishment_grows_as_rule_of_law_weakens(groups) -> None:
    pool_means = groups["antisocial"].reshape(len(POOLS), GROUPS).mean(axis=1)
    rho = spearmanr(POOLS, pool_means).statistic
    assert rho < -0.5, f"Spearman {rho:.2f}; antisocial sanctions per period by pool {np.round(pool_means, 3)}"
    assert pool_means[:4].mean() > 0, "no antisocial punishment where rule of law is weakest"

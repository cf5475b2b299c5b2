"""P9 design principles (docs/MODEL.md §7): the whole model.

Pattern (Ostrom 1990 design principles 3–6; Cox, Arnold & Villamayor Tomás 2010, Ecology & Society
15(4):38 [S], a meta-analysis supporting them): partnerships with more of the principles in place
last longer: collective choice (3: inclusivity ι = 1 rather than 0), monitoring (4: transparency 1
rather than 0), graduated sanctions (5: on rather than off) and conflict resolution (6: grievance
latency 0 rather than 6 months); except under weak rule of law, where sanctions turn antisocial and
backfire (pattern P2; Herrmann, Thöni & Gächter 2008 [S]).

Configuration: `hsbp.sim.run` at catalogue defaults (100 residents per community for speed), 120 months,
50 seeds (9000–9049) shared by all designs (common random numbers; differences paired by seed):
- rule of law 0.8 (strong): none of the four principles; the three other than sanctions; all four;
- rule of law 0.1 (weak): all four. (Rule of law acts only through sanctions, so the strong-law runs
  without sanctions are also the weak-law runs without sanctions.)
Outcome: durability, months until the partnership dissolves (censored at 120).

Thresholds (directions from the sources; "at least two standard errors" against noise):
- strong rule of law: all four principles outlast none (paired t ≥ 2), sanctions added to the other
  three lengthen survival (paired t ≥ 2), and the three without sanctions are not shorter-lived than
  none (paired t > −2): more principles, longer survival;
- weak rule of law: sanctions added to the other three shorten survival (paired t ≤ −2), and the
  gain from all four over none is smaller than under strong rule of law.
"""

from __future__ import annotations

import numpy as np
import pytest
from _parallel import parallel_map

from hsbp.sim.run import run

pytestmark = [pytest.mark.validation, pytest.mark.slow]  # a published pattern, whole model, many seeds (minutes)

ALL = {"inclusivity": 1.0, "transparency": 1.0, "sanctions": True, "grievance_latency": 0.0}
NONE = {"inclusivity": 0.0, "transparency": 0.0, "sanctions": False, "grievance_latency": 6.0}
DESIGNS = {
    "none": {**NONE, "rule_of_law": 0.8},
    "three": {**ALL, "sanctions": False, "rule_of_law": 0.8},
    "all": {**ALL, "rule_of_law": 0.8},
    "all_weak_law": {**ALL, "rule_of_law": 0.1},
}
SEEDS = range(9000, 9050)


def durability(task: tuple[dict, int]) -> float:
    params, seed = task
    return run({"residents": 100, **params}, seed)["durability_months"]


def _t(differences: np.ndarray) -> float:
    spread = differences.std(ddof=1)
    return (
        float(np.sign(differences.mean()) * np.inf)
        if spread == 0
        else float(differences.mean() / (spread / np.sqrt(len(differences))))
    )


@pytest.fixture(scope="module")
def months() -> dict[str, np.ndarray]:
    tasks = [(design, seed) for design in DESIGNS.values() for seed in SEEDS]
    values = np.array(parallel_map(durability, tasks)).reshape(len(DESIGNS), len(SEEDS))
    return dict(zip(DESIGNS, values, strict=True))


def _report(months: dict[str, np.ndarray]) -> str:
    return ", ".join(f"{name} {values.mean():.1f}" for name, values in months.items()) + " months"


def test_more_principles_last_longer_under_strong_rule_of_law(months) -> None:
    report = _report(months)
    assert _t(months["all"] - months["none"]) >= 2, report
    assert _t(months["all"] - months["three"]) >= 2, report
    assert _t(months["three"] - months["none"]) > -2, report


@pytest.mark.xfail(
    strict=True,
    reason="Partly met (docs/validation.md): under weak rule of law the gain from adding sanctions to the other "
    "three principles shrinks (about +42 months under strong law; +4 on seeds 9000-9049 and +13, paired t 3.6, "
    "on fresh seeds 9050-9199 under weak law) but does not turn negative. Strict: the test fails as soon as "
    "the model meets the pattern, so this mark must go.",
)
def test_sanctions_backfire_under_weak_rule_of_law(months) -> None:
    report = _report(months)
    assert _t(months["all_weak_law"] - months["three"]) <= -2, report


def test_weak_rule_of_law_shrinks_the_gain_from_the_principles(months) -> None:
    report = _report(months)
    weak_gain = months["all_weak_law"] - months["none"]
    strong_gain = months["all"] - months["none"]
    assert _t(strong_gain - weak_gain) >= 2, report

"""P3 trust asymmetry (docs/MODEL.md §7): the trust submodel.

Pattern (Slovic 1993, Risk Analysis 13(6) [S]: trust is hard to build and easy to destroy; Pant &
Yu 2025 [S]: the two-layer update whose loss-to-gain ratio λ₋/λ₊ is about 3): one broken promise
costs about as much trust as λ₋/λ₊ kept promises build, and recovery is slower than the fall.

Configuration: the registered `trust` rules (`asymmetric`, the default, and `symmetric` as the
control) with catalogue defaults, fed either with signals of a given size or with the model's own
promise-keeping signal (`promise_signal`: a pledge delivered in full, or not at all). Deterministic
(no noise), so no replicates; λ₋/λ₊ over its whole catalogue range 1–6.

Thresholds:
- at trust 0.5 with no reputation damage (where the rule's T and 1 − T factors balance), one breach
  of size s costs exactly λ₋/λ₊ times what one kept promise of size s builds (to 1e-9), and the number
  n of kept promises of size s that rebuild what one breach cost is λ₋/λ₊ ≤ n ≤ λ₋/λ₊ + 1 ("about":
  n is a whole number and the damage the breach leaves slows rebuilding);
- with the model's signals, after 36 months of kept pledges one month of default (the fall takes one
  month) takes at least λ₋/λ₊ = 3 months of kept pledges to recover from, and longer than under the
  symmetric control rule; a run of m defaults takes longer to recover from than m months.
"""

from __future__ import annotations

import numpy as np
import pytest

from hsbp.sim.params import make_params
from hsbp.sim.rules.trust import asymmetric_trust, promise_signal, symmetric_trust

pytestmark = [pytest.mark.validation, pytest.mark.verification]  # a published pattern (docs/MODEL.md §7)

OBSERVED = np.array([[True]])


def _one(value: float) -> np.ndarray:
    return np.array([[value]])


def _step(rule, trust: np.ndarray, damage: np.ndarray, signal: float, p) -> tuple[np.ndarray, np.ndarray]:
    return rule(trust, damage, _one(signal), OBSERVED, p)


def _months_to_recover(rule, p, breach: float, kept: float, trust0: float, damage0: float, defaults: int = 1) -> int:
    trust, damage = _one(trust0), _one(damage0)
    for _ in range(defaults):
        trust, damage = _step(rule, trust, damage, breach, p)
    months = 0
    while trust[0, 0] < trust0 - 1e-12:
        trust, damage = _step(rule, trust, damage, kept, p)
        months += 1
        assert months < 1000, "trust never recovers"
    return months


@pytest.mark.parametrize("ratio", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
@pytest.mark.parametrize("size", [0.3, 0.6, 0.9])
def test_one_breach_costs_ratio_kept_promises(ratio: float, size: float) -> None:
    p = make_params({"trust_loss_ratio": ratio})
    up, _ = _step(asymmetric_trust, _one(0.5), _one(0.0), size, p)
    down, _ = _step(asymmetric_trust, _one(0.5), _one(0.0), -size, p)
    assert (0.5 - down[0, 0]) / (up[0, 0] - 0.5) == pytest.approx(ratio, rel=1e-9)
    promises = _months_to_recover(asymmetric_trust, p, -size, size, trust0=0.5, damage0=0.0)
    assert ratio <= promises <= ratio + 1, f"{promises} kept promises rebuild one breach (λ₋/λ₊ = {ratio})"


def _model_signals(p) -> tuple[float, float]:
    pledge = np.array(1.0)
    kept = float(promise_signal(pledge, pledge, p.promise_sensitivity, p.pledge_tolerance))
    broken = float(promise_signal(np.array(0.0), pledge, p.promise_sensitivity, p.pledge_tolerance))
    return broken, kept


def _built_trust(rule, p, kept: float) -> tuple[float, float]:
    trust, damage = _one(p.initial_trust), _one(p.initial_damage)
    for _ in range(36):
        trust, damage = _step(rule, trust, damage, kept, p)
    return float(trust[0, 0]), float(damage[0, 0])


def test_recovery_from_a_default_is_slower_than_the_fall() -> None:
    p = make_params({})
    broken, kept = _model_signals(p)
    assert broken < 0 < kept
    months = {}
    for rule in (asymmetric_trust, symmetric_trust):
        trust0, damage0 = _built_trust(rule, p, kept)
        months[rule.rule_name] = _months_to_recover(rule, p, broken, kept, trust0, damage0)
    assert months["asymmetric"] >= p.trust_loss_ratio, months
    assert months["asymmetric"] > months["symmetric"], months


@pytest.mark.parametrize("defaults", [1, 2, 4])
def test_a_run_of_defaults_takes_longer_to_recover_from_than_it_lasted(defaults: int) -> None:
    p = make_params({})
    broken, kept = _model_signals(p)
    trust0, damage0 = _built_trust(asymmetric_trust, p, kept)
    months = _months_to_recover(asymmetric_trust, p, broken, kept, trust0, damage0, defaults=defaults)
    assert months > defaults * p.trust_loss_ratio, f"{defaults} months of default: {months} months to recover"

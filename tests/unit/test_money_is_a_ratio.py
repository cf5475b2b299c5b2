"""Verification: money enters the model only as ratios (docs/MODEL.md, Revision 2, Money).

Multiplying every parameter whose unit is money by the same factor must leave every outcome that is
not money unchanged and multiply every money outcome by that factor. Factors are powers of two, so
the scaling is exact in floating point and the comparison can be exact too: any rule that used money
other than as a ratio would change a threshold somewhere and show here.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hsbp import sim
from hsbp.sim.measures import OUTCOMES
from hsbp.sim.params import CATALOGUE, Kind

MONEY = [p for p in CATALOGUE if p.is_money]
FACTORS = (0.25, 4.0, 16.0)
FREE = [
    p for p in CATALOGUE if p.kind in (Kind.CONTEXT, Kind.LEVER) and p.bounds and p.type is float and not p.is_money
]


def test_the_catalogue_declares_the_money_parameters() -> None:
    names = {p.name for p in MONEY}
    assert {"company_value", "government_budget", "ngo_budget", "community_budget", "cost_per_person"} <= names
    assert any(o.is_money for o in OUTCOMES.values()) and not OUTCOMES["hsi_change"].is_money


@st.composite
def points(draw: st.DrawFn) -> tuple[dict[str, Any], float]:
    """A random point of context and levers, with money values that stay in range after scaling."""
    factor = draw(st.sampled_from(FACTORS))
    values: dict[str, Any] = {"residents": 60, "horizon_months": 48, "communities": draw(st.integers(2, 5))}
    for p in FREE:
        values[p.name] = draw(st.floats(*p.bounds, allow_nan=False))
    values["partnership"] = draw(st.booleans())
    for p in MONEY:
        lo, hi = p.bounds
        lo, hi = max(lo, lo / factor), min(hi, hi / factor)  # both v and factor·v in range
        values[p.name] = draw(st.floats(max(lo, 1e-3), hi, allow_nan=False))
    return values, factor


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(point=points(), seed=st.integers(0, 2**31 - 1))
def test_scaling_every_money_parameter_scales_money_outcomes_and_nothing_else(
    point: tuple[dict[str, Any], float], seed: int
) -> None:
    values, factor = point
    scaled = {**values, **{p.name: values[p.name] * factor for p in MONEY}}
    base, moved = sim.run(values, seed), sim.run(scaled, seed)
    for name, outcome in OUTCOMES.items():
        want = base[name] * factor if outcome.is_money else base[name]
        assert moved[name] == want, f"{name}: {base[name]!r} became {moved[name]!r} with money × {factor}"

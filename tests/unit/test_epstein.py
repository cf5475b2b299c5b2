"""The spatial Epstein submodel (sim.epstein): grid bookkeeping, schedules, shared equations, seeds."""

from __future__ import annotations

import numpy as np
import pytest

from hsbp.sim.epstein import EpsteinModel, abrupt, constant, gradual
from hsbp.sim.params import make_params
from hsbp.sim.rules.mobilisation import arrest_probability, goes_active, grievance


def _small(**kwargs) -> EpsteinModel:
    return EpsteinModel(kwargs.pop("legitimacy", 0.6), rng=kwargs.pop("rng", 1), width=20, height=20, **kwargs)


def test_agents_sit_on_distinct_cells_of_the_mesa_grid_and_jailed_citizens_leave_it() -> None:
    model = _small()
    for _ in range(15):
        model.step()
        cells = [a.cell for a in model.cops] + [c.cell for c in model.citizens if c.cell is not None]
        assert len(cells) == len({id(cell) for cell in cells}), "two agents on one cell"
        for citizen in model.citizens:
            assert (citizen.cell is None) == (citizen.jail_term > 0 or not model.free[citizen.index])
            if citizen.cell is not None:
                x, y = citizen.cell.coordinate
                assert model.where[citizen.index] == x * 20 + y
        assert not model.active[~model.free].any(), "a jailed citizen is active"
        assert model.active_count() + model.jailed_count() + model.quiet_count() == len(model.citizens)
    assert model.jailed_count() > 0  # at L = 0.6 the cops have arrested someone


def test_nobody_can_turn_active_at_legitimacy_090_and_nobody_is_arrested() -> None:
    model = _small(legitimacy=0.9)
    model.run(20)
    frame = model.datacollector.get_model_vars_dataframe()
    assert frame["active"].max() == 0 and frame["jailed"].max() == 0  # G ≤ 0.1 for every citizen


def test_same_seed_same_run_and_another_seed_another() -> None:
    runs = [_small(rng=seed) for seed in (4, 4, 5)]
    series = []
    for model in runs:
        model.run(30)
        series.append(model.datacollector.get_model_vars_dataframe()["active"].tolist())
    assert series[0] == series[1]
    assert series[0] != series[2]


def test_legitimacy_schedules() -> None:
    assert constant(0.82)(500) == 0.82
    step = abrupt(0.9, 0.7, 80)
    assert step(79) == 0.9 and step(80) == 0.7
    ramp = gradual(0.9, 0.0, 250)
    assert ramp(0) == 0.9 and ramp(125) == pytest.approx(0.45) and ramp(250) == 0.0 and ramp(400) == 0.0
    model = _small(legitimacy=abrupt(0.9, 0.7, 3))
    model.run(5)
    assert model.datacollector.get_model_vars_dataframe()["legitimacy"].tolist() == [0.9, 0.9, 0.9, 0.9, 0.7, 0.7]


def test_the_floor_variant_and_the_shared_equations() -> None:
    # NetLogo: P ≈ 0 once actives (with the citizen itself) outnumber cops, and 1 − e^(−k·⌊C/A⌋) otherwise.
    assert arrest_probability(6, 7, 2.3, floor=True) == 0.0
    assert arrest_probability(6, 6, 2.3, floor=True) == pytest.approx(1 - np.exp(-2.3))
    assert arrest_probability(6, 7, 2.3) == pytest.approx(1 - np.exp(-2.3 * 6 / 7))
    assert grievance(0.5, 0.8) == pytest.approx(0.1)
    assert goes_active(0.3, 0.5, 0.3, 0.1) and not goes_active(0.3, 0.5, 0.5, 0.1)


def test_catalogue_values_set_cops_k_and_threshold() -> None:
    model = EpsteinModel(rng=0, params=make_params({"protective_presence": 0.02, "arrest_constant": 3.0}))
    assert len(model.cops) == 32 and model.k == 3.0 and model.threshold == 0.1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"citizen_density": 0.99}, "do not fit"),
        ({"max_jail_term": 0}, "at least 1 tick"),
        ({"vision": 12.0}, "sees round"),
    ],
)
def test_impossible_configurations_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _small(**kwargs)

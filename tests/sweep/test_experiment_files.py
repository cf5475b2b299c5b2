"""Experiment files: the shipped ones parse; bad ones get one line naming file, key and what is allowed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from hsbp.experiments.engine import point_params, seed_keys, sweep
from hsbp.experiments.sampling import sample
from hsbp.experiments.spec import ExperimentError, Factor, load_experiment, parse_experiment
from hsbp.experiments.store import StoreError

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "experiments").glob("*.toml"))
GOOD = """
name = "t"
scenario = "tumaco"
sampler = "lhs"
samples = 4
outcomes = ["durability_months"]
[factors]
inclusivity = [0.0, 1.0]
"""


def test_the_three_documented_experiments_ship_and_parse() -> None:
    names = {p.stem for p in SHIPPED}
    assert {"morris_screening", "sobol_core", "designs_vs_contexts"} <= names
    for path in SHIPPED:
        experiment = load_experiment(path)
        assert len(sample(experiment)) > 0


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (('sampler = "lhs"', 'sampler = "latin"'), 'sampler = "latin" is not allowed; allowed one of sobol'),
        (("samples = 4", "samples = 0"), "samples = 0 is not allowed; allowed the base sample size"),
        (('name = "t"\n', ""), "name is missing"),
        (("[factors]", "colour = 3\n[factors]"), "unknown key 'colour'"),
        (
            ("inclusivity = [0.0, 1.0]", "inclusivity = [0.0, 1.5]"),
            "factors.inclusivity: inclusivity = 1.5 is out of range",
        ),
        (("inclusivity = [0.0, 1.0]", "charisma = [0.0, 1.0]"), "charisma is not a parameter of the HSBP model"),
        (("inclusivity = [0.0, 1.0]", "inclusivity = [1.0, 0.0]"), "allowed [low, high] with low < high"),
        (
            ("inclusivity = [0.0, 1.0]", 'benefit_rule = ["equal", "lottery"]'),
            'benefit_rule = "lottery" is not allowed',
        ),
        (("inclusivity = [0.0, 1.0]", "quorum = [0.5, 0.6, 1.0]"), "quorum = 0.6 is not allowed"),
        (("inclusivity = [0.0, 1.0]", '"rules.trust" = ["asymmetric", "blind"]'), "'blind' is not a registered rule"),
        (('["durability_months"]', '["happiness"]'), "'happiness' is not an outcome"),
        (('scenario = "tumaco"', 'scenario = "atlantis"'), "atlantis: no such scenario"),
        (('sampler = "lhs"', 'sampler = "designs"'), "sampler = designs needs [designs.NAME] tables"),
        (("[factors]", "[designs.a]\ninclusivity = 1.0\n[factors]"), "designs.a.inclusivity is also a context factor"),
    ],
)
def test_bad_experiment_files_say_what_is_wrong(change: tuple[str, str], fragment: str) -> None:
    text = GOOD.replace(*change)
    assert text != GOOD
    with pytest.raises(ExperimentError) as error:
        parse_experiment(text, "bad.toml")
    message = str(error.value)
    assert message.startswith("bad.toml: ") and "\n" not in message
    assert fragment in message, message


def test_a_model_that_cannot_be_imported_is_named() -> None:
    with pytest.raises(ExperimentError, match=r'model = "nowhere:run" cannot be imported'):
        parse_experiment('model = "nowhere:run"\n' + GOOD, "bad.toml")
    with pytest.raises(ExperimentError, match=r"not of the form"):
        parse_experiment('model = "sim.run"\n' + GOOD, "bad.toml")


def test_cli_bad_experiment_is_one_line_with_exit_code_2(tmp_path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace("samples = 4", "samples = -1"))
    done = subprocess.run([sys.executable, "-m", "hsbp", "sweep", str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "samples = -1" in done.stderr and "Traceback" not in done.stderr


def test_categorical_and_integer_factors_reach_every_level() -> None:
    experiment = parse_experiment(
        GOOD.replace("samples = 4", "samples = 64").replace(
            "inclusivity = [0.0, 1.0]",
            'benefit_rule = ["equal", "proportional", "need"]\ncommunities = [2, 6]\nsanctions = [false, true]',
        )
    )
    kinds = {f.name: f.kind for f in experiment.factors}
    assert kinds == {"benefit_rule": "categorical", "communities": "integer", "sanctions": "categorical"}
    params = point_params(experiment, sample(experiment))
    assert {p["benefit_rule"] for p in params} == {"equal", "proportional", "need"}
    assert {p["communities"] for p in params} == {2, 3, 4, 5, 6}
    assert all(type(p["communities"]) is int for p in params)
    assert {p["sanctions"] for p in params} == {False, True}


def test_designs_meet_the_same_contexts_with_the_same_seeds() -> None:
    experiment = load_experiment(ROOT / "experiments" / "designs_vs_contexts.toml")
    samples = sample(experiment)
    per_design = len(samples) // len(experiment.designs)
    first, last = samples.iloc[:per_design], samples.iloc[-per_design:]
    for factor in experiment.factors:
        np.testing.assert_array_equal(first[factor.name].to_numpy(), last[factor.name].to_numpy())
    keys = seed_keys(experiment, samples)
    np.testing.assert_array_equal(keys[:per_design], keys[-per_design:])
    params = point_params(experiment, samples)
    assert params[0]["partnership"] is False and params[-1]["inclusivity"] == 1.0


def test_grid_crosses_every_level() -> None:
    experiment = parse_experiment(
        GOOD.replace('sampler = "lhs"\nsamples = 4', 'sampler = "grid"\ngrid_points = 3').replace(
            "inclusivity = [0.0, 1.0]", "inclusivity = [0.0, 1.0]\nquorum = [0.5, 1.0]\n"
        )
    )
    params = point_params(experiment, sample(experiment))
    assert sorted((p["inclusivity"], p["quorum"]) for p in params) == [
        (i, q) for i in (0.0, 0.5, 1.0) for q in (0.5, 1.0)
    ]


def test_sweeping_into_a_used_folder_needs_resume_and_the_same_file(tmp_path) -> None:
    text = """
name = "r"
model = "hsbp.experiments.reference_models:trivial"
sampler = "lhs"
samples = 5
seed = 2
outcomes = ["y"]
[factors]
x = [0.0, 1.0]
"""
    experiment = parse_experiment(text, "r.toml")
    sweep(experiment, tmp_path / "out", workers=1, quiet=True)
    with pytest.raises(StoreError, match=r"folder is not empty; use --resume"):
        sweep(experiment, tmp_path / "out", workers=1, quiet=True)
    summary = sweep(experiment, tmp_path / "out", workers=1, quiet=True, resume=True)
    assert summary.ran == 0 and summary.ok == 5
    changed = parse_experiment(text.replace("samples = 5", "samples = 6"), "r.toml")
    with pytest.raises(StoreError, match=r"experiment file changed .*samples: 5 → 6"):
        sweep(changed, tmp_path / "out", workers=1, quiet=True, resume=True)
    with pytest.raises(StoreError, match=r"no manifest.json here"):
        sweep(experiment, tmp_path / "elsewhere", workers=1, quiet=True, resume=True)


def test_continuous_values_stay_inside_their_bounds_after_salib_scaling() -> None:
    """Morris puts 0.3 + 1.0·(0.9 − 0.3) = 0.9000000000000001 on the grid; the model must get 0.9."""
    factor = Factor("government_legitimacy", "continuous", 0.3, 0.9)
    assert 0.3 + 1.0 * (0.9 - 0.3) > 0.9  # the overshoot this guards against
    assert factor.decode(0.3 + 1.0 * (0.9 - 0.3)) == 0.9
    assert factor.decode(0.3 - 1e-16) == 0.3
    assert factor.decode(0.5) == 0.5


NAMED = """
name = "t"
scenario = "tumaco"
sampler = "designs"
samples = 2
designs = {designs}
outcomes = ["durability_months"]
[factors]
initial_trust = [0.05, 0.3]
"""


def test_named_designs_come_from_the_catalogue() -> None:
    from hsbp.sim.designs import BY_DESIGN

    experiment = parse_experiment(NAMED.format(designs='["no_partnership", "csr_alone"]'), "named.toml")
    assert list(experiment.designs) == ["no_partnership", "csr_alone"]
    for name, levers in experiment.designs.items():
        assert levers == dict(BY_DESIGN[name].levers)


@pytest.mark.parametrize(
    ("designs", "fragment"),
    [
        ('["philanthropy"]', "designs: 'philanthropy' is not a named design; allowed: no_partnership, csr_alone"),
        ('["full_hsbp", "full_hsbp"]', "repeats a name"),
        ("[]", "allowed a list of design names"),
    ],
)
def test_a_bad_named_design_is_one_line_naming_file_and_allowed(designs: str, fragment: str) -> None:
    with pytest.raises(ExperimentError) as caught:
        parse_experiment(NAMED.format(designs=designs), "named.toml")
    message = str(caught.value)
    assert message.startswith("named.toml: ") and fragment in message and "\n" not in message


def test_an_old_model_name_still_works_and_says_what_to_write() -> None:
    from hsbp.experiments.spec import LegacyModelPath

    with pytest.warns(LegacyModelPath, match='model = "sim:run" is the old name; read as "hsbp.sim:run"'):
        experiment = parse_experiment('model = "sim:run"\n' + GOOD, "old.toml")
    assert experiment.model == "hsbp.sim:run"

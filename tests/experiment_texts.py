"""Experiment files with known answers, shared by the sweep and analysis tests (on pytest's pythonpath)."""

from __future__ import annotations

PI = 3.141592653589793

TOY_DESIGNS = """
    name = "toy_designs"
    model = "hsbp.experiments.reference_models:partnership_toy"
    sampler = "designs"
    context_sampler = "lhs"
    samples = {samples}
    replicates = {replicates}
    seed = 5
    outcomes = ["durability_months", "dissolved", "survived_42", "hsi_change", "blockade_months"]
    [fixed]
    noise = {noise}
    [factors]
    fragility = [0.0, 1.0]
    distraction = [0.0, 1.0]
    [designs.fragile]
    tolerance = 0.3
    [designs.middling]
    tolerance = 0.5
    [designs.robust]
    tolerance = 0.8
    """


def ishigami_text(samples: int, sampler: str = "sobol", extra: str = "") -> str:
    """An experiment over the Ishigami function."""
    return f"""
        name = "ishigami"
        model = "hsbp.experiments.reference_models:ishigami"
        sampler = "{sampler}"
        samples = {samples}
        seed = 11
        outcomes = ["y"]
        {extra}
        [factors]
        x1 = [{-PI}, {PI}]
        x2 = [{-PI}, {PI}]
        x3 = [{-PI}, {PI}]
        """

"""Models with known answers, in the `(params, seed) -> outcomes` form, for checking the engine.

The tests sweep them (their sensitivity indices are known analytically) and the
benchmarks time the engine on them; experiment files can name them like any model,
e.g. `model = "hsbp.experiments.reference_models:ishigami"`.
"""

from __future__ import annotations

import math
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
from SALib.test_functions import Ishigami

ISHIGAMI_A, ISHIGAMI_B = 7.0, 0.1


def ishigami(params: dict[str, Any], seed: int) -> dict[str, float]:
    """y = sin x₁ + a·sin² x₂ + b·x₃⁴·sin x₁ on [−π, π]³ (SALib's implementation; seed unused)."""
    x = np.array([[params["x1"], params["x2"], params["x3"]]])
    return {"y": float(Ishigami.evaluate(x, A=ISHIGAMI_A, B=ISHIGAMI_B)[0])}


def ishigami_indices(a: float = ISHIGAMI_A, b: float = ISHIGAMI_B) -> dict[str, tuple[float, float]]:
    """Analytical (S1, ST) of the Ishigami function for x1, x2, x3 (Ishigami & Homma 1990)."""
    pi4 = math.pi**4
    v1 = 0.5 * (1 + b * pi4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * math.pi**8 * (1 / 18 - 1 / 50)
    total = v1 + v2 + v13
    return {"x1": (v1 / total, (v1 + v13) / total), "x2": (v2 / total, v2 / total), "x3": (0.0, v13 / total)}


def noisy_linear(params: dict[str, Any], seed: int) -> dict[str, float]:
    """y = Σ a_i·x_i + ε with a = (1, 2, 4) over x_i ~ U(0, 1) and ε ~ N(0, noise²) drawn from `seed`."""
    noise = float(params.get("noise", 0.0))
    y = params["x1"] + 2 * params["x2"] + 4 * params["x3"]
    return {"y": y + noise * float(np.random.default_rng(seed).standard_normal()), "seed_draw": seed % 1000 / 1000}


def trivial(params: dict[str, Any], seed: int) -> dict[str, float]:
    """Returns its input at once: the engine's own cost per run is all that is measured."""
    return {"y": float(params.get("x", 0.0))}


def busy(params: dict[str, Any], seed: int) -> dict[str, float]:
    """Spins the CPU for `milliseconds` (default 2) and returns a seed-dependent number."""
    end = time.perf_counter() + float(params.get("milliseconds", 2.0)) / 1000
    count = 0
    while time.perf_counter() < end:
        count += 1
    return {"y": float(params.get("x", 0.0)) + seed % 7}


def gated(params: dict[str, Any], seed: int) -> dict[str, float]:
    """Returns x + seed % 7 at once, except that runs with x > `open_below` first wait for the file `gate`.

    For tests that interrupt a sweep at a known moment: while the gate file is missing, a sweep
    stores the runs below the threshold and cannot finish; creating the file lets it (or a resume) end.
    """
    if float(params["x"]) > float(params.get("open_below", math.inf)):
        gate = Path(str(params["gate"]))
        while not gate.exists():
            time.sleep(0.01)
    return {"y": float(params["x"]) + seed % 7}


def flaky(params: dict[str, Any], seed: int) -> dict[str, float]:
    """Fails on purpose where x lies in given bands, to check failure handling.

    x < raise_below raises ValueError; x > nan_above returns NaN; x > die_above kills
    its worker process with `os._exit` (as a segfaulting model would).
    """
    x = float(params["x"])
    if x > float(params.get("die_above", math.inf)):
        os._exit(13)
    if x < float(params.get("raise_below", -math.inf)):
        raise ValueError(f"x = {x} is below the band")
    if x > float(params.get("nan_above", math.inf)):
        return {"y": math.nan}
    return {"y": x}


TOY_HORIZON = 120  # months


def partnership_toy(params: dict[str, Any], seed: int) -> dict[str, float]:
    """A partnership that holds while the context's fragility stays below its design's tolerance.

    Margin z = tolerance − fragility + noise·ε, ε ~ N(0, 1) from `seed`; `distraction` has no
    effect. z > 0: the partnership lasts the horizon; otherwise it dissolves at month
    max(1, ⌊horizon·e^{5z}⌋). The human-security change is z/10, so it is non-negative exactly
    when the partnership survives. Known answers: the probability of survival is
    Φ((tolerance − fragility)/noise), one half at fragility = tolerance (the breaking point);
    failures lie where fragility > tolerance (the scenario-discovery box); with fragility
    ~ U(0, 1) and no noise, the share of contexts where it survives is the tolerance, and
    the survival function is S(m) = min(1, tolerance − ln(m/horizon)/5) for m < horizon.
    """
    noise = float(params.get("noise", 0.0))
    epsilon = float(np.random.default_rng(seed).standard_normal()) if noise else 0.0
    z = float(params["tolerance"]) - float(params["fragility"]) + noise * epsilon
    durability = TOY_HORIZON if z > 0 else max(1, math.floor(TOY_HORIZON * math.exp(5 * z)))
    return {
        "durability_months": float(durability),
        "dissolved": float(durability < TOY_HORIZON),
        "survived_42": float(durability >= 42),
        "hsi_change": z / 10,
        "blockade_months": float(max(0.0, -z) * 100),
    }

"""Readable output of a single run: the outcome table, the scenario text, the series files."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from hsbp.sim.model import PartnershipModel
from hsbp.sim.outcomes import OUTCOMES
from hsbp.sim.params import BY_NAME
from hsbp.sim.scenario import SECTION_OF, Scenario

MAIN_SERIES = (
    ("mean_trust", "Mean trust between partners"),
    ("partners_engaged", "Partners engaged"),
    ("human_security_index", "Human-security index"),
    ("government_legitimacy", "Government legitimacy"),
    ("active_share", "Share of residents active"),
    ("blockades", "Communities blockading"),
)


def outcome_table(scenario: Scenario, seed: int, result: Mapping[str, float], overrides: Mapping[str, object]) -> str:
    """The outcomes as an aligned two-column table with a header naming scenario, seed and overrides."""
    changed = ", ".join(f"{k}={v}" for k, v in overrides.items()) or "none"
    lines = [
        f"Scenario {scenario.name} ({scenario.source}), seed {seed}, "
        f"{scenario.params.horizon_months} months; overrides: {changed}",
        "",
    ]
    width = max(len(OUTCOMES[name].label) for name in result)
    for name, value in result.items():
        outcome = OUTCOMES[name]
        shown = outcome.show(value)
        text = f"{shown:,.0f}" if abs(shown) >= 1000 else f"{shown:,.1f}" if abs(shown) >= 10 else f"{shown:.2f}"
        lines.append(f"  {outcome.label:<{width}}  {text:>10}  {outcome.unit}")
    return "\n".join(lines)


def scenario_text(scenario: Scenario) -> str:
    """A scenario's description, its values grouped by kind, and its rule choices."""
    lines = [f"{scenario.name}: {scenario.description}", f"source: {scenario.source}"]
    if scenario.note:
        lines.append(f"note: {scenario.note}")
    values = scenario.values()
    for kind, section in SECTION_OF.items():
        lines.append(f"[{section}]")
        for name, parameter in BY_NAME.items():
            if parameter.kind is kind:
                unit = f" {parameter.unit}" if parameter.unit and parameter.unit != "0-1" else ""
                lines.append(f"  {name} = {values[name]}{unit}")
    lines.append("[rules]")
    from hsbp.sim.registry import MECHANISMS

    for mechanism, default in MECHANISMS.items():
        lines.append(f"  {mechanism} = {scenario.rules.get(mechanism, default)}")
    return "\n".join(lines)


def write_run(folder: Path, model: PartnershipModel, result: Mapping[str, float], seed: int) -> None:
    """Write the monthly series (CSV), a PNG of the main series and the outcomes (JSON)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    series = model.datacollector.get_model_vars_dataframe()
    series.index.name = "month"
    series.to_csv(folder / "series.csv")
    (folder / "outcomes.json").write_text(
        json.dumps({"scenario": model.setting.name, "seed": seed, **result}, indent=2)
    )
    fig, axes = plt.subplots(2, 3, figsize=(10, 5.5), sharex=True, constrained_layout=True)
    for ax, (column, label) in zip(axes.flat, MAIN_SERIES, strict=True):
        ax.plot(series.index, series[column], color="#1f4e79", lw=1.4)
        ax.set_title(label, fontsize=10)
        ax.grid(alpha=0.3)
    for ax in axes[1]:
        ax.set_xlabel("month")
    dissolved = model.dissolved_at
    if dissolved is not None:
        for ax in axes.flat:
            ax.axvline(dissolved, color="#b22222", ls="--", lw=1)
    fig.suptitle(f"{model.setting.name}, seed {seed}" + (f" (dissolved at month {dissolved})" if dissolved else ""))
    fig.savefig(folder / "series.png", dpi=120)
    plt.close(fig)

"""What a programme designer chooses on the dashboard, in catalogue terms, and how it reads in plain words.

`Settings` is one session's choice: the site (a scenario), the seed, whether to compare, and
each design as a `DesignChoice` (a named design of `hsbp.sim.designs` or the site's own lever
values, plus levers moved by hand). The page keeps two `Settings`: the ones the running model
was built from and the ones on the controls; their difference, in words, is what the page
shows as changes waiting to be applied.

Every word shown comes from the catalogues (`Parameter.title`, `Design.label`, scenario
descriptions); nothing here lists parameters, designs or series.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from dataclasses import dataclass
from typing import Any

from hsbp.dashboard.model import DESIGN_B
from hsbp.sim.designs import BY_DESIGN, DESIGNS
from hsbp.sim.params import Kind, Parameter, params_of_kind
from hsbp.sim.scenario import Scenario, available, load_scenario

SITE_DESIGN = ""  # DesignChoice.preset for the site's own lever values (no named design)
SITE_DESIGN_LABEL = "The site's own design (the scenario's values)"
SOURCE_TAGS = (
    "Sources: [S] a published source says it; [A] a modelling assumption, varied in sensitivity analysis; "
    "“docs/MODEL.md §n” is section n of the model's description (docs/ODD.md in the repository)."
)
UNITLESS = {"", "0-1", "share"}  # units that add nothing to a value between 0 and 1


@functools.lru_cache(maxsize=64)
def scenario(name: str) -> Scenario:
    """The validated scenario for a name or path (cached: the page asks often)."""
    return load_scenario(name)


def site_title(name: str) -> str:
    """A scenario's name in words: 'el_charco' → 'El Charco', a file 'sites/my_site.toml' → 'My Site'."""
    stem = re.sub(r"\.toml$", "", name.replace("\\", "/").rsplit("/", 1)[-1])
    return stem.replace("_", " ").title()


def site_choices(current: str) -> list[dict[str, str]]:
    """The site picker's entries: each shipped scenario (and the current one if it is the user's file), described."""
    names = list(available())
    if current not in names:
        names.insert(0, current)
    return [{"name": n, "title": site_title(n), "description": scenario(n).description} for n in names]


def design_label(preset: str) -> str:
    """A design's plain label: the catalogue's, or the site's own design."""
    return BY_DESIGN[preset].label if preset else SITE_DESIGN_LABEL


def design_labels() -> list[str]:
    """The design presets in the order offered: the site's own design, then the catalogue's named designs."""
    return [SITE_DESIGN_LABEL, *(d.label for d in DESIGNS)]


def preset_of(label: str) -> str:
    """The preset whose label is `label` (inverse of `design_label`)."""
    return next((d.name for d in DESIGNS if d.label == label), SITE_DESIGN)


@dataclass(frozen=True)
class DesignChoice:
    """One design: a named preset (or the site's own values) and the levers moved by hand from it."""

    preset: str = SITE_DESIGN
    edits: tuple[tuple[str, Any], ...] = ()  # (lever, value), sorted; hashable so settings compare by value

    def base(self, setting: Scenario) -> dict[str, Any]:
        """Lever values before hand edits: the site's, overlaid with the preset's."""
        values = setting.values()
        levers = {p.name: values[p.name] for p in params_of_kind(Kind.LEVER)}
        if self.preset:
            levers.update(BY_DESIGN[self.preset].levers)
        return levers

    def levers(self, setting: Scenario) -> dict[str, Any]:
        """Every lever's value in this design on this site."""
        return self.base(setting) | dict(self.edits)

    def with_lever(self, setting: Scenario, name: str, value: Any) -> DesignChoice:
        """This design with one lever moved (an edit back to the preset's value is dropped)."""
        edits = dict(self.edits)
        if self.base(setting)[name] == value:
            edits.pop(name, None)
        else:
            edits[name] = value
        return dataclasses.replace(self, edits=tuple(sorted(edits.items())))

    def label(self) -> str:
        """'Full HSBP', or 'Full HSBP, adjusted' once levers were moved by hand."""
        return design_label(self.preset) + (", adjusted" if self.edits else "")


@dataclass(frozen=True)
class Settings:
    """One session's choices: the model is built from these."""

    site: str
    seed: int = 0
    compare: bool = False
    a: DesignChoice = DesignChoice()
    b: DesignChoice = DesignChoice("no_partnership")
    context: tuple[tuple[str, Any], ...] = ()  # site conditions moved by hand, sorted

    @property
    def setting(self) -> Scenario:
        return scenario(self.site)

    def designs(self) -> dict[str, DesignChoice]:
        """The designs that run: A, and B when comparing."""
        return {"A": self.a, "B": self.b} if self.compare else {"A": self.a}

    def context_values(self) -> dict[str, Any]:
        """Every context parameter's value: the site's, with hand edits."""
        values = self.setting.values()
        return {p.name: values[p.name] for p in params_of_kind(Kind.CONTEXT)} | dict(self.context)

    def with_context(self, name: str, value: Any) -> Settings:
        """These settings with one site condition moved (moving it back to the site's value drops the edit)."""
        edits = dict(self.context)
        if self.setting.values()[name] == value:
            edits.pop(name, None)
        else:
            edits[name] = value
        return dataclasses.replace(self, context=tuple(sorted(edits.items())))

    def with_site(self, site: str) -> Settings:
        """These settings on another site: its own conditions (hand edits of the old site's dropped)."""
        return dataclasses.replace(self, site=site, context=())

    def model_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of `DesignComparison` for these settings."""
        kwargs: dict[str, Any] = {"scenario_name": self.site, "seed": self.seed, "compare": self.compare}
        kwargs |= dict(self.context)
        kwargs |= self.a.levers(self.setting)
        if self.compare:
            kwargs |= {DESIGN_B + name: value for name, value in self.b.levers(self.setting).items()}
        return kwargs

    def changes_since(self, applied: Settings) -> list[str]:
        """What differs from the applied settings, in plain words (empty: nothing waiting)."""
        changes = []
        if self.seed != applied.seed:
            changes.append(f"Random seed: {applied.seed} → {self.seed}")
        if self.compare != applied.compare:
            changes.append("Compare with a second design: " + ("on" if self.compare else "off"))
        old, new = applied.context_values(), self.context_values()
        for parameter in params_of_kind(Kind.CONTEXT):
            if old[parameter.name] != new[parameter.name]:
                changes.append(f"Site · {parameter.title}: {show(old[parameter.name])} → {show(new[parameter.name])}")
        for name, design in self.designs().items():
            before = applied.designs().get(name)
            if before is None:
                continue
            if design.preset != before.preset:
                changes.append(f"Design {name}: {design_label(before.preset)} → {design_label(design.preset)}")
            old, new = before.levers(applied.setting), design.levers(self.setting)
            for parameter in params_of_kind(Kind.LEVER):
                if old[parameter.name] != new[parameter.name]:
                    changes.append(
                        f"Design {name} · {parameter.title}: {show(old[parameter.name])} → {show(new[parameter.name])}"
                    )
        return changes


def differences(settings: Settings) -> list[str]:
    """'Equal voice for communities: A 1, B 0' for every lever on which designs A and B differ."""
    if not settings.compare:
        return []
    a, b = settings.a.levers(settings.setting), settings.b.levers(settings.setting)
    return [
        f"{p.title}: A {show(a[p.name])}, B {show(b[p.name])}"
        for p in params_of_kind(Kind.LEVER)
        if a[p.name] != b[p.name]
    ]


def allowed(parameter: Parameter) -> str:
    """The values a control allows, in words: '0 to 0.3 events per month', 'yes or no', 'equal, need'."""
    if parameter.choices is not None:
        return ", ".join(show(choice) for choice in parameter.choices)
    if parameter.type is bool:
        return "yes or no"
    low, high = parameter.bounds  # type: ignore[misc]
    unit = "" if parameter.unit in UNITLESS else f" {parameter.unit}"
    return f"{show(low)} to {show(high)}{unit}"


def unit_words(parameter: Parameter) -> str:
    """A parameter's unit for a control's label ('' where it adds nothing)."""
    return "" if parameter.unit in UNITLESS else parameter.unit


def guide_rows(settings: Settings) -> list[dict[str, Any]]:
    """One row per lever and site condition: label, meaning, allowed values, source, and the values in use."""
    start = settings.setting.values()
    levers = {name: design.levers(settings.setting) for name, design in settings.designs().items()}
    context = settings.context_values()
    rows = []
    for kind in (Kind.LEVER, Kind.CONTEXT):
        for parameter in params_of_kind(kind):
            values = (
                {name: values[parameter.name] for name, values in levers.items()}
                if kind is Kind.LEVER
                else dict.fromkeys(levers, context[parameter.name])
            )
            rows.append(
                {
                    "control": parameter.title,
                    "kind": kind,
                    "meaning": parameter.meaning,
                    "allowed": allowed(parameter),
                    "source": parameter.source,
                    "site": show(start[parameter.name]),
                    "designs": {name: show(value) for name, value in values.items()},
                }
            )
    return rows


def show(value: Any) -> str:
    """A value as the dashboard prints it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


SLIDER_STEPS = 100  # about this many positions along a float slider


def slider_step(low: float, high: float, value: float | None = None) -> float:
    """A round slider step (1, 2 or 5 times a power of ten) giving about SLIDER_STEPS positions.

    A slider snaps its value to low + k·step; when `value` is given the step is refined (halved
    or fifthed) until `value` lies on that grid, so showing a site's or a design's value never
    moves it (a moved slider would count as a change).
    """
    raw = (high - low) / SLIDER_STEPS
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if raw <= m * power * (1 + 1e-9))
    if value is None:
        return round(step, 12)
    finer = (m * power / 10**e for e in range(7) for m in (10, 5, 2, 1))
    fits = (c for c in finer if c <= step * (1 + 1e-9) and _on_grid(value - low, c))
    return round(next(fits, power * 1e-6), 12)


def _on_grid(distance: float, step: float) -> bool:
    k = distance / step
    return abs(k - round(k)) < 1e-6

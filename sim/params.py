"""The parameter catalogue: every parameter of the model, declared once.

Scenario validation, `--set` on the command line, `hsbp.sim.run` defaults, CLI help
and (later) SALib bounds, dashboard sliders and the ODD tables all read
`CATALOGUE`. There is no second list anywhere.
"""

from __future__ import annotations

import dataclasses
import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hsbp.userinput import UserInputError


class Kind(enum.StrEnum):
    """What a parameter describes; scenario files have one table per kind."""

    STRUCTURE = "structure"
    CONTEXT = "context"
    LEVER = "lever"
    BEHAVIOUR = "behaviour"


class ParameterError(UserInputError):
    """A value that the catalogue does not allow; the message names key, value and what is allowed."""


@dataclass(frozen=True)
class Parameter:
    """One model parameter: what it is, what it may be, and where its value comes from."""

    name: str
    kind: Kind
    default: Any
    meaning: str
    source: str
    unit: str = ""
    bounds: tuple[float, float] | None = None
    choices: tuple[Any, ...] | None = None
    symbol: str = ""
    label: str = ""  # a few plain words for readers (dashboard, brief, figures); `title` falls back to `meaning`

    @property
    def is_money(self) -> bool:
        """Whether the value is an amount of money (its unit names a currency): rules use it only as a ratio."""
        return "US$" in self.unit

    @property
    def title(self) -> str:
        """What a reader sees as this parameter's name: its label, else its meaning."""
        return self.label or self.meaning

    @property
    def type(self) -> type:
        """The Python type of the value (bool, int, float or str)."""
        return type(self.default)

    def allowed(self) -> str:
        """Human-readable description of the allowed values."""
        if self.choices is not None:
            return "one of " + ", ".join(show_value(c) for c in self.choices)
        if self.type is bool:
            return "true or false"
        lo, hi = self.bounds  # type: ignore[misc]
        kind = "an integer" if self.type is int else ""
        unit = f" ({self.unit})" if self.unit else ""
        return f"{kind + ' ' if kind else ''}{show_value(lo)} to {show_value(hi)}{unit}".strip()

    def check(self, value: Any) -> Any:
        """Return `value` converted to this parameter's type, or raise ParameterError."""
        value = self._coerce(value)
        if self.choices is not None:
            if value not in self.choices:
                raise ParameterError(f"{self.name} = {show_value(value)} is not allowed; allowed {self.allowed()}")
        elif self.bounds is not None:
            lo, hi = self.bounds
            if not (lo <= value <= hi):
                raise ParameterError(f"{self.name} = {show_value(value)} is out of range; allowed {self.allowed()}")
        return value

    def _coerce(self, value: Any) -> Any:
        want = self.type
        wrong = ParameterError(f"{self.name} = {show_value(value)} has the wrong type; allowed {self.allowed()}")
        if want is bool:
            if isinstance(value, bool):
                return value
            raise wrong
        if isinstance(value, bool):
            raise wrong
        if want is int:
            if isinstance(value, int):
                return value
            if isinstance(value, float) and value.is_integer():
                return int(value)
            raise wrong
        if want is float:
            if isinstance(value, int | float) and math.isfinite(value):
                return float(value)
            raise wrong
        if isinstance(value, str):
            return value
        raise wrong

    def parse(self, text: str) -> Any:
        """Convert command-line text (from `--set key=value`) and check it."""
        text = text.strip()
        if self.type is bool:
            lowered = text.lower()
            if lowered in ("true", "false"):
                return lowered == "true"
            raise ParameterError(f"{self.name} = {text} has the wrong type; allowed {self.allowed()}")
        if self.type is str:
            return self.check(text.strip("\"'"))
        try:
            number = float(text)
        except ValueError:
            raise ParameterError(f"{self.name} = {text} has the wrong type; allowed {self.allowed()}") from None
        return self.check(number)


def show_value(value: Any) -> str:
    """A value as a scenario file would write it (for messages and generated tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return f"{value:g}" if isinstance(value, float) else str(value)


S, C, L, B = Kind.STRUCTURE, Kind.CONTEXT, Kind.LEVER, Kind.BEHAVIOUR
P = Parameter

CATALOGUE: tuple[Parameter, ...] = (
    # --- structure: who is in the municipality and for how long ---------------------------------
    P(
        "horizon_months",
        S,
        120,
        "Months simulated (the pilot ran 42)",
        "[A]; pilot length 42 months (UNDP 2022) [S]",
        "months",
        (12, 240),
    ),
    P("companies", S, 1, "Number of companies in the partnership", "[A]", "organisations", (1, 4)),
    P(
        "communities",
        S,
        4,
        "Number of community organisations",
        "docs/MODEL.md §2: 2-6 per municipality [A]",
        "organisations",
        (2, 6),
    ),
    P(
        "residents",
        S,
        500,
        "Residents simulated per community organisation (a sample of its population)",
        "[A]",
        "residents",
        (50, 20000),
    ),
    P(
        "population",
        S,
        5000,
        "People each community organisation represents (per-capita benefits use it)",
        "[A]",
        "people",
        (100, 1000000),
    ),
    P(
        "power_company",
        S,
        4.0,
        "Relative power of each company (budget, access to government)",
        "[A] company holds most power",
        "weight",
        (0.0, 10.0),
        symbol="p_K",
    ),
    P("power_government", S, 3.0, "Relative power of the local government", "[A]", "weight", (0.0, 10.0), symbol="p_G"),
    P("power_ngo", S, 1.0, "Relative power of the NGO facilitator", "[A]", "weight", (0.0, 10.0), symbol="p_O"),
    P(
        "power_community",
        S,
        1.0,
        "Relative power of each community organisation",
        "[A]",
        "weight",
        (0.0, 10.0),
        symbol="p_c",
    ),
    P("company_value", S, 60.0, "Annual operating value of each company", "[A]", "US$ m per year", (1.0, 5000.0)),
    P(
        "government_budget",
        S,
        30.0,
        "Monthly budget the local government can put into the partnership",
        "[A]; pilot ≈ US$24k per municipality-month (UNDP 2022) [S]",
        "US$ k per month",
        (0.0, 1000.0),
    ),
    P(
        "ngo_budget",
        S,
        20.0,
        "Monthly budget of the NGO facilitator (donor funds)",
        "[A]",
        "US$ k per month",
        (0.0, 1000.0),
    ),
    P(
        "community_budget",
        S,
        3.0,
        "Monthly in-kind contribution capacity of each community organisation",
        "[A]",
        "US$ k per month",
        (0.0, 100.0),
    ),
    P(
        "turnover_period",
        S,
        48,
        "Months between local government turnovers (elections)",
        "Colombian municipal term, 4 years [S]",
        "months",
        (12, 120),
    ),
    # --- context: the setting's fragility ----------------------------------------------------------
    P(
        "initial_trust",
        C,
        0.2,
        "Initial trust between partners (legacy of mistrust)",
        "Latin American institutional trust 20-36% (Latinobarómetro) [S]",
        "0-1",
        (0.05, 0.5),
        symbol="T₀",
        label="Initial trust between partners",
    ),
    P(
        "initial_damage",
        C,
        0.2,
        "Initial reputation damage each partner holds against others",
        "[A]",
        "0-1",
        (0.0, 0.5),
        symbol="R₀",
        label="Initial grudges between partners",
    ),
    P(
        "shared_understanding",
        C,
        0.3,
        "Initial shared understanding (common language) between partners",
        "[A]",
        "0-1",
        (0.1, 0.6),
        symbol="κ₀",
        label="Initial common language",
    ),
    P(
        "government_legitimacy",
        C,
        0.6,
        "Initial legitimacy of the local government with communities",
        "[A]; Epstein 2002 uses 0.8-0.9 as stable [S]",
        "0-1",
        (0.3, 0.9),
        symbol="L_G0",
        label="Initial government legitimacy",
    ),
    P(
        "protective_presence",
        C,
        0.04,
        "Police and protective presence per resident",
        "Epstein 2002 / NetLogo Rebellion default 0.04 [S]",
        "per resident",
        (0.01, 0.08),
        symbol="s",
        label="Police presence",
    ),
    P(
        "armed_event_rate",
        C,
        0.05,
        "Armed-group events per month with no protective presence",
        "[A]",
        "events per month",
        (0.0, 0.3),
        symbol="λ_v",
        label="Armed-group activity",
    ),
    P(
        "mean_hardship",
        C,
        0.4,
        "Mean initial hardship of residents (1 - human-security index)",
        "[A]",
        "0-1",
        (0.3, 0.8),
        symbol="H̄",
        label="Initial hardship",
    ),
    P(
        "leakage",
        C,
        0.15,
        "Share of project funds lost to leakage without transparency",
        "[A]",
        "share",
        (0.0, 0.4),
        symbol="λ",
        label="Leakage of funds",
    ),
    P(
        "rule_of_law",
        C,
        0.4,
        "Rule of law; low values make sanctions antisocial",
        "Direction from Herrmann, Thöni & Gächter 2008 [S]",
        "0-1",
        (0.0, 1.0),
        label="Rule of law",
    ),
    P(
        "observation_noise",
        C,
        0.2,
        "Noise in observing partners' delivery",
        "[A]",
        "SD",
        (0.0, 0.4),
        symbol="σ_obs",
        label="Difficulty of seeing what partners deliver",
    ),
    P(
        "market_shock_rate",
        C,
        0.02,
        "Monthly probability of a market shock that halves company contributions",
        "[A]",
        "per month",
        (0.0, 0.2),
        label="Market shocks",
    ),
    P(
        "company_impact",
        C,
        0.2,
        "Environmental and social footprint of company operations on communities",
        "[A]",
        "0-1",
        (0.0, 1.0),
        symbol="Impact",
        label="Company's footprint on communities",
    ),
    P(
        "armed_company_link",
        C,
        0.3,
        "Probability that an armed event is linked to the company in communities' eyes",
        "[A]",
        "probability",
        (0.0, 1.0),
        label="Violence blamed on the company",
    ),
    P(
        "cost_per_person",
        C,
        5.0,
        "Spending per person and month that buys a meaningful improvement in human security (c_ref)",
        "Order of magnitude from the pilot: about US$5.0 m over 42 months in five municipalities [S] is "
        "about US$24 k per municipality-month, US$1-5 per person-month for 5,000-20,000 people served [A]",
        "US$ per person-month",
        (0.5, 20.0),
        symbol="c_ref",
        label="Cost of improving one person's security for a month",
    ),
    # --- design levers: what a partnership designer chooses -----------------------------------------
    P(
        "partnership",
        L,
        True,
        "Whether the partnership forum exists (false: no-partnership baseline)",
        "docs/MODEL.md §8 counterfactual [A]",
        label="Partnership forum",
    ),
    P(
        "inclusivity",
        L,
        0.5,
        "Weight of equal voice against power-weighted voice in forum decisions",
        "Arnstein 1969; HSBP framework (equal voice) [S]",
        "share",
        (0.0, 1.0),
        symbol="ι",
        label="Equal voice for communities",
    ),
    P(
        "quorum",
        L,
        0.67,
        "Voice-weighted share of partners that must gain for a decision to pass",
        "Choi & Robertson 2014 [S]",
        "share",
        choices=(0.5, 0.67, 0.75, 1.0),
        symbol="q",
        label="Support needed for a decision",
    ),
    P(
        "risk_pooling",
        L,
        0.3,
        "Share of partners' losses pooled and shared in proportion to contributions",
        "HSBP framework, mutualizing risks [S]; form [A]",
        "share",
        (0.0, 1.0),
        symbol="m",
        label="Risk pooling",
    ),
    P(
        "risk_mapping",
        L,
        0.5,
        "Intensity of joint risk mapping at each forum meeting",
        "HSBP tools [S]",
        "0-1",
        (0.0, 1.0),
        symbol="τ",
        label="Joint risk mapping",
    ),
    P(
        "facilitation",
        L,
        0.5,
        "NGO facilitation capacity",
        "Black et al. 2003 [S]",
        "0-1",
        (0.0, 1.0),
        symbol="f",
        label="NGO facilitation",
    ),
    P(
        "meeting_frequency",
        L,
        1.0,
        "Forum meetings per month",
        "[A]",
        "per month",
        (0.25, 4.0),
        symbol="f_m",
        label="Forum meetings per month",
    ),
    P(
        "transparency",
        L,
        0.5,
        "Transparency and monitoring of project funds",
        "Ostrom 1990 principle 4 [S]",
        "0-1",
        (0.0, 1.0),
        label="Transparency of funds",
    ),
    P(
        "sanctions",
        L,
        False,
        "Graduated sanctions against partners who break pledges",
        "Ostrom 1990 principle 5; Fehr & Gächter 2002 [S]",
        label="Graduated sanctions",
    ),
    P(
        "sanction_severity",
        L,
        0.3,
        "Severity of a sanction (pressure added to the target's contribution)",
        "[A]",
        "0-1",
        (0.0, 1.0),
        label="Severity of sanctions",
    ),
    P(
        "grievance_latency",
        L,
        2.0,
        "Months the grievance mechanism takes to answer an unmet priority",
        "Ostrom 1990 principle 6 [S]",
        "months",
        (0.0, 6.0),
        label="Grievance response time",
    ),
    P(
        "benefit_rule",
        L,
        "equal",
        "How project benefits are shared among communities",
        "[A]",
        choices=("equal", "proportional", "need"),
        label="How benefits are shared",
    ),
    P(
        "protection_share",
        L,
        0.4,
        "Share of the project budget spent on protection (personal, community, political security)",
        "Commission on Human Security 2003 [S]",
        "share",
        (0.0, 1.0),
        label="Share of budget on protection",
    ),
    P(
        "company_contribution",
        L,
        0.01,
        "Company's yearly social budget (community investment and private security) as a share of its operating value; spent every month, through the partnership or alone",
        "[A]",
        "share of value",
        (0.0, 0.05),
        label="Company social budget",
    ),
    P(
        "company_social_share",
        L,
        0.3,
        "Share of the company's own (unpooled) budget spent on community projects it chooses; the rest buys private security",
        "[A]; CSR alone puts all of it into community projects (docs/MODEL.md §4 Spending alone and pooled)",
        "share",
        (0.0, 1.0),
        label="Company budget on community projects",
    ),
    # --- behaviour: how partners and residents decide ---------------------------------------------------
    P(
        "trust_gain",
        B,
        0.05,
        "Trust gained per unit of positive signal (λ₊)",
        "Pant & Yu 2025 [S, form]; value [A]",
        "per month",
        (0.02, 0.10),
        symbol="λ₊",
    ),
    P(
        "trust_loss_ratio",
        B,
        3.0,
        "How many times faster trust is lost than gained (λ₋/λ₊)",
        "Pant & Yu 2025 [S, model-derived]; Slovic 1993 [S]",
        "ratio",
        (1.0, 6.0),
        symbol="λ₋/λ₊",
    ),
    P(
        "damage_rate",
        B,
        0.1,
        "Reputation damage per unit of negative signal (μ)",
        "Pant & Yu 2025 [S, form]; value [A]",
        "per signal",
        (0.05, 0.3),
        symbol="μ",
    ),
    P(
        "damage_decay",
        B,
        0.02,
        "Monthly decay of reputation damage (δ_R)",
        "[A]",
        "per month",
        (0.005, 0.05),
        symbol="δ_R",
    ),
    P(
        "promise_sensitivity",
        B,
        2.0,
        "Slope of the promise-keeping signal tanh(κ_s·gap)",
        "[A]",
        "",
        (0.5, 5.0),
        symbol="κ_s",
    ),
    P(
        "fairness_weight",
        B,
        0.08,
        "Pull of procedural fairness on community trust in the company (γ_PF)",
        "Moffat & Zhang 2014 ordering [S]; value [A]",
        "per month",
        (0.02, 0.2),
        symbol="γ_PF",
    ),
    P(
        "contact_weight",
        B,
        0.04,
        "Pull of contact quality on community trust in the company (γ_CQ < γ_PF)",
        "Moffat & Zhang 2014 ordering [S]; value [A]",
        "per month",
        (0.02, 0.2),
        symbol="γ_CQ",
    ),
    P(
        "impact_weight",
        B,
        0.02,
        "Trust lost per month per unit of company impact (γ_I)",
        "Moffat & Zhang 2014 [S]; value [A]",
        "per month",
        (0.0, 0.2),
        symbol="γ_I",
    ),
    P(
        "armed_trust_shock",
        B,
        0.5,
        "Negative signal an armed event sends about the government (and a linked company)",
        "[A]",
        "signal",
        (0.0, 1.0),
    ),
    P(
        "turnover_regression",
        B,
        0.5,
        "Share by which trust in government regresses to T₀ at turnover (ψ)",
        "[A]",
        "share",
        (0.0, 1.0),
        symbol="ψ",
    ),
    P(
        "convene_intercept",
        B,
        0.5,
        "Baseline log-odds of attending a forum meeting (a₀)",
        "[A]",
        "log-odds",
        (-3.0, 3.0),
        symbol="a₀",
    ),
    P("convene_trust", B, 2.0, "Weight of mean trust in attending (a_T)", "[A]", "log-odds", (0.0, 5.0), symbol="a_T"),
    P(
        "convene_benefit",
        B,
        1.0,
        "Weight of expected benefit in attending (a_B)",
        "[A]",
        "log-odds",
        (0.0, 5.0),
        symbol="a_B",
    ),
    P(
        "convene_cost",
        B,
        1.0,
        "Weight of attendance cost in attending (a_C)",
        "[A]",
        "log-odds",
        (0.0, 5.0),
        symbol="a_C",
    ),
    P(
        "convene_security",
        B,
        2.0,
        "Weight of security risk in attending (a_S)",
        "[A]",
        "log-odds",
        (0.0, 5.0),
        symbol="a_S",
    ),
    P(
        "attendance_cost",
        B,
        0.8,
        "Cost of attending for community organisations (halved by full facilitation)",
        "[A]",
        "0-1",
        (0.0, 2.0),
    ),
    P(
        "facilitation_scale",
        B,
        0.25,
        "Facilitation at which its effect reaches 63% of its saturating form (f_s; effect (1 − e^(−f/f_s))/(1 − e^(−1/f_s)))",
        "Bahr & Nakagawa 2017: the facilitation effect saturates at fairly low facilitation [S, shape]; value [A]",
        "0-1",
        (0.05, 2.0),
        symbol="f_s",
    ),
    P(
        "mapping_learning",
        B,
        0.2,
        "Gain in shared understanding per meeting at full risk-mapping intensity (φ)",
        "[A]",
        "per meeting",
        (0.0, 1.0),
        symbol="φ",
    ),
    P(
        "common_ground_weight",
        B,
        0.5,
        "Weight partners give to risks they share with others when judging a project (η)",
        "[A]",
        "",
        (0.0, 2.0),
        symbol="η",
    ),
    P(
        "common_ground_bonus",
        B,
        0.1,
        "Extra willingness to contribute per unit of mean common ground",
        "[A]",
        "share",
        (0.0, 0.5),
    ),
    P(
        "cooperator_share",
        B,
        0.5,
        "Share of partners who are conditional cooperators",
        "Fischbacher, Gächter & Fehr 2001 [S]",
        "share",
        (0.0, 1.0),
    ),
    P(
        "free_rider_share",
        B,
        0.33,
        "Share of partners who are free riders",
        "Fischbacher, Gächter & Fehr 2001 [S]",
        "share",
        (0.0, 1.0),
    ),
    P(
        "hump_share",
        B,
        0.14,
        "Share of partners whose cooperation is hump-shaped",
        "Fischbacher, Gächter & Fehr 2001 [S]",
        "share",
        (0.0, 1.0),
    ),
    P(
        "cooperation_slope",
        B,
        0.85,
        "Conditional cooperators' matching of others' contributions (s < 1: self-serving bias)",
        "Fischbacher, Gächter & Fehr 2001 [S]; value [A]",
        "",
        (0.0, 1.2),
        symbol="s_i",
    ),
    P(
        "commitment",
        B,
        0.3,
        "Baseline willingness of cooperating partners to contribute, whatever others do (γ)",
        "[A]; trust gating of conditional cooperation [A]",
        "share",
        (0.0, 1.0),
        symbol="γ",
    ),
    P(
        "pledge_tolerance",
        B,
        0.2,
        "Shortfall from a pledge that still reads as a kept promise (ν)",
        "[A]",
        "share",
        (0.0, 0.5),
        symbol="ν",
    ),
    P(
        "pledge_norm",
        B,
        0.3,
        "Share of capacity every partner announces at the forum at least (cheap talk)",
        "[A]",
        "share",
        (0.0, 1.0),
    ),
    P(
        "sanction_response",
        B,
        1.0,
        "Rise in a sanctioned partner's contribution share per unit of sanction",
        "Fehr & Gächter 2002 [S, direction]; value [A]",
        "share",
        (0.0, 1.0),
    ),
    P(
        "sanction_memory",
        B,
        0.9,
        "Share of sanctions pressure carried into the next month (m_S; deterrence outlasting the sanction)",
        "Fehr & Gächter 2002 [S, direction: contributions stay high as punishment grows rarer]; value [A]",
        "share per month",
        (0.0, 1.0),
        symbol="m_S",
    ),
    P(
        "antisocial_max",
        B,
        0.4,
        "Monthly chance, when rule of law is 0, that a sanctioned partner takes revenge on each partner who kept its promise (antisocial sanction)",
        "Herrmann, Thöni & Gächter 2008 [S, direction; revenge by the punished]; value [A]",
        "probability",
        (0.0, 1.0),
    ),
    P(
        "synergy",
        B,
        1.0,
        "Bonus for doing protection and empowerment together (χ)",
        "Commission on Human Security 2003 [S, idea]; form [A]",
        "",
        (0.0, 3.0),
        symbol="χ",
    ),
    P(
        "max_gain",
        B,
        0.02,
        "Largest monthly share of a dimension's gap to full security that spending can close (g)",
        "[A]; docs/MODEL.md §4 Delivery",
        "per month",
        (0.0, 0.2),
        symbol="g",
    ),
    P(
        "duplication_loss",
        B,
        0.3,
        "Share of money spent alone that duplication and mis-targeting waste (δ_solo)",
        "[A], swept 0.1-0.5 (docs/MODEL.md §4 Spending alone and pooled)",
        "share",
        (0.1, 0.5),
        symbol="δ_solo",
    ),
    P("hs_decay", B, 0.005, "Monthly decay of human security without investment", "[A]", "per month", (0.001, 0.02)),
    P(
        "armed_event_harm",
        B,
        0.1,
        "Drop in personal and community security of the community an armed event hits",
        "[A]",
        "0-1",
        (0.0, 0.3),
    ),
    P(
        "protection_efficacy",
        B,
        5.0,
        "Reduction of the armed-event rate per unit of protective presence",
        "[A]",
        "per unit presence",
        (0.0, 12.0),
    ),
    P(
        "licence_intercept",
        B,
        -3.0,
        "Social-licence acceptance intercept (β₀)",
        "Zhang et al. 2015 structure [S]; prior [A]",
        "log-odds",
        (-6.0, 0.0),
        symbol="β₀",
    ),
    P(
        "licence_trust",
        B,
        4.0,
        "Weight of trust in the company in acceptance (β_T)",
        "Zhang et al. 2015 [S]; prior [A]",
        "log-odds",
        (0.0, 8.0),
        symbol="β_T",
    ),
    P(
        "licence_fairness",
        B,
        1.5,
        "Weight of distributional fairness in acceptance (β_D)",
        "Zhang et al. 2015 [S]; prior [A]",
        "log-odds",
        (0.0, 4.0),
        symbol="β_D",
    ),
    P(
        "licence_government",
        B,
        1.5,
        "Weight of trust in government in acceptance (β_G)",
        "Zhang et al. 2015 [S]; prior [A]",
        "log-odds",
        (0.0, 4.0),
        symbol="β_G",
    ),
    P(
        "licence_impact",
        B,
        2.0,
        "Weight of company impact in acceptance (β_I)",
        "Zhang et al. 2015 [S]; prior [A]",
        "log-odds",
        (0.0, 4.0),
        symbol="β_I",
    ),
    P(
        "acceptance_fairness",
        B,
        0.5,
        "Distributional fairness needed for acceptance (d_min)",
        "Thomson & Boutilier 2011 levels [S]; threshold [A]",
        "0-1",
        (0.0, 1.0),
        symbol="d_min",
    ),
    P(
        "credibility_trust",
        B,
        0.4,
        "Trust in the company needed for approval (τ_cred)",
        "Thomson & Boutilier 2011 [S]; threshold [A]",
        "0-1",
        (0.0, 1.0),
        symbol="τ_cred",
    ),
    P(
        "institutional_trust",
        B,
        0.5,
        "Trust in company and government needed for identification (τ_inst)",
        "Thomson & Boutilier 2011 [S]; threshold [A]",
        "0-1",
        (0.0, 1.0),
        symbol="τ_inst",
    ),
    P(
        "identification_months",
        B,
        12,
        "Months of institutional trust before identification",
        "Thomson & Boutilier 2011 [S]; duration [A]",
        "months",
        (1, 36),
    ),
    P(
        "initial_fairness",
        B,
        0.5,
        "Distributional fairness communities assume before any benefit arrives",
        "[A]",
        "0-1",
        (0.0, 1.0),
    ),
    P(
        "licence_legitimacy_weight",
        B,
        0.3,
        "Weight of licence acceptance in the legitimacy residents see (ω)",
        "[A]",
        "share",
        (0.0, 1.0),
        symbol="ω",
    ),
    P(
        "arrest_constant",
        B,
        2.3,
        "Arrest-probability constant k in P = 1 - exp(-k·C/A)",
        "Epstein 2002 [S]",
        "",
        (0.5, 5.0),
        symbol="k",
    ),
    P(
        "grievance_scale",
        B,
        0.475,
        "Share of hardship × illegitimacy residents feel as grievance: G = s·H·(1 − L_c)",
        "[A], calibrated to P10 (pattern-oriented modelling, Grimm et al. 2005); Epstein 2002 has s = 1",
        "share",
        (0.0, 1.0),
        symbol="s",
    ),
    P("activation_threshold", B, 0.1, "Net grievance needed to become active", "Epstein 2002 [S]", "", (0.0, 0.5)),
    P(
        "arrests_per_cop",
        B,
        2,
        "Active residents each cop can arrest in a month (a month spans several of Epstein's ticks)",
        "Epstein 2002 (one arrest per cop per tick) [S, form]; ticks per month [A]",
        "per month",
        (0, 10),
    ),
    P(
        "max_jail_months",
        B,
        6,
        "Longest jail term for an arrested active resident",
        "Epstein 2002 (max jail term) [S, form]; months [A]",
        "months",
        (1, 36),
    ),
    P(
        "blockade_threshold",
        B,
        0.05,
        "Active share of a community above which it blockades the company (b*)",
        "[A]",
        "share",
        (0.01, 0.3),
        symbol="b*",
    ),
    P(
        "blockade_days",
        B,
        10.0,
        "Days of disrupted operations per blockading community-month",
        "[A]",
        "days",
        (1.0, 30.0),
    ),
    P(
        "delay_cost",
        B,
        0.6,
        "Share of a day's operating value lost per blockade day",
        "Franks et al. 2014: delay dominates company conflict costs [S]; value [A]",
        "share",
        (0.0, 1.0),
    ),
    P(
        "repression_backfire",
        B,
        0.1,
        "Share of trust in government lost per unit of arrested share",
        "[A]",
        "",
        (0.0, 2.0),
    ),
    P(
        "loss_exposure",
        B,
        2.0,
        "Losses at full hazard, in months of each partner's budget",
        "[A]",
        "months",
        (0.0, 10.0),
    ),
    P(
        "company_exposure",
        B,
        0.02,
        "Company losses at full hazard, as a share of monthly operating value",
        "[A]",
        "share",
        (0.0, 0.2),
    ),
    P(
        "value_memory",
        B,
        12.0,
        "Months over which partners average contributions (pooling weights) and update their belief of the outside option",
        "[A]",
        "months",
        (1.0, 60.0),
    ),
    P(
        "exit_half_life",
        B,
        6.0,
        "Half-life of the exponential smoothing partners apply to their payoff inside before comparing it with outside (h_exit)",
        "[A]; docs/MODEL.md §4 Exit",
        "months",
        (1.0, 24.0),
        symbol="h_exit",
    ),
    P(
        "exit_margin",
        B,
        0.02,
        "How far below its outside option a non-company partner's smoothed payoff must fall to count a strike (human security or legitimacy, on the 0-1 scale)",
        "[A]; docs/MODEL.md §4 Exit",
        "index points (0-1)",
        (0.0, 0.2),
    ),
    P(
        "exit_margin_company",
        B,
        3.0,
        "How far the company's smoothed conflict cost inside must exceed its belief of that cost outside to count a strike, in months of its social budget",
        "[A]; docs/MODEL.md §4 Exit",
        "months of budget",
        (0.0, 24.0),
    ),
    P(
        "exit_trust",
        B,
        0.1,
        "Mean trust below which a partner leaves (T_min)",
        "[A]",
        "0-1",
        (0.0, 0.5),
        symbol="T_min",
    ),
    P(
        "exit_patience",
        B,
        6,
        "Mean number of consecutive months with a reason to leave (payoff short of the outside option, or trust below T_min) before a partner leaves; each partner's own is drawn from 1 to 2·m_exit − 1 (m_exit)",
        "[A]",
        "months",
        (1, 36),
        symbol="m_exit",
    ),
    P(
        "exit_grace",
        B,
        12,
        "Months after the start before partners begin counting reasons to leave",
        "[A]",
        "months",
        (0, 48),
    ),
    P(
        "risk_profile_concentration",
        B,
        50.0,
        "Dirichlet concentration of partners' risk profiles around their type's profile",
        "[A]",
        "",
        (5.0, 500.0),
    ),
    P(
        "responsiveness_memory",
        B,
        0.3,
        "Weight of the latest forum in a partner's sense of being answered",
        "[A]",
        "share",
        (0.05, 1.0),
    ),
)

BY_NAME: dict[str, Parameter] = {p.name: p for p in CATALOGUE}
assert len(BY_NAME) == len(CATALOGUE), "duplicate parameter name in the catalogue"

# Cross-parameter constraints, each checked after single values pass.
CONSTRAINTS: tuple[tuple[str, Any], ...] = (
    (
        "contact_weight must be below fairness_weight (Moffat & Zhang 2014: γ_PF > γ_CQ)",
        lambda v: v["contact_weight"] < v["fairness_weight"],
    ),
    (
        "cooperator_share + free_rider_share + hump_share must not exceed 1",
        lambda v: v["cooperator_share"] + v["free_rider_share"] + v["hump_share"] <= 1.0 + 1e-9,
    ),
)

Params = dataclasses.make_dataclass(
    "Params",
    [(p.name, p.type) for p in CATALOGUE],
    frozen=True,
    slots=True,
    module=__name__,
)
Params.__doc__ = "One immutable, validated set of values for every catalogue parameter."


def defaults() -> dict[str, Any]:
    """The catalogue's default value for every parameter."""
    return {p.name: p.default for p in CATALOGUE}


def make_params(values: Mapping[str, Any] | None = None) -> Params:
    """Build validated Params from defaults overridden by `values`.

    Raises:
        ParameterError: for an unknown name, a wrong type, a value out of range
            or a broken cross-parameter constraint.
    """
    merged = defaults()
    for name, value in (values or {}).items():
        if name not in BY_NAME:
            raise ParameterError(f"{name} is not a parameter; see `hsbp params` for the catalogue")
        merged[name] = BY_NAME[name].check(value)
    for message, holds in CONSTRAINTS:
        if not holds(merged):
            raise ParameterError(message)
    return Params(**merged)


def params_of_kind(kind: Kind) -> tuple[Parameter, ...]:
    """The catalogue entries of one kind, in catalogue order."""
    return tuple(p for p in CATALOGUE if p.kind is kind)

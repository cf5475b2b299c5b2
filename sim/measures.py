"""What the model reports, declared once with the words a reader sees: per-run outcomes and monthly series.

Each measure has a code name (for files and code), a plain label, the unit it is shown in and the
scale from its stored value to that unit (stored 0-1 indices are shown as points on 0-100, money
stored in US$ k is shown in US$ m). The brief, the report, figures, the dashboard and the CLI read
these; code names appear only in glossaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Better = Literal["higher", "lower", ""]


@dataclass(frozen=True)
class Measure:
    """One outcome or series: its code name, the words and unit a reader sees, and what it means."""

    name: str
    label: str
    unit: str
    meaning: str
    scale: float = 1.0  # displayed value = stored value × scale
    better: Better = ""  # which direction is good for the partnership's purpose, where one is

    @property
    def is_money(self) -> bool:
        """Whether the outcome is an amount of money (it scales with the currency unit)."""
        return "US$" in self.unit

    def show(self, value: float) -> float:
        """The stored value in the displayed unit."""
        return value * self.scale

    @property
    def stored_unit(self) -> str:
        """The unit of the stored value (before `scale`): indices 0-1, money US$ k, shares 0-1."""
        if self.scale == 1.0:
            return self.unit
        if self.scale == 1e-3:
            return self.unit.replace("US$ m", "US$ k")
        return "0-1"

    @property
    def stored_heading(self) -> str:
        """Label with the stored value's unit, for figures that plot stored values."""
        return f"{self.label} ({self.stored_unit})" if self.stored_unit else self.label

    @property
    def heading(self) -> str:
        """Label with unit, for axes and table headers."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


Outcome = Measure
Series = Measure
M = Measure
POINTS = "points, 0-100"
MONEY_M = "US$ m"

OUTCOME_LIST: tuple[Outcome, ...] = (
    M(
        "durability_months",
        "Partnership duration",
        "months",
        "Months until the partnership dissolved (censored at the horizon; 0 when there is none)",
        better="higher",
    ),
    M(
        "dissolved",
        "Partnership dissolved",
        "share of runs",
        "1 if the partnership dissolved before the horizon",
        better="lower",
    ),
    M(
        "survived_42",
        "Lasted the pilot's 42 months",
        "share of runs",
        "1 if the partnership lasted 42 months",
        better="higher",
    ),
    M("survived_60", "Lasted 60 months", "share of runs", "1 if the partnership lasted 60 months", better="higher"),
    M("partner_exits", "Partners who left", "partners", "Partners who left the partnership", better="lower"),
    M(
        "exits_outside_option",
        "Partners who left for a better outside option",
        "partners",
        "Exits because a partner's payoff inside fell short of its belief of its payoff outside",
        better="lower",
    ),
    M(
        "exits_trust",
        "Partners who left over lost trust",
        "partners",
        "Exits because a partner's mean trust in the others stayed below the exit threshold",
        better="lower",
    ),
    M(
        "partners_remaining",
        "Partners who never left",
        "partners",
        "Partners who had not left by the end (0 without a partnership)",
    ),
    M(
        "hsi_final",
        "Human security at the end",
        POINTS,
        "Human-security index at the end: mean over communities of the geometric mean over the seven dimensions",
        scale=100.0,
        better="higher",
    ),
    M(
        "hsi_change",
        "Change in human security",
        POINTS,
        "Change in the human-security index from the start",
        scale=100.0,
        better="higher",
    ),
    M(
        "hsi_min_dimension",
        "Weakest dimension of human security",
        POINTS,
        "The lowest of the seven dimensions at the end (resident mean)",
        scale=100.0,
        better="higher",
    ),
    M(
        "hsi_worst_quintile",
        "Human security of the worst-off fifth",
        POINTS,
        "Mean human-security index of the fifth of residents with the lowest index, at the end",
        scale=100.0,
        better="higher",
    ),
    M(
        "hsi_inequality_adjusted",
        "Human security, inequality-adjusted",
        POINTS,
        "Geometric mean over residents of their human-security index",
        scale=100.0,
        better="higher",
    ),
    M(
        "hsi_gini",
        "Inequality of human security",
        "Gini, 0-100",
        "Gini coefficient of residents' human-security index at the end",
        scale=100.0,
        better="lower",
    ),
    M("armed_events", "Armed events", "events", "Armed-group events over the run", better="lower"),
    M(
        "blockade_months",
        "Months with a blockade",
        "months",
        "Months in which at least one community blockaded the company",
        better="lower",
    ),
    M(
        "blockade_community_months",
        "Community blockade-months",
        "community-months",
        "Sum over communities of the months each blockaded",
        better="lower",
    ),
    M(
        "peak_active_share",
        "Peak mobilisation",
        "% of residents",
        "Largest share of a community's residents mobilised at once",
        scale=100.0,
        better="lower",
    ),
    M(
        "company_cost",
        "Company cost",
        MONEY_M,
        "Everything the company spent or lost over the run: its social budget (pooled or spent alone), "
        "losses from violence and other shocks after private security and pooling, and blockade disruption",
        scale=1e-3,
        better="lower",
    ),
    M(
        "company_conflict_cost",
        "Company conflict cost",
        MONEY_M,
        "The company's blockade disruption and shock losses over the run (company cost less its budget)",
        scale=1e-3,
        better="lower",
    ),
    M(
        "disruption_cost",
        "Company disruption cost",
        MONEY_M,
        "Operating value the company lost to blockades",
        scale=1e-3,
        better="lower",
    ),
    M(
        "government_legitimacy_change",
        "Change in government legitimacy",
        POINTS,
        "Change in communities' mean trust in the local government from the start",
        scale=100.0,
        better="higher",
    ),
    M(
        "government_legitimacy_final",
        "Government legitimacy at the end",
        POINTS,
        "Communities' mean trust in the local government at the end",
        scale=100.0,
        better="higher",
    ),
    M(
        "decision_success_rate",
        "Forum decisions adopted",
        "% of forums",
        "Share of forum meetings that adopted a project (0 if none met)",
        scale=100.0,
        better="higher",
    ),
    M(
        "decision_equity",
        "Spread of partners' satisfaction with decisions",
        POINTS,
        "Mean standard deviation of partners' acceptability of forum decisions (lower is more equal)",
        scale=100.0,
        better="lower",
    ),
    M(
        "mean_trust_final",
        "Trust between partners at the end",
        POINTS,
        "Mean trust between partners at the end",
        scale=100.0,
        better="higher",
    ),
    M(
        "licence_level_mean",
        "Social licence at the end",
        "level, 0-3",
        "Mean social-licence level at the end (0 withdrawal, 1 acceptance, 2 approval, 3 identification)",
        better="higher",
    ),
    M(
        "pooled_share",
        "Spending pooled through the forum",
        "% of spending",
        "Share of all partners' spending over the run that went through the partnership",
        scale=100.0,
    ),
    M("contributions_total", "Money pooled", MONEY_M, "Contributions to the partnership over the run", scale=1e-3),
    M(
        "jailed_share_final",
        "Residents in jail at the end",
        "% of residents",
        "Share of residents in jail at the end",
        scale=100.0,
        better="lower",
    ),
)

SERIES_LIST: tuple[Series, ...] = (
    M(
        "mean_trust",
        "Trust between partners",
        POINTS,
        "Mean trust between members (all partners when none)",
        scale=100.0,
        better="higher",
    ),
    M("partners_engaged", "Partners in the partnership", "partners", "Members of a standing partnership"),
    M(
        "human_security_index",
        "Human security",
        POINTS,
        "Human-security index (mean over communities)",
        scale=100.0,
        better="higher",
    ),
    M(
        "government_legitimacy",
        "Government legitimacy",
        POINTS,
        "Communities' mean trust in the local government",
        scale=100.0,
        better="higher",
    ),
    M(
        "active_share",
        "Residents mobilised",
        "% of residents",
        "Share of residents active in protest",
        scale=100.0,
        better="lower",
    ),
    M(
        "blockades",
        "Communities blockading",
        "communities",
        "Communities blockading the company this month",
        better="lower",
    ),
    M("armed_events", "Armed events", "events per month", "Armed-group events this month", better="lower"),
    M("contributions", "Money pooled", "US$ k per month", "Contributions to the partnership this month"),
    M(
        "company_conflict_cost",
        "Company conflict cost",
        "US$ k per month",
        "The company's blockade disruption and shock losses (after private security and pooling) this month",
        better="lower",
    ),
    M("exits", "Partners who left", "partners", "Partners who have left the partnership so far", better="lower"),
    M(
        "exits_outside_option",
        "Partners who left for a better outside option",
        "partners",
        "Partners who have left so far because their payoff inside fell short of their outside option",
        better="lower",
    ),
    M(
        "exits_trust",
        "Partners who left over lost trust",
        "partners",
        "Partners who have left so far because their trust in the others stayed too low",
        better="lower",
    ),
    M(
        "licence_withdrawal",
        "Communities withholding the licence",
        "communities",
        "Communities at the withdrawal level of the social licence",
        better="lower",
    ),
    M(
        "licence_acceptance",
        "Communities accepting the company",
        "communities",
        "Communities at the acceptance level of the social licence",
    ),
    M(
        "licence_approval",
        "Communities approving the company",
        "communities",
        "Communities at the approval level of the social licence",
    ),
    M(
        "licence_identification",
        "Communities identifying with the company",
        "communities",
        "Communities at the identification level of the social licence",
    ),
)

OUTCOMES: dict[str, Outcome] = {o.name: o for o in OUTCOME_LIST}
SERIES: dict[str, Series] = {s.name: s for s in SERIES_LIST}
assert len(OUTCOMES) == len(OUTCOME_LIST) and len(SERIES) == len(SERIES_LIST), "duplicate measure name"

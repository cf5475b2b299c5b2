"""Named partnership designs, declared once: the study, sweeps, `hsbp run --design` and the dashboard share them.

A design is a set of lever values (catalogue parameters of kind lever); every lever it does not
set keeps the scenario's value. The five reference designs are those docs/MODEL.md §8 compares:
the no-partnership counterfactual, what HSBPs claim to go beyond (CSR alone, consultation),
a state-led partnership and the full HSBP. Users add their own in experiment files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from hsbp.sim.params import BY_NAME, Kind, ParameterError


@dataclass(frozen=True)
class Design:
    """One named partnership design: what it is called, what it stands for, and its lever values."""

    name: str
    label: str  # plain words for readers
    meaning: str
    source: str
    levers: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key, value in self.levers.items():
            parameter = BY_NAME.get(key)
            if parameter is None or parameter.kind is not Kind.LEVER:
                raise ParameterError(f"design {self.name}: {key} is not a design lever")
            parameter.check(value)
        object.__setattr__(self, "levers", MappingProxyType(dict(self.levers)))


DESIGNS: tuple[Design, ...] = (
    Design(
        "no_partnership",
        "No partnership",
        "The counterfactual: the forum never convenes; company, government, NGO and communities each spend "
        "their own budgets alone (the company splits its budget between community projects and private security)",
        "docs/MODEL.md §8 (no-partnership baseline) [A]",
        {"partnership": False},
    ),
    Design(
        "csr_alone",
        "CSR alone",
        "Corporate social responsibility without a partnership: no forum; the company puts its whole social budget "
        "into community projects it chooses, on its own priorities, beside everyone else's spending alone",
        "HSBP framework: HSBPs go beyond CSR [S]; form [A]",
        {"partnership": False, "company_social_share": 1.0},
    ),
    Design(
        "consultation",
        "Consultation",
        "Traditional stakeholder engagement: a forum where voice follows power (communities are consulted), "
        "no risk pooling and no joint risk mapping",
        "HSBP framework: HSBPs go beyond traditional stakeholder engagement [S]; Arnstein 1969 (consultation) [S]",
        {"partnership": True, "inclusivity": 0.0, "risk_pooling": 0.0, "risk_mapping": 0.0},
    ),
    Design(
        "state_led",
        "State-led partnership",
        "The local government convenes and leads: some voice for communities, some pooling, most of the budget "
        "on protection",
        "[A]",
        {
            "partnership": True,
            "inclusivity": 0.4,
            "risk_pooling": 0.3,
            "facilitation": 0.2,
            "risk_mapping": 0.4,
            "protection_share": 0.7,
        },
    ),
    Design(
        "full_hsbp",
        "Full HSBP",
        "The framework's design: equal voice for communities, pooled risks, strong facilitation, joint risk "
        "mapping, transparent funds, a fast grievance mechanism, need-weighted benefits, and the company's "
        "whole social budget for the communities (what it does not pool it spends on community projects, as "
        "under CSR alone)",
        "HSBP framework (common ground, mutualized risks, equal voice) [S]; values [A]",
        {
            "partnership": True,
            "inclusivity": 1.0,
            "risk_pooling": 0.8,
            "facilitation": 0.8,
            "risk_mapping": 1.0,
            "transparency": 0.8,
            "grievance_latency": 1.0,
            "benefit_rule": "need",
            "company_social_share": 1.0,
        },
    ),
)

BY_DESIGN: dict[str, Design] = {d.name: d for d in DESIGNS}
assert len(BY_DESIGN) == len(DESIGNS), "duplicate design name"


def design(name: str) -> Design:
    """The named design, or a ParameterError listing the names allowed."""
    try:
        return BY_DESIGN[name]
    except KeyError:
        raise ParameterError(f"design {name!r} is not a named design; allowed: {', '.join(BY_DESIGN)}") from None

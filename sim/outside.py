"""Partners' view of the world outside the partnership: what each believes it would get without it.

Each partner compares its payoff inside with its belief of its payoff outside (docs/MODEL.md §4,
Payoffs and outside options). The belief is a projection every partner can make from what it
observes: the same start, the same armed events and turnovers, everybody spending alone, no forum.
It is kept at the level of community means (C × 7 dimension means, not residents), with the model's
own rules: violence harm, the trust rule, the licence rule, spending alone and delivery. Blockades
outside are predicted in mean field from the grievance equations. A belief, not a second simulation:
it is cheap, uses no random numbers and is an assumption [A].
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from hsbp.sim.params import Params
from hsbp.sim.rules.licence import WITHDRAWAL
from hsbp.sim.rules.taxonomy import DIMENSIONS

PERSONAL, COMMUNITY_DIM = DIMENSIONS.index("personal"), DIMENSIONS.index("community")
SURVEY = 100  # residents per community partners watch when they gauge unrest outside (a sample) [A]


def index_of(means: np.ndarray) -> np.ndarray:
    """Human-security index per community: geometric mean over the seven dimensions of the resident means."""
    return np.exp(np.log(np.maximum(means, 1e-6)).sum(axis=1) / means.shape[1])


@dataclass
class OutsideView:
    """Mean-field projections of the communities inside and outside the partnership, and the world outside.

    `h_in` and `h_out` (C × 7 dimension means) follow the same start, the same services and the same armed
    events; `h_in` receives this month's actual spending, `h_out` the same budgets all spent alone. Their
    difference is what partners credit the partnership with: a mean-field projection has its own error,
    and comparing two projections made the same way cancels it [A].
    """

    h_in: np.ndarray  # (C, 7)
    h_out: np.ndarray  # (C, 7)
    services: np.ndarray  # (C, 7) the context's own services, mean field
    trust: np.ndarray  # (n, n) partners' trust outside (the same shape the trust rules always get)
    damage: np.ndarray  # (n, n)
    initial_trust_government: np.ndarray  # (n,) everyone's initial trust in government, for turnover
    communities: slice  # rows of the community organisations
    government: int
    companies: slice
    legitimacy: np.ndarray  # (C,) the partnership-free legitimacy residents would see
    blockading: np.ndarray  # (C,) bool: blockades outside this month
    activity: np.ndarray  # (C, R) residents' state outside (quiet/active/jailed)
    jail: np.ndarray  # (C, R) months left in jail outside
    acceptance: np.ndarray  # (C,)
    licence_level: np.ndarray  # (C,)
    months: np.ndarray  # (C,) institutional months (licence rule state)
    _gap: np.ndarray | None = None  # index_gap(), cached until the projections change

    @property
    def trust_government(self) -> np.ndarray:
        """(C,) communities' trust in the government outside: its legitimacy."""
        return self.trust[self.communities, self.government]

    @property
    def trust_company(self) -> np.ndarray:
        """(C,) communities' mean trust in the companies outside."""
        company = self.trust[self.communities, self.companies]
        return company.sum(axis=1) / company.shape[1]

    @classmethod
    def start(
        cls,
        h: np.ndarray,
        services: np.ndarray,
        trust: np.ndarray,
        damage: np.ndarray,
        communities: slice,
        government: int,
        companies: slice,
        p: Params,
    ) -> OutsideView:
        """The world at the start, from the residents' h and services (C, 7, R): the mean-field services
        reproduce the residents' mean access term g₀·(1 − h), so both projections start where the residents do."""
        means = h.mean(axis=2)
        access = (services * (1.0 - h)).mean(axis=2) / np.maximum(1.0 - means, 1e-9)
        c = len(means)
        return cls(
            h_in=means.copy(),
            h_out=means.copy(),
            services=access,
            trust=trust.copy(),
            damage=damage.copy(),
            initial_trust_government=trust[:, government].copy(),
            communities=communities,
            government=government,
            companies=companies,
            legitimacy=np.zeros(c),
            blockading=np.zeros(c, dtype=bool),
            activity=np.zeros((c, min(h.shape[2], SURVEY)), dtype=np.int8),
            jail=np.zeros((c, min(h.shape[2], SURVEY)), dtype=np.int16),
            acceptance=np.zeros(c),
            licence_level=np.zeros(c, dtype=int),
            months=np.zeros(c, dtype=int),
        )

    def index_gap(self) -> np.ndarray:
        """Human security credited to the partnership, per community: projected index inside − outside."""
        if self._gap is None:
            self._gap = index_of(self.h_in) - index_of(self.h_out)
        return self._gap

    def shocks(
        self,
        events: np.ndarray,
        signal: np.ndarray,
        observed: list[np.ndarray],
        rules: Mapping[str, Callable[..., Any]],
        p: Params,
    ) -> None:
        """The same armed events inside and outside: harm to personal and community security, and the same
        lost trust (`observed`: the masks of who reads the signal, as in the model)."""
        hit = events > 0
        if not hit.any():
            return
        harm = (1.0 - p.armed_event_harm) ** events[hit]
        for h in (self.h_in, self.h_out):
            h[hit, PERSONAL] *= harm
            h[hit, COMMUNITY_DIM] *= harm
        self._gap = None
        for mask in observed:
            self.trust, self.damage = rules["trust"](self.trust, self.damage, signal, mask, p)

    def month(
        self,
        gain_in: np.ndarray,
        gain_out: np.ndarray,
        month: int,
        rules: Mapping[str, Callable[..., Any]],
        p: Params,
    ) -> None:
        """One month after the shocks: both projections' delivery; outside, turnover and the licence without a forum."""
        for h, gain in ((self.h_in, gain_in), (self.h_out, gain_out)):
            h += (self.services + gain) * (1.0 - h) - p.hs_decay * h
            h.clip(0.0, 1.0, out=h)
        self._gap = None
        g = self.government
        self.trust[:, g] = rules["turnover"](self.trust[:, g], self.initial_trust_government, month, p)
        self.trust[g, g] = 1.0
        company = self.trust[self.communities, self.companies]
        self.trust[self.communities, self.companies] = (company - p.impact_weight * p.company_impact).clip(0.0, 1.0)
        self.acceptance, self.licence_level, self.months = rules["licence"](
            self.trust_company,
            np.full(len(self.h_out), p.initial_fairness),
            self.trust_government,
            p.company_impact,
            self.months,
            p,
        )
        omega = p.licence_legitimacy_weight
        self.legitimacy = omega * self.acceptance + (1.0 - omega) * self.trust_government

    def unrest(
        self,
        rng: np.random.Generator,
        hardship: np.ndarray,
        risk_aversion: np.ndarray,
        mobilisation: Callable[..., tuple[np.ndarray, np.ndarray]],
        p: Params,
    ) -> None:
        """Unrest outside: the model's own mobilisation rule on the residents partners see (a sample of at most
        `SURVEY` per community, the first ones: residents are drawn independently, so any fixed subset is a
        random sample), their hardship shifted by the human security credited to the partnership, under the
        legitimacy outside, with its own activity and jail state and its own random stream; blockades where
        the share mobilised exceeds b*, and the same backfire of arrests on trust in government [A; the
        grievance layer is Epstein 2002 [S]]. Police presence scales with the sample, as it is per resident."""
        seen = self.activity.shape[1]
        hardship, risk_aversion = hardship[:, :seen], risk_aversion[:, :seen]
        shifted = hardship + self.index_gap()[:, None]
        arrests, mobilised = mobilisation(rng, shifted, risk_aversion, self.activity, self.jail, self.legitimacy, p)
        residents = hardship.shape[1]
        self.blockading = mobilised / residents > p.blockade_threshold
        if arrests.any():
            self.trust[self.communities, self.government] *= 1.0 - np.minimum(
                1.0, p.repression_backfire * arrests / residents
            )

    def withdrawal_share(self) -> float:
        """Share of communities withholding the licence outside."""
        return float(np.count_nonzero(self.licence_level == WITHDRAWAL)) / len(self.h_out)

"""The social licence to operate each community grants the company."""

from __future__ import annotations

import numpy as np

from hsbp.sim.params import Params
from hsbp.sim.registry import rule

WITHDRAWAL, ACCEPTANCE, APPROVAL, IDENTIFICATION = 0, 1, 2, 3
LEVELS = ("withdrawal", "acceptance", "approval", "identification")


@rule("licence", "zhang_levels")
def licence_levels(
    trust_company: np.ndarray,
    fairness: np.ndarray,
    trust_government: np.ndarray,
    impact: float,
    institutional_months: np.ndarray,
    p: Params,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Acceptance A_c and licence level per community; returns (A, level, institutional months).

    A_c = σ(β₀ + β_T·T_cK + β_D·DF_c + β_G·T_cG − β_I·Impact): structure Zhang et al. 2015 [S],
    priors [A]. Levels (Thomson & Boutilier 2011 [S], thresholds [A]): acceptance if
    A ≥ 0.25 and DF ≥ d_min; approval if A ≥ 0.5 and T_cK ≥ τ_cred; identification if
    A ≥ 0.75 and min(T_cK, T_cG) ≥ τ_inst for `identification_months`; else withdrawal.
    """
    logit = (
        p.licence_intercept
        + p.licence_trust * trust_company
        + p.licence_fairness * fairness
        + p.licence_government * trust_government
        - p.licence_impact * impact
    )
    acceptance = 1.0 / (1.0 + np.exp(-logit))
    institutional = np.minimum(trust_company, trust_government) >= p.institutional_trust
    months = np.where(institutional, institutional_months + 1, 0)
    # Each level requires the one below it.
    accepted = (acceptance >= 0.25) & (fairness >= p.acceptance_fairness)
    approved = accepted & (acceptance >= 0.5) & (trust_company >= p.credibility_trust)
    identified = approved & (acceptance >= 0.75) & (months >= p.identification_months)
    level = np.where(
        identified, IDENTIFICATION, np.where(approved, APPROVAL, np.where(accepted, ACCEPTANCE, WITHDRAWAL))
    )
    return acceptance, level, months

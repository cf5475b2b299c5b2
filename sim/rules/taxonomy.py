"""The shared risk taxonomy and the seven human-security dimensions, with their links.

Risk taxonomy: docs/MODEL.md §2 [A]. Human-security dimensions: UNDP 1994 [S];
protection vs empowerment grouping: Commission on Human Security 2003 [S].
"""

from __future__ import annotations

import numpy as np

RISKS: tuple[str, ...] = (
    "violence",
    "livelihood",
    "environmental",
    "operational",
    "reputational",
    "fiscal_political",
)
DIMENSIONS: tuple[str, ...] = (
    "economic",
    "food",
    "health",
    "environmental",
    "personal",
    "community",
    "political",
)
PROTECTION = np.array([False, False, False, False, True, True, True])  # CHS 2003 [S]
EMPOWERMENT = ~PROTECTION

# Human-security dimensions a project on each risk mainly serves [A].
RISK_FOCUS: np.ndarray = np.zeros((len(RISKS), len(DIMENSIONS)), dtype=bool)
for _risk, _dims in {
    "violence": ("personal", "community"),
    "livelihood": ("economic", "food"),
    "environmental": ("environmental", "health"),
    "operational": ("economic", "community"),
    "reputational": ("political", "community"),
    "fiscal_political": ("political", "health"),
}.items():
    for _dim in _dims:
        RISK_FOCUS[RISKS.index(_risk), DIMENSIONS.index(_dim)] = True

# Typical risk profile of each kind of partner over RISKS [A]: what each worries about most.
TYPICAL_PROFILE: dict[str, np.ndarray] = {
    "company": np.array([0.15, 0.05, 0.10, 0.35, 0.25, 0.10]),
    "government": np.array([0.25, 0.15, 0.10, 0.05, 0.10, 0.35]),
    "ngo": np.array([0.25, 0.25, 0.15, 0.05, 0.20, 0.10]),
    "community": np.array([0.30, 0.30, 0.20, 0.02, 0.03, 0.15]),
}

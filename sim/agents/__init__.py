"""The organisations of a partnership, as Mesa agents."""

from hsbp.sim.agents.base import Partner
from hsbp.sim.agents.community import Community, Residents
from hsbp.sim.agents.company import Company
from hsbp.sim.agents.government import Government
from hsbp.sim.agents.ngo import NGO

__all__ = ["NGO", "Community", "Company", "Government", "Partner", "Residents"]

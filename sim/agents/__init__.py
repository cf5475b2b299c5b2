"""The organisations of a partnership, as Mesa agents."""

from sim.agents.base import Partner
from sim.agents.community import Community, Residents
from sim.agents.company import Company
from sim.agents.government import Government
from sim.agents.ngo import NGO

__all__ = ["NGO", "Community", "Company", "Government", "Partner", "Residents"]

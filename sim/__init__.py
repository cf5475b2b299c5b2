"""sim: the Human Security Business Partnership model (Mesa agents, rules, parameters, outcomes)."""

from sim.model import PartnershipModel
from sim.outcomes import OUTCOMES, outcomes
from sim.params import CATALOGUE, Kind, Parameter, make_params
from sim.registry import rule
from sim.run import run
from sim.scenario import Scenario, ScenarioError, load_scenario

__all__ = [
    "CATALOGUE",
    "OUTCOMES",
    "Kind",
    "Parameter",
    "PartnershipModel",
    "Scenario",
    "ScenarioError",
    "load_scenario",
    "make_params",
    "outcomes",
    "rule",
    "run",
]

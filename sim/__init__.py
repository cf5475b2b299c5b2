"""sim: the Human Security Business Partnership model (Mesa agents, rules, parameters, outcomes)."""

from hsbp.sim.model import PartnershipModel
from hsbp.sim.outcomes import OUTCOMES, outcomes
from hsbp.sim.params import CATALOGUE, Kind, Parameter, make_params
from hsbp.sim.registry import rule
from hsbp.sim.run import run
from hsbp.sim.scenario import Scenario, ScenarioError, load_scenario

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

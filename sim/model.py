"""PartnershipModel: one municipality's partnership, month by month (docs/MODEL.md §3).

The model owns the schedule; each mechanism is a rule from the registry, chosen by
the scenario. Organisations are Mesa agents whose relational state lives in shared
arrays (`self.state`); residents are arrays (`self.residents`).
"""

from __future__ import annotations

import math
from typing import Any

import mesa
import numpy as np

from hsbp.sim.agents import NGO, Community, Company, Government, Residents
from hsbp.sim.measures import SERIES
from hsbp.sim.outside import OutsideView
from hsbp.sim.params import Params
from hsbp.sim.registry import import_rule_modules, resolve, rules_for
from hsbp.sim.rules.contribution import draw_types
from hsbp.sim.rules.delivery import landing, priorities
from hsbp.sim.rules.exit import LOST_TRUST, OUTSIDE_OPTION, REASONS, dissolved, draw_patience
from hsbp.sim.rules.licence import WITHDRAWAL
from hsbp.sim.rules.taxonomy import DIMENSIONS, EMPOWERMENT, PROTECTION, RISK_FOCUS, RISKS, TYPICAL_PROFILE
from hsbp.sim.rules.trust import promise_signal
from hsbp.sim.rules.utility import BENEFIT_WEIGHT
from hsbp.sim.rules.voice import effective_facilitation, grievance_answer
from hsbp.sim.scenario import Scenario, load_scenario
from hsbp.sim.state import PartnershipState

PERSONAL, COMMUNITY_DIM = DIMENSIONS.index("personal"), DIMENSIONS.index("community")
VIOLENCE = RISKS.index("violence")
ECONOMIC, FOOD, HEALTH, ENVIRONMENTAL = (DIMENSIONS.index(d) for d in ("economic", "food", "health", "environmental"))
EVENT_DISRUPTION = 0.25  # share of a month's implementation one armed event disrupts [A]


class PartnershipModel(mesa.Model):
    """A Human Security Business Partnership in one municipality.

    Args:
        scenario: a validated Scenario, a scenario name or path, or None for catalogue defaults.
        rng: seed or numpy Generator; always pass one for reproducible runs.
        collect: whether the DataCollector records the monthly series (`self.datacollector`);
            False skips it, for sweeps that only need the outcomes (`hsbp.sim.run` does this).
        **overrides: parameter values (and `rules.<mechanism>` choices) replacing the scenario's,
            validated like file values (this is how `mesa.batch_run` passes parameters).
    """

    def __init__(
        self, scenario: Scenario | str | None = None, *, rng: Any = None, collect: bool = True, **overrides: Any
    ) -> None:
        super().__init__(rng=rng)
        setting = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        if overrides:
            setting = setting.with_overrides(overrides)
        import_rule_modules(setting.rule_modules)
        self.setting = setting
        self.params: Params = setting.params
        self.rules = resolve(dict(setting.rules))
        self.benefit_rule = rules_for("benefit")[self.params.benefit_rule]
        self.month = 0
        self.meeting_clock = 0.0
        self.project_focus: int | None = None
        self.dissolved_at: int | None = None
        self.exits = 0
        self.counters = dict.fromkeys(
            (
                "armed_events",
                "blockade_months",
                "blockade_community_months",
                "forums",
                "decisions_adopted",
                "contributions",
                "spending",
                "company_cost",
                "company_conflict_cost",
                "disruption_cost",
            ),
            0.0,
        )
        self.exit_reasons = dict.fromkeys(REASONS.values(), 0)
        self.peak_active_share = 0.0
        self.decision_equity: list[float] = []
        self.armed_this_month = 0
        self.arrests_this_month = 0
        self.active_share = 0.0
        p = self.params
        self._build_partners()
        self._build_spending()
        self._build_residents()
        n = self.state.size
        facilitated = effective_facilitation(p)  # φ(f): facilitation's saturating effect
        self._attendance_cost = np.where(self.state.is_community, p.attendance_cost * (1 - 0.5 * facilitated), 0.0)
        self._common = np.zeros((n, n))  # common ground at the last forum with two or more attending
        self._mean_common = np.zeros(n)  # CḠ_i for those and the current members
        self._contact = np.zeros((n, n))
        self._forum_attended: np.ndarray | None = None  # who attended the latest forum that met
        self.hsi_initial = self.human_security_index()
        self.legitimacy_initial = self.government_legitimacy()
        self.initial_trust_in_government = self.state.trust[:, self.state.government].copy()
        state = self.state
        self.outside = OutsideView.start(
            self.residents.h,
            self.residents.services,
            state.trust,
            state.damage,
            state.community_slice,
            state.government,
            state.company_slice,
            p,
        )
        self.company_conflict_month = 0.0  # the companies' disruption and shock losses this month, US$ k
        self._conflict = np.zeros(self.state.size)  # the same per company (0 for other partners)
        self._outside_rng = self.rng.spawn(1)[0]  # the outside view's own stream: the model's draws are untouched
        self._refresh_licence()
        self.collect = collect
        self.datacollector = mesa.DataCollector(model_reporters=REPORTERS)
        if collect:
            self.datacollector.collect(self)

    # ------------------------------------------------------------------ set-up
    def _build_partners(self) -> None:
        p, rng = self.params, self.rng
        kinds = ["company"] * p.companies + ["government", "ngo"] + ["community"] * p.communities
        n = len(kinds)
        typical = np.array([TYPICAL_PROFILE[k] for k in kinds])
        profile = np.array([rng.dirichlet(p.risk_profile_concentration * row) for row in typical])
        monthly_value = p.company_value * 1000 / 12  # US$ k per month
        power = {"company": p.power_company, "government": p.power_government, "ngo": p.power_ngo}
        capacity = {
            "company": p.company_contribution * monthly_value,
            "government": p.government_budget,
            "ngo": p.ngo_budget,
            "community": p.community_budget,
        }
        capacity_arr = np.array([capacity[k] for k in kinds])
        loss_scale = np.where(
            np.array(kinds) == "company", p.company_exposure * monthly_value, p.loss_exposure * capacity_arr
        )
        trust = np.full((n, n), p.initial_trust)
        communities = np.arange(p.companies + 2, n)
        government = p.companies
        trust[communities, government] = p.government_legitimacy  # legitimacy = communities' trust in G [A]
        np.fill_diagonal(trust, 1.0)
        damage = np.full((n, n), p.initial_damage)
        np.fill_diagonal(damage, 0.0)
        understanding = np.full((n, n), p.shared_understanding)
        np.fill_diagonal(understanding, 1.0)
        self.state = PartnershipState(
            companies=np.arange(p.companies),
            government=government,
            ngo=p.companies + 1,
            communities=communities,
            trust=trust,
            damage=damage,
            understanding=understanding,
            profile=profile,
            power=np.array([power.get(k, p.power_community) for k in kinds]),
            capacity=capacity_arr,
            loss_scale=loss_scale,
            cooperation=draw_types(rng, n, p),
            member=np.full(n, p.partnership),
        )
        self.kinds = kinds
        self.is_company = np.array(kinds) == "company"
        self.patience = draw_patience(rng, n, p)
        self.companies = [Company(self, i) for i in self.state.companies]
        self.government = Government(self, government)
        self.ngo = NGO(self, self.state.ngo)
        self.communities = [Community(self, int(i), slot) for slot, i in enumerate(communities)]

    def _build_spending(self) -> None:
        """Who spends alone on what: priorities over dimensions, target communities, the public budget.

        The company, government and NGO spread what they spend alone evenly over the communities; a
        community organisation spends its in-kind budget on its own residents [A].
        """
        p, state = self.params, self.state
        self._priorities = priorities(state.profile)  # (n, 7)
        self._security_share = np.where(self.is_company, 1.0 - p.company_social_share, 0.0)
        targets = np.full((state.size, p.communities), 1.0 / p.communities)
        targets[state.communities] = np.eye(p.communities)
        self._targets = targets
        public = state.capacity.copy()
        public[self.is_company] = 0.0  # the context's own services: government, NGO and communities alone
        spent_alone = self.rules["coordination"](
            np.zeros((p.communities, len(DIMENSIONS))), landing(public, targets, self._priorities), p
        )
        self._public_gain = self.rules["delivery"](spent_alone, p.population, 0.0, p)  # (C, 7)
        self._exit_smoothing = 1.0 - 0.5 ** (1.0 / p.exit_half_life)
        # Each candidate project's spending split over dimensions (K, 7), and the share of it that lands on each
        # partner's priorities (n, K); before any project, the pooled budget follows the protection share alone.
        self._splits = np.array([self._split_for(focus) for focus in range(len(RISKS))])
        self._split_before_project = self._split_for(None)
        self._project_landing = self._priorities @ self._splits.T
        self._benefit_weight = np.array([BENEFIT_WEIGHT[kind] for kind in self.kinds])

    def _build_residents(self) -> None:
        p, rng = self.params, self.rng
        shape = (p.communities, p.residents)
        mean = 1.0 - p.mean_hardship
        concentration = 10.0  # spread of residents around the mean [A]
        draw = rng.beta(mean * concentration, (1 - mean) * concentration, size=(*shape, len(DIMENSIONS)))
        # Drawn resident by resident, stored dimension by dimension: (communities, 7, residents).
        h = np.ascontiguousarray(np.clip(draw, 0.02, 0.98).transpose(0, 2, 1))
        # Each resident starts at its fixed point under the context's public spending alone [A]: without a
        # partnership and without the company's spending, human security would stay where it is.
        services = np.maximum(0.0, p.hs_decay * h / (1.0 - h) - self._public_gain[:, :, None])
        self.residents = Residents(
            h=h,
            services=services,
            risk_aversion=rng.random(shape),
            state=np.zeros(shape, dtype=np.int8),
            jail=np.zeros(shape, dtype=np.int16),
        )

    # ------------------------------------------------------------------ schedule
    def step(self) -> None:
        """One month, in the order of docs/MODEL.md §3."""
        self.month += 1
        events, market_shock = self._shocks()
        engaged = self.partnership_standing()
        mean_trust = self.state.mean_trust() if engaged else None  # the forum and contributions change no trust
        meetings = self._meetings() if engaged else 0
        attended = self._forum(meetings, events, mean_trust) if meetings else None
        budget = self._budgets(market_shock)
        contribution = self._contribute(engaged, budget, mean_trust)
        self._deliver(contribution, budget)
        if engaged and self.project_focus is not None:
            self._monitor_and_update_trust(contribution)
        self._licence_channels(attended)
        self.state.trust[:, self.state.government] = self.rules["turnover"](
            self.state.trust[:, self.state.government], self.initial_trust_in_government, self.month, self.params
        )
        self.state.trust[self.state.government, self.state.government] = 1.0
        if self.rules["administration"](self.month, self.params):
            self._new_administration()
        self._refresh_licence()
        self._mobilise()
        self._costs_and_losses(budget)
        if engaged:
            self._weigh_outside_options(budget)
            self._exits()
        if self.collect:
            self.datacollector.collect(self)
        self.running = self.month < self.params.horizon_months  # Mesa's stop flag (mesa.batch_run reads it)

    def run(self, months: int | None = None) -> None:
        """Run to the horizon (or for `months` months)."""
        for _ in range(months if months is not None else self.params.horizon_months):
            self.step()

    # 1. exogenous shocks -----------------------------------------------------------
    def _shocks(self) -> tuple[np.ndarray, bool]:
        """Armed events harm the community they hit and cost trust in government (and a linked company)."""
        p, state = self.params, self.state
        events, linked, market_shock = self.rules["shocks"](self.rng, p.communities, p)
        self.armed_this_month = int(events.sum())
        self.counters["armed_events"] += self.armed_this_month
        if self.armed_this_month:
            hit = events > 0
            harm = (1.0 - p.armed_event_harm) ** events[hit]
            self.residents.h[hit, PERSONAL] *= harm[:, None]
            self.residents.h[hit, COMMUNITY_DIM] *= harm[:, None]
            self.residents.h_changed()
            # Failure to protect: everyone reads a negative signal about the government.
            observed = np.zeros_like(state.trust, dtype=bool)
            observed[:, state.government] = True
            observed[state.government, state.government] = False
            signal = np.full_like(state.trust, -p.armed_trust_shock)
            masks = [observed]
            if linked.any():
                blamed = np.zeros_like(observed)
                blamed[np.ix_(state.communities[linked > 0], state.companies)] = True
                masks.append(blamed)
            for mask in masks:
                self._update_trust(signal, mask)
            if self.partnership_standing():  # partners' beliefs matter only to members of a standing partnership
                self.outside.shocks(events, signal, masks, self.rules, p)
        return events, market_shock

    # 2. forum ------------------------------------------------------------------------
    def _meetings(self) -> int:
        self.meeting_clock += self.params.meeting_frequency
        meetings = int(self.meeting_clock + 1e-9)
        self.meeting_clock -= meetings
        return meetings

    def _forum(self, meetings: int, events: np.ndarray, mean_trust: np.ndarray) -> np.ndarray:
        p, state, rules = self.params, self.state, self.rules
        n = state.size
        security = np.full(n, float(self.armed_this_month > 0))  # violence anywhere...
        security[state.community_slice] = events > 0  # ...but a community organisation weighs its own
        probability = rules["convening"](mean_trust, state.acceptability, self._attendance_cost, security, p)
        attended = state.member & (self.rng.random(n) < probability)
        self.counters["forums"] += 1
        state.understanding = rules["risk_mapping"](state.understanding, attended, meetings, p)
        present = np.count_nonzero(attended)
        if present < 2:
            return attended
        common = rules["common_ground"](state.profile, state.understanding, p) * state.off_diagonal  # CG_ii = 0
        shared = (common * attended) @ state.profile / (present - 1)  # Σ_j CG_ij·ρ_jk/(n−1)
        exposure = state.profile + p.common_ground_weight * shared
        expected_pool = float(np.where(state.member, np.maximum(state.pledge, p.pledge_norm * state.capacity), 0).sum())
        utility = rules["utility"](
            state.loss_scale / np.maximum(state.capacity, 1e-9),
            exposure,
            self._project_landing,
            self._benefit_weight,
            expected_pool / p.communities,
            state.capacity,
            p,
        )
        voice = rules["voice"](state.power, attended, p)
        focus, adopted, acceptability = rules["decision"](voice, utility, attended, p)
        state.acceptability = np.where(attended, acceptability, state.acceptability)
        self.decision_equity.append(_standard_deviation(acceptability[attended]))
        answered = grievance_answer(p.grievance_latency)  # an unmet priority, answered by the grievance mechanism
        if adopted:
            answered = np.where(utility.argmax(axis=1) == focus, 1.0, answered)  # top priority adopted
        memory = p.responsiveness_memory
        state.responsiveness = np.where(
            attended, (1 - memory) * state.responsiveness + memory * answered, state.responsiveness
        )
        state.fairness = rules["procedural_fairness"](voice, state.responsiveness, attended, p)
        self._contact = rules["contact_quality"](attended, self._violent_disruption(), p)
        self._common = common
        self._mean_common = self._mean_common_ground()
        if adopted:
            self.counters["decisions_adopted"] += 1
            self.project_focus = focus
            state.pledge = np.where(
                state.member,
                rules["pledge"](
                    state.capacity, state.cooperation, self._others_share(), mean_trust, self._mean_common, p
                ),
                0.0,
            )
            if state.contribution.sum() == 0:  # first project: expectations are the pledges
                state.share_last = state.pledge / np.maximum(state.capacity, 1e-12)
        return attended

    def _mean_common_ground(self) -> np.ndarray:
        """CḠ_i: each partner's mean common ground (at the last forum) with the other members."""
        members = self.state.member
        return (self._common * members).sum(axis=1) / max(np.count_nonzero(members) - 1, 1)

    def _others_share(self) -> np.ndarray:
        state = self.state
        members = state.member
        mine = state.share_last * members
        others = np.count_nonzero(members) - members  # members other than i
        return np.where(others > 0, (mine.sum() - mine) / np.maximum(others, 1), 0.0)

    # 3-4. budgets, contributions, delivery ----------------------------------------------------
    def _budgets(self, market_shock: bool) -> np.ndarray:
        """What each partner spends this month, US$ k: its budget, the company's halved by a market shock [A]."""
        capacity = self.state.capacity
        return np.where(self.is_company, 0.5 * capacity, capacity) if market_shock else capacity

    def _contribute(self, engaged: bool, budget: np.ndarray, mean_trust: np.ndarray | None) -> np.ndarray:
        """Contributions to the pool: members of a standing partnership with an adopted project; 0 otherwise."""
        p, state = self.params, self.state
        if engaged and self.project_focus is not None:
            contribution = self.rules["contribution"](
                budget,
                state.cooperation,
                self._others_share(),
                mean_trust,
                self._mean_common,
                state.pressure,
                p,
            )
            contribution = np.where(state.member, contribution, 0.0)
        else:
            contribution = np.zeros(state.size)
        state.contribution = contribution
        total = float(contribution.sum())
        if total > 0:
            state.share_last = contribution / np.maximum(budget, 1e-12)
        state.contribution_total += contribution
        state.contribution_avg += (contribution - state.contribution_avg) / p.value_memory
        self.counters["contributions"] += total
        self.counters["spending"] += float(budget.sum())
        return contribution

    def _violent_disruption(self) -> float:
        return 1.0 - (1.0 - EVENT_DISRUPTION) ** self.armed_this_month

    def _disruption(self, blockades: int) -> float:
        """d: the share of implementation lost to violence and to `blockades` community blockades this month."""
        p = self.params
        blocked = min(1.0, blockades * p.blockade_days / 30.0 / p.communities)
        return 1.0 - (1.0 - self._violent_disruption()) * (1.0 - blocked)

    def _alone(self, spent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Split what partners spend alone into (community projects, company private security), US$ k."""
        security = self._security_share * spent
        return spent - security, security

    def _deliver(self, contribution: np.ndarray, budget: np.ndarray) -> None:
        """Spend every budget, pooled or alone, on the communities' human security; project the outside view.

        Pooled money is shared among communities by the benefit rule and over dimensions by the forum's
        project; money spent alone follows each spender's own priorities (docs/MODEL.md §4, Spending alone
        and pooled). Need (for the need-weighted rule) is each community's mean hardship now.
        """
        p, state, rules = self.params, self.state, self.rules
        pooled_total = float(contribution.sum())
        if pooled_total > 0:
            need = 1.0 - self.residents.index().sum(axis=1) / p.residents
            shares = self.benefit_rule(pooled_total, state.contribution_total[state.communities], need)
            pooled = shares[:, None] * self._spending_split()
        else:
            shares = np.zeros(p.communities)
            pooled = np.zeros((p.communities, len(DIMENSIONS)))
        social, _ = self._alone(budget - contribution)
        effective = rules["coordination"](pooled, landing(social, self._targets, self._priorities), p)
        gain = rules["delivery"](effective, p.population, self._disruption(int(state.blockading.sum())), p)
        self.residents.h = rules["human_security"](self.residents.h, self.residents.services, gain, p)
        self.residents.h_changed()
        state.benefit_total[state.community_slice] += shares
        received = state.benefit_total[state.community_slice]
        total = received.sum()
        state.distributional_fairness = (
            np.minimum(1.0, received / total * p.communities)
            if total > 0
            else np.full(p.communities, p.initial_fairness)
        )
        if not self.partnership_standing():
            return
        # The outside view: the same budgets, all spent alone, under the blockades forecast outside.
        social_out, _ = self._alone(budget)
        alone_out = landing(social_out, self._targets, self._priorities)
        effective_out = rules["coordination"](np.zeros_like(pooled), alone_out, p)
        disruption_out = self._disruption(int(self.outside.blockading.sum()))
        gain_out = rules["delivery"](effective_out, p.population, disruption_out, p)
        self.outside.month(gain, gain_out, self.month, rules, p)

    def _spending_split(self) -> np.ndarray:
        """Share of the pooled budget spent on each human-security dimension, for the current project focus."""
        return self._split_before_project if self.project_focus is None else self._splits[self.project_focus]

    def _split_for(self, focus: int | None) -> np.ndarray:
        """The spending split of a project on risk `focus` (None: no project yet): the protection share on
        personal, community and political security, the rest on the other four, and the project's own
        dimensions weighing double (docs/MODEL.md §4 Delivery [A])."""
        p = self.params
        weights = np.ones(len(DIMENSIONS))
        if focus is not None:
            weights = weights + RISK_FOCUS[focus]
        protect = np.where(PROTECTION, weights, 0.0)
        empower = np.where(EMPOWERMENT, weights, 0.0)
        return p.protection_share * protect / protect.sum() + (1 - p.protection_share) * empower / empower.sum()

    # 5-6. monitoring, sanctions, trust -------------------------------------------------------
    def _monitor_and_update_trust(self, contribution: np.ndarray) -> None:
        p, state = self.params, self.state
        n = state.size
        kept = promise_signal(contribution, state.pledge, p.promise_sensitivity, p.pledge_tolerance)
        noise_sd = p.observation_noise * (1 - effective_facilitation(p)) * (1 - state.understanding)
        signal = kept + noise_sd * self.rng.standard_normal((n, n))  # s_ij: i's reading of j's delivery
        observed = state.member[:, None] & state.member & state.off_diagonal
        state.pressure, counter = self.rules["sanctions"](self.rng, signal, observed, state.pressure, p)
        self._update_trust(signal, observed)
        if counter.any():
            self._update_trust(counter, counter != 0)

    def _update_trust(self, signal: np.ndarray, observed: np.ndarray) -> None:
        state = self.state
        state.trust, state.damage = self.rules["trust"](state.trust, state.damage, signal, observed, self.params)

    def _licence_channels(self, attended: np.ndarray | None) -> None:
        """Social-licence channels. Between forums the procedural fairness and contact quality of the
        latest forum stand, and the channels act every month, while the partnership stands, on the
        communities that attended it (others feel only the company's impact): meeting frequency then acts
        on trust only through what the meetings are like, not through how often trust is updated
        (docs/MODEL.md §4; Moffat & Zhang 2014 [S])."""
        p, state = self.params, self.state
        rows = state.communities
        if attended is not None and np.count_nonzero(attended) >= 2:
            self._forum_attended = attended  # the latest forum that met
        if not self.partnership_standing():
            self._forum_attended = None
        forum_met = self._forum_attended is not None
        if forum_met:
            attended = self._forum_attended & state.member
        if forum_met:
            g = state.government
            attending = attended[rows]
            moved = self.rules["legitimacy_channel"](state.trust[rows, g], state.fairness[rows], p)
            state.trust[rows, g] = np.where(attending, moved, state.trust[rows, g])
        for company in state.companies:
            current = state.trust[rows, company]
            impact_only = (current - p.impact_weight * p.company_impact).clip(0.0, 1.0)
            if forum_met:
                moved = self.rules["licence_channels"](
                    current, state.fairness[rows], self._contact[rows, company], p.company_impact, p
                )
                state.trust[rows, company] = np.where(attended[rows], moved, impact_only)
            else:
                state.trust[rows, company] = impact_only

    # 7. social licence ---------------------------------------------------------------------
    def _refresh_licence(self) -> None:
        p, state = self.params, self.state
        trust_company = state.trust[state.community_slice, state.company_slice].sum(axis=1) / len(state.companies)
        trust_government = state.trust[state.communities, state.government]
        state.acceptance, state.licence_level, state.institutional_months = self.rules["licence"](
            trust_company,
            state.distributional_fairness,
            trust_government,
            p.company_impact,
            state.institutional_months,
            p,
        )

    # 8. mobilisation --------------------------------------------------------------------------
    def _mobilise(self) -> None:
        """Residents mobilise (the grievance layer); a community blockades when the share that mobilised this
        month, counted before arrests, exceeds b* (docs/MODEL.md §4 Mobilisation)."""
        p, state, residents = self.params, self.state, self.residents
        omega = p.licence_legitimacy_weight
        legitimacy = omega * state.acceptance + (1 - omega) * state.trust[state.communities, state.government]
        hardship = 1.0 - residents.index()
        arrests, mobilised = self.rules["mobilisation"](
            self.rng, hardship, residents.risk_aversion, residents.state, residents.jail, legitimacy, p
        )
        active = mobilised / p.residents  # share of each community's residents, before arrests
        self.active_share = float(active.sum()) / p.communities
        self.peak_active_share = max(self.peak_active_share, float(active.max()))
        state.blockading = active > p.blockade_threshold
        blockades = np.count_nonzero(state.blockading)
        self.counters["blockade_months"] += blockades > 0
        self.counters["blockade_community_months"] += blockades
        state.disruption_days = float(blockades * p.blockade_days)
        if self.partnership_standing():
            self.outside.unrest(self._outside_rng, hardship, residents.risk_aversion, self.rules["mobilisation"], p)
        self.arrests_this_month = int(arrests.sum())
        if self.arrests_this_month:
            # Repression backfires: trust in government falls by backfire × arrested share of itself [A].
            g = state.government
            state.trust[state.communities, g] *= 1.0 - np.minimum(1.0, p.repression_backfire * arrests / p.residents)

    # 9. costs, losses, pooling ----------------------------------------------------------------
    def _hazards(self, means: np.ndarray, blockading: np.ndarray, withdrawal: float, legitimacy: float) -> np.ndarray:
        """Hazard on each risk of the taxonomy this month, 0-1, from community means (C, 7) [A]."""
        h = (means.sum(axis=0) / len(means)).tolist()  # mean over communities per dimension
        return np.array(
            [
                0.5 * self._violent_disruption() + 0.5 * (1 - h[PERSONAL]),
                1 - 0.5 * (h[ECONOMIC] + h[FOOD]),
                1 - 0.5 * (h[ENVIRONMENTAL] + h[HEALTH]),
                np.count_nonzero(blockading) / len(means),
                withdrawal,
                1 - legitimacy,
            ]
        )

    def _gross_losses(self, hazards: np.ndarray, security: np.ndarray) -> np.ndarray:
        """Each partner's loss this month, US$ k: loss scale × Σ_k ρ_ik·hazard_k, the company's violence part
        cut by its private security, exp(−S/loss scale) [A]; money enters only as the ratio S/scale."""
        state = self.state
        protected = np.exp(-security / np.maximum(state.loss_scale, 1e-12))
        violence = state.profile[:, VIOLENCE] * hazards[VIOLENCE]
        return state.loss_scale * (state.profile @ hazards - violence * (1.0 - protected))

    def _company_disruption(self, blockades: int) -> float:
        """Operating value a company loses in a month with `blockades` blockading communities, US$ k
        (blockade-days × daily value × delay cost; Franks et al. 2014 [S] for the order of magnitude)."""
        p = self.params
        return blockades * p.blockade_days * p.company_value * 1000.0 / 365.0 * p.delay_cost

    def _costs_and_losses(self, budget: np.ndarray) -> None:
        """Shock losses land on partners and are pooled among members; the company's costs are counted."""
        p, state = self.params, self.state
        disruption = np.where(self.is_company, self._company_disruption(int(state.blockading.sum())), 0.0)
        _, security = self._alone(budget - state.contribution)
        withdrawal = np.count_nonzero(state.licence_level == WITHDRAWAL) / p.communities
        means = self.residents.dimension_means()
        hazards = self._hazards(means, state.blockading, withdrawal, self.government_legitimacy())
        losses = self._gross_losses(hazards, security)
        pooling = state.member if self.partnership_standing() else np.zeros(state.size, dtype=bool)
        state.loss = self.rules["risk"](losses, state.contribution_avg, pooling, p)
        self._conflict = np.where(self.is_company, disruption + state.loss, 0.0)  # each company's own, US$ k
        conflict = float(self._conflict.sum())
        self.company_conflict_month = conflict
        self.counters["company_conflict_cost"] += conflict
        self.counters["company_cost"] += conflict + float(budget[self.is_company].sum())
        self.counters["disruption_cost"] += float(disruption.sum())

    # 10. outside options and exit ---------------------------------------------------------------
    def _weigh_outside_options(self, budget: np.ndarray) -> None:
        """Each member's shortfall of its smoothed payoff inside from its belief of its payoff outside, in its
        own terms, less its margin (docs/MODEL.md §4, Payoffs and outside options) [A]:

        - company: belief b_K of its conflict cost outside (blockades forecast outside, shock losses with all
          its unpooled budget's security), updated over `value_memory` months; shortfall =
          (smoothed conflict cost inside − b_K) / monthly budget − margin (months of budget);
        - government: legitimacy inside minus legitimacy outside (the same armed events and turnovers);
        - each community: its residents' human security inside minus outside;
        - NGO: human security of the worst-off community inside minus outside.
        Payoffs inside are smoothed exponentially with half-life h_exit from a prior that the partnership is
        worth what the outside is, so a partner's reason to leave builds up at a pace set by its size.
        """
        p, state, outside = self.params, self.state, self.outside
        credited = outside.index_gap()
        gap = np.zeros(state.size)  # payoff inside − outside, in each partner's own terms (higher is better)
        legitimacy_out = float(outside.trust_government.sum()) / p.communities
        gap[state.government] = self.government_legitimacy() - legitimacy_out
        gap[state.community_slice] = credited
        gap[state.ngo] = float(credited[self._worst_off()])
        blockades_out = int(outside.blockading.sum())
        _, security_out = self._alone(budget)
        hazards_out = self._hazards(outside.h_out, outside.blockading, outside.withdrawal_share(), legitimacy_out)
        cost_out = np.where(
            self.is_company,
            self._company_disruption(blockades_out) + self._gross_losses(hazards_out, security_out),
            0.0,
        )
        cost_in = self._conflict  # each company against its own belief (several companies are not summed)
        if self.month == 1:  # prior: inside is worth what outside is (the company's costs start at its belief)
            state.belief_outside = cost_out
            state.payoff_inside = cost_out.copy()
        else:
            state.belief_outside += (cost_out - state.belief_outside) / p.value_memory
        state.payoff_inside += self._exit_smoothing * (cost_in - state.payoff_inside)
        state.gap += self._exit_smoothing * (gap - state.gap)  # starts at 0, the same prior
        company_shortfall = (state.payoff_inside - state.belief_outside) / np.maximum(
            state.capacity, 1e-9
        ) - p.exit_margin_company
        state.shortfall = np.where(self.is_company, company_shortfall, -state.gap - p.exit_margin)

    def _new_administration(self) -> None:
        """A new local administration: its own cooperation type and patience, and no strikes yet."""
        g = self.state.government
        self.state.cooperation[g] = draw_types(self.rng, 1, self.params)[0]
        self.patience[g] = draw_patience(self.rng, 1, self.params)[0]
        self.state.strikes[g] = 0

    def _worst_off(self) -> int:
        """The community whose residents have the lowest mean human security now (the NGO's concern)."""
        return int(self.residents.index().sum(axis=1).argmin())

    def _exits(self) -> None:
        state = self.state
        leaves, state.strikes, reason = self.rules["exit"](
            state.shortfall, state.mean_trust(), state.strikes, self.patience, self.month, self.params
        )
        leaves &= state.member
        if not leaves.any():
            return
        for code in reason[leaves]:
            self.exit_reasons[REASONS[int(code)]] += 1
        self.exits += int(leaves.sum())
        state.member = state.member & ~leaves
        self._mean_common = self._mean_common_ground()
        left = ~state.member
        if dissolved(
            bool(left[state.companies].all()),
            bool(left[state.government]),
            int(left[state.communities].sum()),
            self.params.communities,
        ):
            self.dissolved_at = self.month

    # ---------------------------------------------------------------------- readings
    def partnership_standing(self) -> bool:
        """Whether the partnership exists and has not dissolved."""
        return self.params.partnership and self.dissolved_at is None

    def government_legitimacy(self) -> float:
        """L_G: communities' mean trust in the government."""
        state = self.state
        return float(state.trust[state.community_slice, state.government].sum()) / len(state.communities)

    def human_security_index(self) -> float:
        """Mean over communities of the geometric mean over dimensions of the resident mean h."""
        means = self.residents.dimension_means()  # (communities, 7)
        return float(np.exp(np.log(np.maximum(means, 1e-6)).mean(axis=1)).mean())

    def mean_trust(self) -> float:
        """Mean trust between members (between all partners once dissolved or never formed)."""
        state = self.state
        members = state.member if self.partnership_standing() else np.ones(state.size, dtype=bool)
        pairs = members[:, None] & members & state.off_diagonal
        return float(state.trust[pairs].mean()) if pairs.any() else 0.0

    def partners_engaged(self) -> int:
        """Members of a standing partnership (0 once dissolved or in the baseline)."""
        return int(self.state.member.sum()) if self.partnership_standing() else 0


def _standard_deviation(values: np.ndarray) -> float:
    """Population standard deviation (numpy's `std`, without its per-call overhead)."""
    deviations = values - values.sum() / len(values)
    return math.sqrt(float(deviations @ deviations) / len(values))


def _licence_count(level: int):
    def count(model: PartnershipModel) -> int:
        return int((model.state.licence_level == level).sum())

    return count


_REPORTERS = {
    "mean_trust": PartnershipModel.mean_trust,
    "partners_engaged": PartnershipModel.partners_engaged,
    "human_security_index": PartnershipModel.human_security_index,
    "government_legitimacy": PartnershipModel.government_legitimacy,
    "active_share": lambda m: m.active_share,
    "blockades": lambda m: int(m.state.blockading.sum()),
    "armed_events": lambda m: m.armed_this_month,
    "contributions": lambda m: float(m.state.contribution.sum()),
    "company_conflict_cost": lambda m: m.company_conflict_month,
    "exits": lambda m: m.exits,
    "exits_outside_option": lambda m: m.exit_reasons[REASONS[OUTSIDE_OPTION]],
    "exits_trust": lambda m: m.exit_reasons[REASONS[LOST_TRUST]],
    **{
        f"licence_{name}": _licence_count(level)
        for level, name in enumerate(("withdrawal", "acceptance", "approval", "identification"))
    },
}
REPORTERS = {name: _REPORTERS[name] for name in SERIES}  # the monthly series, in the catalogue's order
assert set(_REPORTERS) == set(SERIES), "every monthly series is declared once in sim/measures.py"

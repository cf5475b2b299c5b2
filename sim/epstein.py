"""Epstein's civil-violence model in its original spatial form: the grievance layer's reference submodel.

Citizens and cops are Mesa agents on a Mesa grid (a 40×40 torus by default), with the
defaults of the NetLogo "Rebellion" model (Wilensky 2004, an implementation of Epstein 2002,
PNAS 99 suppl. 3:7243): 70% of the patches hold citizens and 4% hold cops, vision 7 patches
(a disc, NetLogo's `in-radius`), legitimacy 0.82, maximum jail term 30 ticks, movement on,
k = 2.3 and threshold 0.1 [S]. Each citizen has a perceived hardship H and a risk aversion RA,
both U(0, 1), fixed for life [S]. This is the configuration of validation pattern P5.

**The floor(C/A) variant.** The arrest probability is NetLogo's 1 − exp(−k·⌊C/A⌋), with C the
cops and A one plus the active citizens within vision (NetLogo counts the citizen itself once
more if it is active) [S]. Epstein's paper writes C/A without the floor; NetLogo's authors report
that the model shows no punctuated equilibrium without it. The equations are the ones the whole
model's grievance layer uses (`hsbp.sim.rules.mobilisation.grievance`, `arrest_probability`,
`goes_active`), not a second copy.

One tick is NetLogo's `go`: every free citizen and every cop, in a random order (`model.rng`),
takes its turn [S]:
  - Rule M: move to a random patch in vision that holds neither a cop nor a free citizen.
  - Rule A (citizens): turn active iff G − RA·P > threshold, G = H·(1 − L_t), P from the cops and
    actives in vision at that moment, so a citizen sees the moves and choices of those who went
    before it in the same tick.
  - Rule C (cops): arrest one active citizen in vision, chosen uniformly, for `random max-jail-term`
    ticks (0 to 29), and move to its patch.
Then jail terms fall by one. One declared deviation [A]: a jailed citizen leaves the grid and, when
its term is over, comes back on a random empty patch within vision of the place of arrest (NetLogo
leaves it, invisible, on that patch, from which it moves at its next turn).

Legitimacy L_t follows a schedule (a function of the tick): `constant`, `abrupt` (0.9 for 80 ticks,
then 0.7) or `gradual` (0.9 to 0 over 250 ticks), the protocols of NetLogo's "Things to try" and
Epstein 2002 [S]. All draws come from `model.rng`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mesa
import numpy as np
from mesa.discrete_space import CellAgent, OrthogonalMooreGrid

from hsbp.sim.params import Params, make_params
from hsbp.sim.rules.mobilisation import arrest_probability, goes_active, grievance

Schedule = Callable[[int], float]

# NetLogo Rebellion's interface defaults (Wilensky 2004; Epstein 2002) [S]. The cop density, k and the
# threshold are the catalogue's `protective_presence` (read here per patch, as NetLogo's 4%; the whole
# model reads it per resident), `arrest_constant` and `activation_threshold`.
NETLOGO = {
    "width": 40,
    "height": 40,
    "citizen_density": 0.70,
    "vision": 7.0,
    "legitimacy": 0.82,
    "max_jail_term": 30,
}
_TRIES = 8  # random probes for an empty patch before listing the whole vision


def constant(level: float = NETLOGO["legitimacy"]) -> Schedule:
    """L_t = level for every tick (NetLogo default 0.82)."""
    return lambda tick: level


def abrupt(before: float = 0.9, after: float = 0.7, at: int = 80) -> Schedule:
    """L_t = before for the first `at` ticks, then `after`: a small, sudden drop (Epstein 2002) [S]."""
    return lambda tick: before if tick < at else after


def gradual(start: float = 0.9, end: float = 0.0, over: int = 250) -> Schedule:
    """L_t falls linearly from `start` to `end` over `over` ticks, then stays: a large, slow decline [S]."""
    return lambda tick: start + (end - start) * min(tick, over) / over


class Citizen(CellAgent):
    """A member of the population; its state lives in the model's arrays at `index`."""

    model: EpsteinModel

    def __init__(self, model: EpsteinModel, index: int) -> None:
        super().__init__(model)
        self.index = index

    @property
    def hardship(self) -> float:
        """H: perceived hardship, U(0, 1)."""
        return float(self.model.hardship[self.index])

    @property
    def risk_aversion(self) -> float:
        """RA: risk aversion, U(0, 1)."""
        return float(self.model.risk_aversion[self.index])

    @property
    def active(self) -> bool:
        """Whether the citizen is in open rebellion."""
        return bool(self.model.active[self.index])

    @property
    def jail_term(self) -> int:
        """Ticks left in jail (0: free)."""
        return int(self.model.jail[self.index])


class Cop(CellAgent):
    """A cop: moves at random and arrests an active citizen in vision."""


class EpsteinModel(mesa.Model):
    """Epstein's Model I of civil violence on a torus (NetLogo Rebellion, floor(C/A) variant).

    Args:
        legitimacy: schedule of L over ticks (`constant()`, `abrupt()`, `gradual()`), or a number.
        rng: seed or numpy Generator; every draw comes from it.
        params: the catalogue values read here (`protective_presence` as cop density,
            `arrest_constant`, `activation_threshold`); catalogue defaults if None.
        width, height, citizen_density, vision, max_jail_term: NetLogo Rebellion defaults.
        floor: use ⌊C/A⌋ (NetLogo) rather than C/A (Epstein's paper).
    """

    def __init__(
        self,
        legitimacy: Schedule | float = NETLOGO["legitimacy"],
        *,
        rng: Any = None,
        params: Params | None = None,
        width: int = NETLOGO["width"],
        height: int = NETLOGO["height"],
        citizen_density: float = NETLOGO["citizen_density"],
        vision: float = NETLOGO["vision"],
        max_jail_term: int = NETLOGO["max_jail_term"],
        floor: bool = True,
    ) -> None:
        super().__init__(rng=rng)
        p = params if params is not None else make_params()
        cells = width * height
        n_cops = round(p.protective_presence * cells)
        n_citizens = round(citizen_density * cells)
        if n_cops + n_citizens > cells:
            raise ValueError(
                f"{n_citizens} citizens and {n_cops} cops do not fit on {cells} patches; lower the densities"
            )
        if max_jail_term < 1:
            raise ValueError(f"max_jail_term = {max_jail_term}; it must be at least 1 tick")
        if 2 * int(vision) + 1 > min(width, height):
            raise ValueError(
                f"vision = {vision} sees round the {width}×{height} torus; use at most {(min(width, height) - 1) // 2}"
            )
        self.legitimacy_schedule = legitimacy if callable(legitimacy) else constant(float(legitimacy))
        self.k, self.threshold, self.floor = p.arrest_constant, p.activation_threshold, floor
        self.max_jail_term = max_jail_term
        self.tick = 0
        self.legitimacy = self.legitimacy_schedule(0)
        self.grid = OrthogonalMooreGrid((width, height), torus=True, capacity=1, random=self.random)
        self._cells = [self.grid[(x, y)] for x in range(width) for y in range(height)]  # flat = x·height + y
        self._vision = _disc(width, height, vision)  # (cells, patches in vision) flat indices
        self._vision_list = self._vision.tolist()
        self._vision_bits = [_bits(row) for row in self._vision_list]  # each vision as a bit set over patches

        rng_ = self.rng
        places = rng_.permutation(cells)[: n_cops + n_citizens]  # distinct random patches, cops first (NetLogo)
        self.hardship = rng_.random(n_citizens)
        self.risk_aversion = rng_.random(n_citizens)
        self.active = np.zeros(n_citizens, dtype=bool)
        self.jail = np.zeros(n_citizens, dtype=np.int64)
        self.where = np.empty(n_citizens, dtype=np.int64)  # flat patch of each citizen (its arrest site if jailed)
        self.free = np.zeros(n_citizens, dtype=bool)  # on the grid (not in jail)
        self.cop_where = np.asarray(places[:n_cops], dtype=np.int64)
        self.occupant = np.full(cells, -1, dtype=np.int64)  # citizen on each patch, or -1
        self.cop_here = np.zeros(cells, dtype=bool)
        self.cops = [Cop(self) for _ in range(n_cops)]
        for cop, flat in zip(self.cops, self.cop_where.tolist(), strict=True):
            cop.cell = self._cells[flat]
            self.cop_here[flat] = True
        self.citizens = [Citizen(self, i) for i in range(n_citizens)]
        for i, flat in enumerate(places[n_cops:].tolist()):
            self._place(i, flat)

        self.datacollector = mesa.DataCollector(
            model_reporters={
                "active": EpsteinModel.active_count,
                "jailed": EpsteinModel.jailed_count,
                "quiet": EpsteinModel.quiet_count,
                "legitimacy": lambda m: m.legitimacy,
            }
        )
        self.datacollector.collect(self)

    # ------------------------------------------------------------------ readings
    def active_count(self) -> int:
        """Citizens in open rebellion."""
        return int(np.count_nonzero(self.active))

    def jailed_count(self) -> int:
        """Citizens in jail."""
        return int(np.count_nonzero(~self.free))

    def quiet_count(self) -> int:
        """Free citizens not in rebellion."""
        return len(self.citizens) - self.active_count() - self.jailed_count()

    # ------------------------------------------------------------------ schedule
    def step(self) -> None:
        """One tick: every agent in a random order moves, then decides (citizen) or arrests (cop); jail terms run."""
        self.legitimacy = self.legitimacy_schedule(self.tick)
        self._turns()
        self._serve()
        self.tick += 1
        self.datacollector.collect(self)

    def run(self, ticks: int) -> None:
        """Run `ticks` ticks."""
        for _ in range(ticks):
            self.step()

    def _turns(self) -> None:
        """Rules M, A and C: each free citizen and each cop, in a random order, takes its turn.

        A citizen moves to a random empty patch in vision, then turns active iff G − RA·P > threshold,
        P from the cops and actives in vision at that moment (as in NetLogo's sequential `ask turtles`).
        A cop moves, then arrests one active citizen in vision chosen uniformly, for `random max-jail-term`
        ticks, and moves to its patch. Who is where is kept as bit sets over patches, so that counting
        the cops or actives in a vision is one AND and one popcount.
        """
        n_citizens, n_cops = len(self.citizens), len(self.cops)
        rng, vision, seen, cells = self.rng, self._vision_list, self._vision_bits, self._cells
        movers = np.concatenate([np.flatnonzero(self.free), n_citizens + np.arange(n_cops)])
        order = movers[rng.permutation(len(movers))].tolist()
        probes = rng.integers(0, self._vision.shape[1], size=len(order) * _TRIES).tolist()
        draws = rng.random(len(order)).tolist()
        terms = rng.integers(0, self.max_jail_term, size=len(order)).tolist()  # NetLogo: random max-jail-term
        occupant = self.occupant.tolist()
        blocked = ((self.occupant >= 0) | self.cop_here).tolist()  # a free citizen or a cop is here
        where, cop_where = self.where.tolist(), self.cop_where.tolist()
        active, free, jail = self.active.tolist(), self.free.tolist(), self.jail.tolist()
        cop_bits = _bits(self.cop_where.tolist())
        active_bits = _bits(self.where[self.active].tolist())
        # What each citizen weighs, through the shared equations: G, and P for every C and A it can meet.
        g = grievance(self.hardship, self.legitimacy).tolist()
        ra = self.risk_aversion.tolist()
        threshold = self.threshold
        cops_max, actives_max = n_cops, self._vision.shape[1] + 1
        table = arrest_probability(
            np.arange(cops_max + 1)[:, None], np.arange(1, actives_max + 1)[None, :], self.k, self.floor
        )
        p_of = table.tolist()  # p_of[C][A − 1]
        for i, (mover, u, term) in enumerate(zip(order, draws, terms, strict=True)):
            is_cop = mover >= n_citizens
            if is_cop:
                me = mover - n_citizens
                here = cop_where[me]
            elif not free[mover]:
                continue  # arrested earlier in this tick
            else:
                here = where[mover]
            # Rule M: move to a random empty patch in vision.
            around = vision[here]
            target = -1
            for t in probes[i * _TRIES : (i + 1) * _TRIES]:
                if not blocked[around[t]]:
                    target = around[t]
                    break
            else:  # rare: list every empty patch in vision and pick one uniformly
                empty = [c for c in around if not blocked[c]]
                if empty:
                    target = empty[int(u * len(empty))]
            if target >= 0:
                blocked[here] = False
                blocked[target] = True
                if is_cop:
                    cop_where[me] = target
                    cop_bits ^= (1 << here) | (1 << target)
                    self.cops[me].cell = cells[target]
                else:
                    where[mover] = target
                    occupant[here], occupant[target] = -1, mover
                    if active[mover]:
                        active_bits ^= (1 << here) | (1 << target)
                    self.citizens[mover].cell = cells[target]
                here = target
            view = seen[here]
            if not is_cop:
                # Rule A: active iff G − RA·P > threshold (goes_active), with P = p_of[C][A − 1].
                cops_in_view = (cop_bits & view).bit_count()
                actives_in_view = 1 + (active_bits & view).bit_count()  # NetLogo: 1 + actives in vision (self too)
                now = goes_active(g[mover], ra[mover], p_of[cops_in_view][actives_in_view - 1], threshold)
                if now != active[mover]:
                    active[mover] = now
                    active_bits ^= 1 << here
                continue
            # Rule C: arrest a random active citizen in vision and move to its patch.
            suspects = active_bits & view
            if not suspects:
                continue
            patch = _nth_bit(suspects, int(u * suspects.bit_count()))
            citizen = occupant[patch]
            active[citizen] = False
            active_bits ^= 1 << patch
            jail[citizen] = term
            free[citizen] = False
            occupant[patch] = -1
            self.citizens[citizen].cell = None
            blocked[here] = False  # the cop leaves its patch and takes the jailed citizen's
            cop_where[me] = patch
            cop_bits ^= (1 << here) | (1 << patch)
            self.cops[me].cell = cells[patch]
        self.where[:], self.cop_where[:], self.occupant[:] = where, cop_where, occupant
        self.active[:], self.free[:], self.jail[:] = active, free, jail
        self.cop_here[:] = False
        self.cop_here[self.cop_where] = True

    def _serve(self) -> None:
        """Jail terms fall by one; those whose term is over return near where they were arrested."""
        jailed = ~self.free
        self.jail[jailed & (self.jail > 0)] -= 1
        released = np.flatnonzero(jailed & (self.jail == 0))
        if len(released) == 0:
            return
        blocked = (self.occupant >= 0) | self.cop_here
        for citizen, u in zip(released.tolist(), self.rng.random(len(released)).tolist(), strict=True):
            around = self._vision[self.where[citizen]]
            empty = around[~blocked[around]]
            if len(empty) == 0:
                empty = np.flatnonzero(~blocked)
            target = int(empty[int(u * len(empty))])
            blocked[target] = True
            self._place(citizen, target)

    def _place(self, citizen: int, flat: int) -> None:
        self.where[citizen] = flat
        self.free[citizen] = True
        self.occupant[flat] = citizen
        self.citizens[citizen].cell = self._cells[flat]


def _disc_offsets(vision: float) -> list[tuple[int, int]]:
    reach = int(vision)
    return [
        (dx, dy) for dx in range(-reach, reach + 1) for dy in range(-reach, reach + 1) if dx * dx + dy * dy <= vision**2
    ]


def _disc(width: int, height: int, vision: float) -> np.ndarray:
    """Flat indices of the patches within Euclidean distance `vision` of each patch, on a torus (NetLogo in-radius)."""
    offsets = np.array(_disc_offsets(vision))
    x, y = np.divmod(np.arange(width * height), height)
    nx = (x[:, None] + offsets[:, 0]) % width
    ny = (y[:, None] + offsets[:, 1]) % height
    return nx * height + ny


def _bits(patches: list[int]) -> int:
    """A set of patches as a Python int whose bit `p` is set for each patch p."""
    bits = 0
    for patch in patches:
        bits |= 1 << patch
    return bits


def _nth_bit(bits: int, n: int) -> int:
    """Position of the n-th (from 0, lowest first) set bit of `bits`."""
    for _ in range(n):
        bits &= bits - 1  # clear the lowest set bit
    return (bits & -bits).bit_length() - 1

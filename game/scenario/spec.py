"""What a scenario holds: one frozen dataclass per section, with each field's default,
range and meaning (see :mod:`game.scenario.schema` for how a file is checked against them).

A scenario defines a whole run except the seed. It arrives as untrusted TOML
(:mod:`game.scenario.tomlfile`), from a name, a file or a share code
(:mod:`game.scenario.library`); the bounds below keep a hostile file from exhausting the
machine: population, steps, degree, list lengths.

Setup sections (``population``, ``network``) fix what is built; changing them means a
restart. Everything else is a *rule* that can change live through :class:`SetRule`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from game.scenario import budget, provenance
from game.scenario.provenance import Assumption, Source
from game.scenario.schema import ScenarioError, dump, field_meta, parse, spec
from game.scenario.translations import Translations, count_problems

MAX_POPULATION = 2_000_000
MAX_HALF_EDGES = 20_000_000  # population x mean degree: bounds memory (~1 GB) for any file
NETWORK_KINDS = ("erdos_renyi", "watts_strogatz", "barabasi_albert", "districts")
FAMILIES = ("weighted", "points", "blacklist_only", "none")
OPACITY = ("exact", "noisy", "unknown")
THRESHOLD_DISTRIBUTIONS = ("normal", "uniform", "list")
MAX_THRESHOLD_LIST = 10_000  # an explicit list is for small populations (Granovetter's 100)
DEEDS = ("caring_for_elderly", "helping_poor", "charity", "drunk_driving", "bribery",
         "smoking_on_train", "video_games", "fare_dodging")
SETUP_SECTIONS = ("population", "network")
NO_LIMIT = -1e9  # a floor or minimum at this value (the default) lets everyone through



@dataclass(frozen=True)
class Meta:
    title: str = spec(max_len=80)
    description: str = spec(max_len=1200)
    source: str = spec("", max_len=400, doc="which source article the mechanics come from")


@dataclass(frozen=True)
class Population:
    size: int = spec(1000, lo=2, hi=MAX_POPULATION)
    steps: int = spec(200, lo=1, hi=100_000, doc="default run length in steps")
    step_days: int = spec(7, lo=1, hi=365, doc="days one step stands for")
    income_mean: float = spec(100.0, lo=1, hi=1e6, doc="coins per step")
    income_sigma: float = spec(0.5, lo=0, hi=2, doc="log-normal spread of income")
    capacity_half: float = spec(6.0, lo=0.1, hi=1000,
                                doc="savings, in steps of mean income, that give half the capacity factor")
    reliability_mean: float = spec(0.95, lo=0, hi=1)
    reliability_sd: float = spec(0.04, lo=0, hi=0.5)
    private_dissent_share: float = spec(0.35, lo=0, hi=1)
    committed_conformers: int = spec(0, lo=0, hi=MAX_POPULATION)
    groups: int = spec(8, lo=1, hi=64, doc="districts / groups")


@dataclass(frozen=True)
class Network:
    kind: str = spec("districts", choices=NETWORK_KINDS)
    mean_degree: float = spec(10.0, lo=0, hi=100)
    rewire: float = spec(0.1, lo=0, hi=1, doc="watts_strogatz rewiring probability")
    mixing: float = spec(0.05, lo=0, hi=1, doc="districts: share of ties across districts")


@dataclass(frozen=True)
class Weights:
    history: float = spec(0.35, lo=0, hi=1)
    capacity: float = spec(0.2, lo=0, hi=1)
    characteristics: float = spec(0.15, lo=0, hi=1)
    behaviour: float = spec(0.15, lo=0, hi=1)


@dataclass(frozen=True)
class Deltas:
    """Points per deed (Suining, seed 003); also feed the weighted 'behaviour' factor."""
    caring_for_elderly: float = spec(50.0, lo=-1000, hi=1000)
    helping_poor: float = spec(10.0, lo=-1000, hi=1000)
    charity: float = spec(5.0, lo=-1000, hi=1000)
    drunk_driving: float = spec(-50.0, lo=-1000, hi=1000)
    bribery: float = spec(-50.0, lo=-1000, hi=1000)
    smoking_on_train: float = spec(-20.0, lo=-1000, hi=1000)
    video_games: float = spec(-2.0, lo=-1000, hi=1000)
    fare_dodging: float = spec(-20.0, lo=-1000, hi=1000)
    missed_bill: float = spec(-10.0, lo=-1000, hi=1000)
    paid_bill: float = spec(0.0, lo=-1000, hi=1000)

    def as_dict(self) -> dict[str, float]:
        """``{deed: value}`` in field order."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


@dataclass(frozen=True)
class Scoring:
    family: str = spec("weighted", choices=FAMILIES)
    low: float = spec(350.0, lo=-1e6, hi=1e6, doc="bottom of the score range")
    high: float = spec(950.0, lo=-1e6, hi=1e6, doc="top of the score range")
    start: float = spec(1000.0, lo=-1e6, hi=1e6, doc="points family: starting points")
    connections_weight: float = spec(0.15, lo=0, hi=1, doc="weight of friends' scores")
    friends_half: float = spec(1.5, lo=0.1, hi=100, doc="friends at which a network counts half")
    weights: Weights = dataclasses.field(default_factory=Weights)
    deltas: Deltas = dataclasses.field(default_factory=Deltas)
    speech_penalty: float = spec(0.0, lo=0, hi=1000, doc="points lost per step of public dissent")
    blacklist_penalty: float = spec(150.0, lo=0, hi=1e5, doc="points lost while listed")
    record_decay: float = spec(0.98, lo=0, hi=1, doc="share of the deed record kept per step")
    record_scale: float = spec(200.0, lo=1, hi=1e5, doc="record points that move behaviour 0.5")
    group_bias: tuple[float, ...] = spec((), max_len=64, lo=-1e4, hi=1e4,
                                         doc="points added per group index")
    opacity: str = spec("exact", choices=OPACITY)
    opacity_noise: float = spec(0.5, lo=0, hi=3, doc="log-normal spread of perceived rules")
    unknown_prior: float = spec(15.0, lo=0, hi=1e4,
                                doc="secret rules: points citizens first guess a friend a whole range below costs")
    speech_guess: float = spec(0.0, lo=0, hi=1e4, sparse=True,
                               doc="secret rules: points citizens first guess a step of public dissent costs")

    def check(self):
        if self.high <= self.low:
            yield "high", f"must be above low ({self.low:g}), got {self.high:g}"

    @property
    def visible(self) -> bool:
        """Whether the score exists for citizens and institutions (not just for observers)."""
        return self.family in ("weighted", "points")


@dataclass(frozen=True)
class Tier:
    name: str = spec(max_len=24)
    min_score: float = spec(NO_LIMIT, lo=NO_LIMIT, hi=1e9, doc="lowest score in this tier")
    label: str = spec("", max_len=80)


@dataclass(frozen=True)
class Behaviour:
    conformity_threshold: float = spec(0.4, lo=0, hi=1, doc="normal thresholds: their mean")
    conformity_threshold_sd: float = spec(0.15, lo=0, hi=1, doc="normal thresholds: their spread (0 = one value)")
    threshold_distribution: str = spec("normal", choices=THRESHOLD_DISTRIBUTIONS, sparse=True,
                                       doc="how conformity thresholds are spread over citizens")
    threshold_low: float = spec(0.0, lo=0, hi=1e6, sparse=True, doc="uniform thresholds: the lowest")
    threshold_high: float = spec(1.0, lo=0, hi=1e6, sparse=True, doc="uniform thresholds: the highest")
    thresholds: tuple[float, ...] = spec((), max_len=MAX_THRESHOLD_LIST, lo=0, hi=1e6, sparse=True,
                                         doc="list thresholds: one per citizen, in citizen order")
    threshold_unit: str = spec("share", choices=("share", "friends"), sparse=True,
                               doc="a threshold is a share of friends conforming, or a number of them")
    score_sensitivity: float = spec(0.6, lo=0, hi=5, doc="mean weight citizens give to their score")
    tolerance: float = spec(3.0, lo=0, hi=1e4, doc="points a firm dissenter accepts losing per step")
    tie_value: float = spec(4.0, lo=0, hi=1e4, doc="points a friendship is worth to its owner")
    unfriend_rate: float = spec(0.5, lo=0, hi=1, doc="chance per step to act on a costly tie")
    befriend_rate: float = spec(0.05, lo=0, hi=1, doc="chance per step to seek a friend")
    homophily: float = spec(80.0, lo=1, hi=1e5, doc="score gap (points) that halves acceptance")
    local_search: float = spec(0.8, lo=0, hi=1, doc="share of new friends sought in one's group")
    bill_share: float = spec(0.35, lo=0, hi=5, doc="bill as share of mean income")
    living_cost: float = spec(0.45, lo=0, hi=5, doc="share of own income spent on living")
    income_reversion: float = spec(0.02, lo=0, hi=1, doc="pull of income back to its base per step")
    spending: float = spec(0.03, lo=0, hi=1, doc="share of savings spent per step")
    learning: float = spec(0.0, lo=0, hi=100, sparse=True,
                           doc="secret rules: points of fear per point citizens see the score take")
    learning_memory: float = spec(0.95, lo=0, hi=1, sparse=True,
                                  doc="secret rules: share of a learned fear kept per step")
    deed_rates: Deltas = dataclasses.field(default_factory=lambda: Deltas(
        caring_for_elderly=0.01, helping_poor=0.02, charity=0.03, drunk_driving=0.0005,
        bribery=0.0003, smoking_on_train=0.001, video_games=0.05, fare_dodging=0.001,
        missed_bill=0.0, paid_bill=0.0))

    def check(self):
        for f in dataclasses.fields(self.deed_rates):
            if not 0 <= getattr(self.deed_rates, f.name) <= 1:
                yield f"deed_rates.{f.name}", "must be a probability from 0 to 1"


@dataclass(frozen=True)
class Authorities:
    blacklist: bool = spec(True)
    default_after: int = spec(6, lo=1, hi=1000, doc="consecutive missed bills that make a default")
    fine: float = spec(200.0, lo=0, hi=1e7, doc="fine for a misdeed; unpaid means listing")
    rumour_rate: float = spec(0.0, lo=0, hi=1, doc="chance per step a public dissenter is listed")
    error_rate: float = spec(0.0, lo=0, hi=0.1, doc="wrongful listings per citizen per step (expected)")
    duration_days: int = spec(365, lo=1, hi=36500)
    appeal_rate: float = spec(0.05, lo=0, hi=1, doc="chance per step a listed citizen appeals")
    appeal_success: float = spec(0.1, lo=0, hi=1)
    appeal_success_wrongful: float = spec(0.3, lo=0, hi=1)
    public_shaming: bool = spec(False)
    shame_cost: float = spec(20.0, lo=0, hi=1e4, doc="social cost (points) of a listed friend")
    # paying one's way off the list (seed 004): optional, left out of files and codes while unused
    settle_rate: float = spec(0.0, lo=0, hi=1, sparse=True,
                              doc="chance per step that a listed citizen who can pay settle_cost pays it "
                                  "and is taken off the list; 0: nobody pays their way off")
    settle_cost: float = spec(200.0, lo=0, hi=1e7, sparse=True,
                              doc="coins a listed citizen pays to be taken off the list (what they owe)")


@dataclass(frozen=True)
class Effect:
    wealth: float = spec(0.0, lo=-1e7, hi=1e7, doc="coins")
    income: float = spec(0.0, lo=-0.9, hi=10, doc="relative change of income")
    characteristics: float = spec(0.0, lo=-1, hi=1)


@dataclass(frozen=True)
class Service:
    name: str = spec(max_len=24)
    icon: str = spec("bank", choices=("train", "flight", "hotel", "bank", "hospital", "rental",
                                      "job", "visa", "school", "bike"))
    demand: float = spec(0.1, lo=0, hi=1, doc="applications per citizen per step (drawn as Binomial(n, demand)"
                                              " picks with repeats merged, so 1 - e^-demand apply)")
    price: float = spec(0.0, lo=0, hi=1e7, doc="coins paid when granted; unaffordable is denied")
    min_tier: str = spec("", max_len=24, doc="worst tier still served; empty = all")
    score_floor: float = spec(NO_LIMIT, lo=NO_LIMIT, hi=1e9)
    blacklist_ban: bool = spec(False)
    friends_min: float = spec(NO_LIMIT, lo=NO_LIMIT, hi=1e9, doc="minimum friends' average score")
    grant: Effect = dataclasses.field(default_factory=Effect)
    deny: Effect = dataclasses.field(default_factory=Effect)

    @property
    def has_friends_gate(self) -> bool:
        """Whether the service refuses applicants whose friends' average is below ``friends_min``."""
        return self.friends_min > NO_LIMIT


@dataclass(frozen=True)
class TimelineEvent:
    step: int = spec(lo=0, hi=100_000)
    action: str = spec(choices=("blacklist", "pardon", "set", "caption"))
    target: str = spec("", max_len=40, doc="citizen id, 'hub' or 'random' for listings")
    path: str = spec("", max_len=80, doc="rule path for 'set'")
    value: float = spec(0.0, lo=-1e9, hi=1e9)
    text: str = spec("", max_len=300)


@dataclass(frozen=True)
class Player:
    """Citizen mode's character: who the player is and the situation they start in."""
    citizen: str = spec("", max_len=24, doc="citizen id, 'hub' or 'random'; empty: no character")
    name: str = spec("", max_len=60)
    situation: str = spec("", max_len=600)
    start_listed: bool = spec(False, doc="the character starts on the blacklist")
    listing_cause: str = spec("rumour", choices=("default", "unpaid_fine", "rumour", "error", "court"),
                               doc="why the character was listed; 'court': the court's reason is not given")
    # the goal and settling are optional extras: left out of files and codes while unused
    turns: int = spec(0, lo=0, hi=10_000, sparse=True,
                      doc="turns to reach the goal; 0: no goal, play as long as you like")
    goal_tier: str = spec("", max_len=24, sparse=True, doc="the goal: off the blacklist and in this tier or "
                                                            "better; empty: off the blacklist")
    settle_cost: float = spec(0.0, lo=0, hi=1e7, sparse=True, doc="coins the court asks of the character to settle")
    settle_odds: float = spec(0.0, lo=0, hi=1, sparse=True, doc="appeal odds once the character has paid "
                                                               "settle_cost; 0: no settling")


@dataclass(frozen=True)
class Chapter:
    """A guided chapter: what it teaches (the source fact), what the player does."""
    order: int = spec(0, lo=0, hi=99, doc="position in the guided sequence; 0: not a chapter")
    kind: str = spec("sandbox", choices=("by_hand", "predict", "scale", "sandbox"))
    fact: str = spec("", max_len=300, doc="the source fact this chapter illustrates")
    intro: str = spec("", max_len=600)
    task: str = spec("", max_len=300)
    question: str = spec("", max_len=200, doc="predict: the bet the player places")
    answer: str = spec("friends_lost", choices=("friends_lost", "listed", "public_dissent_pct"))
    predict_max: int = spec(20, lo=1, hi=10_000)
    steps: int = spec(10, lo=1, hi=10_000, doc="steps the chapter runs (predict, scale)")


OBJECTIVE_METRICS = ("mean_score", "median_score", "gini_score", "gini_wealth", "blacklisted",
                     "edges", "largest_component", "conforming_share", "public_dissent", "conformity_gap",
                     "cascade_largest", "cascade_max_depth", "payment_rate", "denial_rate", "tier_share")


@dataclass(frozen=True)
class Objective:
    """A goal on a named series: reach it by a step, or keep it every step until then."""
    metric: str = spec(choices=OBJECTIVE_METRICS)
    value: float = spec(lo=-1e9, hi=1e9)
    by_step: int = spec(lo=1, hi=100_000)
    tier: str = spec("", max_len=24, doc="for metric 'tier_share': which tier")
    op: str = spec(">=", choices=(">=", "<="))
    mode: str = spec("at_deadline", choices=("at_deadline", "always"))
    from_step: int = spec(0, lo=0, hi=100_000, doc="'always' is judged from this step on (time to act)")
    label: str = spec("", max_len=160, doc="how the challenge screen states it")

    @property
    def series(self) -> str:
        return f"tier_{self.tier}_share" if self.metric == "tier_share" else self.metric


@dataclass(frozen=True)
class Scenario:
    meta: Meta
    tiers: tuple[Tier, ...] = spec(min_len=1, max_len=12)
    population: Population = dataclasses.field(default_factory=Population)
    network: Network = dataclasses.field(default_factory=Network)
    scoring: Scoring = dataclasses.field(default_factory=Scoring)
    behaviour: Behaviour = dataclasses.field(default_factory=Behaviour)
    authorities: Authorities = dataclasses.field(default_factory=Authorities)
    services: tuple[Service, ...] = spec((), max_len=16)
    timeline: tuple[TimelineEvent, ...] = spec((), max_len=200)
    objectives: tuple[Objective, ...] = spec((), max_len=8)
    prompts: tuple[str, ...] = spec((), max_len=8, doc="discussion prompts shown at the debrief")
    player: Player = dataclasses.field(default_factory=Player)
    chapter: Chapter = dataclasses.field(default_factory=Chapter)
    sources: tuple[Source, ...] = spec((), max_len=provenance.MAX_ITEMS, sparse=True,
                                       doc="what the source articles say, quoted (see game.scenario.provenance)")
    assumptions: tuple[Assumption, ...] = spec((), max_len=provenance.MAX_ITEMS, sparse=True,
                                               doc="what the game assumes where the sources are silent, and why")
    translations: Translations = spec(Translations(), sparse=True,
                                      doc="the text in other languages (see game.scenario.translations)")

    def check(self):
        """Problems across sections, as ``(field, message)``: names that must match or be
        unique, ids within the population, sizes that bound memory, and the timeline."""
        yield from count_problems(self)
        yield from provenance.problems(self)
        yield from self._check_names()
        c = self.player.citizen
        if c and not (c in ("hub", "random") or (c.isascii() and c.isdigit() and int(c) < self.population.size)):
            yield "player.citizen", (f"must be 'hub', 'random' or a citizen id from 0 to "
                                     f"{self.population.size - 1}, got {c!r}")
        names = [t.name for t in self.tiers]
        if self.player.goal_tier and self.player.goal_tier not in names:
            yield "player.goal_tier", f"must be one of the tier names {names}, got {self.player.goal_tier!r}"
        if self.player.turns and not c:
            yield "player.turns", "a goal needs a character (player.citizen)"
        for i, ob in enumerate(self.objectives):
            if ob.metric == "tier_share" and ob.tier not in names:
                yield f"objectives[{i}].tier", f"must be one of the tier names {names}, got {ob.tier!r}"
        b = self.behaviour
        if b.threshold_distribution == "list" and len(b.thresholds) != self.population.size:
            yield "behaviour.thresholds", (f"must hold one threshold per citizen ({self.population.size}) "
                                           f"when threshold_distribution is 'list', got {len(b.thresholds)}")
        if b.threshold_distribution != "list" and b.thresholds:
            yield "behaviour.thresholds", "only used when threshold_distribution is 'list'"
        if b.threshold_low > b.threshold_high:
            yield "behaviour.threshold_low", f"must not be above threshold_high ({b.threshold_high:g})"
        if b.threshold_unit == "share" and max(b.thresholds + (b.threshold_high,), default=0) > 1:
            yield "behaviour.thresholds", "shares of friends must be from 0 to 1 (threshold_unit = 'share')"
        if self.population.committed_conformers > self.population.size:
            yield "population.committed_conformers", "must not exceed population.size"
        if self.population.size * self.network.mean_degree > MAX_HALF_EDGES:
            yield "network.mean_degree", (f"population.size x mean_degree must be at most {MAX_HALF_EDGES:,} "
                                          f"(about {MAX_HALF_EDGES // 2:,} friendships), got "
                                          f"{self.population.size * self.network.mean_degree:,.0f}")
        if self.network.mean_degree >= self.population.size:
            yield "network.mean_degree", f"must be below population.size ({self.population.size})"
        problem = budget.run_problem(self, self.population.steps)  # work, not only memory
        if problem:
            yield "population.steps", problem
        yield from self._check_timeline()

    def _check_names(self):
        """Tiers best first with unique names; services name real tiers, uniquely."""
        names = [t.name for t in self.tiers]
        if len(set(names)) != len(names):
            yield "tiers", "tier names must be unique"
        mins = [t.min_score for t in self.tiers]
        if any(a <= b for a, b in zip(mins, mins[1:])):
            yield "tiers", "list tiers best first, each min_score below the one before"
        for i, s in enumerate(self.services):
            if s.min_tier and s.min_tier not in names:
                yield f"services[{i}].min_tier", f"must be one of the tier names {names}, got {s.min_tier!r}"
        if len({s.name for s in self.services}) != len(self.services):
            yield "services", "service names must be unique"

    def _check_timeline(self):
        """Timeline entries checked now, not when the run reaches them: the 'set' ones are
        applied in the order the run will (by step, then file order) to a copy without a
        timeline; listings and pardons name someone who exists."""
        live = dataclasses.replace(provenance.without_provenance(self), timeline=(), translations=Translations())
        for i, ev in sorted(enumerate(self.timeline), key=lambda pair: pair[1].step):
            if ev.action == "set":
                try:
                    check_rule_path(ev.path)
                    parts = ev.path.split(".")
                    if parts[0] == "services" and int(parts[1]) >= len(self.services):
                        raise ValueError(f"{ev.path}: there are only {len(self.services)} services")
                except ValueError as exc:
                    yield f"timeline[{i}].path", str(exc)
                    continue
                try:
                    live = live.with_rule(ev.path, ev.value)
                except ScenarioError as exc:
                    yield f"timeline[{i}].value", f"{ev.path} = {ev.value:g}: {exc.problems[0][1]}"
            elif ev.action in ("blacklist", "pardon"):
                t = ev.target
                if not (t in ("", "hub", "random", "player_friend")
                        or (t.isascii() and t.isdigit() and int(t) < self.population.size)):
                    yield (f"timeline[{i}].target", f"must be 'hub', 'random', 'player_friend' or a citizen id "
                           f"from 0 to {self.population.size - 1}, got {t!r}")

    # --- derived helpers -------------------------------------------------------------
    def tier_index(self, name: str) -> int:
        return [t.name for t in self.tiers].index(name)

    def worst_tier_served(self, service: Service) -> int:
        """Index of the worst tier a service still serves (the last tier when it serves all)."""
        return self.tier_index(service.min_tier) if service.min_tier else len(self.tiers) - 1

    def with_rule(self, path: str, value: Any) -> "Scenario":
        """A copy with one live rule changed, validated exactly as a file would be."""
        check_rule_path(path)
        return with_overrides(self, {path: value}, source=f"rule {path}")


def with_overrides(scenario: Scenario, changes: dict[str, Any], source: str = "overrides") -> Scenario:
    """A copy with dotted paths set (setup keys allowed), re-validated as a whole."""
    data = dump(scenario)
    for path, value in changes.items():
        node = data
        parts = str(path).split(".")
        try:
            for part in parts[:-1]:
                node = node[int(part)] if isinstance(node, list) else node[part]
            key: Any = int(parts[-1]) if isinstance(node, list) else parts[-1]
            if isinstance(node, dict) and key not in node:
                _sparse_default(scenario, parts)  # a field left out of the dump: KeyError if none
                node[key] = value
            else:
                node[key] = _coerce(node[key], value)
        except (KeyError, IndexError, ValueError, TypeError):
            raise ScenarioError(source, [(str(path), "is not a field of a scenario")]) from None
    return parse(data, Scenario, source)


def _coerce(old: Any, value: Any) -> Any:
    """Numbers given for booleans / whole numbers (sliders, timelines) become those types."""
    if isinstance(old, bool) and isinstance(value, (int, float)) and not isinstance(value, bool):
        return bool(value) if value in (0, 1) else value
    if isinstance(old, int) and not isinstance(old, bool) and isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(old, float) and isinstance(value, int) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:  # too big for a float: left for the range check to refuse
            return value
    return value


def _sparse_default(scenario: Scenario, parts: list[str]) -> Any:
    """The value of a field :func:`dump` leaves out while it holds its default (``sparse``),
    found by walking the scenario object; KeyError when the path names no such field."""
    node: Any = scenario
    for part in parts:
        if isinstance(node, tuple):
            node = node[int(part)]
        elif dataclasses.is_dataclass(node) and part in {f.name for f in dataclasses.fields(node)}:
            node = getattr(node, part)
        else:
            raise KeyError(part)
    return node


def check_rule_path(path: str) -> None:
    """Refuse paths that are not live rules (setup sections need a restart)."""
    parts = path.split(".")
    if parts[0] in SETUP_SECTIONS:
        raise ValueError(f"{path} is a setup value: change it in the file and restart")
    if parts[0] in ("meta", "tiers", "timeline", "objectives", "prompts", "player", "chapter", "translations",
                    "sources", "assumptions"):
        raise ValueError(f"{path} cannot change during a run")
    if parts[0] == "services":
        if len(parts) < 3 or not (parts[1].isascii() and parts[1].isdigit()):
            raise ValueError(f"{path}: use services.<index>.<field>")
        try:
            tp, _ = field_meta(Service, ".".join(parts[2:]))
        except KeyError:
            raise ValueError(f"{path} is not a rule of a service") from None
    else:
        try:
            tp, _ = field_meta(Scenario, path)
        except KeyError:
            raise ValueError(f"{path} is not a rule of a scenario") from None
    if tp not in (int, float, bool, str):
        raise ValueError(f"{path} is a section, not a single rule")

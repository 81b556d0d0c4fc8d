"""The citizens of the per-agent reference model (:mod:`game.lab.reference`): each verb is
one of the engine's rules for one citizen, in plain Python arithmetic."""

from __future__ import annotations

from collections.abc import Sequence

from mesa.discrete_space import FixedAgent

from game.sim import portable
from game.sim.rules.authorities import FINED
from game.sim.ties import GATE_VALUE

HISTORY_ALPHA = 0.1  # weight of this step's bill in the payment history (life.update_history)
STATE = (  # each citizen's own attributes, copied from the engine's columns of the same name
    "income_base", "income", "wealth", "reliability", "sociability", "sensitivity",
    "threshold_z", "threshold_u", "tolerance", "private_dissent", "committed", "group", "noise", "belief",
    "characteristics", "char_base", "history", "record", "streak", "score", "tier",
    "listed", "days_left", "wrongful", "conforming", "public_dissent", "paid",
    "fear_friends", "fear_speech", "lost_friend", "conn_points",
)


class RefCitizen(FixedAgent):
    """One citizen; each verb is one of the engine's rules for this citizen alone."""

    def __init__(self, model, cell, row: int, state: dict):
        super().__init__(model)
        self.cell = cell
        self.row = row
        for name in STATE:
            setattr(self, name, state[name])
        self.deeds: Sequence[str] = ()
        self.next_score, self.next_conforming = self.score, self.conforming
        self.next_conn, self.conn_fall = self.conn_points, 0.0
        self.drop_wishes: dict[RefCitizen, tuple[float, float, float]] = {}
        self.proposals: list[RefCitizen] = []

    def friends(self) -> list["RefCitizen"]:
        return list(self.cell.neighborhood.agents)

    # --- 1. life ------------------------------------------------------------------
    def pay_bills(self, draw: float | None = None) -> None:
        """Income drifts to its base, then earn, live, spend, and pay the bill if willing and able."""
        r = self.model.rules
        self.income += r.reversion * (self.income_base - self.income)
        self.characteristics += r.reversion * (self.char_base - self.characteristics)
        self.wealth = max(self.wealth * (1.0 - r.spending) + self.income * (1.0 - r.living_cost), 0.0)
        draw = self.random.random() if draw is None else draw
        self.paid = draw < self.reliability and self.wealth >= r.bill
        if self.paid:
            self.wealth -= r.bill
        self.history += HISTORY_ALPHA * (self.paid - self.history)
        self.streak = 0 if self.paid else self.streak + 1

    def do_deeds(self, done: Sequence[str] | None = None) -> None:
        """Deeds (each at its rate) move the decaying record; so do speech and, in the
        points family, bills."""
        r = self.model.rules
        if done is None:
            done = [name for name, p in r.deed_rates if p > 0 and self.random.random() < p]
        self.deeds = done
        record = self.record * r.record_decay
        for name in done:
            if r.deltas[name]:
                record += r.deltas[name]
        if r.visible:
            extra = -r.speech_penalty * self.public_dissent
            if r.family == "points":
                extra += r.deltas["paid_bill"] if self.paid else r.deltas["missed_bill"]
            record += extra
        self.record = record

    # --- 2. authorities -----------------------------------------------------------
    def face_authorities(self, appeal: tuple[float, float] | None = None,
                         rumour: float | None = None, error: bool | None = None,
                         settle: float | None = None) -> None:
        """Serve time on the list, appeal it or, able to pay what is owed, pay and be taken
        off (not when wrongly listed: nothing is owed); then get listed for a default, an
        unpaid fine, a rumour or a mistake (the first cause wins)."""
        r = self.model.rules
        if self.listed:
            self.days_left -= r.step_days
            if self.days_left <= 0:
                self.leave_list()
        if self.listed and r.appeal_rate > 0:
            d0, d1 = appeal if appeal is not None else (self.random.random(), self.random.random())
            if d0 < r.appeal_rate and d1 < (r.appeal_success_wrongful if self.wrongful else r.appeal_success):
                self.leave_list()
        if self.listed and r.settle_rate > 0:
            d = self.random.random() if settle is None else settle
            if d < r.settle_rate and not self.wrongful and self.wealth >= r.settle_cost:
                self.wealth -= r.settle_cost
                self.leave_list()
        if not r.blacklist:
            return
        cause = None
        if self.streak >= r.default_after:
            self.streak, cause = 0, "default"
        if any(d in FINED for d in self.deeds):
            if self.wealth >= r.fine:
                self.wealth -= r.fine
            else:
                cause = cause or "unpaid_fine"
        if self.public_dissent and r.rumour_rate > 0:
            if (self.random.random() if rumour is None else rumour) < r.rumour_rate:
                cause = cause or "rumour"
        if error is None:
            error = r.error_chance > 0 and self.random.random() < r.error_chance
        if error:
            cause = cause or "error"
        if cause and not self.listed:
            self.listed, self.wrongful, self.days_left = True, cause == "error", r.duration_days

    def leave_list(self) -> None:
        self.listed, self.wrongful, self.days_left = False, False, 0

    # --- 3. scoring ---------------------------------------------------------------
    def compute_score(self) -> float:
        """This citizen's score under the family, from friends' current scores; sets
        ``next_conn``, the points its friends account for."""
        r = self.model.rules
        if r.family == "points":
            own = r.start + self.record
            scores = [f.score for f in self.friends()]
            mean = sum(scores) / len(scores) if scores else own
            raw = (1.0 - r.w_conn) * own + r.w_conn * mean
            self.next_conn = r.w_conn * (mean if scores else r.start)
        else:
            raw = self.weighted_index()
        raw += r.bias[self.group] if self.group < len(r.bias) else 0.0
        if self.listed:
            raw -= r.penalty
        return min(max(raw, r.low), r.high)

    def weighted_index(self) -> float:
        """Five factors in [0, 1] mixed by normalised weight onto [low, high]."""
        r = self.model.rules
        if r.w_total <= 0:
            return (r.low + r.high) / 2
        qs = [min(max((f.score - r.low) / r.span, 0.0), 1.0) for f in self.friends()]
        factors = (self.history, self.wealth / (self.wealth + r.cap_half), self.characteristics,
                   min(max(0.5 + self.record / r.record_scale, 0.0), 1.0),
                   sum(qs) / (len(qs) + r.half))
        self.next_conn = factors[4] * r.ppu
        return r.low + r.span * sum(f * (w / r.w_total) for f, w in zip(factors, r.weights) if w)

    def update_score(self) -> None:
        self.next_score = self.compute_score()

    def commit_score(self) -> None:
        self.score = self.next_score
        self.tier = self.model.tier_of(self.score)
        self.conn_fall, self.conn_points = self.conn_points - self.next_conn, self.next_conn

    def learn(self) -> None:
        """Under a secret algorithm: fear friends more after seeing friends who lost
        friends lose points; fear speech more after paying for it, or hearing friends did."""
        r = self.model.rules
        if r.opacity != "unknown" or not r.visible:
            return
        friends = self.friends()
        seen = sum(max(f.conn_fall, 0.0) for f in friends if f.lost_friend)
        guess = r.prior * self.belief
        self.fear_friends = guess + r.memory * (self.fear_friends - guess) + r.learning * seen
        if r.speech_cost > 0:
            heard = 1.0 if self.public_dissent else (
                sum(f.public_dissent for f in friends) / max(len(friends), 1))
            heard *= r.speech_cost
        else:
            heard = 0.0
        guess = r.speech_guess * self.belief
        self.fear_speech = guess + r.memory * (self.fear_speech - guess) + r.learning * heard

    # --- 4. social ----------------------------------------------------------------
    def friend_sums(self, friends: list["RefCitizen"] | None = None) -> tuple[int, float, float]:
        """(number of friends, sum of their scores, sum of their normalised scores)."""
        r = self.model.rules
        scores = [f.score for f in (self.friends() if friends is None else friends)]
        return len(scores), sum(scores), sum((s - r.low) / r.span for s in scores)

    def drop_motives(self, friend: "RefCitizen", sums=None) -> tuple[float, float, float]:
        """Points this citizen believes dropping ``friend`` is worth: (score gain through
        the connections factor, friends'-gate gain, shame avoided)."""
        r = self.model.rules
        deg, ssum, qsum = sums or self.friend_sums()
        gain = gate = shame = 0.0
        if r.visible and r.opacity == "unknown":  # secret rules: the fear this citizen has learned
            gain = self.fear_friends * max(self.score - friend.score, 0.0) / r.span
        elif r.visible and r.w_conn > 0:
            if r.family == "weighted":
                q_b = (friend.score - r.low) / r.span
                gain = r.ppu * ((qsum - q_b) / (deg - 1.0 + r.half) - qsum / (deg + r.half))
            else:
                mean = ssum / deg
                gain = r.w_conn * (((ssum - friend.score) / (deg - 1) if deg > 1 else mean) - mean)
            if r.opacity == "noisy":
                gain *= self.noise
        if r.visible and r.gate is not None:
            mean = ssum / deg
            after = (ssum - friend.score) / (deg - 1) if deg > 1 else mean
            closed = (after - mean) / max(r.gate - mean, 1e-9) if mean < r.gate else 0.0
            gate = GATE_VALUE * min(max(closed, 0.0), 1.0)
        if r.shaming and friend.listed:
            shame = r.shame_cost
        return gain, gate, shame

    def wants_to_drop(self, motives: tuple[float, float, float]) -> bool:
        """The motives, weighted by how much this citizen cares, beat what the tie is worth."""
        r = self.model.rules
        return sum(motives) * self.sensitivity > r.tie_value * (0.5 + self.sociability)

    def consider_friends(self) -> None:
        self.lost_friend = False
        friends = self.friends()
        sums = self.friend_sums(friends)
        self.drop_wishes = {}
        for friend in friends:
            motives = self.drop_motives(friend, sums)
            if self.wants_to_drop(motives):
                self.drop_wishes[friend] = motives

    def drop_friends(self, draw: float | None = None) -> None:
        """With chance unfriend_rate this step, act on every costly tie (one draw per
        citizen, ``draw``); when both want out, the lower row acts."""
        r = self.model.rules
        draw = self.random.random() if draw is None else draw
        for friend, motives in list(self.drop_wishes.items()):
            if friend.row < self.row and self in friend.drop_wishes:
                continue
            if draw < r.unfriend_rate:
                self.model.space.remove_connection(self.cell, friend.cell)
                self.lost_friend = friend.lost_friend = True
                motive = max(range(3), key=(motives[0], motives[2], motives[1]).__getitem__)
                self.model.unfriendings.append((self.row, friend.row, motive))

    def want_friends(self) -> float:
        r = self.model.rules
        return r.mean_degree * (0.5 + self.sociability)

    def seek_friend(self, seeks: Sequence[tuple[float, float, float, float]] | None = None) -> None:
        """With chance befriend_rate, propose to a candidate (own group with chance
        local_search) who accepts by score homophily; ties are made in make_friends."""
        r = self.model.rules
        self.proposals = []
        if seeks is None:
            seeks = []
            if r.befriend_rate > 0 and self.random.random() < r.befriend_rate:
                seeks = [tuple(self.random.random() for _ in range(4))]
        if not seeks or len(self.friends()) >= self.want_friends():
            return
        for d_group, d_anyone, d_local, d_accept in seeks:
            other = self.model.candidate(self, d_group, d_anyone, d_local)
            p = portable.exp2(-abs(self.score - other.score) / r.homophily) if r.visible else 0.5
            ok = d_accept < p and len(other.friends()) < other.want_friends()
            if r.shaming:
                ok = ok and not self.listed and not other.listed
            if ok:
                self.proposals.append(other)

    def make_friends(self) -> None:
        for other in self.proposals:
            if other is not self and other.cell.coordinate not in self.cell.connections:
                self.model.space.add_connection(self.cell, other.cell)

    # --- 5. conformity ------------------------------------------------------------
    def perceived_cost(self) -> float:
        """Points this citizen believes a step of public dissent costs."""
        r = self.model.rules
        if r.opacity == "unknown":
            return self.fear_speech if r.visible else 0.0
        return r.speech_cost * self.noise if r.opacity == "noisy" else r.speech_cost

    def threshold(self) -> float:
        r = self.model.rules
        if r.threshold_kind == "list":
            return r.thresholds[self.row]
        if r.threshold_kind == "uniform":
            return r.threshold_low + (r.threshold_high - r.threshold_low) * self.threshold_u
        return min(max(r.threshold_mean + r.threshold_sd * self.threshold_z, 0.0), 1.0)

    def decide_conformity(self) -> None:
        """Conform when enough friends did last step, or when speaking seems too costly."""
        r = self.model.rules
        friends = self.friends()
        count = sum(f.conforming for f in friends)
        share = count if r.threshold_unit == "friends" else (count / len(friends) if friends else 0.0)
        threshold = self.threshold()
        by_peers = share >= threshold
        by_score = self.perceived_cost() * self.sensitivity > self.tolerance
        self.next_conforming = self.committed or not self.private_dissent or by_peers or by_score

    def show_conformity(self) -> None:
        self.conforming = self.next_conforming
        self.public_dissent = self.private_dissent and not self.conforming

    # --- 6. access ----------------------------------------------------------------
    def gate(self, service, friends_mean: float | None) -> int:
        """The first gate this citizen fails (an index into REASONS; 0 = granted)."""
        r = self.model.rules
        if service.blacklist_ban and self.listed:
            return 1
        if r.visible:
            if self.tier > service.worst_tier:
                return 2
            if self.score < service.score_floor:
                return 3
            if service.gated and (friends_mean is None or friends_mean < service.friends_min):
                return 4
        if service.price > 0 and self.wealth < service.price:
            return 5
        return 0

    def apply_for_services(self, applies: Sequence[bool] | None = None) -> None:
        """Apply for each service in turn; a grant or a refusal changes wealth, income, chances."""
        r = self.model.rules
        scores = [f.score for f in self.friends()]
        friends_mean = sum(scores) / len(scores) if scores else None
        for i, service in enumerate(r.services):
            if applies is None:
                if not (service.chance > 0 and self.random.random() < service.chance):
                    continue
            elif not applies[i]:
                continue
            reason = self.gate(service, friends_mean)
            if reason == 0:
                self.receive(service.grant, service.price)
            else:
                self.receive(service.deny)
            self.model.access_reasons[i][reason] += 1

    def receive(self, effect, pay: float = 0.0) -> None:
        if effect.wealth or pay:
            self.wealth = max(self.wealth + effect.wealth - pay, 0.0)
        if effect.income:
            self.income *= 1.0 + effect.income
        if effect.characteristics:
            self.characteristics = min(max(self.characteristics + effect.characteristics, 0.0), 1.0)

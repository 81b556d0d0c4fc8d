"""Tests for game.sim.rules: the pure per-phase functions, with hand-worked numbers.

One section per module (life, authorities, scoring, social, conformity, access). The
expected values are computed by hand in the comments; a few hypothesis properties
check the claims the docstrings make.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.sim.rules import access, authorities, conformity, life, scoring, social


def arr(*xs, dtype=np.float64) -> np.ndarray:
    return np.array(xs, dtype=dtype)


# =========================================================================================
# life
# =========================================================================================
def test_pay_bills_earn_live_spend_then_pay():
    # citizen 0: 100 * (1 - 0.1) + 20 * (1 - 0.25) = 90 + 15 = 105 >= 30, willing -> 75
    # citizen 1: 10 * 0.9 + 8 * 0.75 = 9 + 6 = 15 < 30: unable, keeps 15
    # citizen 2: 200 * 0.9 + 40 * 0.75 = 180 + 30 = 210, draw 0.7 >= reliability 0.7:
    #            unwilling, keeps 210
    # citizen 3: 0 * 0.9 + 40 * 0.75 = 30 == bill: able (>=), draw 0.0 < 0.5 -> pays, 0 left
    wealth, paid = life.pay_bills(
        wealth=arr(100, 10, 200, 0), income=arr(20, 8, 40, 40), bill=30.0, living_cost=0.25,
        spending=0.1, reliability=arr(0.9, 1.0, 0.7, 0.5), draw=arr(0.5, 0.0, 0.7, 0.0))
    np.testing.assert_allclose(wealth, [75, 15, 210, 0])
    assert paid.tolist() == [True, False, False, True]


def test_pay_bills_never_negative_and_does_not_touch_inputs():
    w0 = arr(5.0, 0.0)
    # living cost above income: 5 * 1 + 10 * (1 - 2) = -5 -> floored at 0, cannot pay
    wealth, paid = life.pay_bills(w0, arr(10, 10), bill=1.0, living_cost=2.0, spending=0.0,
                                  reliability=arr(1, 1), draw=arr(0, 0))
    assert wealth.tolist() == [0.0, 0.0] and not paid.any()
    assert w0.tolist() == [5.0, 0.0]


def test_update_history_is_an_exponential_moving_average():
    # 0.5 + 0.1 * (1 - 0.5) = 0.55 ; 0.5 + 0.1 * (0 - 0.5) = 0.45
    h = life.update_history(arr(0.5, 0.5), np.array([True, False]), alpha=0.1)
    np.testing.assert_allclose(h, [0.55, 0.45])
    # k payments in a row from 0: 1 - 0.9**k  (k = 10 -> 0.6513...)
    h = np.zeros(1)
    for _ in range(10):
        h = life.update_history(h, np.array([True]))
    assert h[0] == pytest.approx(1 - 0.9 ** 10)


def test_missed_streak_counts_misses_and_resets_on_payment():
    s = life.missed_streak(np.array([0, 3, 2], dtype=np.int32), np.array([False, False, True]))
    assert s.tolist() == [1, 4, 0] and s.dtype == np.int32


def test_sample_deeds_uses_only_the_given_rng():
    rates = {"help": 0.05, "litter": 0.2, "never": 0.0}
    np.random.seed(123)
    global_before = np.random.get_state()[1].copy()
    a = life.sample_deeds(500, rates, np.random.default_rng(9))
    b = life.sample_deeds(500, rates, np.random.default_rng(9))
    assert np.array_equal(np.random.get_state()[1], global_before), "global RNG untouched"
    assert set(a) == set(rates)
    for k in rates:
        assert np.array_equal(a[k], b[k]), "same seed, same deeds"
        assert a[k].size == 0 or (a[k].min() >= 0 and a[k].max() < 500)
    assert a["never"].size == 0


def test_sample_deeds_counts_are_binomial():
    # Binomial(1000, 0.05): mean 50, variance 1000 * 0.05 * 0.95 = 47.5.
    # Over 2000 draws the sample mean has s.e. sqrt(47.5 / 2000) = 0.154; allow 5 s.e.
    rng = np.random.default_rng(2024)
    counts = np.array([life.sample_deeds(1000, {"d": 0.05}, rng)["d"].size for _ in range(2000)])
    assert abs(counts.mean() - 50.0) < 5 * math.sqrt(47.5 / 2000)
    assert 47.5 * 0.85 < counts.var() < 47.5 * 1.15
    # doers are spread over everybody: every index 0..999 is in range and most are hit
    doers = np.concatenate([life.sample_deeds(1000, {"d": 0.05}, rng)["d"] for _ in range(200)])
    assert doers.min() >= 0 and doers.max() < 1000
    assert np.unique(doers).size > 990  # ~10000 draws over 1000 people: P(miss) = e^-10


def test_update_record_decays_then_adds_and_repeats_count_twice():
    # decay:  [1, 2, 0] * 0.5 = [0.5, 1, 0]
    # help (+5) at [0, 0, 2]: index 0 twice -> 0.5 + 10 = 10.5, index 2 -> 5
    # litter (-3) at [1]: 1 - 3 = -2 ; gossip has delta 0: ignored
    # extra [0, 0, -1]: -> [10.5, -2, 4]
    rec = life.update_record(
        arr(1, 2, 0), decay=0.5,
        deeds={"help": np.array([0, 0, 2]), "litter": np.array([1]), "gossip": np.array([0])},
        deltas={"help": 5.0, "litter": -3.0, "gossip": 0.0}, extra=arr(0, 0, -1))
    np.testing.assert_allclose(rec, [10.5, -2, 4])


def test_revert_income_moves_a_share_of_the_gap():
    # 10 + 0.25 * (30 - 10) = 15 ; 40 + 0.25 * (20 - 40) = 35
    np.testing.assert_allclose(life.revert_income(arr(10, 40), arr(30, 20), 0.25), [15, 35])


# =========================================================================================
# authorities
# =========================================================================================
def test_fines_charge_those_who_can_pay_and_return_those_who_cannot():
    # fine 5: citizen 0 has 10 -> 5; citizen 1 has 3 < 5 -> unpaid; citizen 2 has 7 -> 2;
    # citizen 2 listed twice is still one offender (np.unique); citizen 3 not an offender
    w0 = arr(10, 3, 7, 0)
    wealth, unpaid = authorities.fines(w0, np.array([2, 0, 1, 2]), 5.0)
    np.testing.assert_allclose(wealth, [5, 3, 2, 0])
    assert unpaid.tolist() == [1]
    assert w0.tolist() == [10, 3, 7, 0], "input not modified"


def test_wrongful_listing_rate():
    rng = np.random.default_rng(1)
    assert authorities.wrongful(100, 0.0, rng).size == 0
    idx = authorities.wrongful(10_000, 0.01, rng)
    # ~100 draws from 10000 people, de-duplicated: sorted unique in range, roughly 100
    assert np.all(np.diff(idx) > 0) and idx.min() >= 0 and idx.max() < 10_000
    assert 50 < idx.size < 150


def test_countdown_returns_ended_terms():
    # step 5 days: listed citizens 0, 1 go 10 -> 5 and 5 -> 0 (ended);
    # citizens 2, 3 are not listed: unchanged, never reported (3 already sits at 0)
    days = np.array([10, 5, 3, 0])
    listed = np.array([True, True, False, False])
    ended = authorities.countdown(days, listed, 5)
    assert ended.tolist() == [1]
    assert days.tolist() == [5, 0, 3, 0], "days_left is updated in place"


def test_appeals_rate_zero_none_and_certain_success_all():
    rng = np.random.default_rng(3)
    listed = np.array([2, 5, 7])
    is_wrongful = np.zeros(10, dtype=bool)
    is_wrongful[5] = True
    assert authorities.appeals(listed, is_wrongful, 0.0, 1.0, 1.0, rng).size == 0
    assert authorities.appeals(np.empty(0, np.int64), is_wrongful, 1.0, 1.0, 1.0, rng).size == 0
    assert authorities.appeals(listed, is_wrongful, 1.0, 1.0, 1.0, rng).tolist() == [2, 5, 7]


def test_wrongful_listings_win_appeals_more_often():
    # 10000 listed, even indices wrongful. Appeal rate 0.5, success 0.2, wrongful 0.8:
    # expected wins: wrongful 5000 * 0.5 * 0.8 = 2000, rightful 5000 * 0.5 * 0.2 = 500.
    # s.d. ~ sqrt(5000 * 0.4 * 0.6) = 35 and sqrt(5000 * 0.1 * 0.9) = 21; allow ~5 s.d.
    n = 10_000
    is_wrongful = np.arange(n) % 2 == 0
    won = authorities.appeals(np.arange(n), is_wrongful, 0.5, 0.2, 0.8, np.random.default_rng(5))
    w = int(is_wrongful[won].sum())
    r = won.size - w
    assert abs(w - 2000) < 175 and abs(r - 500) < 105
    assert w > 3 * r


# =========================================================================================
# scoring
# =========================================================================================
def test_capacity_is_half_at_half():
    # w / (w + h): 0 -> 0 ; h -> 0.5 ; 3h -> 3/4
    np.testing.assert_allclose(scoring.capacity(arr(0, 200, 600), 200.0), [0, 0.5, 0.75])


def test_behaviour_is_clipped_to_unit_interval():
    # 0.5 + r / 100: 0 -> 0.5 ; 25 -> 0.75 ; 80 -> 1.3 -> 1 ; -80 -> -0.3 -> 0
    np.testing.assert_allclose(scoring.behaviour(arr(0, 25, 80, -80), 100.0),
                               [0.5, 0.75, 1.0, 0.0])


def test_connection_value_hand_example():
    # friends' normalised scores 0.8, 0.6, 0.4: S = 1.8, d = 3, half = 1 -> 1.8 / 4 = 0.45
    # no friends: 0 / (0 + 1) = 0 ; one perfect friend: 1 / 2 = 0.5 (small network discount)
    got = scoring.connection_value(arr(1.8, 0.0, 1.0), np.array([3, 0, 1]), 1.0)
    np.testing.assert_allclose(got, [0.45, 0.0, 0.5])


def test_weighted_normalises_weights():
    ones = {k: np.ones(2) for k in scoring.FACTORS}
    zeros = {k: np.zeros(2) for k in scoring.FACTORS}
    w = dict.fromkeys(scoring.FACTORS, 3.0)  # sums to 15, not 1
    np.testing.assert_allclose(scoring.weighted(ones, w, 350, 950), [950, 950])
    np.testing.assert_allclose(scoring.weighted(zeros, w, 350, 950), [350, 350])
    # only history & capacity weigh (2 and 2 -> 0.5 each): mix = 0.5*1 + 0.5*0.5 = 0.75
    # score = 350 + 600 * 0.75 = 800; scaling every weight by 10 changes nothing
    f = dict(zeros, history=np.ones(2), capacity=np.full(2, 0.5))
    w2 = {"history": 2.0, "capacity": 2.0, "characteristics": 0.0, "behaviour": 0.0,
          "connections": 0.0}
    np.testing.assert_allclose(scoring.weighted(f, w2, 350, 950), [800, 800])
    w20 = {k: 10 * v for k, v in w2.items()}
    np.testing.assert_allclose(scoring.weighted(f, w20, 350, 950), [800, 800])
    # no weight at all: the midpoint (350 + 950) / 2 = 650
    np.testing.assert_allclose(scoring.weighted(f, dict.fromkeys(w2, 0.0), 350, 950), [650, 650])


def test_points_blend_and_friendless_keep_own():
    # own = 1000 + record = [1000, 1050, 900, 1020]
    # w = 0.25: 0.75*1000 + 0.25*1100 = 1025 ; NaN -> own 1050 ;
    #           0.75*900 + 0.25*1000 = 925 ; 0.75*1020 + 0.25*1020 = 1020
    got = scoring.points(arr(0, 50, -100, 20), 1000.0, arr(1100, np.nan, 1000, 1020), 0.25)
    np.testing.assert_allclose(got, [1025, 1050, 925, 1020])


def test_modifiers_bias_penalty_clip():
    # bias (+10, -20) for groups 0, 1; group 2 has no entry -> 0; listed pay 100
    # 700+10 = 710 ; 700-20 = 680 ; 700+0-100 = 600 ; 940+10 = 950 (at high) ;
    # 360-20 = 340 -> clipped to low 350
    got = scoring.modifiers(arr(700, 700, 700, 940, 360), np.array([0, 1, 2, 0, 1]), (10.0, -20.0),
                            np.array([False, False, True, False, False]), 100.0, 350, 950)
    np.testing.assert_allclose(got, [710, 680, 600, 950, 350])
    # 990 + 0 -> 950 clipped above; no bias given -> only the clip
    np.testing.assert_allclose(
        scoring.modifiers(arr(990), np.array([0]), (), np.array([False]), 100.0, 350, 950), [950])


def test_tiers_from_descending_floors():
    floors = np.array([750.0, 700.0, 650.0, 350.0])
    # 800, 750 -> A(0) (a floor is inside its tier); 749.9, 700 -> B(1); 650 -> C(2);
    # 400, 350 -> D(3); 100 is below every floor and clamps to the last tier, D(3)
    got = scoring.tiers(arr(800, 750, 749.9, 700, 650, 400, 350, 100), floors)
    assert got.tolist() == [0, 0, 1, 1, 2, 3, 3, 3]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 1000), min_size=1, max_size=8, unique=True),
       st.lists(st.floats(-100, 1100), max_size=50))
def test_tiers_match_a_binary_search_over_the_floors(floors, scores):
    floors = np.sort(np.array(floors))[::-1]
    score = np.array(scores, dtype=np.float64)
    above = np.searchsorted(floors[::-1], score, side="right")
    want = np.clip(floors.size - above, 0, floors.size - 1)
    assert scoring.tiers(score, floors).tolist() == want.tolist()


def test_speech_cost_per_family():
    # points: the penalty itself
    assert scoring.speech_cost("points", 10.0, 350, 950, 0.2, 100.0) == 10.0
    # weighted: 10 record points move behaviour by 10/100 = 0.1, worth 600 * 0.2 = 120
    # points per unit -> 0.1 * 120 = 12
    assert scoring.speech_cost("weighted", 10.0, 350, 950, 0.2, 100.0) == pytest.approx(12.0)
    assert scoring.speech_cost("none", 10.0, 350, 950, 0.2, 100.0) == 0.0
    assert scoring.speech_cost("blacklist_only", 10.0, 350, 950, 0.2, 100.0) == 0.0


def test_weighted_speech_cost_equals_the_score_drop():
    # the cost a citizen sees is what weighted(behaviour(record - penalty)) actually loses
    w = {"history": 1.0, "capacity": 1.0, "characteristics": 1.0, "behaviour": 1.0,
         "connections": 1.0}
    base = {k: np.full(1, 0.5) for k in scoring.FACTORS}

    def score(record):
        return scoring.weighted(dict(base, behaviour=scoring.behaviour(record, 200.0)), w, 350, 950)

    drop = score(arr(0.0)) - score(arr(-15.0))
    assert drop[0] == pytest.approx(scoring.speech_cost("weighted", 15.0, 350, 950, 0.2, 200.0))


# =========================================================================================
# social
# =========================================================================================
@settings(max_examples=300, deadline=None)
@given(qs=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=40),
       j=st.integers(0, 39), half=st.floats(0.1, 20.0), ppu=st.floats(0.01, 1000.0))
def test_drop_gain_weighted_sign_and_value(qs, j, half, ppu):
    q = np.array(qs)
    d = q.size
    S = q.sum()
    qj = q[j % d]
    gain = social.drop_gain_weighted(arr(S), np.array([d]), arr(qj), half, ppu)[0]
    before = scoring.connection_value(arr(S), np.array([d]), half)[0]
    after = scoring.connection_value(arr(S - qj), np.array([d - 1]), half)[0]
    assert gain == pytest.approx(ppu * (after - before), rel=1e-9, abs=1e-9)
    c = S / (d + half)
    if abs(qj - c) > 1e-9:  # away from the tie, where rounding decides
        assert (gain > 0) == (qj < c)


def test_drop_gain_weighted_hand_example():
    # S = 0.9 + 0.6 + 0.3 = 1.8, d = 3, half = 1: c = 1.8 / 4 = 0.45
    # drop 0.3: 1.5 / 3 - 0.45 = 0.05 units * 120 = +6 ; drop 0.6: 1.2 / 3 - 0.45 = -0.05 -> -6
    got = social.drop_gain_weighted(arr(1.8, 1.8), np.array([3, 3]), arr(0.3, 0.6), 1.0, 120.0)
    np.testing.assert_allclose(got, [6.0, -6.0])


def test_drop_gain_points_sign():
    # friends 900, 1000, 1100: total 3000, mean 1000. w = 0.5
    # drop 900 -> mean 2100/2 = 1050: +0.5*50 = +25 ; drop 1100 -> 950: -25 ; drop 1000 -> 0
    # a single friend: the friendless keep their own points, modelled as no change -> 0
    got = social.drop_gain_points(arr(3000, 3000, 3000, 800), np.array([3, 3, 3, 1]),
                                  arr(900, 1100, 1000, 800), 0.5)
    np.testing.assert_allclose(got, [25, -25, 0, 0])


def test_gate_gain():
    # friends 560, 600, 640: mean 600 < gate 700; drop 560 -> 620: closes 20/100 = 0.2 of
    # the distance, times value 40 = 8. Drop 640 -> 580: moves away -> clipped to 0.
    got = social.gate_gain(arr(1800, 1800), np.array([3, 3]), arr(560, 640), 700.0, 40.0)
    np.testing.assert_allclose(got, [8.0, 0.0])
    # friends 500, 700: mean 600. Gate 650: drop 500 -> 700 closes 100/50 = 2 -> clip 1 -> 40
    np.testing.assert_allclose(social.gate_gain(arr(1200), np.array([2]), arr(500), 650, 40.0), [40])
    # mean 600 >= gate 600 or 550: already through, nothing to gain -> 0
    np.testing.assert_allclose(social.gate_gain(arr(1200), np.array([2]), arr(500), 600, 40.0), [0])
    np.testing.assert_allclose(social.gate_gain(arr(1200), np.array([2]), arr(500), 550, 40.0), [0])
    # a single friend: dropping leaves no mean to raise -> 0
    np.testing.assert_allclose(social.gate_gain(arr(300), np.array([1]), arr(300), 650, 40.0), [0])


@settings(max_examples=200, deadline=None)
@given(scores=st.lists(st.floats(0, 1000), min_size=1, max_size=20), j=st.integers(0, 19),
       gate=st.floats(0, 1000), value=st.floats(0, 100))
def test_gate_gain_bounds(scores, j, gate, value):
    s = np.array(scores)
    g = social.gate_gain(arr(s.sum()), np.array([s.size]), arr(s[j % s.size]), gate, value)[0]
    assert 0.0 <= g <= value + 1e-12
    if s.mean() >= gate:
        assert g == 0.0


def test_decide_drops_is_strict():
    # 10*1 = 10 > 9 drop ; 10*0.5 = 5 > 5? no ; 10*2 = 20 > 20? no ; -4*1 > -5 (tie worth < 0)
    got = social.decide_drops(arr(10, 10, 10, -4), arr(1, 0.5, 2, 1), arr(9, 5, 20, -5))
    assert got.tolist() == [True, False, False, True]


def test_accept_friendship_halves_per_homophily_points():
    # p = 2 ** (-gap / 50): gap 0 -> 1, 50 -> 1/2, 100 -> 1/4, 150 -> 1/8
    # 40000 draws each: s.e. <= sqrt(0.25 / 40000) = 0.0025; allow 0.012
    rng = np.random.default_rng(11)
    m = 40_000
    # the gap counts in either direction (b above or below a)
    for gap, p in [(0, 1.0), (50, 0.5), (-100, 0.25), (150, 0.125)]:
        a = np.full(m, 600.0)
        ok = social.accept_friendship(a, a + gap, 50.0, rng.random(m))
        assert abs(ok.mean() - p) < 0.012, (gap, ok.mean())
    # exact on hand-picked draws: gap 50 -> p = 0.5, so draw 0.49 accepts, 0.5 does not
    assert social.accept_friendship(arr(700, 700), arr(650, 750), 50.0, arr(0.49, 0.5)).tolist() \
        == [True, False]


def _groups(group: np.ndarray):
    order = np.argsort(group, kind="stable")
    size = np.bincount(group)
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    return order, start, size


def test_pick_candidates_local_stays_in_group():
    rng = np.random.default_rng(4)
    group = rng.integers(0, 5, size=300)
    order, start, size = _groups(group)
    seekers = rng.integers(0, 300, size=5000)
    cand = social.pick_candidates(seekers, group, order, start, size, 1.0, rng)
    assert np.array_equal(group[cand], group[seekers])
    # and within the group every member can be picked
    g0 = seekers[group[seekers] == 0]
    c0 = social.pick_candidates(np.repeat(g0[:1], 3000), group, order, start, size, 1.0, rng)
    assert set(c0.tolist()) == set(np.flatnonzero(group == 0).tolist())


def test_pick_candidates_global_spreads_over_everyone():
    # local = 0: uniform over all 300 citizens; 30000 picks, 100 per person on average,
    # and a seeker's own group gets ~ its population share (~1/5), not 100%
    rng = np.random.default_rng(8)
    group = np.repeat(np.arange(5), 60)
    order, start, size = _groups(group)
    seekers = np.full(30_000, 7)  # all in group 0
    cand = social.pick_candidates(seekers, group, order, start, size, 0.0, rng)
    counts = np.bincount(cand, minlength=300)
    assert counts.min() > 50 and counts.max() < 150
    assert abs((group[cand] == 0).mean() - 0.2) < 0.015
    # local = 0.5: half local + half anywhere -> 0.5 + 0.5 * 0.2 = 0.6 in own group
    cand = social.pick_candidates(seekers, group, order, start, size, 0.5, rng)
    assert abs((group[cand] == 0).mean() - 0.6) < 0.015


# =========================================================================================
# conformity
# =========================================================================================
def test_perceive_exact_noisy_unknown():
    noise = arr(0.5, 1.0, 2.0)
    learned = arr(4.0, 0.0, 9.0)
    np.testing.assert_allclose(conformity.perceive(12.0, "exact", noise, learned), [12, 12, 12])
    # noisy: 12 * [0.5, 1, 2] = [6, 12, 24]
    np.testing.assert_allclose(conformity.perceive(12.0, "noisy", noise, learned), [6, 12, 24])
    # unknown: what each has learned so far, whatever the true cost is
    for cost in (0.0, 12.0, 1e6):
        np.testing.assert_allclose(conformity.perceive(cost, "unknown", noise, learned), [4, 0, 9])


def test_learning_relaxes_to_the_guess_and_grows_with_evidence():
    from game.sim.rules import learning

    guess, belief = arr(2.0, 2.0), arr(10.0, 2.0)
    # 2 + 0.5 * (10 - 2) + 0.25 * 4 = 7 ; 2 + 0 + 0.25 * 0 = 2
    np.testing.assert_allclose(learning.update(belief, guess, 0.5, 0.25, arr(4.0, 0.0)), [7.0, 2.0])
    # with nothing seen, a belief decays to the guess geometrically
    b = belief
    for _ in range(100):
        b = learning.update(b, guess, 0.9, 1.0, arr(0.0, 0.0))
    np.testing.assert_allclose(b, guess, atol=1e-2)


def test_friend_evidence_counts_only_friends_who_lost_friends():
    from game.sim.rules import learning

    # a path 0 - 1 - 2: citizen 1 lost a friend and fell 6 points; 2 fell 9 but lost nobody
    adj = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=float)
    seen = learning.friend_evidence(arr(0.0, 6.0, 9.0), np.array([False, True, False]), lambda x: adj @ x)
    np.testing.assert_allclose(seen, [6.0, 0.0, 6.0])


def test_speech_evidence_own_and_heard():
    from game.sim.rules import learning

    adj = np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]], dtype=float)
    spoke = np.array([False, True, False])
    heard = learning.speech_evidence(2.0, spoke, lambda x: adj @ x, adj.sum(1))
    np.testing.assert_allclose(heard, [1.0, 2.0, 0.0])  # 0 hears half its friends; 1 pays it itself
    assert not learning.speech_evidence(0.0, spoke, lambda x: adj @ x, adj.sum(1)).any()


def test_update_hand_cases():
    #            dissent committed share thr  perc sens tol -> conform, peers, score
    # 0 agrees:  F       F         0     0.5  0    1    1      T (agrees), F, F
    # 1 dissent: T       F         0.6   0.5  0    1    1      T by peers, T, F
    # 2 dissent: T       F         0.2   0.5  10   1    5      T by score (10 > 5), F, T
    # 3 dissent: T       F         0.2   0.5  10   0.5  5      F (5 > 5 is false), F, F
    # 4 dissent: T       F         0.5   0.5  10   1    5      T both: counted by peers only
    # 5 agrees, committed                                       T, F, F
    conf, peers, score = conformity.update(
        private_dissent=np.array([False, True, True, True, True, False]),
        committed=np.array([False, False, False, False, False, True]),
        friend_share=arr(0, 0.6, 0.2, 0.2, 0.5, 0), threshold=arr(0.5, 0.5, 0.5, 0.5, 0.5, 0.5),
        perceived=arr(0, 0, 10, 10, 10, 0), sensitivity=arr(1, 1, 1, 0.5, 1, 1),
        tolerance=arr(1, 1, 5, 5, 5, 1))
    assert conf.tolist() == [True, True, True, False, True, True]
    assert peers.tolist() == [False, True, False, False, True, False]
    assert score.tolist() == [False, False, True, False, False, False]


def test_update_committed_dissenter_is_not_silenced():
    # A committed conformer who privately dissents conforms because of the commitment,
    # not because of peers or score: neither "silenced" count should include them.
    conf, peers, score = conformity.update(
        private_dissent=np.array([True, True]), committed=np.array([True, True]),
        friend_share=arr(0.9, 0.0), threshold=arr(0.5, 0.5),
        perceived=arr(0.0, 10.0), sensitivity=arr(1.0, 1.0), tolerance=arr(5.0, 5.0))
    assert conf.tolist() == [True, True]
    assert peers.tolist() == [False, False]
    assert score.tolist() == [False, False]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_update_properties(data):
    n = data.draw(st.integers(1, 30))
    b = st.lists(st.booleans(), min_size=n, max_size=n)
    u = st.lists(st.floats(0, 1), min_size=n, max_size=n)
    p = st.lists(st.floats(0, 50), min_size=n, max_size=n)
    dissent, committed = np.array(data.draw(b)), np.array(data.draw(b))
    share, thr = np.array(data.draw(u)), np.array(data.draw(u))
    perc, sens, tol = np.array(data.draw(p)), np.array(data.draw(u)), np.array(data.draw(p))
    conf, peers, score = conformity.update(dissent, committed, share, thr, perc, sens, tol)
    assert np.all(conf[committed]), "committed always conform"
    assert np.all(conf[~dissent]), "those who agree always conform"
    free = dissent & ~committed
    want = (share >= thr) | (perc * sens > tol)
    assert np.array_equal(conf[free], want[free]), "a dissenter conforms iff peers or score"
    # silenced masks: only conforming, uncommitted dissenters; never both reasons at once;
    # together they are exactly the silenced dissenters
    for m in (peers, score):
        assert not np.any(m & ~(conf & free))
    assert not np.any(peers & score)
    assert np.array_equal(peers | score, conf & free)


# =========================================================================================
# access
# =========================================================================================
def _gate(idx, **over):
    # five applicants, each failing exactly one more gate than the one before:
    #   0 passes everything; 1 price only; 2 friends avg + price; 3 score + ...;
    #   4 tier + ...; 5 listed + everything
    kw = dict(
        listed=np.array([False, False, False, False, False, True]),
        tier=np.array([0, 0, 0, 0, 3, 3], dtype=np.int8),
        score=arr(800, 800, 800, 500, 500, 500),
        friends_mean=arr(800, 800, 500, 500, 500, np.nan),
        wealth=arr(100, 10, 10, 10, 10, 10),
        blacklist_ban=True, worst_tier=2, score_floor=600.0, friends_min=600.0, price=50.0,
        score_visible=True)
    kw.update(over)
    return access.gate(np.asarray(idx), **kw).tolist()


def test_gate_reasons_first_failure_wins_in_documented_order():
    assert access.REASONS == ("granted", "blacklist", "tier", "score", "friends_average", "price")
    # blacklist(1) beats tier(2) beats score(3) beats friends_average(4) beats price(5)
    assert _gate([0, 1, 2, 3, 4, 5]) == [0, 5, 4, 3, 2, 1]
    # only a subset of applicants, in any order
    assert _gate([5, 0, 3]) == [1, 0, 3]


def test_gate_switched_off_gates_pass():
    # no blacklist ban: citizen 5 falls to the next failing gate, tier
    assert _gate([5], blacklist_ban=False) == [2]
    # free service: citizen 1 (too poor) is granted
    assert _gate([1], price=0.0) == [0]
    # friends gate off (sentinel below -1e9)
    assert _gate([2], friends_min=-np.inf) == [5]


def test_gate_ignores_tier_score_friends_when_score_invisible():
    # without a visible score only blacklist and price remain
    assert _gate([0, 1, 2, 3, 4, 5], score_visible=False) == [0, 5, 5, 5, 5, 1]
    assert _gate([4], score_visible=False, price=0.0) == [0]


def test_gate_no_friends_fails_friends_gate():
    # NaN friends' mean (nobody to average) is below any minimum, even a very low one
    got = access.gate(np.array([0, 1]), listed=np.zeros(2, bool), tier=np.zeros(2, np.int8),
                      score=arr(900, 900), friends_mean=arr(np.nan, 0.0),
                      wealth=arr(100, 100), blacklist_ban=True, worst_tier=3, score_floor=0.0,
                      friends_min=-100.0, price=0.0, score_visible=True)
    assert got.tolist() == [4, 0]


def test_gate_price_is_inclusive():
    # wealth exactly the price can pay (fails only when wealth < price)
    got = access.gate(np.array([0, 1]), listed=np.zeros(2, bool), tier=np.zeros(2, np.int8),
                      score=arr(0, 0), friends_mean=arr(0, 0), wealth=arr(50, 49.99),
                      blacklist_ban=False, worst_tier=3, score_floor=-1.0, friends_min=-1e12,
                      price=50.0, score_visible=True)
    assert got.tolist() == [0, 5]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 60), st.sampled_from([1.0, 600.0, 1e-300]),
       st.sampled_from(["plain", "infinities", "nan", "flat", "low cuts"]))
def test_screen_bins_never_rule_out_a_tie_that_passes(seed, n, unit, shape):
    """A friend valued below a citizen's cut always lands in a bin no higher than the
    cut's, whatever the values (a tiny range, infinities, NaN, one value, cuts below all
    values), so the screen rules out only ties the exact test would reject."""
    rng = np.random.default_rng(seed)
    value = rng.random(n) * unit
    cut = rng.normal(0.2, 0.5, n) * unit
    if shape == "infinities":
        cut[rng.random(n) < 0.3] = -np.inf
        cut[rng.random(n) < 0.1] = np.inf
    elif shape == "nan":
        value[rng.random(n) < 0.2] = np.nan
        cut[rng.random(n) < 0.2] = np.nan
    elif shape == "flat":
        value[:] = 0.5 * unit
    elif shape == "low cuts":
        cut = value.min() - np.abs(cut) - unit
    vb, cb = social.screen_bins(value, cut)
    assert vb.dtype == cb.dtype == np.uint8
    assert vb.max(initial=0) < social.SCREEN_BINS and cb.max(initial=0) < social.SCREEN_BINS
    passes = value[None, :] < cut[:, None]  # [a, b]: b's value below a's cut
    assert (vb[None, :] <= cb[:, None])[passes].all()


def test_screen_bins_separate_a_few_low_friends_from_modest_cuts():
    """Typical shape: most friends score well, a few are listed near the floor, and most
    citizens' cuts sit far below everyone; only pairs with a low friend or a high cut
    survive the bins."""
    value = np.r_[np.full(95, 0.6), np.full(5, 0.02)]
    cut = np.r_[np.full(90, -1.0), np.full(10, 0.3)]
    vb, cb = social.screen_bins(value, cut)
    survive = vb[None, :] <= cb[:, None]
    assert survive[:90, :95].sum() == 0  # a modest cut never meets a friend who scores well
    assert survive[90:, 95:].all()  # the high cuts meet the low friends


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 5), max_size=6, unique=True), max_size=8), st.integers(1, 4))
def test_push_plan_matches_pushing_one_batch_at_a_time(batches, kept):
    """Refusal memory: one vectorised push of a step's refusals equals the plain
    per-service shift (each service's refused citizens are unique within it)."""
    n = 6
    want = np.arange(n * kept, dtype=np.float64).reshape(n, kept)
    got = want.copy()
    values = []
    for b, batch in enumerate(batches):
        idx = np.array(batch, dtype=np.int64)
        vals = 100.0 + 10 * b + np.arange(idx.size)
        want[idx, 1:] = want[idx, :-1]
        want[idx, 0] = vals
        values.append(vals)
    who = np.concatenate([np.array(b, dtype=np.int64) for b in batches]) if batches else np.empty(0, np.int64)
    vals = np.concatenate(values) if values else np.empty(0)
    access.push(got, access.push_plan(who, kept), vals)
    assert np.array_equal(got, want)

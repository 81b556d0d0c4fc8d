"""Tests for game.sim.metrics: hand-computed cases plus hypothesis properties.

Gini convention (population Gini):
    G = sum_i sum_j |x_i - x_j| / (2 * n**2 * mean(x))
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.sim import metrics as m
from game.sim import network_metrics as nm

# --------------------------------------------------------------------------- #
# Reference implementations (deliberately naive)
# --------------------------------------------------------------------------- #


def gini_bruteforce(x: np.ndarray) -> float:
    x = np.asarray(x, dtype=np.float64)
    if x.size == 0 or x.sum() == 0:
        return 0.0
    return float(np.abs(x[:, None] - x[None, :]).sum() / (2 * x.size**2 * x.mean()))


def largest_component_union_find(n: int, u, v) -> float:
    if n == 0:
        return 0.0
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in zip(u, v):
        ra, rb = find(int(a)), find(int(b))
        if ra != rb:
            parent[ra] = rb
    sizes: dict[int, int] = {}
    for i in range(n):
        r = find(i)
        sizes[r] = sizes.get(r, 0) + 1
    return max(sizes.values()) / n


@st.composite
def graphs(draw, max_n: int = 30, max_e: int = 60):
    n = draw(st.integers(1, max_n))
    e = draw(st.integers(0, max_e))
    u = draw(st.lists(st.integers(0, n - 1), min_size=e, max_size=e))
    v = draw(st.lists(st.integers(0, n - 1), min_size=e, max_size=e))
    return n, np.array(u, dtype=np.int64), np.array(v, dtype=np.int64)


# --------------------------------------------------------------------------- #
# gini
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # 2 zeros x 2 ones x 2 orders = 8 diffs of 1 -> 8 / (2*16*0.5) = 0.5
        ([0, 0, 1, 1], 0.5),
        # all equal -> no differences -> 0
        ([1, 1, 1], 0.0),
        # 3 zeros x 1 three x 2 orders = 6 diffs of 3 = 18 -> 18 / (2*16*0.75) = 0.75
        ([0, 0, 0, 3], 0.75),
        # |1-2|+|1-3|+|2-3| = 4, x2 orders = 8 -> 8 / (2*9*2) = 2/9
        ([3, 1, 2], 2 / 9),
        # single value -> (n-1)/n = 0
        ([5], 0.0),
    ],
)
def test_gini_hand_cases(values, expected):
    assert m.gini(np.array(values)) == pytest.approx(expected, abs=1e-12)


def test_gini_empty_and_all_zero():
    assert m.gini(np.array([])) == 0.0
    assert m.gini(np.zeros(10)) == 0.0


def test_gini_negative_raises():
    with pytest.raises(ValueError):
        m.gini(np.array([1.0, -0.5, 2.0]))


def test_gini_large_input_is_bounded():
    # one holder of everything among 1e6 -> (n-1)/n, strictly below 1
    x = np.zeros(1_000_000)
    x[0] = 1.0
    g = m.gini(x)
    assert g == pytest.approx(1 - 1e-6, abs=1e-9)
    assert g < 1.0


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 1000), min_size=1, max_size=50),
    st.floats(0.01, 100.0),
    st.randoms(use_true_random=False),
)
def test_gini_properties(values, scale, rnd):
    x = np.array(values, dtype=np.float64)
    g = m.gini(x)
    assert 0.0 <= g < 1.0
    assert g == pytest.approx(gini_bruteforce(x), abs=1e-9)
    assert m.gini(x * scale) == pytest.approx(g, abs=1e-9)
    perm = list(values)
    rnd.shuffle(perm)
    assert m.gini(np.array(perm, dtype=np.float64)) == pytest.approx(g, abs=1e-12)


# --------------------------------------------------------------------------- #
# mean / median / share / tier_shares / conformity_gap
# --------------------------------------------------------------------------- #


def test_mean_median():
    # mean: (1+2+3+10)/4 = 4 ; median: (2+3)/2 = 2.5
    x = np.array([10, 1, 3, 2])
    assert m.mean(x) == 4.0
    assert m.median(x) == 2.5
    assert m.mean(np.array([])) == 0.0
    assert m.median(np.array([])) == 0.0


def test_share():
    # 2 of 5 True -> 0.4
    assert m.share(np.array([True, False, True, False, False])) == pytest.approx(0.4)
    assert m.share(np.array([], dtype=bool)) == 0.0


def test_tier_shares_hand_case():
    # counts per tier 0..3 = [1, 1, 3, 0] of 5 -> [0.2, 0.2, 0.6, 0.0]
    out = m.tier_shares(np.array([0, 2, 2, 1, 2]), 4)
    np.testing.assert_allclose(out, [0.2, 0.2, 0.6, 0.0])
    assert out.dtype == np.float64


def test_tier_shares_empty_and_out_of_range():
    np.testing.assert_array_equal(m.tier_shares(np.array([], dtype=int), 3), np.zeros(3))
    with pytest.raises(ValueError):
        m.tier_shares(np.array([0, 3]), 3)


@given(st.integers(1, 6).flatmap(
    lambda k: st.tuples(st.just(k), st.lists(st.integers(0, k - 1), min_size=1, max_size=80))
))
def test_tier_shares_sum_to_one(args):
    k, tiers = args
    out = m.tier_shares(np.array(tiers), k)
    assert out.shape == (k,)
    assert out.sum() == pytest.approx(1.0)
    assert np.all(out >= 0)


def test_conformity_gap():
    # private 3/4 = 0.75, public 1/4 = 0.25 -> gap 0.5
    priv = np.array([True, True, True, False])
    pub = np.array([True, False, False, False])
    assert m.conformity_gap(priv, pub) == pytest.approx(0.5)
    assert m.conformity_gap(pub, priv) == pytest.approx(-0.5)
    with pytest.raises(ValueError):
        m.conformity_gap(priv, pub[:3])


# --------------------------------------------------------------------------- #
# largest_component_fraction
# --------------------------------------------------------------------------- #


def test_largest_component_hand_cases():
    # components {0,1,2}, {3,4}, {5} -> 3/6 = 0.5
    assert nm.largest_component_fraction(6, np.array([0, 1, 3]), np.array([1, 2, 4])) == 0.5
    # no edges -> every node alone -> 1/4
    empty = np.array([], dtype=np.int64)
    assert nm.largest_component_fraction(4, empty, empty) == 0.25
    assert nm.largest_component_fraction(0, empty, empty) == 0.0
    # edge direction must not matter: 0<-1, 2->1 joins {0,1,2} -> 3/4
    assert nm.largest_component_fraction(4, np.array([1, 2]), np.array([0, 1])) == 0.75


def test_largest_component_out_of_range_raises():
    with pytest.raises(ValueError):
        nm.largest_component_fraction(3, np.array([0]), np.array([3]))


def test_largest_component_large_chain():
    # path 0-1-...-(n-1) joins everything; node n-1 detached by dropping last edge
    n = 1_000_000
    u = np.arange(n - 2)
    assert nm.largest_component_fraction(n, u, u + 1) == pytest.approx((n - 1) / n)


@settings(max_examples=200, deadline=None)
@given(graphs())
def test_largest_component_matches_union_find(g):
    n, u, v = g
    assert nm.largest_component_fraction(n, u, v) == pytest.approx(
        largest_component_union_find(n, u, v)
    )


# --------------------------------------------------------------------------- #
# score_assortativity
# --------------------------------------------------------------------------- #


def test_assortativity_hand_cases():
    # edges (0,1),(2,3), scores [0,0,1,1]: ends always equal -> r = 1
    s = np.array([0.0, 0.0, 1.0, 1.0])
    assert nm.score_assortativity(s, np.array([0, 2]), np.array([1, 3])) == pytest.approx(1.0)
    # scores [0,1,0,1] on same edges: ends always opposite -> r = -1
    s = np.array([0.0, 1.0, 0.0, 1.0])
    assert nm.score_assortativity(s, np.array([0, 2]), np.array([1, 3])) == pytest.approx(-1.0)
    # star: center 0 (score 2), leaves 1 (0), 2 (1); edges (0,1),(0,2)
    # x=[2,2,0,1], y=[0,1,2,2], mean 1.25
    # dx=[.75,.75,-1.25,-.25], dy=[-1.25,-.25,.75,.75]
    # cov = -.9375-.1875-.9375-.1875 = -2.25 ; var = .5625*2+1.5625+.0625 = 2.75
    # r = -2.25/2.75 = -9/11
    s = np.array([2.0, 0.0, 1.0])
    assert nm.score_assortativity(s, np.array([0, 0]), np.array([1, 2])) == pytest.approx(-9 / 11)


def test_assortativity_degenerate():
    empty = np.array([], dtype=np.int64)
    assert nm.score_assortativity(np.array([1.0, 2.0]), empty, empty) == 0.0
    # constant scores (0.1 is not exact in binary) -> zero variance -> 0.0
    s = np.full(5, 0.1)
    assert nm.score_assortativity(s, np.array([0, 1, 2]), np.array([1, 2, 3])) == 0.0


@settings(max_examples=200, deadline=None)
@given(graphs(max_n=20, max_e=40), st.data())
def test_assortativity_properties(g, data):
    n, u, v = g
    s = np.array(data.draw(st.lists(st.integers(-50, 50), min_size=n, max_size=n)), dtype=float)
    r = nm.score_assortativity(s, u, v)
    assert -1.0 <= r <= 1.0
    assert nm.score_assortativity(s, v, u) == pytest.approx(r, abs=1e-12)
    x = np.concatenate([s[u], s[v]])
    y = np.concatenate([s[v], s[u]])
    if u.size and np.ptp(x) > 0:
        assert r == pytest.approx(np.corrcoef(x, y)[0, 1], abs=1e-9)
    else:
        assert r == 0.0


# --------------------------------------------------------------------------- #
# cascade_stats
# --------------------------------------------------------------------------- #


def test_cascade_stats_hand_case():
    # cascade 7: 1 dropped 2 (ring 1), 3 dropped 2 (ring 1), 4 dropped 3 (ring 2) -> 4 people, depth 2
    # cascade 3: 5 dropped 6 twice over (ring 1) -> 2 people, depth 1
    roots, sizes, depths = nm.cascade_stats(root=np.array([7, 7, 3, 7, 3]), a=np.array([1, 3, 5, 4, 5]),
                                           b=np.array([2, 2, 6, 3, 6]), depth=np.array([1, 1, 1, 2, 1]))
    assert roots.tolist() == [3, 7] and sizes.tolist() == [2, 4] and depths.tolist() == [1, 2]


def test_cascade_stats_empty():
    roots, sizes, depths = nm.cascade_stats(*(np.array([], dtype=int),) * 4)
    assert roots.size == sizes.size == depths.size == 0


# --------------------------------------------------------------------------- #
# denial rates
# --------------------------------------------------------------------------- #


def test_denial_rate():
    # [1/4, 0 (no attempts), 5/5] ; overall (1+0+5)/(4+0+5) = 6/9
    att, den = np.array([4, 0, 5]), np.array([1, 0, 5])
    np.testing.assert_allclose(m.denial_rate(att, den), [0.25, 0.0, 1.0])
    assert m.overall_denial_rate(att, den) == pytest.approx(2 / 3)
    zeros = np.zeros(3, dtype=int)
    np.testing.assert_array_equal(m.denial_rate(zeros, zeros), np.zeros(3))
    assert m.overall_denial_rate(zeros, zeros) == 0.0


# --------------------------------------------------------------------------- #
# mobility
# --------------------------------------------------------------------------- #


def test_mobility_hand_case():
    # before 0: after [0,0,0,1] -> row0 = [3/4, 1/4, 0]
    # before 1: after [0,1]     -> row1 = [1/2, 1/2, 0]
    # nobody in tier 2          -> row2 = [0, 0, 0]
    before = np.array([0, 0, 0, 0, 1, 1])
    after = np.array([0, 0, 0, 1, 0, 1])
    mat = m.mobility_matrix(before, after, 3)
    np.testing.assert_allclose(mat, [[0.75, 0.25, 0.0], [0.5, 0.5, 0.0], [0.0, 0.0, 0.0]])
    # unweighted: mean of diag over non-empty rows = (0.75 + 0.5)/2 = 0.625
    assert m.mobility_diagonal(mat) == pytest.approx(0.625)
    # weighted: stayers 3 + 1 = 4 of 6 = 2/3 = 0.75*4/6 + 0.5*2/6
    shares = m.tier_shares(before, 3)
    assert m.mobility_diagonal(mat, shares) == pytest.approx(2 / 3)


def test_mobility_empty_and_errors():
    empty = np.array([], dtype=int)
    mat = m.mobility_matrix(empty, empty, 2)
    np.testing.assert_array_equal(mat, np.zeros((2, 2)))
    assert m.mobility_diagonal(mat) == 0.0
    assert m.mobility_diagonal(mat, np.zeros(2)) == 0.0
    with pytest.raises(ValueError):
        m.mobility_matrix(np.array([0, 1]), np.array([0]), 2)
    with pytest.raises(ValueError):
        m.mobility_matrix(np.array([0, 2]), np.array([0, 1]), 2)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5).flatmap(
    lambda k: st.tuples(
        st.just(k),
        st.lists(st.tuples(st.integers(0, k - 1), st.integers(0, k - 1)), max_size=60),
    )
))
def test_mobility_properties(args):
    k, pairs = args
    before = np.array([p[0] for p in pairs], dtype=np.int64)
    after = np.array([p[1] for p in pairs], dtype=np.int64)
    mat = m.mobility_matrix(before, after, k)
    assert mat.shape == (k, k)
    present = np.bincount(before, minlength=k) > 0
    np.testing.assert_allclose(mat.sum(axis=1), present.astype(float))
    # weighted diagonal equals the raw fraction of stayers
    stayed = float(np.mean(before == after)) if pairs else 0.0
    assert m.mobility_diagonal(mat, m.tier_shares(before, k)) == pytest.approx(stayed)


def test_assortativity_from_sums_matches_the_edge_version():
    rng = np.random.default_rng(3)
    for n, n_edges in ((30, 60), (200, 900), (5, 0)):
        u = rng.integers(0, n, n_edges)
        v = (u + 1 + rng.integers(0, n - 1, n_edges)) % n
        s = rng.normal(600, 80, n)
        deg = np.bincount(u, minlength=n) + np.bincount(v, minlength=n)
        fsum = np.bincount(u, weights=s[v], minlength=n) + np.bincount(v, weights=s[u], minlength=n)
        assert nm.score_assortativity_from_sums(s, deg, fsum) == pytest.approx(
            nm.score_assortativity(s, u, v), abs=1e-9)


def test_sort_based_unique_matches_numpy():
    from game.sim.arrays import sorted_unique, unique_counts

    rng = np.random.default_rng(0)
    for x in (rng.integers(0, 50, 1000), np.array([], dtype=np.int64), np.array([7]), rng.integers(0, 10**12, 5000)):
        assert np.array_equal(sorted_unique(x), np.unique(x))
        vals, counts = unique_counts(x)
        ref_vals, ref_counts = np.unique(x, return_counts=True)
        assert np.array_equal(vals, ref_vals) and np.array_equal(counts, ref_counts)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 300), st.integers(0, 2_000))
def test_counting_unique_and_sorted_merge_match_numpy(seed, n, k):
    """sorted_unique_below (counting when there are many) and merge_sorted (placing one
    sorted array among another) give numpy's unique and sort, values and dtype."""
    from game.sim.arrays import merge_sorted, sorted_unique_below

    rng = np.random.default_rng(seed)
    x = rng.integers(0, n, k)
    got = sorted_unique_below(x, n)
    assert np.array_equal(got, np.unique(x)) and got.dtype == x.dtype
    a = np.unique(rng.integers(0, 10**6, k))
    b = np.setdiff1d(np.unique(rng.integers(0, 10**6, k // 3)), a)
    assert np.array_equal(merge_sorted(a, b), np.sort(np.concatenate([a, b])))


@pytest.mark.parametrize("n", [1, 2, 3, 10, 101, 1000])
def test_median_partition_equals_numpy_median(n):
    x = np.random.default_rng(n).normal(600, 80, n)
    assert m.median_partition(x) == pytest.approx(float(np.median(x)), rel=0, abs=1e-12)
    assert m.median_partition(np.empty(0)) == 0.0


def test_gini_rounded_is_within_a_millionth_of_the_exact_gini():
    rng = np.random.default_rng(4)
    for x, offset in ((rng.uniform(350, 950, 100_000), 350.0), (rng.lognormal(4, 1, 100_000), 0.0),
                      (np.zeros(5), 0.0)):
        exact = m.gini(x - offset)
        assert m.gini_rounded(x, offset) == pytest.approx(exact, rel=1e-6, abs=1e-12)

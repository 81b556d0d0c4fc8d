"""Tests for game.sim.friends.Friendships (sorted edge arrays with an alive mask).

Every check compares the fast structure with a plain Python reference: a set of
``(u, v)`` tuples with ``u < v``.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.sim.friends import Friendships


# --- reference helpers --------------------------------------------------------------------
def norm(a: int, b: int) -> tuple[int, int]:
    return (min(a, b), max(a, b))


def live_set(f: Friendships) -> set[tuple[int, int]]:
    u, v, _ = f.live()
    return set(zip(u.tolist(), v.tolist()))


def check_against(f: Friendships, ref: set[tuple[int, int]], values: np.ndarray) -> None:
    """Every public query agrees with the brute-force reference."""
    n = f.n
    # storage invariants: sorted unique keys, u < v, alive count matches
    assert np.all(np.diff(f.key) > 0), "keys sorted and unique"
    assert np.all(f.u < f.v)
    assert np.array_equal(f.key, f.u.astype(np.int64) * n + f.v)
    assert f.alive.size == f.key.size
    assert int(f.alive.sum()) == len(ref) == f.n_edges
    # the CSR view of the upper triangle: row pointer over u, data mirrors alive
    assert np.array_equal(f.indptr, np.r_[0, np.cumsum(np.bincount(f.u, minlength=n))])
    assert np.array_equal(f.weight, f.alive.astype(np.float64))
    from game.sim.network_metrics import largest_component_fraction

    u, v, _ = f.live()
    assert f.largest_component() == largest_component_fraction(n, u, v)

    # edge set from live(), and the live index column points at those entries
    u, v, idx = f.live()
    assert set(zip(u.tolist(), v.tolist())) == ref
    assert np.array_equal(f.u[idx], u) and np.array_equal(f.v[idx], v)

    # degree
    deg = np.zeros(n, dtype=np.int64)
    for a, b in ref:
        deg[a] += 1
        deg[b] += 1
    assert np.array_equal(f.degree, deg)

    # find(): index >= 0 iff friends, symmetric, pointing at the right entry
    aa, bb = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    aa, bb = aa.ravel(), bb.ravel()
    found = f.find(aa, bb)
    truth = np.array([norm(a, b) in ref and a != b for a, b in zip(aa.tolist(), bb.tolist())])
    assert np.array_equal(found >= 0, truth)
    hit = found >= 0
    assert np.array_equal(f.u[found[hit]], np.minimum(aa, bb)[hit])
    assert np.array_equal(f.v[found[hit]], np.maximum(aa, bb)[hit])
    assert np.all(f.alive[found[hit]])
    assert np.array_equal(found, f.find(bb, aa)), "find is symmetric"

    # neighbour_sum / neighbour_mean / neighbours vs brute force
    nbrs = {i: sorted([b for a, b in ref if a == i] + [a for a, b in ref if b == i])
            for i in range(n)}
    want_sum = np.array([sum(values[j] for j in nbrs[i]) for i in range(n)], dtype=np.float64)
    np.testing.assert_allclose(f.neighbour_sum(values), want_sum, rtol=1e-12, atol=1e-9)
    mean = f.neighbour_mean(values)
    for i in range(n):
        if nbrs[i]:
            assert mean[i] == pytest.approx(np.mean(values[nbrs[i]]), rel=1e-12, abs=1e-9)
        else:
            assert np.isnan(mean[i])
        assert f.neighbours(i).tolist() == nbrs[i]
    assert np.all(f.neighbour_mean(values, empty=-7.0)[deg == 0] == -7.0)


def values_for(n: int) -> np.ndarray:
    return np.random.default_rng(n).normal(size=n) * 100.0


# --- construction -------------------------------------------------------------------------
def test_construction_dedupes_drops_self_loops_and_sorts():
    # (3,1) and (1,3) are one tie; (2,2) is a self-loop; (0,4) appears twice.
    f = Friendships(5, [3, 1, 2, 0, 4, 0], [1, 3, 2, 4, 0, 1])
    # keys u*n+v: (0,1)=1, (0,4)=4, (1,3)=8 -> sorted [1, 4, 8]
    assert f.key.tolist() == [1, 4, 8]
    assert f.u.tolist() == [0, 0, 1] and f.v.tolist() == [1, 4, 3]
    assert f.alive.all()
    # degrees: 0 -> {1,4}=2, 1 -> {0,3}=2, 2 -> 0, 3 -> {1}=1, 4 -> {0}=1
    assert f.degree.tolist() == [2, 2, 0, 1, 1]
    assert f.n_edges == 3 and f.version == 0


def test_construction_empty_graph():
    f = Friendships(4, [], [])
    assert f.n_edges == 0 and f.degree.tolist() == [0, 0, 0, 0]
    assert f.find(np.array([0]), np.array([1])).tolist() == [-1]
    assert np.all(np.isnan(f.neighbour_mean(np.ones(4))))


def test_add_to_an_empty_graph():
    """A town where nobody has friends yet must still be able to make some."""
    f = Friendships(4, [], [])
    a, b = f.add(np.array([2, 0]), np.array([1, 3]))
    assert list(zip(a.tolist(), b.tolist())) == [(0, 3), (1, 2)]
    assert f.degree.tolist() == [1, 1, 1, 1]


def test_add_after_everything_was_removed_and_compacted():
    f = Friendships(4, [0], [1])
    f.remove(f.find(np.array([0]), np.array([1])))
    f.compact()  # no entries left at all
    assert f.key.size == 0
    a, b = f.add(np.array([1]), np.array([2]))
    assert (a.tolist(), b.tolist()) == ([1], [2])
    assert live_set(f) == {(1, 2)}


# --- add / remove / version ---------------------------------------------------------------
def test_add_returns_only_new_pairs_in_key_order():
    f = Friendships(6, [0, 2], [1, 3])
    v0 = f.version
    # (1,0) exists, (4,4) self-loop, (5,2) new, (2,5) duplicate of it, (0,4) new
    a, b = f.add(np.array([1, 4, 5, 2, 0]), np.array([0, 4, 2, 5, 4]))
    # new keys: (0,4)=4, (2,5)=17 -> key order
    assert a.dtype == np.int32 and b.dtype == np.int32
    assert list(zip(a.tolist(), b.tolist())) == [(0, 4), (2, 5)]
    assert live_set(f) == {(0, 1), (2, 3), (0, 4), (2, 5)}
    assert f.version > v0
    # re-adding the same pairs adds nothing
    a, b = f.add(np.array([4, 2]), np.array([0, 5]))
    assert a.size == 0 and b.size == 0
    assert f.n_edges == 4


def test_only_self_loops_add_nothing():
    f = Friendships(3, [0], [1])
    a, b = f.add(np.array([2, 1]), np.array([2, 1]))
    assert a.size == 0 and live_set(f) == {(0, 1)}


def test_remove_then_readd_restores_the_same_state():
    f = Friendships(6, [0, 1, 2, 3, 0], [1, 2, 3, 4, 5])
    before = (f.key.copy(), f.alive.copy(), f.degree.copy(), live_set(f))
    vals = values_for(6)
    sum_before = f.neighbour_sum(vals)
    versions = [f.version]

    idx = f.find(np.array([2, 0]), np.array([1, 5]))
    f.remove(idx)
    versions.append(f.version)
    assert live_set(f) == before[3] - {(1, 2), (0, 5)}
    # removal only clears the flag: the entries (and other indices) stay put
    assert np.array_equal(f.key, before[0])
    assert f.alive.sum() == 3
    assert f.find(np.array([1]), np.array([2])).tolist() == [-1]

    a, b = f.add(np.array([5, 1]), np.array([0, 2]))  # the revive path
    versions.append(f.version)
    assert list(zip(a.tolist(), b.tolist())) == [(0, 5), (1, 2)]
    assert np.array_equal(f.key, before[0])
    assert np.array_equal(f.alive, before[1])
    assert np.array_equal(f.degree, before[2])
    assert live_set(f) == before[3]
    np.testing.assert_allclose(f.neighbour_sum(vals), sum_before)
    assert versions[0] < versions[1] < versions[2], "version changes on every change"


def test_version_changes_on_add_remove_and_compact():
    f = Friendships(5, [0, 1], [1, 2])
    seen = [f.version]
    f.add(np.array([3]), np.array([4]))
    seen.append(f.version)
    f.remove(f.find(np.array([0]), np.array([1])))
    seen.append(f.version)
    f.compact()
    seen.append(f.version)
    assert len(set(seen)) == 4 and seen == sorted(seen)


def test_live_cache_is_refreshed_after_changes():
    f = Friendships(4, [0], [1])
    assert live_set(f) == {(0, 1)}
    f.add(np.array([2]), np.array([3]))
    assert live_set(f) == {(0, 1), (2, 3)}
    f.remove(f.find(np.array([0]), np.array([1])))
    assert live_set(f) == {(2, 3)}


def test_compact_called_directly_drops_dead_entries_and_renumbers():
    f = Friendships(5, [0, 0, 1, 2, 3], [1, 2, 3, 4, 4])
    vals = values_for(5)
    f.remove(f.find(np.array([0, 2]), np.array([2, 4])))
    ref = {(0, 1), (1, 3), (3, 4)}
    assert f.key.size == 5  # dead entries still stored
    check_against(f, ref, vals)
    f.compact()
    assert f.key.size == 3 and f.alive.all()
    # edge indices changed: (1,3) was index 2, now index 1
    assert f.find(np.array([3]), np.array([1])).tolist() == [1]
    check_against(f, ref, vals)


def test_removal_compacts_automatically_once_over_1024_keys_and_30_percent_dead():
    n = 100
    rng = np.random.default_rng(7)
    pairs = rng.choice(n * (n - 1) // 2, size=2000, replace=False)
    iu, iv = np.triu_indices(n, k=1)
    f = Friendships(n, iu[pairs], iv[pairs])
    ref = set(zip(iu[pairs].tolist(), iv[pairs].tolist()))
    assert f.key.size == 2000
    _, _, idx = f.live()
    order = rng.permutation(idx)

    # 500 dead of 2000 = 25% <= 30%: no compaction yet
    gone = order[:500]
    ref -= set(zip(f.u[gone].tolist(), f.v[gone].tolist()))
    f.remove(gone)
    assert f.key.size == 2000 and f.alive.sum() == 1500

    # 700 dead of 2000 = 35% > 30% and 2000 > 1024: compacted to the 1300 live ties
    gone = order[500:700]
    ref -= set(zip(f.u[gone].tolist(), f.v[gone].tolist()))
    f.remove(gone)
    assert f.key.size == 1300 and f.alive.all()
    assert live_set(f) == ref
    deg = np.bincount(np.array(list(ref)).ravel(), minlength=n)
    assert np.array_equal(f.degree, deg)


def test_small_graphs_never_compact_on_their_own():
    # 10 keys, 90% dead: below the 1024-key threshold dead entries stay
    f = Friendships(10, np.arange(9), np.arange(1, 10))
    f.remove(np.arange(9))
    assert f.key.size == 9 and f.n_edges == 0


# --- property tests against the set reference ---------------------------------------------
node = st.integers(min_value=0, max_value=29)
pairs_st = st.lists(st.tuples(node, node), min_size=0, max_size=12)
op_st = st.one_of(
    st.tuples(st.just("add"), pairs_st),
    st.tuples(st.just("remove"), pairs_st),
    st.tuples(st.just("remove_some"), st.floats(0.0, 1.0)),
    st.tuples(st.just("readd"), st.integers(0, 20)),
    st.tuples(st.just("compact"), st.none()),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(2, 30), init=pairs_st, ops=st.lists(op_st, min_size=1, max_size=25))
def test_random_operations_match_a_set_reference(n, init, ops):
    init = [(a % n, b % n) for a, b in init]
    f = Friendships(n, [a for a, _ in init], [b for _, b in init])
    ref = {norm(a, b) for a, b in init if a != b}
    removed: list[tuple[int, int]] = []
    vals = values_for(n)
    check_against(f, ref, vals)

    for kind, arg in ops:
        version = f.version
        before = set(ref)
        if kind == "add" or kind == "readd":
            if kind == "add":
                pairs = [(a % n, b % n) for a, b in arg]
            else:
                pairs = removed[-arg:] if arg else []  # bring back recently cut ties
            a = np.array([p[0] for p in pairs], dtype=np.int64)
            b = np.array([p[1] for p in pairs], dtype=np.int64)
            au, av = f.add(a, b)
            new = {norm(x, y) for x, y in pairs if x != y} - ref
            ref |= new
            got = list(zip(au.tolist(), av.tolist()))
            assert got == sorted(new, key=lambda p: p[0] * n + p[1]), "exactly the new pairs"
        elif kind == "remove":
            pairs = {norm(a % n, b % n) for a, b in arg if a % n != b % n} & ref
            pairs = sorted(pairs)
            idx = f.find(np.array([p[0] for p in pairs], dtype=np.int64),
                         np.array([p[1] for p in pairs], dtype=np.int64))
            assert np.all(idx >= 0)
            f.remove(idx)
            ref -= set(pairs)
            removed.extend(pairs)
        elif kind == "remove_some":
            _, _, idx = f.live()
            take = idx[: int(arg * idx.size)]
            cut = set(zip(f.u[take].tolist(), f.v[take].tolist()))
            f.remove(take)
            ref -= cut
            removed.extend(sorted(cut))
        else:
            f.compact()
            assert f.alive.all() and f.key.size == len(ref)
            assert f.version != version

        if ref != before:
            assert f.version != version, "version changes on every change"
        check_against(f, ref, vals)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1),
       steps=st.lists(st.tuples(st.floats(0.0, 0.5), st.floats(0.0, 1.0)), min_size=1, max_size=6))
def test_bulk_churn_with_automatic_compaction_matches_reference(seed, steps):
    """Big enough (n=60, up to 1770 keys) for remove() to compact on its own."""
    n = 60
    rng = np.random.default_rng(seed)
    iu, iv = np.triu_indices(n, k=1)
    pick = rng.random(iu.size) < 0.75
    f = Friendships(n, iu[pick], iv[pick])
    ref = set(zip(iu[pick].tolist(), iv[pick].tolist()))
    removed: list[tuple[int, int]] = []
    vals = values_for(n)
    for cut_share, readd_share in steps:
        _, _, idx = f.live()
        take = rng.permutation(idx)[: int(cut_share * idx.size)]
        cut = set(zip(f.u[take].tolist(), f.v[take].tolist()))
        f.remove(take)
        ref -= cut
        removed.extend(cut)
        # invariant of remove(): after it returns, large graphs are never > 30% dead
        if f.key.size > 1024:
            assert f.key.size - f.n_edges <= 0.3 * f.key.size
        back = removed[: int(readd_share * len(removed))]
        pa = np.array([p[1] for p in back], dtype=np.int64)  # reversed order on purpose
        pb = np.array([p[0] for p in back], dtype=np.int64)
        au, av = f.add(pa, pb)
        assert set(zip(au.tolist(), av.tolist())) == set(back) - ref
        ref |= set(back)
        removed = [p for p in removed if p not in ref]
        check_against(f, ref, vals)


@pytest.mark.parametrize("seed", range(6))
def test_a_sum_from_a_few_citizens_has_the_bits_of_the_full_product(seed):
    """neighbour_sum_from looks only at the ties of the citizens whose values are not zero,
    and adds the same terms in the same order as the two mat-vecs: the same bits, dead ties,
    revived ties and ties added between old ones included."""
    rng = np.random.default_rng(seed)
    n = 400
    f = Friendships(n, rng.integers(0, n, 3000), rng.integers(0, n, 3000))
    f.remove(rng.choice(np.flatnonzero(f.alive), 300, replace=False))
    f.add(rng.integers(0, n, 200), rng.integers(0, n, 200))
    for density in (0.0, 0.02, 0.3, 1.0):
        values = np.where(rng.random(n) < density, rng.random(n) * 1e3 / 7, 0.0)
        src = np.flatnonzero(values != 0)
        fast, full = f.neighbour_sum_from(values, src), f.neighbour_sum(values)
        assert fast.tobytes() == full.tobytes()


@pytest.mark.parametrize("seed", range(4))
def test_sums_from_several_columns_have_each_columns_bits(seed):
    """neighbour_sums_from finds the ties of ``src`` once for several columns; each column's
    sum has the bits of its own full product, also where a column is zero on most of src."""
    rng = np.random.default_rng(seed)
    n = 400
    f = Friendships(n, rng.integers(0, n, 3000), rng.integers(0, n, 3000))
    f.remove(rng.choice(np.flatnonzero(f.alive), 300, replace=False))
    f.add(rng.integers(0, n, 200), rng.integers(0, n, 200))
    a = np.where(rng.random(n) < 0.05, rng.random(n) * 1e3 / 7, 0.0)
    b = np.where(rng.random(n) < 0.02, rng.choice([-1.0, 1.0], n), 0.0)
    src = np.flatnonzero((a != 0) | (b != 0))
    got = f.neighbour_sums_from((a, b), src)
    assert [x.tobytes() for x in got] == [f.neighbour_sum(a).tobytes(), f.neighbour_sum(b).tobytes()]


@pytest.mark.parametrize("n", [1, 2, 5, 50, 400])
def test_ties_are_placed_and_found_as_a_search_of_the_sorted_keys_would(n):
    """The per-row binary search that places and finds ties (no key column kept) agrees
    with np.searchsorted over the keys ``u * n + v``: positions, dead and live ties, a
    citizen paired with itself and empty rows included."""
    rng = np.random.default_rng(n)
    f = Friendships(n, rng.integers(0, n, 3 * n), rng.integers(0, n, 3 * n))
    f.remove(rng.choice(f.u.size, f.u.size // 4, replace=False))
    a, b = rng.integers(0, n, 500), rng.integers(0, n, 500)
    key = np.minimum(a, b) * n + np.maximum(a, b)
    at = np.searchsorted(f.key, key)
    pos, exists = f._place(np.minimum(a, b), np.maximum(a, b))
    assert np.array_equal(pos, at)
    keys, alive = np.append(f.key, -1), np.append(f.alive, False)  # one past the end: no tie
    assert np.array_equal(exists, keys[at] == key)
    want = np.where(exists & alive[at] & (a != b), at, -1)
    assert np.array_equal(f.find(a, b), want)


def test_row_entries_are_each_rows_stored_ties_in_order():
    f = Friendships(6, np.array([0, 0, 1, 3, 3, 3]), np.array([1, 2, 5, 4, 5, 0]))
    rows = np.array([0, 2, 3])
    got = f.row_entries(rows)
    assert got.tolist() == [i for r in rows.tolist() for i in range(f.indptr[r], f.indptr[r + 1])]
    assert set(f.u[got].tolist()) <= {0, 3} and f.row_entries(np.array([2])).size == 0

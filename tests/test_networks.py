"""Tests for game.sim.networks (pure-numpy friendship-graph generators)."""

from __future__ import annotations

import ast
import random
import signal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.sim import networks as nw

import networkx as nx  # reference implementation, used only here in the tests


def needs_nx(fn):  # networkx is a declared dependency: no test is ever skipped
    return fn

KINDS = ["erdos_renyi", "watts_strogatz", "barabasi_albert", "districts"]
SEEDS = [0, 1, 12345]


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def assert_edge_list(u: np.ndarray, v: np.ndarray, n: int) -> None:
    """The shared (u, v) contract: int32, u < v, in range, sorted, no duplicates."""
    assert isinstance(u, np.ndarray) and isinstance(v, np.ndarray)
    assert u.dtype == np.int32 and v.dtype == np.int32
    assert u.ndim == 1 and v.ndim == 1 and u.shape == v.shape
    if u.size == 0:
        return
    assert u.min() >= 0 and v.max() < n
    assert np.all(u < v), "u < v (and hence no self-loops)"
    keys = u.astype(np.int64) * n + v
    assert np.all(np.diff(keys) > 0), "sorted by u*n+v with no duplicate edges"


def mean_degree(u: np.ndarray, n: int) -> float:
    return 2.0 * u.size / n


def degrees(u: np.ndarray, v: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(u, minlength=n) + np.bincount(v, minlength=n)


def to_nx(u: np.ndarray, v: np.ndarray, n: int):
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(u.tolist(), v.tolist()))
    return g


@pytest.fixture
def deadline():
    """Fail (instead of hanging forever) if the test body takes > 20 s."""

    def _timeout(signum, frame):  # pragma: no cover - only on failure
        raise TimeoutError("generator did not finish in time (hang?)")

    old = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


# --------------------------------------------------------------------------- #
# shared invariants
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", KINDS)
def test_invariants_and_mean_degree(kind: str, seed: int) -> None:
    n = 5000
    u, v, group = nw.build(kind, n, 10, rng(seed))
    assert_edge_list(u, v, n)
    assert mean_degree(u, n) == pytest.approx(10, rel=0.10)
    assert group.dtype == np.int16 and group.shape == (n,)


@pytest.mark.parametrize("d", [3, 5.5, 7, 12.25])
@pytest.mark.parametrize("kind", KINDS)
def test_non_even_mean_degree_is_honoured(kind: str, d: float) -> None:
    n = 4000
    u, v, _ = nw.build(kind, n, d, rng(7))
    assert_edge_list(u, v, n)
    assert mean_degree(u, n) == pytest.approx(d, rel=0.10)


@pytest.mark.parametrize("kind", KINDS)
def test_deterministic_for_equal_seeds(kind: str) -> None:
    a = nw.build(kind, 3000, 8, rng(42))
    b = nw.build(kind, 3000, 8, rng(42))
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("kind", KINDS)
def test_different_seeds_differ(kind: str) -> None:
    n = 3000
    ua, va, _ = nw.build(kind, n, 8, rng(1))
    ub, vb, _ = nw.build(kind, n, 8, rng(2))
    ka = set((ua.astype(np.int64) * n + va).tolist())
    kb = set((ub.astype(np.int64) * n + vb).tolist())
    # even WS (mostly lattice) must differ in its rewired part
    assert len(ka ^ kb) > 0.05 * len(ka)


@pytest.mark.parametrize("kind", KINDS)
def test_no_global_random_state_used(kind: str) -> None:
    np.random.seed(99)
    random.seed(99)
    np_state = np.random.get_state()[1].copy()
    py_state = random.getstate()
    r = rng(3)
    u, v, g = nw.build(kind, 2000, 6, r)
    nw.layout(2000, u, v, g, r)
    assert np.array_equal(np.random.get_state()[1], np_state)
    assert random.getstate() == py_state


def test_module_imports_only_numpy_and_stdlib() -> None:
    """No Mesa, networkx or pygame: only numpy, the standard library, game.sim.arrays and
    the package's own modules."""
    imported = set()
    for path in Path(nw.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                mod = node.module or ""
                imported.add(mod if mod.startswith("game") else mod.split(".")[0])
    own = {m for m in imported if m.startswith("game.sim.networks")}
    assert imported - own <= {"__future__", "math", "typing", "numpy", "game.sim.arrays"}, imported


# --------------------------------------------------------------------------- #
# Erdős-Rényi
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("n, d", [(5000, 10), (50_000, 6), (300, 150), (100, 99)])
def test_er_has_exactly_m_edges(n: int, d: float) -> None:
    u, v = nw.erdos_renyi(n, d, rng(5))
    assert_edge_list(u, v, n)
    assert u.size == min(round(n * d / 2), n * (n - 1) // 2)


def test_er_is_unbiased() -> None:
    n = 50_000  # large enough to use the rejection + top-up sampler
    u, v = nw.erdos_renyi(n, 10, rng(11))
    deg = degrees(u, v, n)
    # binomial-ish degrees: variance ~ mean, no positional bias
    assert deg.var() == pytest.approx(deg.mean(), rel=0.15)
    assert deg[: n // 2].mean() == pytest.approx(deg[n // 2 :].mean(), rel=0.02)
    assert np.mean(v - u) == pytest.approx((n + 1) / 3, rel=0.02)


# --------------------------------------------------------------------------- #
# Watts-Strogatz
# --------------------------------------------------------------------------- #
@needs_nx
@pytest.mark.parametrize("n, k", [(1000, 10), (11, 4), (50, 6)])
def test_ws_without_rewiring_is_networkx_ring_lattice(n: int, k: int) -> None:
    u, v = nw.watts_strogatz(n, k, rng(0), rewire=0.0)
    assert_edge_list(u, v, n)
    ref = nx.watts_strogatz_graph(n, k, 0.0, seed=0)
    ours = {(a, b) for a, b in zip(u.tolist(), v.tolist())}
    theirs = {(min(a, b), max(a, b)) for a, b in ref.edges()}
    assert ours == theirs


def test_ws_rewires_about_the_requested_fraction() -> None:
    n, k, p = 20_000, 10, 0.2
    lattice_u, lattice_v = nw.watts_strogatz(n, k, rng(0), rewire=0.0)
    u, v = nw.watts_strogatz(n, k, rng(1), rewire=p)
    assert u.size == lattice_u.size  # collisions are redrawn, not dropped
    lat = lattice_u.astype(np.int64) * n + lattice_v
    got = u.astype(np.int64) * n + v
    missing = 1.0 - np.isin(lat, got).mean()
    assert missing == pytest.approx(p, abs=0.01)


@needs_nx
@pytest.mark.parametrize("seed", SEEDS)
def test_ws_clustering_much_higher_than_er(seed: int) -> None:
    n = 2000
    ws = to_nx(*nw.watts_strogatz(n, 10, rng(seed), rewire=0.05), n)
    er = to_nx(*nw.erdos_renyi(n, 10, rng(seed)), n)
    c_ws = nx.average_clustering(ws)
    c_er = nx.average_clustering(er)
    assert c_ws > 0.5  # lattice value 2/3 * (1 - p)^3 ~ 0.57
    assert c_ws > 10 * c_er


@needs_nx
def test_ws_full_rewiring_destroys_clustering() -> None:
    n = 2000
    ws = to_nx(*nw.watts_strogatz(n, 10, rng(0), rewire=1.0), n)
    assert nx.average_clustering(ws) < 0.05


# --------------------------------------------------------------------------- #
# Barabási-Albert
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("seed", SEEDS)
def test_ba_heavy_tail(seed: int) -> None:
    n = 20_000
    u, v = nw.barabasi_albert(n, 10, rng(seed))
    assert_edge_list(u, v, n)
    deg = degrees(u, v, n)
    er_u, er_v = nw.erdos_renyi(n, 10, rng(seed))
    er_max = degrees(er_u, er_v, n).max()
    assert deg.mean() == pytest.approx(10, rel=0.10)
    assert deg.max() > 5 * deg.mean()
    assert deg.max() > 5 * er_max
    assert deg.min() >= 5  # every newcomer brings m = 5 links
    # BA tail P(deg >= K) ~ (m / K)^2 (networkx gives ~0.018 and ~0.072 here);
    # for ER with mean 10 both are essentially 0
    assert 0.012 < np.mean(deg >= 40) < 0.03
    assert 0.06 < np.mean(deg >= 20) < 0.085


@needs_nx
def test_ba_is_connected_and_oldest_are_hubs() -> None:
    n = 5000
    u, v = nw.barabasi_albert(n, 4, rng(2))
    g = to_nx(u, v, n)
    assert nx.is_connected(g)
    deg = degrees(u, v, n)
    assert deg[:50].mean() > 5 * deg[-1000:].mean()


# --------------------------------------------------------------------------- #
# districts
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("mixing", [0.0, 0.05, 0.3])
@pytest.mark.parametrize("seed", SEEDS)
def test_districts_mixing_fraction(mixing: float, seed: int) -> None:
    n = 8000
    u, v, group = nw.districts(n, 10, rng(seed), n_districts=8, mixing=mixing)
    assert_edge_list(u, v, n)
    assert mean_degree(u, n) == pytest.approx(10, rel=0.10)
    within = np.mean(group[u] == group[v])
    assert within == pytest.approx(1 - mixing, abs=0.03)


@pytest.mark.parametrize("n, k", [(8000, 8), (1001, 7), (10, 3), (5, 8)])
def test_districts_groups_are_contiguous_blocks(n: int, k: int) -> None:
    _, _, group = nw.districts(n, 4, rng(0), n_districts=k)
    kk = min(k, n)
    np.testing.assert_array_equal(group, np.arange(n) * kk // n)
    assert group.dtype == np.int16
    sizes = np.bincount(group)
    assert sizes.size == kk and sizes.max() - sizes.min() <= 1


def test_districts_within_edges_spread_over_all_districts() -> None:
    n = 80_000  # large: uses the sparse samplers
    u, v, group = nw.districts(n, 10, rng(4), n_districts=8, mixing=0.05)
    assert_edge_list(u, v, n)
    same = group[u] == group[v]
    assert same.mean() == pytest.approx(0.95, abs=0.03)
    per = np.bincount(group[u][same], minlength=8)
    assert per.min() > 0.9 * per.max()
    deg = degrees(u, v, n)
    assert deg.mean() == pytest.approx(10, rel=0.10)


# --------------------------------------------------------------------------- #
# build
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("kind", KINDS)
def test_build_group_is_contiguous_blocks(kind: str) -> None:
    n = 1000
    _, _, group = nw.build(kind, n, 6, rng(0), n_districts=5)
    np.testing.assert_array_equal(group, np.arange(n) * 5 // n)
    _, _, group = nw.build(kind, n, 6, rng(0))
    np.testing.assert_array_equal(group, np.arange(n) * 8 // n)


def test_build_matches_direct_calls() -> None:
    n = 2000
    u, v, _ = nw.build("watts_strogatz", n, 6, rng(3), rewire=0.3)
    u2, v2 = nw.watts_strogatz(n, 6, rng(3), rewire=0.3)
    np.testing.assert_array_equal(u, u2)
    np.testing.assert_array_equal(v, v2)
    u, v, g = nw.build("districts", n, 6, rng(3), n_districts=4, mixing=0.2)
    u2, v2, g2 = nw.districts(n, 6, rng(3), n_districts=4, mixing=0.2)
    np.testing.assert_array_equal(u, u2)
    np.testing.assert_array_equal(g, g2)


def test_build_unknown_kind() -> None:
    with pytest.raises(ValueError) as exc:
        nw.build("small_world", 100, 4, rng(0))
    for kind in KINDS:
        assert kind in str(exc.value)


def test_build_unknown_param_rejected() -> None:
    with pytest.raises(TypeError):
        nw.build("erdos_renyi", 100, 4, rng(0), rewire=0.1)


@pytest.mark.parametrize(
    "call",
    [
        lambda: nw.erdos_renyi(-1, 4, rng(0)),
        lambda: nw.erdos_renyi(10, -1, rng(0)),
        lambda: nw.erdos_renyi(10, float("nan"), rng(0)),
        lambda: nw.watts_strogatz(10, 4, rng(0), rewire=1.5),
        lambda: nw.districts(10, 4, rng(0), mixing=-0.1),
        lambda: nw.districts(10, 4, rng(0), n_districts=0),
    ],
)
def test_invalid_arguments(call) -> None:
    with pytest.raises(ValueError):
        call()


def test_rng_must_be_a_generator() -> None:
    with pytest.raises(TypeError):
        nw.erdos_renyi(10, 4, np.random.RandomState(0))
    with pytest.raises(TypeError):
        nw.barabasi_albert(10, 4, 0)


# --------------------------------------------------------------------------- #
# small n / clamping
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("kind", KINDS)
def test_tiny_graphs(kind: str, deadline) -> None:
    for n in (0, 1):
        u, v, g = nw.build(kind, n, 5, rng(0))
        assert u.size == 0 and v.size == 0 and g.shape == (n,)
        assert_edge_list(u, v, max(n, 1))
    u, v, _ = nw.build(kind, 2, 5, rng(0))
    assert u.tolist() == [0] and v.tolist() == [1]


@pytest.mark.parametrize("kind", KINDS)
def test_degree_above_n_minus_1_is_clamped(kind: str, deadline) -> None:
    n = 10
    for seed in SEEDS:
        u, v, _ = nw.build(kind, n, 50, rng(seed))
        assert_edge_list(u, v, n)
        assert degrees(u, v, n).max() <= n - 1
        if kind == "barabasi_albert":  # can never be complete; still dense
            assert u.size >= 3 * n
        else:
            assert u.size == n * (n - 1) // 2


@pytest.mark.parametrize("kind", KINDS)
def test_all_small_sizes_and_degrees(kind: str, deadline) -> None:
    for n in range(0, 14):
        for d in np.arange(0, 16, 0.5):
            u, v, g = nw.build(kind, n, float(d), rng(int(n * 100 + d * 2)))
            assert_edge_list(u, v, max(n, 1))
            assert g.shape == (n,)
            if n >= 2 and kind != "barabasi_albert":
                # clamped requested mean degree is met closely even here
                target = min(d, n - 1) * n / 2
                assert abs(u.size - target) <= max(1.0, 0.25 * target)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(KINDS),
    n=st.integers(0, 300),
    d=st.floats(0, 400, allow_nan=False),
    seed=st.integers(0, 2**32 - 1),
    k=st.integers(1, 40),
    x=st.floats(0, 1),
)
def test_property_contract(kind: str, n: int, d: float, seed: int, k: int, x: float) -> None:
    params = {"n_districts": k}
    if kind == "watts_strogatz":
        params["rewire"] = x
    if kind == "districts":
        params["mixing"] = x
    u, v, g = nw.build(kind, n, d, rng(seed), **params)
    assert_edge_list(u, v, max(n, 1))
    assert g.dtype == np.int16 and g.shape == (n,)
    pos = nw.layout(n, u, v, g, rng(seed))
    assert pos.shape == (n, 2) and pos.dtype == np.float32
    assert np.all((pos >= 0) & (pos <= 1))


# --------------------------------------------------------------------------- #
# layout
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("n_districts", [1, 8, 20])
def test_layout_shape_range_and_clusters(kind: str, n_districts: int) -> None:
    n = 4000
    u, v, g = nw.build(kind, n, 8, rng(0), n_districts=n_districts)
    pos = nw.layout(n, u, v, g, rng(1))
    assert pos.shape == (n, 2) and pos.dtype == np.float32
    assert np.all(np.isfinite(pos)) and pos.min() >= 0 and pos.max() <= 1
    k = n_districts
    centres = np.stack([np.bincount(g, weights=pos[:, i], minlength=k) for i in (0, 1)], 1)
    centres /= np.bincount(g, minlength=k)[:, None]
    dist = np.linalg.norm(pos[:, None, :] - centres[None, :, :], axis=2)
    assert np.all(dist.argmin(axis=1) == g), "every citizen sits in its own cluster"
    assert len({tuple(p) for p in pos.round(6).tolist()}) == n, "no two citizens overlap"


def test_layout_hubs_at_cluster_centre() -> None:
    n = 5000
    u, v, g = nw.build("barabasi_albert", n, 6, rng(0), n_districts=4)
    pos = nw.layout(n, u, v, g, rng(0))
    deg = degrees(u, v, n)
    for k in range(4):
        m = g == k
        centre = pos[m].mean(axis=0)
        r = np.linalg.norm(pos[m] - centre, axis=1)
        # radius grows monotonically with degree rank (ties aside)
        rho = np.corrcoef(np.argsort(np.argsort(-deg[m], kind="stable")), np.argsort(np.argsort(r)))[0, 1]
        assert rho > 0.95
        assert deg[m][r.argmin()] == deg[m].max()


def test_layout_deterministic() -> None:
    n = 3000
    u, v, g = nw.build("districts", n, 8, rng(0))
    a = nw.layout(n, u, v, g, rng(5))
    b = nw.layout(n, u, v, g, rng(5))
    c = nw.layout(n, u, v, g, rng(6))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_layout_rejects_bad_group() -> None:
    with pytest.raises(ValueError):
        nw.layout(5, np.array([0]), np.array([1]), np.zeros(4, np.int16), rng(0))
    with pytest.raises(ValueError):
        nw.layout(2, np.array([0]), np.array([1]), np.array([0, -1]), rng(0))

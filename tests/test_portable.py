"""Portable exp/log/exp2 (game.portable) and the guard that keeps CPU-dispatched
transcendental maths out of everything that feeds the model's state."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import numpy as np
import pytest

from game import portable

GAME = Path(__file__).resolve().parent.parent / "game"
# functions whose results differ in the last bit between CPUs (numpy's dispatched kernels)
# or between C libraries (math.*, Generator.lognormal)
BANNED = {"exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "power", "float_power", "pow",
          "sin", "cos", "tan", "arcsin", "arccos", "arctan", "arctan2", "sinh", "cosh", "tanh",
          "asin", "acos", "atan", "atan2", "cbrt", "logaddexp", "logaddexp2", "lognormal"}
# (module, function) allowed to use them, and why
ALLOWED = {
    ("networks.py", "layout"): "screen positions of the districts drawing; never model state",
}


def ulps(a, b) -> np.ndarray:
    return np.abs(np.asarray(a, np.float64).view(np.int64) - np.asarray(b, np.float64).view(np.int64))


def test_exp_is_within_one_ulp_of_the_true_value():
    x = np.random.default_rng(1).uniform(-745.0, 709.7, 200_000)
    x = np.concatenate([x, np.random.default_rng(2).normal(0.0, 1.0, 100_000), [0.0, -0.0, 1e-300, 1.0]])
    assert ulps(portable.exp(x), [math.exp(v) for v in x]).max() <= 1


def test_log_is_within_one_ulp_of_the_true_value():
    x = np.concatenate([portable.exp(np.random.default_rng(3).uniform(-700.0, 700.0, 200_000)),
                        np.random.default_rng(4).uniform(0.5, 2.0, 100_000), [1.0, 2.0, 5e-324, 1.7e308]])
    assert ulps(portable.log(x), [math.log(v) for v in x]).max() <= 1


def test_exp2_is_within_one_ulp_of_the_true_value():
    x = np.random.default_rng(5).uniform(-1070.0, 1023.0, 100_000)
    assert ulps(portable.exp2(x), [2.0 ** v for v in x]).max() <= 1
    assert portable.exp2(3.0) == 8.0 and portable.exp2(-1.0) == 0.5


def test_special_values():
    assert portable.exp(0.0) == 1.0 and portable.log(1.0) == 0.0
    assert portable.exp(710.0) == math.inf and portable.exp(-746.0) == 0.0
    assert portable.log(0.0) == -math.inf and math.isnan(portable.log(-1.0))
    assert portable.log(math.inf) == math.inf
    assert all(math.isnan(f(math.nan)) for f in (portable.exp, portable.log, portable.exp2))
    assert isinstance(portable.exp(1.0), float) and portable.exp(np.zeros(3)).shape == (3,)


def test_lognormal_takes_the_same_draws_as_numpys():
    a = np.random.default_rng(7).lognormal(0.3, 0.5, 50_000)
    b = portable.lognormal(np.random.default_rng(7), 0.3, 0.5, 50_000)
    assert ulps(a, b).max() <= 1
    r1, r2 = np.random.default_rng(7), np.random.default_rng(7)
    r1.lognormal(0.0, 1.0, 10), portable.lognormal(r2, 0.0, 1.0, 10)
    assert r1.random() == r2.random()  # the generator is left in the same place


class _Calls(ast.NodeVisitor):
    """Banned ``owner.name`` uses, each with the innermost function it is in."""

    def __init__(self):
        self.where, self.found = ["<module>"], []

    def visit_FunctionDef(self, node):
        self.where.append(node.name)
        self.generic_visit(node)
        self.where.pop()

    def visit_Attribute(self, node):
        base = node.value
        owner = base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
        if node.attr in BANNED and (owner in ("np", "numpy", "math", "rng") or
                                    (node.attr == "lognormal" and owner != "portable")):
            self.found.append((self.where[-1], f"{owner}.{node.attr}"))
        self.generic_visit(node)


def offences(root: Path) -> list[str]:
    """``module:function: call`` for every banned call outside ``ui/`` and the allowed places."""
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] == "ui" or rel.name == "portable.py":
            continue
        calls = _Calls()
        calls.visit(ast.parse(path.read_text(encoding="utf-8")))
        found += [f"{rel}:{fn}: {call}" for fn, call in calls.found if (rel.name, fn) not in ALLOWED]
    return sorted(set(found))


def test_no_dispatched_transcendental_maths_feeds_the_model():
    assert offences(GAME) == []


def test_the_guard_finds_offences(tmp_path):
    (tmp_path / "rules.py").write_text("import numpy as np\n\ndef f(x, rng):\n    return np.exp(x) + rng.lognormal()\n")
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "draw.py").write_text("import math\nY = math.sin(1.0)\n")
    assert offences(tmp_path) == ["rules.py:f: np.exp", "rules.py:f: rng.lognormal"]


@pytest.mark.parametrize("func", ["exp", "log", "exp2"])
def test_same_bits_for_scalars_and_arrays(func):
    f = getattr(portable, func)
    x = np.linspace(0.1, 20.0, 257)
    assert [f(float(v)) for v in x] == f(x).tolist()

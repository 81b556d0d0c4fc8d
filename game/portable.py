"""exp, log and exp2 that give the same bits on every machine.

numpy sends ``np.exp``, ``np.log`` and ``np.exp2`` to kernels chosen for the CPU at run
time: on a machine with AVX-512 they differ from the others in the last bit for a few
percent of inputs. The C library's ``exp``/``log`` (behind ``math`` and numpy's own
``Generator.lognormal``) differ between systems too. A model whose state holds such a
value, or compares one with a random draw, gives different runs for the same seed on
different laptops. So the model uses these instead.

They follow fdlibm (Sun's freely distributable libm, the reference behind Java's
``StrictMath``): a range reduction, then a fixed polynomial, written only with the
operations IEEE 754 rounds correctly — ``+ - * /``, ``rint``, ``frexp``/``ldexp`` (exact
scalings). numpy applies each of them element by element and never fuses two into one
multiply-add, so every CPU and interpreter computes the same bits. The results are within
one unit in the last place of the true value (``tests/test_portable.py`` measures it).

Scalars in, Python floats out; arrays in, float64 arrays out.
"""

from __future__ import annotations

from typing import Any

import numpy as np

# fdlibm e_exp.c
_LN2_HI = 6.93147180369123816490e-01  # ln 2, high part: k * _LN2_HI is exact for |k| < 2**20
_LN2_LO = 1.90821492927058770002e-10  # ln 2 - _LN2_HI
_INV_LN2 = 1.44269504088896338700e+00
_P1, _P2, _P3, _P4, _P5 = (1.66666666666666019037e-01, -2.77777777770155933842e-03,
                           6.61375632143793436117e-05, -1.65339022054652515390e-06,
                           4.13813679705723846039e-08)
_EXP_MAX = 709.782712893383973096  # above: overflow to inf
_EXP_MIN = -745.13321910194110842  # below: underflow to 0
# fdlibm e_log.c
_LG1, _LG2, _LG3, _LG4, _LG5, _LG6, _LG7 = (6.666666666666735130e-01, 3.999999999940941908e-01,
                                            2.857142874366239149e-01, 2.222219843214978396e-01,
                                            1.818357216161805012e-01, 1.531383769920937332e-01,
                                            1.479819860511658591e-01)
_SQRT_HALF = 0.70710678118654752440


def _array(x: Any) -> tuple[np.ndarray, bool]:
    a = np.asarray(x, dtype=np.float64)
    return np.atleast_1d(a).astype(np.float64, copy=True), a.ndim == 0


def _out(a: np.ndarray, scalar: bool):
    return float(a[0]) if scalar else a


def exp(x: Any):
    """e**x, portable (within 1 ulp; inf above ~709.78, 0 below ~-745.13, NaN stays NaN)."""
    a, scalar = _array(x)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        k = np.rint(a * _INV_LN2)
        k[~np.isfinite(k)] = 0.0
        hi = a - k * _LN2_HI
        lo = k * _LN2_LO
        r = hi - lo
        t = r * r
        c = r - t * (_P1 + t * (_P2 + t * (_P3 + t * (_P4 + t * _P5))))
        y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)
        out = np.ldexp(y, k.astype(np.int64).clip(-2000, 2000))
    out[a > _EXP_MAX] = np.inf
    out[a < _EXP_MIN] = 0.0
    out[np.isnan(a)] = np.nan
    return _out(out, scalar)


def log(x: Any):
    """Natural logarithm, portable (within 1 ulp; -inf at 0, NaN below 0, inf at inf)."""
    a, scalar = _array(x)
    m, e = np.frexp(a)  # a = m * 2**e, 0.5 <= m < 1 (exact)
    low = m < _SQRT_HALF
    m = np.where(low, m * 2.0, m)  # sqrt(1/2) <= m < sqrt(2)
    k = (e - low).astype(np.float64)
    f = m - 1.0  # exact (Sterbenz)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = f / (2.0 + f)
        z = s * s
        w = z * z
        r = z * (_LG1 + w * (_LG3 + w * (_LG5 + w * _LG7))) + w * (_LG2 + w * (_LG4 + w * _LG6))
        hfsq = 0.5 * f * f
        out = k * _LN2_HI - ((hfsq - (s * (hfsq + r) + k * _LN2_LO)) - f)
    out[a == 0.0] = -np.inf
    out[a < 0.0] = np.nan
    out[np.isnan(a)] = np.nan
    out[a == np.inf] = np.inf
    return _out(out, scalar)


def exp2(x: Any):
    """2**x, portable (within about 1 ulp)."""
    a, scalar = _array(x)
    with np.errstate(invalid="ignore"):
        k = np.rint(a)
        k[~np.isfinite(k)] = 0.0
        r = a - k  # exact, |r| <= 1/2
    out = np.asarray(exp(r * _LN2_HI + r * _LN2_LO), dtype=np.float64)
    with np.errstate(over="ignore", under="ignore"):
        out = np.ldexp(out, k.astype(np.int64).clip(-2000, 2000))
    out[a > 1024.0] = np.inf
    out[a < -1075.0] = 0.0
    out[np.isnan(a)] = np.nan
    return _out(out, scalar)


def lognormal(rng: np.random.Generator, mean: float, sigma: float, size: int) -> np.ndarray:
    """Log-normal draws, ``exp(mean + sigma * z)``: numpy's ``Generator.lognormal`` takes
    the same standard normal draws from the stream but applies the C library's ``exp``."""
    return exp(mean + sigma * rng.standard_normal(size))

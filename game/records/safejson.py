"""Strict JSON for files other people send (replay records, snapshot metadata).

Python's :func:`json.loads` accepts things a shared file must not carry: ``NaN`` and
``Infinity``, numbers that overflow to ``inf`` (``1e400``), repeated keys (the last one
silently wins, so two readers could see different values), integers of thousands of
digits and nesting deep enough to exhaust the stack. :func:`loads` refuses all of them
with one clear message, and describes values by their kind only (never by ``repr``, which
could itself be huge or deep). JSON is only ever data: nothing is looked up or executed.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_DEPTH = 16
MAX_INT_DIGITS = 40  # 2**128 has 39 digits: enough for a generator's state


class _Refused(Exception):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"the key {key[:40]!r} appears twice")
        out[key] = value
    return out


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a number JSON allows")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"the number {text[:40]} is too large")
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(f"a whole number has {len(text)} digits; at most {MAX_INT_DIGITS}")
    return int(text)


def loads(data: bytes | str) -> Any:
    """Parse strict JSON; raise ``ValueError`` with a one-line reason otherwise."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"is not UTF-8 text (byte {exc.start})") from None
    try:
        value = json.loads(data, object_pairs_hook=_pairs, parse_constant=_constant,
                           parse_float=_float, parse_int=_int)
    except _Refused as exc:
        raise ValueError(f"is not valid JSON here: {exc}") from None
    except RecursionError:
        raise ValueError(f"is nested too deeply (at most {MAX_DEPTH} levels)") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except ValueError:  # int() over sys.get_int_max_str_digits()
        raise ValueError("is not valid JSON here: a number has too many digits") from None
    if depth(value) > MAX_DEPTH:
        raise ValueError(f"is nested too deeply (at most {MAX_DEPTH} levels)")
    return value


def depth(value: Any) -> int:
    """Nesting depth of lists and objects (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        node, d = stack.pop()
        if isinstance(node, (list, dict)):
            d += 1
            deepest = max(deepest, d)
            if deepest > MAX_DEPTH:
                return deepest
            stack.extend((v, d) for v in (node.values() if isinstance(node, dict) else node))
    return deepest


def kind(value: Any) -> str:
    """What a JSON value is, for messages (never its full text)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value:.6g}" if isinstance(value, float) else f"the number {value}"
    if isinstance(value, str):
        return f"text {value[:30]!r}" + ("..." if len(value) > 30 else "")
    return "a list" if isinstance(value, list) else "an object"


# --- checking parsed values ----------------------------------------------------------------

class FieldError(ValueError):
    """One bad value: ``path`` (``commands[3].at``) and what is allowed."""

    def __init__(self, path: str, message: str):
        self.path, self.message = path, message
        super().__init__(f"{path}: {message}" if path else message)


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    shown = key if key.isidentifier() and len(key) <= 40 else repr(key[:40])
    return f"{path}.{shown}" if path else shown


def table(value: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    """An object with exactly the ``required`` keys and any of the ``optional`` ones."""
    if not isinstance(value, dict):
        raise FieldError(path, f"must be an object, got {kind(value)}")
    for key in value:
        if key not in required and key not in optional:
            raise FieldError(join(path, key), f"unknown key; allowed here: {', '.join(required + optional)}")
    for key in required:
        if key not in value:
            raise FieldError(join(path, key), "is missing")
    return value


def integer(value: Any, path: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise FieldError(path, f"must be a whole number from {lo} to {hi}, got {kind(value)}")
    return value


def number(value: Any, path: str, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
        raise FieldError(path, f"must be a number from {lo:g} to {hi:g}, got {kind(value)}")
    return value


def text(value: Any, path: str, max_len: int) -> str:
    if not isinstance(value, str) or len(value) > max_len:
        got = f"{len(value)} characters" if isinstance(value, str) else kind(value)
        raise FieldError(path, f"must be text of at most {max_len} characters, got {got}")
    return value


def items(value: Any, path: str, max_len: int, min_len: int = 0) -> list:
    if not isinstance(value, list) or not min_len <= len(value) <= max_len:
        got = f"{len(value)} entries" if isinstance(value, list) else kind(value)
        raise FieldError(path, f"must be a list of {min_len} to {max_len} entries, got {got}")
    return value

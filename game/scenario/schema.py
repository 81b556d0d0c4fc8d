"""Strict, bounded validation of plain data (parsed TOML) into frozen dataclasses.

A scenario file comes from strangers, so every value is checked against a declared
type and range, unknown keys are refused, and every problem is reported with the file
name and the dotted field path (``services[2].score_floor``) plus what is allowed.
Nothing here executes anything read from a file.

Fields are declared with :func:`spec`, which stores bounds in the dataclass field's
metadata; :func:`parse` walks the dataclass and builds the frozen object.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import types
import typing
from typing import Any

from game.scenario.safetext import text_problem

MISSING = dataclasses.MISSING


class ScenarioError(ValueError):
    """Raised for any invalid scenario input. ``problems`` lists (path, message) pairs."""

    def __init__(self, source: str, problems: list[tuple[str, str]]):
        self.source = source
        self.problems = problems
        lines = [f"{source}: {path}: {msg}" if path else f"{source}: {msg}" for path, msg in problems]
        super().__init__("\n".join(lines))

    @property
    def first(self) -> str:
        path, msg = self.problems[0]
        return f"{self.source}: {path}: {msg}" if path else f"{self.source}: {msg}"


def spec(default: Any = MISSING, *, lo: float | None = None, hi: float | None = None,
         choices: tuple | None = None, min_len: int = 0, max_len: int | None = None,
         item_max_len: int | None = None, sparse: bool = False, doc: str = "") -> Any:
    """Declare a validated field: numeric bounds, allowed choices or list length.

    ``item_max_len``: the length limit of each text in a list of texts (default 200).
    ``sparse``: :func:`dump` leaves the field out while it holds its default (optional
    extras such as translations, which most files do not have: no noise in saved files
    and share codes).
    """
    meta = {"lo": lo, "hi": hi, "choices": choices, "min_len": min_len,
            "max_len": max_len, "item_max_len": item_max_len, "sparse": sparse, "doc": doc}
    if isinstance(default, (list, dict, set)):
        raise TypeError("use tuples for sequence defaults")
    if default is MISSING:
        return dataclasses.field(metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def _describe(meta: dict, kind: str) -> str:
    if meta.get("choices"):
        return "one of " + ", ".join(repr(c) for c in meta["choices"])
    lo, hi = meta.get("lo"), meta.get("hi")
    if lo is not None and hi is not None:
        return f"{kind} from {_num(lo)} to {_num(hi)}"
    if lo is not None:
        return f"{kind} >= {_num(lo)}"
    if hi is not None:
        return f"{kind} <= {_num(hi)}"
    return kind


def _num(value: int | float) -> str:
    """A number for a message: 2000000 (not 2e+06), 0.5, 1e-06, nan. Never converts a
    huge int to float (OverflowError) or to all its digits (ValueError past 4300)."""
    if isinstance(value, int):
        if value.bit_length() > 64:
            sign = "negative " if value < 0 else ""
            return f"a {sign}whole number of about {int(value.bit_length() * 0.30103) + 1} digits"
        return str(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def _typename(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text {value[:40]!r}"
    if isinstance(value, int) and value.bit_length() > 64:
        return _num(value)
    if isinstance(value, (int, float)):
        return f"{type(value).__name__} {_num(value)}"
    return f"{type(value).__name__} {value!r}"[:60]


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]{1,40}")


def _key(key: Any) -> str:
    """An unknown key from the file as shown in a path: bare keys as they are, anything
    else (newlines, very long, odd characters) quoted and cut so it cannot forge lines."""
    if isinstance(key, str) and _BARE_KEY.fullmatch(key):
        return key
    text = str(key)
    return repr(text[:40] + ("..." if len(text) > 40 else ""))


class _Ctx:
    LIMIT = 50

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []
        self.dropped = 0

    def add(self, path: str, msg: str) -> None:
        if len(self.problems) < self.LIMIT:
            self.problems.append((path, msg))
        else:
            self.dropped += 1


def _scalar(value: Any, tp: Any, meta: dict, path: str, ctx: _Ctx) -> Any:
    """Check one scalar against its declared type and bounds; return the clean value."""
    bad = object()
    if tp is bool:
        if not isinstance(value, bool):
            ctx.add(path, f"must be true or false, got {_typename(value)}")
            return bad
        return value
    if tp is str:
        if not isinstance(value, str):
            ctx.add(path, f"must be {_describe(meta, 'text')}, got {_typename(value)}")
            return bad
        limit = meta.get("max_len") or 2000
        if len(value) > limit:
            ctx.add(path, f"must be at most {limit} characters, got {len(value)}")
            return bad
        if meta.get("choices") and value not in meta["choices"]:
            ctx.add(path, f"must be {_describe(meta, 'text')}, got {value!r}")
            return bad
        problem = text_problem(value)  # NUL, ESC, direction overrides, nothing visible
        if problem:
            ctx.add(path, problem)
            return bad
        return value
    if tp in (int, float):
        kind = "a whole number" if tp is int else "a number"
        ok = isinstance(value, int) or (tp is float and isinstance(value, float))
        if isinstance(value, bool) or not ok:
            ctx.add(path, f"must be {_describe(meta, kind)}, got {_typename(value)}")
            return bad
        if isinstance(value, float) and not math.isfinite(value):
            ctx.add(path, f"must be a finite number ({_describe(meta, kind)}), got {value}")
            return bad
        lo, hi = meta.get("lo"), meta.get("hi")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            ctx.add(path, f"must be {_describe(meta, kind)}, got {_num(value)}")
            return bad
        try:
            return tp(value)
        except OverflowError:  # an unbounded float field given a huge whole number
            ctx.add(path, f"must be {_describe(meta, kind)}, got {_num(value)}")
            return bad
    raise TypeError(f"unsupported field type {tp!r}")  # a schema bug, not user input


def _value(value: Any, tp: Any, meta: dict, path: str, ctx: _Ctx) -> Any:
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        return _table(value, tp, path, ctx)
    if origin is tuple:
        item_tp = typing.get_args(tp)[0]
        if not isinstance(value, list):
            ctx.add(path, f"must be a list, got {_typename(value)}")
            return ()
        lo, hi = meta.get("min_len", 0), meta.get("max_len") or 64
        if not lo <= len(value) <= hi:
            ctx.add(path, f"must have from {lo} to {hi} entries, got {len(value)}")
            return ()
        item_meta = dict(meta, max_len=None) if item_tp is not str else \
            dict(meta, max_len=meta.get("item_max_len") or 200)
        return tuple(_value(v, item_tp, item_meta, f"{path}[{i}]", ctx) for i, v in enumerate(value))
    if origin in (typing.Union, types.UnionType):
        raise TypeError("union fields are not supported")
    return _scalar(value, tp, meta, path, ctx)


@functools.cache
def _layout(cls: type) -> tuple[dict[str, Any], dict[str, Any]]:
    """Fields and resolved type hints of a dataclass (resolving hints is slow: cache it)."""
    return {f.name: f for f in dataclasses.fields(cls)}, typing.get_type_hints(cls)


def _table(data: Any, cls: type, path: str, ctx: _Ctx) -> Any:
    if not isinstance(data, dict):
        ctx.add(path, f"must be a table, got {_typename(data)}")
        return None
    fields, hints = _layout(cls)
    for key in data:
        if key not in fields:
            allowed = ", ".join(sorted(fields))
            kind = getattr(cls, "KEY_KIND", "key")  # e.g. "language" for a table of languages
            ctx.add(_join(path, _key(key)), f"unknown {kind}; allowed here: {allowed}")
    kwargs = {}
    for name, f in fields.items():
        sub = _join(path, name)
        if name in data:
            kwargs[name] = _value(data[name], hints[name], f.metadata, sub, ctx)
        elif f.default is MISSING and f.default_factory is MISSING:
            ctx.add(sub, f"is required ({_allowed(hints[name], f.metadata)})")
    if ctx.problems:
        return None
    obj = cls(**kwargs)
    check = getattr(obj, "check", None)
    if check is not None:
        for sub, msg in check():
            ctx.add(_join(path, sub), msg)
    return obj


def _allowed(tp: Any, meta: Any) -> str:
    """What a field accepts, for 'is required' messages."""
    if dataclasses.is_dataclass(tp):
        return "a table"
    if typing.get_origin(tp) is tuple:
        return f"a list of {meta.get('min_len', 0)} to {meta.get('max_len') or 64} entries"
    kind = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}.get(tp, "a value")
    return _describe(meta, kind)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def parse(data: Any, cls: type, source: str) -> Any:
    """Validate plain data into a frozen ``cls``; raise :class:`ScenarioError` on any problem."""
    ctx = _Ctx()
    obj = _table(data, cls, "", ctx)
    if ctx.problems:
        if ctx.dropped:
            ctx.problems.append(("", f"... and {ctx.dropped} more problems"))
        raise ScenarioError(source, ctx.problems)
    return obj


def dump(obj: Any) -> Any:
    """Turn a frozen dataclass tree back into plain TOML-ready data (tuples become lists)."""
    if dataclasses.is_dataclass(obj):
        return {f.name: dump(getattr(obj, f.name)) for f in dataclasses.fields(obj)
                if not (f.metadata.get("sparse") and getattr(obj, f.name) == f.default)}
    if isinstance(obj, tuple):
        return [dump(v) for v in obj]
    return obj


def field_meta(cls: type, dotted: str) -> tuple[Any, dict]:
    """Type and metadata of a scalar field reached by a dotted path from ``cls``."""
    tp: Any = cls
    meta: dict = {}
    for part in dotted.split("."):
        if not dataclasses.is_dataclass(tp):
            raise KeyError(dotted)
        fields, hints = _layout(tp)
        if part not in fields:
            raise KeyError(dotted)
        meta = dict(fields[part].metadata)
        tp = hints[part]
    return tp, meta

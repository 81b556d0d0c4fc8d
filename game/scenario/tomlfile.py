"""Scenario TOML text to a validated :class:`~game.scenario.spec.Scenario` and back.

The text is untrusted data: it is size-limited, guarded against what makes :mod:`tomllib`
slow, parsed as data only, and validated field by field (:func:`game.scenario.schema.parse`).
Every problem is a :class:`~game.scenario.schema.ScenarioError` naming the source and the field.
"""

from __future__ import annotations

import re
import tomllib

import tomli_w

from game.scenario.schema import ScenarioError, dump, parse
from game.scenario.spec import Scenario

MAX_FILE_BYTES = 64 * 1024
# tomllib checks every prefix of a dotted key (and of its table header) against the ones
# before it, O(parts²): one 64 KiB line of ``a.a.a...`` takes ~20 s. Refuse such keys first.
MAX_KEY_PARTS = 32
_KEY_PART = r"""(?:[A-Za-z0-9_-]++|"(?:[^"\\\n]|\\.)*+"|'[^'\n]*+')"""
_LONG_DOTTED_KEY = re.compile(
    r"(?m)(?:^|[\[{,])[ \t]*+(?:%s[ \t]*+\.[ \t]*+){%d}" % (_KEY_PART, MAX_KEY_PARTS))


def loads(text: str | bytes, source: str = "<scenario>") -> Scenario:
    """Parse and validate scenario TOML text. Raises :class:`ScenarioError`."""
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise ScenarioError(source, [("", f"file is {len(text)} bytes; at most {MAX_FILE_BYTES} allowed")])
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError(source, [("", f"is not UTF-8 text (byte {exc.start})")]) from None
    if len(text) > MAX_FILE_BYTES:
        raise ScenarioError(source, [("", f"text is {len(text)} characters; at most {MAX_FILE_BYTES} allowed")])
    text = text.removeprefix("\ufeff")  # editors on Windows save a byte-order mark
    long_key = _LONG_DOTTED_KEY.search(text)
    if long_key:
        line = text.count("\n", 0, long_key.end()) + 1
        raise ScenarioError(source, [("", f"line {line}: a dotted key has more than {MAX_KEY_PARTS} parts")])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(source, [("", f"is not valid TOML: {exc}")]) from None
    except ValueError:  # int() refuses over sys.get_int_max_str_digits() (4300) digits
        raise ScenarioError(source, [("", "is not valid TOML: a number has too many digits")]) from None
    except RecursionError:
        raise ScenarioError(source, [("", "is nested too deeply")]) from None
    return parse(data, Scenario, source)


def dumps(scenario: Scenario) -> str:
    """Scenario back to TOML text (used by 'Save my sandbox' and share codes)."""
    return tomli_w.dumps(dump(scenario))

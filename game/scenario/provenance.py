"""Where a scenario's numbers come from: what the source articles say, and what the game assumes.

A scenario is a model of something the sources describe, and most of its numbers are not
in them. A classroom must be able to tell the two apart, so a file lists both, in fields a
player can read (the scenario picker, the window's info view, ``sesame validate --explain``)::

    [[sources]]
    claim = "Scores run from 350 to 950."
    seed = "000"                                  # which source article (the seeds)
    quote = "Users are given a score between 350 (low) and 950 (high)"
    fields = ["scoring.low", "scoring.high"]

    [[assumptions]]
    claim = "A listing costs 150 points."
    why = "Seed 004 says Sesame deducts points from the listed, not how many."
    fields = ["scoring.blacklist_penalty"]

A **quote** is copied verbatim from the seed (``tests/test_provenance.py`` finds every one
in the seed's text). **fields** name the values a claim is about, spelled as errors spell
them, with a list item chosen by its index, by its name (``services[loan].price``,
``tiers[D].min_score``) or by ``*`` (every item); a segment ``*`` matches any one key
(``scoring.deltas.*``), and a path names everything under it (``population``). A value may
be both: a source for the idea, an assumption for its size.

What must be covered: every *rule value* written in a shipped file - every number, true/
false and choice outside the text (title, description, prompts, labels, names, icons, the
guided tour's staging and the translations). Values a file leaves out take the game's
defaults, which are game assumptions too; ``sesame validate --explain`` lists them.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from dataclasses import dataclass
from typing import Any, Iterator, NamedTuple

from game.scenario.schema import _layout, spec

SEEDS = ("000", "001", "002", "003", "004")
MAX_ITEMS = 40
# sections that hold text or staging, not rules: never "a number of the scenario"
NOT_RULES = ("meta", "prompts", "translations", "sources", "assumptions", "chapter")
LIST_SECTIONS = ("tiers", "services", "timeline", "objectives")  # items chosen by [index], [name] or [*]
RULE_TEXT = ("min_tier", "goal_tier")  # free-text fields that are rules (tier names: the worst served, the goal)


@dataclass(frozen=True)
class Source:
    """A fact from a source article, with its words, and the values it stands behind."""
    claim: str = spec(max_len=200, doc="what the source says, in the scenario's words")
    seed: str = spec(choices=SEEDS, doc="the source article (000-004, see the seeds' README)")
    quote: str = spec(max_len=300, doc="the article's own words, copied verbatim")
    fields: tuple[str, ...] = spec((), max_len=32, item_max_len=80, doc="the values it stands behind")

    def check(self):
        if not self.claim.strip():
            yield "claim", "must not be empty"
        if not self.quote.strip():
            yield "quote", "must not be empty: copy the article's words"


@dataclass(frozen=True)
class Assumption:
    """A choice the game makes where the sources are silent, and why."""
    claim: str = spec(max_len=200, doc="what the game assumes")
    why: str = spec("", max_len=300, doc="why: what the sources do and do not say, what it is for")
    fields: tuple[str, ...] = spec((), max_len=32, item_max_len=80, doc="the values it stands behind")

    def check(self):
        if not self.claim.strip():
            yield "claim", "must not be empty"


class Leaf(NamedTuple):
    """One rule value of a scenario: its path as written for people, its key path, its value."""
    path: str
    keys: tuple[tuple[str, int | None, str | None], ...]  # (field, item index, item name)
    value: Any


# --- patterns -----------------------------------------------------------------------------

_NAME = re.compile(r"[a-z_]+|\*")


def parse_pattern(text: str) -> list[tuple[str, str | None]]:
    """``"services[loan].grant.*"`` -> ``[("services", "loan"), ("grant", None), ("*", None)]``.
    Raises ValueError on anything else."""
    out, i = [], 0
    while True:
        m = _NAME.match(text, i)
        if not m:
            raise ValueError("write a path such as scoring.low, services[loan].price or services[*].demand")
        name, i = m.group(0), m.end()
        sel = None
        if i < len(text) and text[i] == "[":
            end = text.find("]", i)
            if end < 0 or end == i + 1:
                raise ValueError("a list item is chosen by [index], [name] or [*]")
            sel, i = text[i + 1:end], end + 1
        out.append((name, sel))
        if i == len(text):
            return out
        if text[i] != ".":
            raise ValueError("separate the parts of a path with '.'")
        i += 1


def matches(pattern: list[tuple[str, str | None]], leaf: Leaf) -> bool:
    """Whether a parsed pattern names ``leaf`` (itself or a table or list holding it)."""
    if len(pattern) > len(leaf.keys):
        return False
    last = len(pattern) - 1
    for k, ((name, sel), (field, index, item)) in enumerate(zip(pattern, leaf.keys)):
        if name != "*" and name != field:
            return False
        if sel is None:
            if index is not None and k != last:  # "services.price": which service?
                return False
        elif index is None or not (sel == "*" or sel == str(index) or sel == item):
            return False
    return True


# --- the rule values of a scenario ------------------------------------------------------------

def _is_rule(tp: Any, meta: dict, name: str) -> bool:
    if tp is str:
        return (bool(meta.get("choices")) and name != "icon") or name in RULE_TEXT
    return tp in (bool, int, float) or typing.get_origin(tp) is tuple


def _walk(obj: Any, data: Any, keys: tuple, shown: str) -> Iterator[Leaf]:
    """Rule leaves of a dataclass ``obj``; with ``data`` (the file's plain table), only
    those the file writes."""
    fields, hints = _layout(type(obj))
    for f in fields.values():
        if not keys and f.name in NOT_RULES:
            continue
        if data is not None and f.name not in data:
            continue
        tp, value = hints[f.name], getattr(obj, f.name)
        sub = data.get(f.name) if data is not None else None
        path = f"{shown}.{f.name}" if shown else f.name
        item_tp = typing.get_args(tp)[0] if typing.get_origin(tp) is tuple else None
        if dataclasses.is_dataclass(tp):
            yield from _walk(value, sub, keys + ((f.name, None, None),), path)
        elif item_tp is not None and dataclasses.is_dataclass(item_tp):
            for i, item in enumerate(value):
                name = getattr(item, "name", None)
                label = name if name and _addressable(name) else str(i)
                yield from _walk(item, sub[i] if sub is not None else None,
                                 keys + ((f.name, i, name),), f"{path}[{label}]")
        elif _is_rule(tp, f.metadata, f.name):
            yield Leaf(path, keys + ((f.name, None, None),), value)


def _addressable(name: str) -> bool:
    return "]" not in name and "\n" not in name and not name.isdigit() and name != "*"


def rule_leaves(scenario) -> list[Leaf]:
    """Every rule value of a scenario, defaults included."""
    return list(_walk(scenario, None, (), ""))


def written_leaves(scenario, data: dict) -> list[Leaf]:
    """The rule values a file writes (``data``: the file parsed as plain TOML, already valid)."""
    return list(_walk(scenario, data, (), ""))


def covered_by(leaf: Leaf, scenario) -> tuple[list[int], list[int]]:
    """Indices of the sources and of the assumptions whose fields name ``leaf``."""
    def hits(items) -> list[int]:
        return [i for i, item in enumerate(items)
                if any(matches(parse_pattern(p), leaf) for p in item.fields)]
    return hits(scenario.sources), hits(scenario.assumptions)


def uncovered(scenario, leaves: list[Leaf]) -> list[Leaf]:
    """The leaves no source and no assumption names."""
    pats = [parse_pattern(p) for item in scenario.sources + scenario.assumptions for p in item.fields]
    return [leaf for leaf in leaves if not any(matches(p, leaf) for p in pats)]


def problems(scenario) -> Iterator[tuple[str, str]]:
    """``(field, message)`` for every path in ``fields`` that is malformed or names no value."""
    leaves = None
    for kind in ("sources", "assumptions"):
        for i, item in enumerate(getattr(scenario, kind)):
            for j, text in enumerate(item.fields):
                where = f"{kind}[{i}].fields[{j}]"
                try:
                    pattern = parse_pattern(text)
                except ValueError as exc:
                    yield where, f"{text!r} is not a path: {exc}"
                    continue
                leaves = rule_leaves(scenario) if leaves is None else leaves
                if not any(matches(pattern, leaf) for leaf in leaves):
                    yield where, (f"{text!r} names no rule value of this scenario (for example "
                                  f"scoring.low, services[{_first_service(scenario)}].demand, tiers[*].min_score)")


def _first_service(scenario) -> str:
    return scenario.services[0].name if scenario.services and _addressable(scenario.services[0].name) else "0"


TEXT_SLOTS = ("source_claims", "assumption_claims", "assumption_whys")  # their translations


def without_provenance(scenario):
    """The scenario without its sources and assumptions, in every language: the rules
    alone, for a QR code that must stay small (``sesame share --without-sources``)."""
    tr = scenario.translations
    langs = {f.name: dataclasses.replace(getattr(tr, f.name), **{slot: () for slot in TEXT_SLOTS})
             for f in dataclasses.fields(tr)}
    return dataclasses.replace(scenario, sources=(), assumptions=(),
                               translations=dataclasses.replace(tr, **langs))


def quote_in(quote: str, text: str) -> bool:
    """Whether ``quote`` is in ``text`` word for word: white space may differ (an article's
    line breaks), and ``...`` (or ``…``) marks words left out: the pieces appear in order."""
    def squash(s: str) -> str:
        return " ".join(s.split())

    body, at = squash(text), 0
    for piece in re.split(r"\s*(?:\.\.\.|…)\s*", quote):
        piece = squash(piece)
        if not piece:
            continue
        found = body.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True

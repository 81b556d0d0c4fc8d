"""A scenario's sources and assumptions as readers see them: each claim in the reader's
language, the seed and its verbatim quote, the reason for an assumption, and the values
each stands behind (:mod:`game.scenario.provenance`).

One structure (:func:`entries`) feeds every place that shows them: ``sesame validate
--explain`` (:func:`explain`, plain text) and the window's scenario picker and info view
(``game.ui.parts.scenario_info``). Pure Python: no pygame, no model.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from game.scenario import provenance
from game.scenario.provenance import Leaf
from game.text import localized, t


@dataclass(frozen=True)
class Entry:
    """One source or assumption, ready to show."""
    kind: str  # "source" or "assumption"
    claim: str
    seed: str = ""
    quote: str = ""
    why: str = ""
    values: tuple[tuple[str, str], ...] = ()  # (path, value as shown)


def shown(value) -> str:
    """A rule value as a reader writes it: 350 (not 350.0), 0.0002, true, "unknown"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:g}"
    if isinstance(value, tuple):
        return "[" + ", ".join(shown(v) for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def entries(scenario, lang: str | None = None, leaves: list[Leaf] | None = None) -> tuple[list[Entry], list[Entry]]:
    """``(sources, assumptions)`` of a scenario in ``lang`` (default: the current language).
    ``leaves``: the values to list under each (default: every rule value of the scenario;
    pass :func:`provenance.written_leaves` to list only what a file writes)."""
    leaves = provenance.rule_leaves(scenario) if leaves is None else leaves

    def values(fields) -> tuple[tuple[str, str], ...]:
        pats = [provenance.parse_pattern(p) for p in fields]
        return tuple((leaf.path, shown(leaf.value)) for leaf in leaves
                     if any(provenance.matches(p, leaf) for p in pats))

    sources = [Entry("source", localized(scenario, f"sources[{i}].claim", lang), seed=s.seed, quote=s.quote,
                     values=values(s.fields)) for i, s in enumerate(scenario.sources)]
    assumptions = [Entry("assumption", localized(scenario, f"assumptions[{i}].claim", lang),
                         why=localized(scenario, f"assumptions[{i}].why", lang) if a.why else "",
                         values=values(a.fields)) for i, a in enumerate(scenario.assumptions)]
    return sources, assumptions


def seed_title(seed: str) -> str:
    """``seed 003 (Wired's report ...)`` in the current language."""
    return t("provenance.seed", seed=seed, title=t(f"provenance.seed_{seed}"))


def explain(scenario, name: str, data: dict | None = None, width: int = 100) -> str:
    """Plain text for ``sesame validate --explain``: the sources (claim, seed, quote, values),
    the assumptions (claim, why, values), the values written but neither sourced nor
    labelled, and (with ``data``, the file as plain TOML) those left at the game's defaults."""
    every = provenance.rule_leaves(scenario)
    leaves = provenance.written_leaves(scenario, data) if data is not None else every
    sources, assumptions = entries(scenario, leaves=leaves)
    out = [f"{name}: {localized(scenario, 'meta.title')}", ""]

    def wrap(text: str, indent: str, first: str | None = None) -> list[str]:
        return textwrap.wrap(text, width, initial_indent=indent if first is None else first,
                             subsequent_indent=indent, break_on_hyphens=False) or [indent]

    def block(items: list[Entry], heading: str) -> None:
        out.append(heading)
        for k, e in enumerate(items, 1):
            out.extend(wrap(e.claim, "     ", f"  {k}. ".ljust(5)))
            if e.kind == "source":
                out.extend(wrap(f"{seed_title(e.seed)}: \u201c{e.quote}\u201d", "     "))
            elif e.why:
                out.extend(wrap(t("provenance.why", why=e.why), "     "))
            if e.values:
                out.extend(wrap(t("provenance.values", values=", ".join(f"{p} = {v}" for p, v in e.values)), "     "))
        out.append("")

    if not sources and not assumptions:
        out += [t("provenance.none"), ""]
    block(sources, t("provenance.from_sources", n=len(sources)))
    block(assumptions, t("provenance.assumptions", n=len(assumptions)))
    missing = provenance.uncovered(scenario, leaves)
    if missing:
        out.extend(wrap(t("provenance.uncovered", n=len(missing),
                          values=", ".join(f"{leaf.path} = {shown(leaf.value)}" for leaf in missing)), ""))
    else:
        out.append(t("provenance.all_covered", n=len(leaves)))
    if data is not None:
        # a list item's unwritten field is "none" (no gate, no effect), not a default at work
        written = {leaf.path for leaf in leaves}
        rest = [leaf for leaf in every if leaf.path not in written and leaf.keys[0][0] not in provenance.LIST_SECTIONS
                and leaf.value != () and not (leaf.keys[0][0] == "player" and not scenario.player.citizen)]
        if rest:
            out.append("")
            out.extend(wrap(t("provenance.defaults", n=len(rest),
                              values=", ".join(f"{leaf.path} = {shown(leaf.value)}" for leaf in rest)), ""))
    return "\n".join(out).rstrip() + "\n"

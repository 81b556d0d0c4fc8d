"""A scenario's text in other languages: the optional ``[translations.<lang>]`` tables.

A scenario file is written in one language (the shipped ones in English). For every other
language the game ships a catalog for (``assets/text/<lang>.toml``), the file may carry
the same text translated, so a player who switches the game to that language reads the
scenario in it too::

    [translations.zh]
    prompts = ["……", "……"]                           # prompts, in order
    tier_labels = ["优秀", "良好", "一般", "较差"]     # tiers[i].label
    service_names = ["火车", "贷款"]                   # services[i].name
    timeline_texts = ["", "……"]                       # timeline[i].text ("" where there is none)
    objective_labels = ["……"]                         # objectives[i].label
    source_claims = ["……"]                            # sources[i].claim (quotes stay as written)
    assumption_claims = ["……"]                        # assumptions[i].claim
    assumption_whys = ["……"]                          # assumptions[i].why

    [translations.zh.meta]      # title, description, source
    [translations.zh.player]    # name, situation
    [translations.zh.chapter]   # fact, intro, task, question

A missing key or an empty string means "not translated": the text as written shows. A
list, when given, has exactly one entry per tier, service, event, objective or prompt (a
list that is off by one would put every label on the wrong line). Each text has the same
length limit as the field it translates, so a translated file stays as bounded as any
other (and its share code, see :mod:`game.scenario.share`, stays within a QR code).

A teacher who writes a scenario in Chinese can add ``[translations.en]`` the same way.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from game.scenario.provenance import without_provenance
from game.scenario.schema import spec

# the text fields of a scenario, and where a translation keeps each: section -> fields,
# list -> (field of each item, list in the translation)
SECTIONS = {"meta": ("title", "description", "source"), "player": ("name", "situation"),
            "chapter": ("fact", "intro", "task", "question")}
# list slot -> (list, field of each item); a list may have several text fields (assumptions)
LISTS = {"tier_labels": ("tiers", "label"), "service_names": ("services", "name"),
         "timeline_texts": ("timeline", "text"), "objective_labels": ("objectives", "label"),
         "prompts": ("prompts", None), "source_claims": ("sources", "claim"),
         "assumption_claims": ("assumptions", "claim"), "assumption_whys": ("assumptions", "why")}
SLOTS = {(section, field): slot for slot, (section, field) in LISTS.items()}
_PATH = re.compile(r"([a-z]+)(?:\[(\d+)\])?(?:\.([a-z]+))?")


@dataclass(frozen=True)
class MetaText:
    title: str = spec("", max_len=80, sparse=True)
    description: str = spec("", max_len=1200, sparse=True)
    source: str = spec("", max_len=400, sparse=True)


@dataclass(frozen=True)
class PlayerText:
    name: str = spec("", max_len=60, sparse=True)
    situation: str = spec("", max_len=600, sparse=True)


@dataclass(frozen=True)
class ChapterText:
    fact: str = spec("", max_len=300, sparse=True)
    intro: str = spec("", max_len=600, sparse=True)
    task: str = spec("", max_len=300, sparse=True)
    question: str = spec("", max_len=200, sparse=True)


@dataclass(frozen=True)
class ScenarioText:
    """One language's text for a scenario. Only what is filled in is written back out."""
    meta: MetaText = spec(MetaText(), sparse=True)
    prompts: tuple[str, ...] = spec((), max_len=8, item_max_len=200, sparse=True)
    tier_labels: tuple[str, ...] = spec((), max_len=12, item_max_len=80, sparse=True)
    service_names: tuple[str, ...] = spec((), max_len=16, item_max_len=24, sparse=True)
    timeline_texts: tuple[str, ...] = spec((), max_len=200, item_max_len=300, sparse=True)
    objective_labels: tuple[str, ...] = spec((), max_len=8, item_max_len=160, sparse=True)
    source_claims: tuple[str, ...] = spec((), max_len=40, item_max_len=200, sparse=True)
    assumption_claims: tuple[str, ...] = spec((), max_len=40, item_max_len=200, sparse=True)
    assumption_whys: tuple[str, ...] = spec((), max_len=40, item_max_len=300, sparse=True)
    player: PlayerText = spec(PlayerText(), sparse=True)
    chapter: ChapterText = spec(ChapterText(), sparse=True)


@dataclass(frozen=True)
class Translations:
    """One table per language the game has a catalog for (a test keeps the two in step)."""
    KEY_KIND = "language"  # unknown keys here are unknown languages (see game.scenario.schema)

    en: ScenarioText = spec(ScenarioText(), sparse=True)
    zh: ScenarioText = spec(ScenarioText(), sparse=True)


def without_translations(scenario):
    """The scenario with its text in one language only (a shorter share code, for a QR code
    that must stay small: ``sesame share --without-translations``)."""
    return dataclasses.replace(scenario, translations=Translations())


def languages() -> tuple[str, ...]:
    """The language codes a scenario may carry a translation for."""
    return tuple(f.name for f in dataclasses.fields(Translations))


def count_problems(scenario):
    """(path, message) for every translated list whose length is not the scenario's."""
    for lang in languages():
        text = getattr(scenario.translations, lang)
        for slot, (section, _) in LISTS.items():
            given, want = len(getattr(text, slot)), len(getattr(scenario, section))
            if given and given != want:
                yield (f"translations.{lang}.{slot}",
                       f"must have one entry per item of {section} ({want}), or none; got {given}")


def _split(path: str) -> tuple[str, int | None, str | None]:
    m = _PATH.fullmatch(path)
    if not m:
        raise KeyError(f"{path!r} is not a text field of a scenario")
    section, index, field = m.group(1), m.group(2), m.group(3)
    ok = (section in SECTIONS and index is None and field in SECTIONS[section]) or \
         ((section, field) in SLOTS and (index is not None or section == "prompts"))
    if not ok:
        raise KeyError(f"{path!r} is not a text field of a scenario")
    return section, None if index is None else int(index), field


def original(scenario, path: str) -> Any:
    """The text at ``path`` as the file has it (``prompts``: the tuple)."""
    section, index, field = _split(path)
    node = getattr(scenario, section)
    if index is not None:
        node = node[index]
    return getattr(node, field) if field else node


def translated(scenario, path: str, lang: str) -> str:
    """The ``lang`` translation of one text field, or "" when there is none."""
    section, index, field = _split(path)
    text = getattr(scenario.translations, lang, None)
    if text is None or (section == "prompts" and index is None):
        return ""
    if section in SECTIONS:
        return getattr(getattr(text, section), field)
    items = getattr(text, SLOTS[(section, field)])
    return items[index] if index < len(items) else ""


def lookup(scenario, path: str, lang: str) -> Any:
    """The translation when there is one, else the original (``prompts``: a tuple, each
    prompt looked up on its own)."""
    if path == "prompts":
        return tuple(lookup(scenario, f"prompts[{i}]", lang) for i in range(len(scenario.prompts)))
    return translated(scenario, path, lang) or original(scenario, path)


def paths(scenario) -> list[str]:
    """Every text field the scenario fills in, spelled as errors spell paths."""
    out = [f"{s}.{f}" for s, fields in SECTIONS.items() for f in fields if getattr(getattr(scenario, s), f)]
    for section, field in LISTS.values():
        for i, item in enumerate(getattr(scenario, section)):
            if (getattr(item, field) if field else item):
                out.append(f"{section}[{i}]" + (f".{field}" if field else ""))
    return out


def in_language(scenario, lang: str):
    """The scenario rewritten in ``lang`` for the share window's QR code: each text with a
    ``lang`` translation replaces the text as written, the other languages' tables go
    (about half the share code of a bilingual file), and so do the sources and assumptions
    (:mod:`game.scenario.provenance`: longer than the rules themselves; the full code
    keeps them). Service names stay as written, since runs, commands and records name
    services by them; their translation is kept."""
    scenario = without_provenance(scenario)
    if lang not in {f.name for f in dataclasses.fields(Translations)}:
        return without_translations(scenario)
    out = scenario
    for path in paths(scenario):
        text = translated(scenario, path, lang)
        if text and not path.startswith("services"):
            out = _with_text(out, path, text)
    names = getattr(scenario.translations, lang).service_names
    return dataclasses.replace(out, translations=Translations(**{lang: ScenarioText(service_names=names)}))


def _with_text(scenario, path: str, text: str):
    """``scenario`` with the text at ``path`` replaced (frozen dataclasses: rebuilt)."""
    section, index, field = _split(path)
    node = getattr(scenario, section)
    if index is None:
        return dataclasses.replace(scenario, **{section: dataclasses.replace(node, **{field: text})})
    items = list(node)
    items[index] = dataclasses.replace(items[index], **{field: text}) if field else text
    return dataclasses.replace(scenario, **{section: tuple(items)})

"""Player-facing text, looked up by id from ``assets/text/<lang>.toml``, and a scenario's own
text in the current language.

Every catalog has the same keys as ``en.toml`` (``tests/test_text.py`` fails otherwise).
A key missing from the current language is an error while developing; only a release
build (``python -O`` or ``SESAME_RELEASE=1``) quietly falls back to English.

This module is pure Python (no pygame), so the model side can write sentences too: the
debrief and the challenge labels return :class:`Phrase` objects (a key and its fields) and
:func:`say` turns them into text in the current language. The UI imports all of this
through :mod:`game.ui.drawing.text`, which adds the font.
"""

from __future__ import annotations

import os
import re
import string
import tomllib
from typing import Any, NamedTuple

from game.resources import data_dir
from game.scenario import translations

ASSETS = data_dir("assets")
TEXT = ASSETS / "text"
NATIVE_NAMES = {"en": "English", "zh": "简体中文"}
RELEASE = not __debug__ or os.environ.get("SESAME_RELEASE") == "1"
_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")
_CJK = "\u2e80"  # scripts from here up are written without spaces between words

_catalogs: dict[str, dict[str, str]] = {}
_lang = "en"


def languages() -> list[tuple[str, str]]:
    """``(code, native name)`` of every catalog shipped, English first."""
    codes = sorted((p.stem for p in TEXT.glob("*.toml") if _CODE.fullmatch(p.stem)),
                   key=lambda c: (c != "en", c))
    return [(c, NATIVE_NAMES.get(c, c)) for c in codes]


def catalog(lang: str) -> dict[str, str]:
    """Flattened ``{"section.key": text}`` for one language."""
    if lang not in _catalogs:
        path = TEXT / f"{lang}.toml"
        if not _CODE.fullmatch(lang) or not path.is_file():
            known = ", ".join(code for code, _ in languages())
            raise ValueError(f"unknown language {lang!r}: choose one of {known}")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        _catalogs[lang] = {f"{sec}.{k}": v for sec, table in data.items() for k, v in table.items()}
    return _catalogs[lang]


def set_language(lang: str) -> None:
    """Switch every later ``t()`` to ``lang``; scenes pick it up on their next ``enter()``."""
    global _lang
    catalog(lang)
    _lang = lang


def current_language() -> str:
    return _lang


def t(key: str, **fields) -> str:
    """The text for ``key`` in the current language, with ``{fields}`` filled in."""
    return t_in(_lang, key, **fields)


def t_in(lang: str, key: str, **fields) -> str:
    """The text for ``key`` in ``lang``, whatever the current language is (a server words
    each reader's text in their own language, from several threads)."""
    text = catalog(lang).get(key)
    if text is None:
        if not RELEASE and lang != "en" and key in catalog("en"):
            raise KeyError(f"{lang}.toml has no {key!r} (a release build would show the English)")
        text = catalog("en")[key]
    return _FORMAT.format(text, **fields) if fields else text


class _Plural(string.Formatter):
    """``str.format`` plus English plurals: ``{n:friend|friends}`` gives the word before the
    bar when ``n`` is 1 and the one after it otherwise (languages without plurals, such as
    Chinese, simply don't use it)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, _, other = format_spec.partition("|")
            return one if value == 1 else other
        return super().format_field(value, format_spec)


_FORMAT = _Plural()


# --- sentences built by the model side --------------------------------------------------

class Phrase(NamedTuple):
    """A sentence to be worded later: a catalog key and its fields. A field may itself be a
    Phrase, or a list of Phrases (worded and joined with the catalog's ``format.list_sep``)."""
    key: str
    fields: dict[str, Any] = {}


def say(item: Phrase | str | list | tuple, lang: str | None = None) -> str:
    """Word a Phrase in the current language (or in ``lang``). A tuple of Phrases is a run
    of sentences: joined by a space in English, directly after Chinese punctuation."""
    lang = lang or _lang
    if isinstance(item, str):
        return item
    if isinstance(item, Phrase):
        return t_in(lang, item.key, **{k: _field(v, lang) for k, v in item.fields.items()})
    out = ""
    for part in (say(x, lang) for x in item):
        out += " " + part if out and part and out[-1] < _CJK else part
    return out


def _field(value: Any, lang: str) -> Any:
    if isinstance(value, Phrase):
        return say(value, lang)
    if isinstance(value, list):
        return t_in(lang, "format.list_sep").join(say(v, lang) for v in value)
    return value


# --- a scenario's own text --------------------------------------------------------------

def localized(scenario, path: str, lang: str | None = None) -> Any:
    """The scenario's text at ``path`` (spelled as errors spell it: ``meta.title``,
    ``tiers[2].label``, ``prompts``) in ``lang`` (default: the current language): the
    file's ``[translations.<lang>]`` entry when it has one, else the text as written.
    ``prompts`` gives a tuple."""
    return translations.lookup(scenario, path, lang or _lang)


def shown_text(scenario, lang: str | None = None) -> str:
    """Every piece of the scenario's text a screen may show in ``lang``, joined: what the
    font must be able to draw (tier names included, which are never translated)."""
    lang = lang or _lang
    parts = [translations.lookup(scenario, p, lang) for p in translations.paths(scenario)]
    return "".join(parts) + "".join(tier.name for tier in scenario.tiers)

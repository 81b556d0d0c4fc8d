"""Player-facing text, looked up by id from ``assets/text/<lang>.toml``.

Every catalog has the same keys as ``en.toml`` (``tests/test_text.py`` fails otherwise).
A key missing from the current language is an error while developing; only a release
build (``python -O`` or ``SESAME_RELEASE=1``) quietly falls back to English.

A language written beyond Latin-1 (Chinese) is drawn with the bundled subset of Noto Sans
CJK SC; ``font_path()`` says which font file to use, ``None`` meaning pygame's default.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"
TEXT = ASSETS / "text"
FONT = ASSETS / "fonts" / "NotoSansSC-Sesame.otf"  # made by tools/subset_font.py
NATIVE_NAMES = {"en": "English", "zh": "简体中文"}
RELEASE = not __debug__ or os.environ.get("SESAME_RELEASE") == "1"
_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")

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


def font_path(lang: str | None = None) -> str | None:
    """The font file for ``lang`` (default: the current one), or ``None`` for pygame's own.

    pygame's default font covers Latin-1; a catalog using anything beyond it needs the
    bundled font, which holds every character of every catalog.
    """
    text = "".join(catalog(lang or _lang).values())
    if all(ord(c) < 0x100 for c in text) or not FONT.is_file():
        return None
    return str(FONT)


def t(key: str, **fields) -> str:
    """The text for ``key`` in the current language, with ``{fields}`` filled in."""
    text = catalog(_lang).get(key)
    if text is None:
        if not RELEASE and _lang != "en" and key in catalog("en"):
            raise KeyError(f"{_lang}.toml has no {key!r} (a release build would show the English)")
        text = catalog("en")[key]
    return text.format(**fields) if fields else text

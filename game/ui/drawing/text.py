"""Player-facing text for the UI: everything in :mod:`game.text` plus the font to draw it.

A language written beyond Latin-1 (Chinese) is drawn with the bundled subset of Noto Sans
CJK SC; ``font_path()`` says which font file to use, ``None`` meaning pygame's default.
Scenario text counts too: a scenario written in Chinese, shown in the English UI, is
drawn with the bundled font (pass its :func:`shown_text` as ``cover``).
"""

from __future__ import annotations

from game.text import (ASSETS, NATIVE_NAMES, RELEASE, TEXT, Phrase, catalog, current_language, languages,
                       localized, say, set_language, shown_text, t)

__all__ = ["ASSETS", "FONT", "NATIVE_NAMES", "RELEASE", "TEXT", "Phrase", "catalog", "current_language",
           "font_path", "languages", "localized", "needs_font", "say", "set_language", "shown_text", "t"]

FONT = ASSETS / "fonts" / "NotoSansSC-Sesame.otf"  # made by tools/subset_font.py


def needs_font(text: str) -> bool:
    """Whether ``text`` goes beyond Latin-1, which is all pygame's default font draws."""
    return any(ord(c) >= 0x100 for c in text)


def font_path(lang: str | None = None, cover: str = "") -> str | None:
    """The font file for ``lang`` (default: the current one) and for the scenario text
    ``cover`` shown beside it, or ``None`` for pygame's own.

    pygame's default font covers Latin-1; a catalog or a scenario using anything beyond it
    needs the bundled font, which holds every character of every catalog and shipped
    scenario, and all of GB2312 (what teachers' own Chinese scenarios are likely to use).
    """
    text = "".join(catalog(lang or current_language()).values()) + cover
    if not needs_font(text) or not FONT.is_file():
        return None
    return str(FONT)

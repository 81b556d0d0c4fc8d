"""Player-facing text for the UI: everything in :mod:`game.text`, the font to draw it, and
line breaking (:func:`wrap`) that knows Chinese has no spaces.

A language written beyond Latin-1 (Chinese) is drawn with the bundled subset of Noto Sans
CJK SC; ``font_path()`` says which font file to use, ``None`` meaning pygame's default.
Scenario text counts too: a scenario written in Chinese, shown in the English UI, is
drawn with the bundled font (pass its :func:`shown_text` as ``cover``).
"""

from __future__ import annotations

import re

import pygame

from game.scenario.safetext import paragraphs, renderable
from game.text import (ASSETS, NATIVE_NAMES, RELEASE, TEXT, Phrase, catalog, current_language, languages,
                       localized, say, set_language, shown_text, t)
from game.ui.drawing import boxes

__all__ = ["ASSETS", "FONT", "NATIVE_NAMES", "RELEASE", "TEXT", "Phrase", "SafeFont", "catalog",
           "current_language", "draw_text", "ellipsize", "fit", "fit_middle", "font_path", "languages", "localized",
           "needs_font", "pack", "renderable", "say", "set_language", "shown_text", "t", "wrap"]

FONT = ASSETS / "fonts" / "NotoSansSC-Sesame.otf"  # made by tools/subset_font.py


def needs_font(text: str) -> bool:
    """Whether ``text`` goes beyond Latin-1, which is all pygame's default font draws."""
    return any(ord(c) >= 0x100 for c in text)


class SafeFont(pygame.font.Font):
    """A ``pygame.font.Font`` whose ``render`` and ``size`` take any text and never raise.

    pygame-ce refuses a NUL ("A null character was found in the text"), text of zero
    width ("Text has zero width": a lone zero-width space, joiner, direction mark or
    byte-order mark) and unpaired surrogates; a caption or a tier name holding one would
    crash every frame. Here the text first goes through
    :func:`game.scenario.safetext.renderable` (line breaks become spaces, invisible and
    control characters go, at most ``MAX_RENDER_CHARS``), and if the font still refuses,
    the result is an empty line of the font's height. Every font the window and the
    pages draw with is one of these (:meth:`game.ui.drawing.chart_frame.Fonts.default`).
    """

    def render(self, text, antialias=True, color=(255, 255, 255), bgcolor=None, wraplength=0):
        line = renderable(text) if isinstance(text, str) or text is None else text
        try:
            return super().render(line, antialias, color, bgcolor, wraplength)
        except (pygame.error, ValueError, UnicodeError, TypeError):
            return pygame.Surface((1, self.get_height()), pygame.SRCALPHA)

    def size(self, text):
        line = renderable(text) if isinstance(text, str) or text is None else text
        try:
            return super().size(line)
        except (pygame.error, ValueError, UnicodeError, TypeError):
            return 0, self.get_height()


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


_TOKENS = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]|[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+|\s+")


_NO_LINE_START = frozenset("，。、：；？！）》」』】〕〉…”’%·")  # closing marks: never first on a line
_NO_LINE_END = frozenset("（《「『【〔〈“‘")  # opening marks: never last on a line


def _break_before(cur: str, tok: str) -> tuple[str, str]:
    """The line to end and the text to carry to the next one when ``tok`` does not fit:
    characters move down with a closing mark, and an opening mark moves down with what
    it opens (the Chinese line-breaking rule, so no line starts with '。')."""
    carry = tok.lstrip()
    while cur and carry and (carry[0] in _NO_LINE_START or cur[-1] in _NO_LINE_END):
        cur, carry = cur[:-1], cur[-1] + carry
    return cur.rstrip(), carry


_WRAPPED: dict = {}
WRAPPED_KEPT = 1024  # wrapped texts kept: a panel wraps the same lines every frame


def wrap(text: str, font, width: int) -> list[str]:
    """Split text into lines that fit ``width`` pixels: at spaces, and between Chinese
    characters (which have no spaces to break at), never before a closing mark.
    Remembered: the inspector and the captions wrap the same text frame after frame."""
    key = (font, text, int(width))
    lines = _WRAPPED.get(key)
    if lines is None:
        if len(_WRAPPED) >= WRAPPED_KEPT:
            _WRAPPED.clear()
        lines = _WRAPPED[key] = tuple(_wrap(text, font, width))
    return list(lines)


PARTS = ("  \u00b7  ", "  -  ", "   ")  # what separates a key hint's parts ("Space: pause  -  L: rules")


def pack(text: str, font, width: int) -> list[str]:
    """Lines of ``width`` px made of ``text``'s parts (separated by one of ``PARTS``), a line
    ending only between parts, so a key never parts from what it does ("H: help" is never
    split); a part too long for a line is wrapped on its own."""
    sep = next((p for p in PARTS if p in text), None)
    if sep is None:
        return wrap(text, font, width)
    lines: list[str] = []
    for part in text.split(sep):
        if lines and font.size(lines[-1] + sep + part)[0] <= width:
            lines[-1] += sep + part
        else:
            lines += wrap(part, font, width)
    return lines


def _wrap(text: str, font, width: int) -> list[str]:
    """Lines at the text's own line breaks, at spaces and between Chinese characters; a
    word wider than the line (a URL, a stranger's 1,000-letter word) is cut where it must.
    Control and invisible characters are dropped first
    (:func:`game.scenario.safetext.paragraphs`), so every line it gives can be drawn."""
    lines: list[str] = []
    for paragraph in paragraphs(text):
        lines += _wrap_line(paragraph, font, width)
    return lines or [""]


def _wrap_line(text: str, font, width: int) -> list[str]:
    lines, cur = [], ""
    for tok in _TOKENS.findall(text):
        if not tok.isspace() and font.size(tok)[0] > width:  # a word longer than a line
            for piece in _cut_word(tok, font, width):
                if cur.strip() and font.size(cur + piece)[0] > width:
                    lines.append(cur.rstrip())
                    cur = ""
                cur += piece
            continue
        trial = cur + tok
        if cur.strip() and font.size(trial.rstrip())[0] > width:
            line, carry = _break_before(cur, tok)
            if line.strip():
                lines.append(line)
                cur = carry
                continue
        cur = trial  # fits, or nothing can go down with it: the mark hangs past the edge
    return lines + [cur.rstrip()] if cur.strip() or not lines else lines


def _cut_word(word: str, font, width: int) -> list[str]:
    """A word in pieces that each fit ``width`` (at least one character a piece)."""
    pieces, start = [], 0
    while start < len(word):
        lo, hi = start + 1, len(word)  # the longest prefix from start that fits
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if font.size(word[start:mid])[0] <= width:
                lo = mid
            else:
                hi = mid - 1
        pieces.append(word[start:lo])
        start = lo
    return pieces


def fit(font, text: str, width: int) -> str:
    """``text`` as it fits ``width`` pixels: whole, or cut at the end with an ellipsis
    (as one drawable line: see :func:`game.scenario.safetext.renderable`)."""
    text = renderable(text)
    if font.size(text)[0] <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest start that fits with its ellipsis
        mid = (lo + hi + 1) // 2
        if font.size(text[:mid].rstrip() + "\u2026")[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "\u2026"


def fit_middle(font, text: str, width: int) -> str:
    """``text`` as it fits ``width`` pixels, cut in the middle ("~/Documents/Op…/sesame-1.png"):
    for file paths, whose start says where and whose end says which file."""
    if font.size(text)[0] <= width:
        return text
    keep = len(text)
    while keep > 2:
        keep -= 1
        head, tail = text[:(keep + 1) // 2], text[len(text) - keep // 2:]
        if font.size(head + "\u2026" + tail)[0] <= width:
            return head + "\u2026" + tail
    return fit(font, text, width)


_RENDERED: dict = {}
RENDERED_KEPT = 2048  # images of text kept for the next frames (most text on screen repeats)


def rendered(font, text: str, colour):
    """``font.render(text, True, colour)``, remembered: the same words in the same font and
    colour are drawn again next frame (a screen's labels, ticks, names), and rendering is
    most of what drawing text costs."""
    key = (font, text, tuple(colour))
    image = _RENDERED.get(key)
    if image is None:
        if len(_RENDERED) >= RENDERED_KEPT:
            _RENDERED.clear()
        image = _RENDERED[key] = font.render(text, True, colour)
    return image


def draw_text(surface, font, text: str, colour, pos, anchor: str = "topleft", *, bound=None, width=None,
              owner: str = "") -> pygame.Rect:
    """Draw one line of ``text`` with its ``anchor`` ("topleft", "midtop", ...) at ``pos``;
    returns where it went. With ``width``, a line too long is cut with an ellipsis.

    ``bound`` is the box the text belongs in (default: the surface's clip, when narrowed):
    a :func:`game.ui.drawing.boxes.recording` notes the text, its box and any cut, so a test
    can check that every text on a screen fits (see :mod:`game.ui.drawing.boxes`)."""
    shown = text if width is None else fit(font, text, max(1, int(width)))
    image = rendered(font, shown, colour)
    box = image.get_rect(**{anchor: (round(pos[0]), round(pos[1]))})
    surface.blit(image, box)
    if boxes.active():
        if bound is None and surface.get_clip() != surface.get_rect():
            bound = surface.get_clip()
        boxes.note_text(box, shown, bound, "" if shown == text else text, owner)
    return box


def ellipsize(text: str, font, width: int, mark: str = "\u2026", keep: int = 1) -> str:
    """``text`` as one line cut short, ending with ``mark``, so it renders within ``width``
    pixels (``text`` itself when it fits); at least ``keep`` characters stay. The cut is
    found by bisection: a stranger's 2,000-character title costs a dozen measurements a
    frame, not thousands."""
    line = renderable(text)
    if font.size(line)[0] <= width:
        return line
    lo, hi = min(keep, len(line)), len(line) - 1  # the longest prefix that fits with the mark
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if font.size(line[:mid].rstrip() + mark)[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return line[:lo].rstrip() + mark

"""Text from strangers, made safe at both ends: checked when it is read, defused when shown.

Scenario titles, tier names, captions, prompts, objective labels and file names come from
whoever wrote the file or the share code. Three functions, one rule set:

- :func:`text_problem` is the validator's (:mod:`game.scenario.schema` runs it on every text
  field, translations included): it refuses control characters other than line breaks and
  tabs (a NUL, an ``ESC[2J`` that clears a terminal, a bell), direction overrides,
  embeddings and isolates (U+202A-U+202E, U+2066-U+2069: they reorder how text reads, the
  "Trojan source" trick), invisible tag characters, unpaired surrogates, and a text that
  is not empty yet shows nothing (only zero-width spaces, joiners, direction marks, a
  byte-order mark). Zero-width characters *inside* visible text are allowed (some scripts
  need joiners), as are line breaks and tabs in long texts.
- :func:`renderable` is every drawing path's (pygame-ce raises on a NUL and on text of
  zero width, so one such character in a caption would crash every frame): line breaks
  and tabs become spaces, invisible and control characters go, unpaired surrogates become
  U+FFFD, and the text is cut to :data:`MAX_RENDER_CHARS` so a huge word cannot ask for a
  surface of millions of pixels. It never raises, whatever it is given.
- :func:`terminal` is the command line's: a stranger's text printed to a terminal with
  every control, direction and invisible character written as an escape (``\\x1b``,
  ``\\u202e``), so nothing in a title can clear the screen, move the cursor, forge a line
  or hide itself. Printable text (Chinese included) is printed as it is.

Pure Python (no pygame): the scenario wing checks with it, the window and the command
line show with it.
"""

from __future__ import annotations

import unicodedata

MAX_RENDER_CHARS = 2000  # what one drawn line may hold (the longest field is 1,200)
LINE_BREAKS = "\n\r\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # shown as a space on one line
# direction embeddings, overrides and isolates: they reorder what follows them
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ALLOWED_CONTROLS = frozenset("\n\r\t")  # in a file: multi-line text and tabs


def _name(c: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)`` for a message."""
    name = unicodedata.name(c, "")
    if not name and unicodedata.category(c) == "Cc":
        name = {"\x00": "NUL", "\x1b": "ESCAPE", "\x7f": "DELETE", "\x07": "BELL"}.get(c, "a control character")
    return f"U+{ord(c):04X}" + (f" ({name})" if name else "")


def _invisible(c: str) -> bool:
    """Characters that draw nothing: controls, format characters (zero-width spaces and
    joiners, direction marks, the byte-order mark, soft hyphens, tags), white space."""
    return c.isspace() or unicodedata.category(c) in ("Cc", "Cf")


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be a scenario's text, as the end of a message, or None when it
    can: ``must not contain control characters: U+0000 (NUL) at character 6``."""
    for i, c in enumerate(text):
        cat = unicodedata.category(c)
        if cat == "Cc" and c not in ALLOWED_CONTROLS:
            return (f"must not contain control characters (line breaks and tabs are fine): "
                    f"{_name(c)} at character {i + 1}")
        if c in BIDI_CONTROLS:
            return (f"must not contain direction overrides, embeddings or isolates (they reorder how "
                    f"the text reads): {_name(c)} at character {i + 1}")
        if cat == "Cs":
            return f"must not contain half of a surrogate pair: U+{ord(c):04X} at character {i + 1}"
        if "\U000e0000" <= c <= "\U000e007f":
            return f"must not contain invisible tag characters: {_name(c)} at character {i + 1}"
    if text and all(_invisible(c) for c in text) and not all(c.isspace() for c in text):
        shown = ", ".join(dict.fromkeys(_name(c) for c in text if not c.isspace()))
        return f"shows nothing: it holds only invisible characters ({shown[:200]}); write some text or leave it empty"
    return None


def renderable(text: object, limit: int = MAX_RENDER_CHARS) -> str:
    """``text`` as one line any font can draw without raising (see the module)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if len(text) > 4 * limit:  # never walk a megabyte of text for one line
        text = text[:4 * limit]
    out = []
    for c in text:
        if c in LINE_BREAKS:
            out.append(" ")
            continue
        cat = unicodedata.category(c)
        if cat in ("Cc", "Cf"):
            continue
        out.append("\ufffd" if cat == "Cs" else c)
    line = "".join(out)
    return line if len(line) <= limit else line[:limit - 1] + "\u2026"


def paragraphs(text: object, limit: int = 8 * MAX_RENDER_CHARS) -> list[str]:
    """``text`` split at its line breaks, each paragraph :func:`renderable`."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text[:limit].replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return [renderable(p) for p in text.split("\n")]


def terminal(text: object, limit: int = 400) -> str:
    """A stranger's text for one line of a terminal: controls, direction and invisible
    characters (and backslashes, so an escape cannot be faked) written as Python escapes;
    at most ``limit`` characters, then ``...``."""
    if not isinstance(text, str):
        text = str(text)
    cut = len(text) > limit
    out = []
    for c in text[:limit]:
        if c == "\\":
            out.append("\\\\")
        elif unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") or c in BIDI_CONTROLS:
            out.append(repr(c)[1:-1])  # non-printable: repr always writes an escape
        else:
            out.append(c)
    return "".join(out) + ("..." if cut else "")

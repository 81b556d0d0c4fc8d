"""Text folded to a pygame_gui text box's width by our own line breaking (Chinese has no
spaces for pygame_gui to break at). Used by the scenario picker, the I window, help and the
debrief."""

from __future__ import annotations

import html
import re

from game.ui.drawing.text import wrap

_TAG = re.compile(r"<[^>]+>")


def folded(markup: str, manager, width: int) -> str:
    """pygame_gui HTML with every line broken to fit ``width`` px of a text box by our own
    :func:`~game.ui.drawing.text.wrap`: pygame_gui breaks lines at spaces only, so a
    Chinese sentence (no spaces) jumps whole to the next line, leaving a ragged gap, or is
    cut mid-character. A line styled whole (bold, a colour, italics around all of its text)
    keeps the style on each of its pieces."""
    font = manager.get_theme().get_font(["text_box"])
    # the box's padding, border, shadow and scroll bar; then room for pygame_gui's line break,
    # which takes a few px on the line it ends (a line filled to the edge pushes it onto a
    # row of its own: an empty line in the middle of a sentence)
    room = max(40, width - 2 * 6 - SCROLL_BAR - 8 - font.size(" ")[0] - 4)
    out = []
    for segment in markup.split("<br>"):
        plain = html.unescape(_TAG.sub("", segment))
        if font.size(plain)[0] <= room:
            out.append(segment)
            continue
        pieces = [html.escape(line) for line in wrap(plain, font, room)]
        whole = _WHOLE.match(segment)  # styled whole (tags only around the text): each piece keeps it
        out += [f"{whole.group(1)}{p}{whole.group(3)}" for p in pieces] if whole else pieces
    return "<br>".join(out)


_WHOLE = re.compile(r"^((?:<[^/>][^>]*>)*)([^<]*)((?:</[^>]+>)*)$")


SCROLL_BAR = 20  # px: pygame_gui's vertical scroll bar

"""What a screen put where, so a test can check the layout without guessing from pixels.

Drawing code notes what it places: each text with the box it must stay inside
(:func:`note_text`, called by :func:`game.ui.drawing.text.draw_text`), each opaque panel
(:func:`note_panel`), each chart's plot area (:func:`note_plot`), each pointer line
(:func:`note_line`). Nothing is kept unless a
:func:`recording` is open, so play pays one list check per text. :func:`widgets` adds a
scene's pygame_gui widgets (buttons, labels, windows) with their texts, and
:func:`problems` lists in words every text that spills out of its box or the window, was cut
short, overlaps another text or a widget, every two widgets that overlap, every plot too
small to read, and every pointer line that runs through a text.

Order matters the way paint does: a panel drawn later covers what is under it. A text fully
under a later panel is hidden on purpose (a window over the scene); one partly under it is
a defect - unless the panel is ``modal`` (a dialog over everything).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import pygame

from game.scenario.safetext import renderable


@dataclass(frozen=True)
class Drawn:
    """One thing on screen. ``kind``: "text", "panel", "plot", "widget" (a pygame_gui element
    with its text, if any) or "window" (a pygame_gui window: modal)."""

    kind: str
    rect: pygame.Rect
    text: str = ""
    bound: pygame.Rect | None = None  # the box the thing must stay inside
    full: str = ""  # a text shortened to fit: what it said before ("" when shown whole)
    owner: str = ""  # who drew it, for the message
    modal: bool = False  # a panel that may cover anything under it
    need: tuple[int, int] = (0, 0)  # a text's size, or a plot's smallest readable size
    group: int = 0  # widgets: the container they sit in (siblings must not overlap)
    layer: int = 0  # 0: the scene; 1: inside a window (painted with it, over the scene); 2: over all
    scrolls: bool = False  # inside a scrolling area: may lie beyond the window until scrolled to
    seen: pygame.Rect | None = None  # widgets: the part not scrolled out of view
    ends: tuple | None = None  # lines: ((x1, y1), (x2, y2))


@dataclass(eq=False)
class Recording:
    items: list[Drawn] = field(default_factory=list)
    shift: tuple[int, int] = (0, 0)
    layer: int = 0
    scrolls: bool = False
    measure: bool = False

    def add(self, item: Drawn) -> None:
        dx, dy = self.shift
        ends = None if item.ends is None else tuple((x + dx, y + dy) for x, y in item.ends)
        self.items.append(replace(item, rect=item.rect.move(dx, dy),
                                  bound=None if item.bound is None else item.bound.move(dx, dy),
                                  layer=self.layer, scrolls=self.scrolls, ends=ends))


_OPEN: list[Recording] = []


@contextmanager
def recording() -> Iterator[Recording]:
    """Note everything drawn inside the ``with`` block (a recording opened inside another
    takes the notes for itself: a dry run does not show up in the screen's own record)."""
    rec = Recording()
    _OPEN.append(rec)
    try:
        yield rec
    finally:
        _OPEN.remove(rec)


def active() -> bool:
    return bool(_OPEN)


def measuring() -> bool:
    """Inside :func:`measure`: charts lay out their frame and stop before their data."""
    return bool(_OPEN) and _OPEN[-1].measure


@contextmanager
def measure() -> Iterator[Recording]:
    """A recording for a dry run: where would things go (charts skip drawing their data)."""
    with recording() as rec:
        rec.measure = True
        yield rec


@contextmanager
def shifted(dx: int, dy: int, window: bool = False, scrolls: bool = False) -> Iterator[None]:
    """Drawing into an image that will be shown at (dx, dy): note it where it will appear.
    ``window``: the image is part of a window (drawn over the scene); ``scrolls``: it sits
    in a scrolling area (parts of it may lie beyond the window until scrolled to)."""
    saved = [(r.shift, r.layer, r.scrolls) for r in _OPEN]
    for r in _OPEN:
        r.shift = (r.shift[0] + dx, r.shift[1] + dy)
        r.layer, r.scrolls = max(r.layer, int(window)), r.scrolls or scrolls
    try:
        yield
    finally:
        for r, (shift, layer, scrolls_) in zip(_OPEN, saved):
            r.shift, r.layer, r.scrolls = shift, layer, scrolls_


@contextmanager
def on_top() -> Iterator[None]:
    """Drawing over every window (a passing message): checked against nothing beneath it."""
    saved = [r.layer for r in _OPEN]
    for r in _OPEN:
        r.layer = 2
    try:
        yield
    finally:
        for r, layer in zip(_OPEN, saved):
            r.layer = layer


def note_text(rect: pygame.Rect, text: str, bound: pygame.Rect | None, full: str = "", owner: str = "") -> None:
    if _OPEN:
        _OPEN[-1].add(Drawn("text", pygame.Rect(rect), text, None if bound is None else pygame.Rect(bound), full,
                            owner))


def note_panel(rect: pygame.Rect, owner: str = "", modal: bool = False) -> None:
    if _OPEN:
        _OPEN[-1].add(Drawn("panel", pygame.Rect(rect), owner=owner, modal=modal))


def note_line(start: tuple[int, int], end: tuple[int, int], owner: str = "") -> None:
    """A line that points at something (a caption's pointer): it must not run through text."""
    if _OPEN:
        rect = pygame.Rect(min(start[0], end[0]), min(start[1], end[1]), abs(end[0] - start[0]) + 1,
                           abs(end[1] - start[1]) + 1)
        _OPEN[-1].add(Drawn("line", rect, owner=owner, ends=(tuple(start), tuple(end))))


def note_plot(rect: pygame.Rect, need: tuple[int, int], owner: str = "") -> None:
    """A chart's plot area and the smallest (width, height) in which its data can be read."""
    if _OPEN:
        _OPEN[-1].add(Drawn("plot", pygame.Rect(rect), owner=owner, need=need))


# --------------------------------------------------------------------------- #
# pygame_gui widgets
# --------------------------------------------------------------------------- #

_TEXTLESS = {"UIHorizontalSlider", "UIImage", "UIPanel", "UIContainer", "UIScrollingContainer",
             "UIVerticalScrollBar", "UIHorizontalScrollBar"}


def widgets(manager) -> list[Drawn]:
    """Every visible pygame_gui element of ``manager``: windows (modal), and widgets with the
    text they show and the room it needs (its rendered size plus the widget's padding)."""
    out = []
    for el in manager.get_sprite_group().sprites():
        name = type(el).__name__
        if not el.visible or name in ("UIContainer", "UIScrollingContainer", "UIVerticalScrollBar"):
            continue
        container = el.ui_container
        seen = _visible(el)
        if seen.width <= 0 or seen.height <= 0:
            continue  # scrolled out of view
        if name in ("UIWindow", "UIPanel"):  # opaque: covers the scene under it
            out.append(Drawn("window", seen, owner=_title(el), modal=True, bound=None))
            continue
        text, need = _widget_text(el, name)
        internal = getattr(el, "parent_element", None) is not None
        out.append(Drawn("widget", pygame.Rect(el.rect), text, pygame.Rect(container.get_rect()),
                         owner=name + (" (part)" if internal else ""), need=need,
                         group=0 if internal else id(container), seen=seen))
    return out


def _visible(el) -> pygame.Rect:
    """The part of a widget on screen: its rectangle within every container it sits in (a
    scrolling container shows only its view)."""
    rect, c = pygame.Rect(el.rect), el.ui_container
    while c is not None and c is not getattr(c, "ui_container", None):
        rect = rect.clip(c.get_rect())
        c = getattr(c, "ui_container", None)
    return rect


def _title(window) -> str:
    return getattr(window, "window_display_title", "") or type(window).__name__


def _widget_text(el, name: str) -> tuple[str, tuple[int, int]]:
    """The text a widget shows and the (width, height) it needs inside the widget."""
    if name == "UITextBox":
        spilled = text_box_spill(el)
        if spilled is not None:  # reported as a text too wide for the box
            return spilled, (el.rect.width + 1, 0)
        return "", (0, 0)
    if name in _TEXTLESS:
        return "", (0, 0)
    text = ""
    if name == "UITextEntryLine":  # it scrolls sideways: only its height must fit
        text = el.get_text() or getattr(el, "placeholder_text", "")
        return text, (0, widget_need(el, text or "Ag")[1])
    elif name == "UICheckBox":
        return "", (0, 0)  # its label is a UILabel of its own
    else:
        text = getattr(el, "text", "") or ""
    return text, widget_need(el, text)


def text_box_spill(box) -> str | None:
    """The first line of a pygame_gui text box that filled its row so far that the line break
    after it went onto a row of its own (an empty line in mid-sentence), or None. A blank
    line the text asks for (two breaks in a row) is not a spill."""
    layout = getattr(box, "text_box_layout", None)
    rows = getattr(layout, "layout_rows", None) or []
    for before, row in zip(rows, rows[1:]):
        items = list(row.items)
        alone = len(items) == 1 and type(items[0]).__name__ == "LineBreakLayoutRect"
        ended = bool(before.items) and type(before.items[-1]).__name__ == "LineBreakLayoutRect"
        if alone and not ended:
            return " ".join(getattr(c, "text", "") for c in before.items) or "(a line)"
    return None


def widget_need(el, text: str | None = None) -> tuple[int, int]:
    """The (width, height) a pygame_gui widget needs to show ``text`` (default: its own)
    whole: the text's size plus its border, shadow and padding."""
    text = getattr(el, "text", "") if text is None else text
    font = getattr(el, "font", None)
    if not text or font is None:
        return 0, 0
    w, h = font.size(renderable(text) or " ")  # a stranger's name: measured as it is drawn, never raising
    pad = 2 * (_px(getattr(el, "border_width", 0)) + _px(getattr(el, "shadow_width", 0)))
    pad_x = pad + 2 * int(getattr(el, "text_horiz_alignment_padding", 0) or 0)
    return w + pad_x, h + pad


def _px(v) -> int:
    if isinstance(v, dict):
        return max(v.values(), default=0)
    return int(v or 0)


# --------------------------------------------------------------------------- #
# The checks
# --------------------------------------------------------------------------- #


def _inside(inner: pygame.Rect, outer: pygame.Rect, slack: int = 1) -> bool:
    return outer.inflate(2 * slack, 2 * slack).contains(inner)


def _hits(a: pygame.Rect, b: pygame.Rect, slack: int = 1) -> bool:
    """Overlap by more than ``slack`` px each way (touching lines are not an overlap)."""
    c = a.clip(b)
    return c.width > slack and c.height > slack


def problems(items: list[Drawn], window: tuple[int, int]) -> list[str]:
    """Every layout defect in ``items`` (a recording, then the scene's widgets), in words."""
    screen = pygame.Rect((0, 0), window)
    out = []
    texts = [(k, d) for k, d in enumerate(items) if d.kind == "text"]
    for k, d in texts:
        where = f"{d.owner or 'text'} {_short(d.text)} at {tuple(d.rect)}"
        if d.full:
            out.append(f"{where} was cut short from {_short(d.full)}")
        if not d.scrolls and not _inside(d.rect, screen, 0):
            out.append(f"{where} is off the window")
        elif d.bound is not None and not _inside(d.rect, d.bound):
            out.append(f"{where} spills out of its box {tuple(d.bound)}")
    out += _overlaps(items, texts)
    for j, line in enumerate(items):  # a line drawn over a text (one drawn later covers the line)
        if line.kind != "line":
            continue
        for k, d in texts:
            if k < j and d.layer == line.layer and d.rect.inflate(-2, -2).clipline(*line.ends) \
                    and not _covered(items, j, len(items), d.rect):
                out.append(f"{line.owner or 'a line'} from {line.ends[0]} to {line.ends[1]} runs through "
                           f"{d.owner or 'text'} {_short(d.text)} at {tuple(d.rect)}")
    for d in items:
        if d.kind == "plot" and (d.rect.width < d.need[0] or d.rect.height < d.need[1]):
            out.append(f"{d.owner or 'chart'}: plot area {d.rect.width}x{d.rect.height} px is below the "
                       f"{d.need[0]}x{d.need[1]} needed to read it")
    out += _widget_problems([d for d in items if d.kind in ("widget", "window")], screen)
    return out


def _short(text: str, n: int = 60) -> str:
    return repr(text if len(text) <= n else text[:n - 1] + "\u2026")


def _covered(items: list[Drawn], k: int, j: int, rect: pygame.Rect) -> bool:
    """Whether a panel drawn after item k (and before j) covers ``rect``."""
    return any(p.kind in ("panel", "window") and (p.modal or p.rect.contains(rect)) and _hits(p.rect, rect)
               for p in items[k + 1:j])


def _overlaps(items: list[Drawn], texts: list[tuple[int, Drawn]]) -> list[str]:
    out = []
    windows = [w.rect for w in items if w.kind == "window"]
    for a, (k, d) in enumerate(texts):
        if d.layer == 0 and any(w.colliderect(d.rect) for w in windows):
            continue  # the scene's text under a window: the window covers it
        if any(p.kind == "panel" and p.layer == d.layer and p.rect.contains(d.rect) for p in items[k + 1:]):
            continue  # hidden whole under a later panel (a bar over a strip): on purpose, not a defect
        for j, e in texts[a + 1:]:
            if e.layer == d.layer and _hits(d.rect, e.rect, 2) and not _covered(items, k, j, d.rect):
                out.append(f"{e.owner or 'text'} {_short(e.text)} at {tuple(e.rect)} overlaps "
                           f"{d.owner or 'text'} {_short(d.text)} at {tuple(d.rect)}")
        if any(q.kind == "panel" and q.modal and q.layer == d.layer and _hits(q.rect, d.rect, 2) for q in items[k + 1:]):
            continue  # under a dialog drawn later: what the dialog holds (its buttons) may cover it too
        for p in items[k + 1:]:
            if p.kind == "panel" and p.layer == d.layer and not p.modal and _hits(p.rect, d.rect, 2) \
                    and not p.rect.contains(d.rect):
                out.append(f"{d.owner or 'text'} {_short(d.text)} at {tuple(d.rect)} is partly under "
                           f"{p.owner or 'a panel'} {tuple(p.rect)}")
            elif p.kind == "widget" and p.group and d.layer == 0 and _hits(p.seen or p.rect, d.rect, 2):
                out.append(f"{d.owner or 'text'} {_short(d.text)} at {tuple(d.rect)} is under the widget "
                           f"{p.owner} {_short(p.text)} at {tuple(p.rect)}")
    return out


def _widget_problems(ws: list[Drawn], screen: pygame.Rect) -> list[str]:
    out = []
    for d in ws:
        where = f"{d.owner} {_short(d.text)} at {tuple(d.rect)}" if d.text else f"{d.owner} at {tuple(d.rect)}"
        if not _inside(d.seen or d.rect, screen, 0):
            out.append(f"{where} is off the window")
        if d.kind == "widget" and d.bound is not None and not _inside(d.rect, d.bound):
            out.append(f"{where} sticks out of its container {tuple(d.bound)}")
        if d.text and (d.need[0] > d.rect.width or d.need[1] > d.rect.height):
            out.append(f"{where}: its text needs {d.need[0]}x{d.need[1]} px")
    tops = [d for d in ws if d.kind == "widget" and d.group]
    for a, d in enumerate(tops):
        for e in tops[a + 1:]:
            if d.group == e.group and _hits(d.seen or d.rect, e.seen or e.rect):
                out.append(f"{e.owner} {_short(e.text)} at {tuple(e.rect)} overlaps "
                           f"{d.owner} {_short(d.text)} at {tuple(d.rect)}")
    return out

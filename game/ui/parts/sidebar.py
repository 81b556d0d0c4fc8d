"""The key charts beside the society (:data:`game.ui.drawing.key_charts.SIDEBAR`), drawn
into an image that is repainted at most every ``REFRESH_S`` while the simulation runs (it
may step faster than charts are worth drawing) and at once when paused or resized.

As many charts as stay readable share the column (each plot at least
:func:`game.ui.drawing.chart_frame.readable`); the rest go on further pages, and a button at
the foot of the column turns them (a projector's large type or a small window shows fewer,
larger charts rather than more, unreadable ones)."""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.ui.drawing import chart_frame, key_charts
from game.ui.drawing.boxes import widget_need
from game.ui.drawing.text import t

REFRESH_S = 0.25


def chart_height(fonts) -> int:
    """The least height a chart of the column needs: title, axis label and legend rows, a
    readable plot, the x axis's labels."""
    pad, small, normal = fonts.pad, fonts.small.get_height(), fonts.normal.get_height()
    return 3 * pad + normal + 3 * (small + pad // 2) + small // 2 + chart_frame.readable(fonts)[1] \
        + small + pad


class Sidebar:
    def __init__(self) -> None:
        self.key = None  # (step, window size, model, page) the image shows
        self.at = -1e9  # when it was painted
        self.image: pygame.Surface | None = None
        self.page = 0
        self.cells: list[pygame.Rect] = []
        self.per_page = len(key_charts.SIDEBAR)
        self.button: UIButton | None = None

    def lay_out(self, side: pygame.Rect, fonts, manager, button_h: int) -> None:
        """Cells for the charts of one page in the ``side`` column, and the page button if
        the charts take more than one page."""
        n, pad = len(key_charts.SIDEBAR), fonts.pad + 4
        inner = side.inflate(-2 * pad, -2 * pad)
        need = chart_height(fonts)
        per = max(1, min(n, (inner.height + pad) // (need + pad)))
        self.button = None
        if per < n:  # the page button at the foot of the column, as tall as its type needs
            self.button = UIButton(pygame.Rect(inner.x, inner.bottom - button_h, inner.width, button_h), "", manager)
            self.per_page = per
            self.button.set_text(self._button_text())
            button_h = max(button_h, widget_need(self.button)[1])
            self.button.set_dimensions((inner.width, button_h))
            self.button.set_relative_position((inner.x, inner.bottom - button_h))
            inner.height -= button_h + pad
            per = max(1, min(n, (inner.height + pad) // (need + pad)))
        self.per_page = per
        self.page = min(self.page, self.pages - 1)
        if self.button is not None:
            self.button.set_text(self._button_text())
        h = (inner.height - pad * (per - 1)) // per
        self.cells = [pygame.Rect(inner.x, inner.y + k * (h + pad), inner.width, h) for k in range(per)]
        self.key = None

    def show_button(self, shown: bool) -> None:
        """The page button hides with the charts (the teacher's "predict first")."""
        if self.button is not None and self.button.visible != shown:
            self.button.show() if shown else self.button.hide()

    @property
    def pages(self) -> int:
        return -(-len(key_charts.SIDEBAR) // self.per_page)

    def _button_text(self) -> str:
        first = self.page * self.per_page
        last = min(len(key_charts.SIDEBAR), first + self.per_page)
        return t("ui.more_charts", first=first + 1, last=last, n=len(key_charts.SIDEBAR))

    def handle(self, event) -> bool:
        """The page button turns the page; True when it did."""
        if self.button is not None and event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.button:
            self.page = (self.page + 1) % self.pages
            self.button.set_text(self._button_text())
            self.key = None
            return True
        return False

    def shown(self) -> tuple[str, ...]:
        """The names of the charts on the page shown now."""
        return key_charts.SIDEBAR[self.page * self.per_page:(self.page + 1) * self.per_page]

    def draw(self, surf: pygame.Surface, model, layout, fonts, paused: bool, now: float) -> None:
        key = (model.steps, layout.size, id(model), self.page)
        fresh = self.key is None or key[1:] != self.key[1:] or paused
        if key != self.key and (fresh or now - self.at >= REFRESH_S):
            self.at = now
            self.image = pygame.Surface(layout.size, pygame.SRCALPHA)
            key_charts.paint(self.image, self.cells, key_charts.named(model, self.shown()), fonts)
            self.key = key
        surf.blit(self.image, (0, 0))

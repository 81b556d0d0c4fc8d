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

from game.ui.drawing import boxes, chart_frame, key_charts
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

    def lay_out(self, side: pygame.Rect, fonts, manager, button_h: int, model=None) -> None:
        """Cells for the charts of one page in the ``side`` column, and the page button if
        the charts take more than one page. With ``model``, each candidate number of charts
        a page is tried by drawing every chart off screen and reading where its plot went
        (:mod:`game.ui.drawing.boxes`): the most that all stay readable."""
        n, pad = len(key_charts.SIDEBAR), fonts.pad + 4
        column = side.inflate(-2 * pad, -2 * pad)
        self.button = None
        per = self._fit(column.height, n, fonts, column.width, pad, model)
        if per < n:  # the page button at the foot of the column, as tall as its type needs
            self.button = UIButton(pygame.Rect(column.x, column.bottom - button_h, column.width, button_h), "",
                                   manager)
            self.per_page = per
            self.button.set_text(self._button_text())
            button_h = max(button_h, widget_need(self.button)[1])
            self.button.set_dimensions((column.width, button_h))
            self.button.set_relative_position((column.x, column.bottom - button_h))
            column.height -= button_h + pad
            per = self._fit(column.height, n, fonts, column.width, pad, model, most=per)
        self.per_page = per
        self.page = min(self.page, self.pages - 1)
        if self.button is not None:
            self.button.set_text(self._button_text())
        h = (column.height - pad * (per - 1)) // per
        self.cells = [pygame.Rect(column.x, column.y + k * (h + pad), column.width, h) for k in range(per)]
        self.key = None

    @staticmethod
    def _fit(height: int, n: int, fonts, width: int, pad: int, model, most: int | None = None) -> int:
        """How many charts of the column (``most`` at most) fit ``height`` with every plot
        readable."""
        n = n if most is None else most
        guess = max(1, min(n, (height + pad) // (chart_height(fonts) + pad)))
        if model is None:
            return guess

        def readable(per: int) -> bool:
            h = (height - pad * (per - 1)) // per
            scratch = pygame.Surface((width, h))
            with boxes.measure() as rec:
                key_charts.paint(scratch, [scratch.get_rect()] * len(key_charts.SIDEBAR),
                                 key_charts.named(model, key_charts.SIDEBAR), fonts)
            plots = [d for d in rec.items if d.kind == "plot"]
            return all(d.rect.width >= d.need[0] and d.rect.height >= d.need[1] for d in plots)

        per = guess
        while per < n and readable(per + 1):
            per += 1
        while per > 1 and not readable(per):
            per -= 1
        return per

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

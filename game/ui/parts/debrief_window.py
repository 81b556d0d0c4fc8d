"""The debrief: how a run ended and why, on one screen a class can read from the back.

Left, the story (:func:`game.ui.parts.challenge_view.debrief_html`: the outcome, each objective,
what happened, the prompts to discuss). Right, the run's key charts
(:mod:`game.ui.drawing.key_charts`), scrolling when they do not all fit. Close (or Esc) goes
back to the run as it was; Save as PNG writes the same debrief as a page for a worksheet
(:mod:`game.ui.drawing.debrief_page`).
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIImage, UIScrollingContainer, UITextBox, UIWindow

from game.ui.drawing import boxes, charts, key_charts, palette
from game.ui.drawing.text import shown_text, t
from game.ui.keys import SCROLL
from game.ui.parts.challenge_view import debrief_html
from game.ui.parts.widgets import SCROLL_BAR, folded



def chart_fonts(scale: float, model=None) -> charts.Fonts:
    """Debrief charts have more room than the sidebar's: never smaller than 1280x720 type;
    in a font that draws the scenario's own text (objective titles) too."""
    return charts.Fonts.default(max(1.0, scale), shown_text(model.config) if model is not None else "")


class DebriefWindow:
    """The debrief as a pygame_gui window; ``handle`` says when its buttons want 'close' or
    'export'. ``charts`` maps each chart's name to its (cell, plot) on screen, for tests."""

    def __init__(self, rect: pygame.Rect, manager, model, outcome: str, progress: list, scale: float,
                 exportable: bool = True):
        self.window = UIWindow(rect, manager, window_display_title=t("challenge.debrief_title"))
        inner = self.window.get_container().get_rect()
        pad = max(6, int(8 * scale))
        row = max(48, int(40 * scale))  # a button a finger can hit
        body = pygame.Rect(0, 0, inner.width, inner.height - row - pad)
        self.body = body.move(inner.topleft)  # on screen: the story and the charts, over the buttons
        text_w = max(int(inner.width * 0.4), min(inner.width, int(300 * scale)))
        self.text = UITextBox(folded(debrief_html(model, outcome, progress), manager, text_w),
                              pygame.Rect(0, 0, text_w, body.height),
                              manager, container=self.window, allow_split_dashes=False)  # Chinese: no "-" at breaks
        self._charts(pygame.Rect(text_w + pad, 0, body.width - text_w - pad, body.height), manager, model, scale)
        self.close = self._button(t("debrief_charts.close"), inner.width, body.bottom + pad, row, manager)
        self.export = self._button(t("debrief_charts.export"), self.close.relative_rect.left - pad,
                                   body.bottom + pad, row, manager) if exportable else None

    def _charts(self, area: pygame.Rect, manager, model, scale: float) -> None:
        """The key charts as one image in a scrolling container (a scroll bar only if needed)."""
        self.scroll = UIScrollingContainer(area, manager, container=self.window, allow_scroll_x=False)
        items, fonts = key_charts.for_debrief(model), chart_fonts(scale, model)
        cells = key_charts.grid(len(items), area.width, area.height, fonts)
        if cells and max(c.bottom for c in cells) > area.height:
            cells = key_charts.grid(len(items), area.width - SCROLL_BAR, area.height, fonts)
        size = (max([1] + [c.right for c in cells]), max([area.height] + [c.bottom for c in cells]))
        image = pygame.Surface(size)
        image.fill(palette.BACKGROUND)
        with boxes.shifted(*self.scroll.get_container().get_rect().topleft, window=True, scrolls=True):
            painted = key_charts.paint(image, cells, items, fonts)
        self.image = UIImage(pygame.Rect((0, 0), size), image, manager, container=self.scroll)
        self.scroll.set_scrollable_area_dimensions(size)
        self._painted = painted

    def _button(self, text: str, right: int, y: int, height: int, manager) -> UIButton:
        button = UIButton(pygame.Rect(0, y, -1, height), text, manager, container=self.window)
        width = max(button.rect.width + 2 * height // 3, 2 * height)
        button.set_dimensions((width, height))
        button.set_relative_position((right - width, y))
        return button

    @property
    def charts(self) -> dict[str, tuple[pygame.Rect, charts.Plot | None]]:
        """Each chart's cell and plot in screen coordinates (as scrolled now)."""
        at = self.image.rect.topleft
        return {name: (cell.move(at), None if plot is None else charts.Plot(plot.rect.move(at), plot.x_end,
                                                                            plot.lo, plot.hi))
                for name, (cell, plot) in self._painted.items()}

    def handle(self, event) -> str | None:
        """'close' or 'export' when one of the window's buttons was pressed; arrow and page
        keys scroll the charts (a teacher at a projector may have no mouse wheel)."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.close:
                return "close"
            if self.export is not None and event.ui_element is self.export:
                return "export"
        if event.type == pygame.KEYDOWN and event.key in SCROLL:
            self.scroll_charts(SCROLL[event.key])
        return None

    def scroll_charts(self, pages: float) -> None:
        """Scroll the charts by ``pages`` screenfuls (negative: up); nothing if they all fit."""
        bar = self.scroll.vert_scroll_bar
        if bar is None or not self.scroll.vert_scroll_bar_active:
            return
        bar.set_scroll_from_start_percentage(bar.start_percentage + pages * bar.visible_percentage)

    @property
    def alive(self) -> bool:
        return self.window.alive()

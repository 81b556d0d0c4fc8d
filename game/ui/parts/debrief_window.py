"""The debrief: how a run ended and why, on one screen a class can read from the back.

Left, the story (:func:`game.ui.parts.challenge_view.debrief_html`: the outcome, each objective,
what happened, the prompts to discuss). Right, the run's key charts
(:mod:`game.ui.drawing.key_charts`), scrolling when they do not all fit. Close (or Esc) goes
back to the run as it was; Save as PNG writes the same debrief as a page for a worksheet.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIImage, UIScrollingContainer, UITextBox, UIWindow

from game.modes.debrief import debrief
from game.ui.drawing import charts, key_charts, palette
from game.ui.drawing.text import localized, shown_text, t, wrap
from game.ui.parts.challenge_view import COLOUR, debrief_html

SCROLL_BAR = 20  # px: pygame_gui's scroll bar width
PAGE_WIDTH = 1600  # px: the exported page, like the other exports
SCROLL_KEYS = {pygame.K_DOWN: 0.25, pygame.K_UP: -0.25, pygame.K_PAGEDOWN: 0.9, pygame.K_PAGEUP: -0.9,
               pygame.K_END: 1.0e3, pygame.K_HOME: -1.0e3}


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
        text_w = max(int(inner.width * 0.4), min(inner.width, int(300 * scale)))
        self.text = UITextBox(debrief_html(model, outcome, progress), pygame.Rect(0, 0, text_w, body.height),
                              manager, container=self.window, allow_split_dashes=False)  # Chinese: no "-" at breaks
        self._charts(pygame.Rect(text_w + pad, 0, body.width - text_w - pad, body.height), manager, model, scale)
        self.close = self._button(t("debrief_charts.close"), inner.width, body.bottom + pad, row, manager)
        self.export = self._button(t("debrief_charts.export"), self.close.relative_rect.left - pad,
                                   body.bottom + pad, row, manager) if exportable else None

    def _charts(self, area: pygame.Rect, manager, model, scale: float) -> None:
        """The key charts as one image in a scrolling container (a scroll bar only if needed)."""
        self.scroll = UIScrollingContainer(area, manager, container=self.window, allow_scroll_x=False)
        items, fonts = key_charts.key_charts(model), chart_fonts(scale, model)
        cells = key_charts.grid(len(items), area.width, area.height, fonts)
        if cells and max(c.bottom for c in cells) > area.height:
            cells = key_charts.grid(len(items), area.width - SCROLL_BAR, area.height, fonts)
        size = (area.width, max([area.height] + [c.bottom for c in cells]))
        image = pygame.Surface(size)
        image.fill(palette.BACKGROUND)
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
        if event.type == pygame.KEYDOWN and event.key in SCROLL_KEYS:
            self.scroll_charts(SCROLL_KEYS[event.key])
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


# --------------------------------------------------------------------------- #
# The exported page
# --------------------------------------------------------------------------- #


def page(model, outcome: str, progress: list, seed: int, source: str) -> pygame.Surface:
    """The debrief as one tall PNG-ready page: title, outcome and objectives, the key charts,
    what happened, the prompts. Drawn off-screen; its height follows the content."""
    cover = shown_text(model.config)
    fonts, big = charts.Fonts.default(1.3, cover), charts.Fonts.default(2.0, cover).normal
    width, margin = PAGE_WIDTH, 40
    lines = _page_text_top(model, outcome, progress, seed, source, fonts, big)
    items = key_charts.key_charts(model)
    cells = key_charts.grid(len(items), width - 2 * margin, 1 << 20, fonts, aspect=0.55)
    bottom_lines = _page_text_bottom(model, fonts)
    text_h = sum(h for *_, h in lines) + sum(h for *_, h in bottom_lines)
    charts_h = max([0] + [c.bottom for c in cells])
    surf = pygame.Surface((width, margin * 3 + text_h + charts_h + 20))
    surf.fill(palette.BACKGROUND)
    y = _draw_lines(surf, lines, margin, margin)
    key_charts.paint(surf, [c.move(margin, y + 10) for c in cells], items, fonts)
    _draw_lines(surf, bottom_lines, margin, y + 20 + charts_h + margin // 2)
    return surf


def _page_text_top(model, outcome, progress, seed, source, fonts, big):
    """(text, font, colour, indent, height) rows above the charts."""
    wide = PAGE_WIDTH - 100
    sub = t("report.subtitle", source=Path(source).name, seed=seed, steps=int(model.steps), n=model.n)
    rows = [(localized(model.config, "meta.title"), big, palette.TEXT, 0), (sub, fonts.normal, palette.TEXT_DIM, 0)]
    if outcome in ("won", "lost"):
        rows.append((t("challenge." + outcome), fonts.normal, COLOUR["met" if outcome == "won" else "failed"], 0))
        for p, ob in zip(progress, model.config.objectives):
            state = t("challenge." + p.state.replace(" ", "_"))
            now = key_charts.goal_text(p.current, key_charts.is_share(ob.series))
            rows.append(("- " + t("challenge.result_line", label=p.label, state=state, value=now), fonts.small,
                         COLOUR[p.state], 10))
    return _wrapped(rows, wide)


def _page_text_bottom(model, fonts):
    rows = [(t("challenge.what_happened", steps=int(model.steps)), fonts.normal, palette.TEXT, 0)]
    rows += [(f"- {line}", fonts.small, palette.TEXT, 10) for line in debrief(model)]
    prompts = localized(model.config, "prompts")
    if prompts:
        rows += [("", fonts.small, palette.TEXT, 0), (t("challenge.discuss"), fonts.normal, palette.TEXT, 0)]
        rows += [(f"- {q}", fonts.small, palette.TIE_SELECTED, 10) for q in prompts]
    return _wrapped(rows, PAGE_WIDTH - 100)


def _wrapped(rows, width):
    out = []
    for text, font, colour, indent in rows:
        for line in wrap(text, font, width - indent):
            out.append((line, font, colour, indent, font.get_linesize() + 4))
    return out


def _draw_lines(surf, lines, x, y) -> int:
    for text, font, colour, indent, h in lines:
        surf.blit(font.render(text, True, colour), (x + indent, y))
        y += h
    return y

"""Text over the sandbox: the status line, a passing message, the scenario's timeline
caption, and the charts panel's "predict first" cover."""

from __future__ import annotations

import time

import pygame

from game.ui.drawing import palette
from game.ui.drawing.text import ellipsize, localized, t, wrap

CAPTION_SECONDS = 8.0  # how long a scenario's timeline caption stays on screen
MESSAGE_SECONDS = 4.0


class Notices:
    """The message the player was last told and the timeline caption on screen, each until
    its time runs out."""

    def __init__(self) -> None:
        self.message, self.message_until = "", 0.0
        self.caption, self.caption_until = None, 0.0  # timeline index of the caption on screen

    def say(self, text: str, seconds: float = MESSAGE_SECONDS) -> None:
        self.message, self.message_until = text, time.perf_counter() + seconds

    def catch_caption(self, config, before: int, after: int, now: float) -> None:
        """Show the text of the latest timeline entry that ran in steps ``before`` to
        ``after`` (an entry at step k runs as step k + 1 begins) for ``CAPTION_SECONDS``."""
        fired = [i for i, ev in enumerate(config.timeline) if ev.text and before <= ev.step <= after - 1]
        if fired:
            self.caption, self.caption_until = fired[-1], now + CAPTION_SECONDS

    def caption_text(self, config) -> str | None:
        """The timeline caption on screen, in the current language (None: none)."""
        return None if self.caption is None else localized(config, f"timeline[{self.caption}].text")

    def draw_caption(self, surf, config, area: pygame.Rect, fonts, now: float) -> None:
        """The caption in a box at the top of ``area``."""
        text = self.caption_text(config)
        if text is None or now >= self.caption_until:
            return
        f = fonts.normal
        lines = wrap(text, f, int(area.width * 0.7))[:4]
        lh = f.get_linesize()
        r = pygame.Rect(0, 0, max(f.size(line)[0] for line in lines) + 24, lh * len(lines) + 16)
        r.midtop = (area.centerx, area.y + 10)
        shade = pygame.Surface(r.size, pygame.SRCALPHA)
        shade.fill((*palette.PANEL, 235))
        surf.blit(shade, r)
        pygame.draw.rect(surf, palette.TIE_SELECTED, r, 2, border_radius=6)
        for k, line in enumerate(lines):
            img = f.render(line, True, palette.TEXT)
            surf.blit(img, img.get_rect(midtop=(r.centerx, r.y + 8 + k * lh)))

    def draw_message(self, surf, area: pygame.Rect, fonts, now: float) -> None:
        """The message, at the bottom of ``area``, while it lasts."""
        if self.message and now < self.message_until:
            img = fonts.normal.render(self.message, True, palette.TEXT)
            r = img.get_rect(midbottom=(area.centerx, area.bottom - 8))
            pygame.draw.rect(surf, palette.PANEL, r.inflate(16, 8), border_radius=4)
            surf.blit(img, r)


def draw_status(surf, title: str, short: str, room: int, bar_height: int, fonts) -> None:
    """The top line (``title``; ``short`` when it does not fit ``room`` px; cut with an
    ellipsis when even that is too long), centred in the top bar's height."""
    f = fonts.normal
    if f.size(title)[0] > room:
        title = short
    title = ellipsize(title, f, room, keep=9)
    surf.blit(f.render(title, True, palette.TEXT), (12, (bar_height - f.get_linesize()) // 2))


def draw_hint(surf, area: pygame.Rect, fonts) -> None:
    """What to do first, at the bottom right of the society."""
    hint = fonts.small.render(t("ui.hint"), True, palette.TEXT_DIM)
    surf.blit(hint, hint.get_rect(bottomright=(area.right - 6, area.bottom - 4)))


def draw_charts_hidden(surf, side: pygame.Rect, fonts) -> None:
    """The teacher's "predict first": the charts panel covered, saying how to reveal it."""
    side = side.inflate(-16, -16)
    pygame.draw.rect(surf, palette.PANEL, side, border_radius=6)
    f = fonts.normal
    lines = wrap(t("ui.charts_hidden"), f, side.width - 40)
    y = side.centery - len(lines) * f.get_linesize() // 2
    for line in lines:
        img = f.render(line, True, palette.TEXT)
        surf.blit(img, img.get_rect(midtop=(side.centerx, y)))
        y += f.get_linesize()

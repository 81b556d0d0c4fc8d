"""Text over the sandbox: the status line, a passing message, the scenario's timeline
caption, and the charts panel's "predict first" cover."""

from __future__ import annotations

import time

import pygame

from game.ui.drawing import palette
from game.ui.drawing import boxes
from game.ui.drawing.text import draw_text, fit, fit_middle, localized, pack, t, wrap

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

    def draw_caption(self, surf, config, area: pygame.Rect, fonts, now: float,
                     avoid: tuple[pygame.Rect, ...] = ()) -> pygame.Rect | None:
        """The caption in a box at the top of ``area``, clear of the boxes in ``avoid`` (the
        tier legend, an open inspector); returns the box (None when no caption shows)."""
        text = self.caption_text(config)
        if text is None or now >= self.caption_until:
            return None
        free = free_band(area, avoid)
        return boxed_lines(surf, text, fonts.normal, free, "midtop", max_lines=4, border=palette.TIE_SELECTED,
                           owner="caption")

    def showing(self, now: float) -> bool:
        return bool(self.message) and now < self.message_until

    def draw_message(self, surf, area: pygame.Rect, fonts, now: float) -> pygame.Rect | None:
        """The message, at the bottom of ``area``, while it lasts (wrapped; a file path too
        long for a line is shortened in the middle)."""
        if self.message and now < self.message_until:
            return boxed_lines(surf, self.message, fonts.normal, area.inflate(-16, -16), "midbottom", max_lines=3,
                               border=palette.TEXT_DIM, owner="message", alpha=255)  # over any text
        return None


def free_band(area: pygame.Rect, avoid) -> pygame.Rect:
    """The widest stretch of ``area``'s width left between the boxes in ``avoid`` that reach
    into its top (a caption goes there)."""
    pad = 8
    edges = sorted((r.left - pad, r.right + pad) for r in avoid if r is not None and r.colliderect(area))
    best, x = pygame.Rect(area.x + pad, area.y + pad, 0, area.height - 2 * pad), area.x + pad
    for lo, hi in edges + [(area.right - pad, area.right - pad)]:
        if lo - x > best.width:
            best = pygame.Rect(x, area.y + pad, lo - x, area.height - 2 * pad)
        x = max(x, hi)
    return best


def boxed_lines(surf, text: str, font, area: pygame.Rect, anchor: str, max_lines: int = 3, border=None,
                owner: str = "", alpha: int = 240) -> pygame.Rect:
    """``text`` wrapped to ``area``'s width on a panel placed at ``anchor`` ("midtop",
    "midbottom", "bottomright") of ``area``; a word too long for a line (a path) is cut in the
    middle, a text longer than ``max_lines`` ends with an ellipsis. Returns the panel."""
    pad = max(6, font.get_height() // 3)
    width = area.width - 2 * pad
    lines = wrap(text, font, width)
    if len(lines) > max_lines:
        lines = lines[:max_lines - 1] + [fit(font, " ".join(lines[max_lines - 1:]), width)]
    lines = [fit_middle(font, line, width) for line in lines]
    lh = font.get_linesize()
    box = pygame.Rect(0, 0, max(font.size(line)[0] for line in lines) + 2 * pad, lh * len(lines) + pad)
    setattr(box, anchor, getattr(area, anchor))
    shade = pygame.Surface(box.size, pygame.SRCALPHA)
    shade.fill((*palette.PANEL, alpha))
    surf.blit(shade, box)
    boxes.note_panel(box, owner)
    if border is not None:
        pygame.draw.rect(surf, border, box, 2, border_radius=6)
    for k, line in enumerate(lines):
        draw_text(surf, font, line, palette.TEXT, (box.centerx, box.y + pad // 2 + k * lh), "midtop", bound=box,
                  owner=owner)
    return box


def status_line(font, title: str, parts: list[tuple[str, bool]], room: int) -> tuple[str, str]:
    """The top line as it fits ``room`` px: the title, then ``parts`` ((text, essential): the
    step and "paused" must stay, the seed and the head count may go). What gives way, in
    order: the parts that may go (last first), then the title's end (with an ellipsis).
    Returns (title as shown, the rest)."""
    sep = "   "
    keep = list(parts)

    def rest() -> str:
        return sep.join(text for text, _ in keep)

    while font.size(title + sep + rest())[0] > room and any(not must for _, must in keep):
        drop = max(k for k, (_, must) in enumerate(keep) if not must)
        keep.pop(drop)
    tail = sep + rest() if keep else ""
    return fit(font, title, max(1, room - font.size(tail)[0])), tail


def draw_status(surf, title: str, parts: list[tuple[str, bool]], room: int, bar_height: int, fonts) -> None:
    """The top line (see :func:`status_line`), left of the top bar's buttons (``room`` px
    wide), centred in the bar's height. When the title and the step do not share one line,
    and the bar is tall enough, the title takes the first line and the rest a second one in
    smaller type, so a long title is not cut."""
    f, small = fonts.normal, fonts.small
    bound = pygame.Rect(0, 0, room + 12, bar_height)
    whole = "   ".join([title] + [p for p, _ in parts])
    lh, small_h = f.size(title or "Ag")[1], small.size("Ag")[1]
    two = f.size(whole)[0] > room and lh + small_h <= bar_height
    if two and f.size(title)[0] <= room:
        y = (bar_height - lh - small_h) // 2
        box = draw_text(surf, f, title, palette.TEXT, (12, y), bound=bound, owner="status title")
        _, tail = status_line(small, "", parts, room)
        draw_text(surf, small, tail.strip(), palette.TEXT_DIM, (12, box.bottom), bound=bound, owner="status")
        return
    _, tail = status_line(f, title, parts, room)
    y = (bar_height - f.get_height()) // 2
    box = draw_text(surf, f, title, palette.TEXT, (12, y), bound=bound, width=room - f.size(tail)[0],
                    owner="status title")
    if tail:
        draw_text(surf, f, tail, palette.TEXT, (box.right, y), bound=bound, owner="status")


_SHADES: dict = {}


def _shade(surf, rect: pygame.Rect, alpha: int = 190) -> None:
    """Darken ``rect`` under a text that sits on the society (made once per size)."""
    key = (rect.size, alpha, palette.BACKGROUND)
    shade = _SHADES.get(key)
    if shade is None:
        if len(_SHADES) > 16:
            _SHADES.clear()
        shade = _SHADES[key] = pygame.Surface(rect.size, pygame.SRCALPHA)
        shade.fill((*palette.BACKGROUND, alpha))
    surf.blit(shade, rect.topleft)


def draw_hint(surf, area: pygame.Rect, fonts, text: str | None = None) -> pygame.Rect:
    """What to do first, at the bottom right of the society (wrapped to half its width)."""
    f = fonts.small
    lines = pack(t("ui.hint") if text is None else text, f, max(40, area.width // 2))
    lh = f.get_linesize()
    y = area.bottom - 4 - lh * len(lines)
    width = max(f.size(line)[0] for line in lines)
    back = pygame.Rect(area.right - 6 - width, y, width, lh * len(lines)).inflate(8, 2).clip(area)
    _shade(surf, back)  # the hint stays readable over the dots it sits on
    box = pygame.Rect(area.right, y, 0, 0)
    for k, line in enumerate(lines):
        box = box.union(draw_text(surf, f, line, palette.TEXT_DIM, (area.right - 6, y + k * lh), "topright",
                                  bound=area, owner="hint"))
    return box


def draw_charts_hidden(surf, side: pygame.Rect, fonts) -> None:
    """The teacher's "predict first": the charts panel covered, saying how to reveal it."""
    side = side.inflate(-16, -16)
    pygame.draw.rect(surf, palette.PANEL, side, border_radius=6)
    boxes.note_panel(side, "charts hidden")
    f = fonts.normal
    lines = wrap(t("ui.charts_hidden"), f, side.width - 40)
    y = side.centery - len(lines) * f.get_linesize() // 2
    for line in lines:
        draw_text(surf, f, line, palette.TEXT, (side.centerx, y), "midtop", bound=side, owner="charts hidden")
        y += f.get_linesize()

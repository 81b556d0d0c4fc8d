"""Staging: what the screen shows a newcomer, and when, so the phenomena are seen in the
first minute and a half rather than found.

A :class:`Stage` watches the run's events. When a listing is staged (by the scenario's
timeline or a player's command) it opens the cascade lens on that citizen and, while the
wave runs, slows the clock to 1x so it can be followed; with ``auto_lens`` (the kiosk's
attract loop) it also opens it on any cascade that grows large. With ``script`` on it
shows short captions that point at what they talk about (a speaker, the listed citizen,
a quiet dissenter, the tier view's button), each worded from the run's own numbers:

1. ``look``: what a dot and a bubble are (at the start);
2. the lens on the staged listing (the scenario's caption, then how many friends left);
3. ``spiral``: what the wave did to the listed citizen, once the lens has closed;
4. ``silence``: how the speaking share of dissenters fell since the start;
5. ``tiers``: the tier view - shown for a while (``tour_views``, the attract loop) or offered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pygame

from game.lab.phenomena import speaking_share
from game.sim.events import LISTING_CAUSES
from game.ui.drawing import boxes, palette
from game.ui.drawing.text import draw_text, localized, t, wrap
from game.ui.parts import textcache

STAGED = (LISTING_CAUSES.index("timeline"), LISTING_CAUSES.index("command"))
AUTO_LENS_TIES = 8  # auto lens: a cascade that has cut this many ties
AUTO_LENS_PAUSE_S = 25.0  # auto lens: seconds between two lenses
LOOK_S = 9.0
CAPTION_S = 9.0
TIERS_S = 14.0  # the attract loop's tier view lasts this long
SILENCE_FALL = 0.15  # the silence caption waits until the speaking share has fallen this much


@dataclass
class Caption:
    key: str
    text: str
    until: float
    anchor: int | str | None = None  # a citizen, or "tiers" (the view bar's button)
    msg: str = ""  # the catalog key and its values: the caption follows a language switch
    args: dict = field(default_factory=dict)

    def shown(self) -> str:
        """The caption in the current language."""
        return t(self.msg, **self.args) if self.msg else self.text


class Stage:
    def __init__(self, script: bool = True, auto_lens: bool = False, tour_views: bool = False,
                 touch: bool = False):
        self.script, self.auto_lens, self.tour_views, self.touch = script, auto_lens, tour_views, touch
        self.model = None
        self.speed_after_lens: int | None = None  # the attract loop: 1x until the first lens, then faster
        self.follow_at_1x = True  # a lens slows the clock to 1x (benchmarks keep their speed)
        self.caption: Caption | None = None
        self.done: set[str] = set()

    def reset(self, model, now: float | None = None) -> None:
        """A new run: watch it from its first event."""
        self.model = model
        self.cursor = 0
        self.caption = None
        self.done = {k for k in self.done if k in ("look", "tiers")}  # shown once per screen, not per run
        self.slowed_from: int | None = None
        self.lens_closed_at = -1e9
        self.lens_staged: int | None = None  # the step of the staged listing in the lens (its caption)
        self.lens_was_staged = False
        self.start_share = speaking_share(model)
        self.growth: dict[int, int] = {}  # cascade root -> ties cut so far
        self.listings: dict[int, int] = {}  # recent listing event id -> citizen
        self.tiers_until: float | None = None
        # the step by which the timeline's captioned listings have run (the auto lens waits)
        self.staged_until = max((ev.step + 1 for ev in model.config.timeline
                                 if ev.action == "blacklist" and ev.text), default=-1)

    # --- every frame ------------------------------------------------------------------
    def update(self, session, society, now: float) -> None:
        m = session.model
        if m is not self.model:
            self.reset(m, now)
        cols = m.events.columns(self.cursor)
        self.cursor = m.events.next_id
        self._watch(cols, session, society, now)
        lens = society.lens
        if lens is not None and lens.due_to_close(now, int(m.steps)):
            self._close_lens(session, society, now)
        if self.caption is not None and now >= self.caption.until:
            self.caption = None
        if self.caption is not None and self.caption.key == "tiers" and self.tiers_until is None \
                and society.mode == "tiers":
            self.caption = None  # "press By tier" has been done
        if self.tiers_until is not None and now >= self.tiers_until:
            society.set_mode("map")
            self.tiers_until = None
        if self.script:
            self._next_moment(m, society, now)

    def _watch(self, cols: dict, session, society, now: float) -> None:
        """Listings to stage, and (auto) cascades that have grown large."""
        kind = cols["kind"]
        listed = np.flatnonzero(kind == 0)
        for i in listed[-200:].tolist():
            self.listings[int(cols["id"][i])] = int(cols["a"][i])
        recent = int(self.model.steps) - 2  # a listing seen late (a fast-forward) is not staged
        staged = [i for i in listed.tolist() if int(cols["detail"][i]) in STAGED and int(cols["step"][i]) >= recent]
        if staged and (society.lens is None or not self.lens_was_staged):
            # a staged listing takes the lens from a cascade the auto lens was following
            i = staged[-1]
            self._open_lens(session, society, int(cols["a"][i]), int(cols["id"][i]), now, staged=int(cols["step"][i]))
            return
        if not self.auto_lens:
            return
        cut = cols["root"][kind == 2]
        if cut.size:
            roots, counts = np.unique(cut, return_counts=True)
            for r, c in zip(roots.tolist(), counts.tolist()):
                self.growth[r] = self.growth.get(r, 0) + c
        if int(self.model.steps) <= self.staged_until:  # the scenario's own listing comes first
            return
        if society.lens is None and now - self.lens_closed_at > AUTO_LENS_PAUSE_S and self.tiers_until is None:
            big = [r for r, c in self.growth.items() if c >= AUTO_LENS_TIES and r in self.listings]
            if big:
                root = max(big, key=lambda r: self.growth[r])
                self._open_lens(session, society, self.listings[root], root, now, staged=None)
                self.growth.clear()
        if len(self.listings) > 400:
            self.listings = dict(list(self.listings.items())[-200:])

    def _open_lens(self, session, society, citizen: int, root: int, now: float, staged: int | None) -> None:
        """``staged``: the step of a staged listing (None: a cascade the auto lens follows)."""
        m = session.model
        society.open_lens(m, citizen, root, now)
        self.lens_was_staged = staged is not None
        self.lens_staged = staged
        if not self.follow_at_1x:
            pass
        elif session.speed > 1:  # the wave is followed at 1x; the speed comes back when the lens closes
            self.slowed_from, session.speed = session.speed, 1
        elif self.speed_after_lens is not None:
            self.slowed_from = self.speed_after_lens
        if self.caption is not None and self.caption.key == "look":
            self.caption = None

    def follow(self, session, society, citizen: int, now: float) -> None:
        """Open the lens on ``citizen``'s latest listing (the tour: Liu, listed as it starts)."""
        lst = session.model.events.of_kind("blacklisted")
        mine = np.flatnonzero(lst["a"] == citizen)
        if mine.size:
            i = int(mine[-1])
            self._open_lens(session, society, citizen, int(lst["id"][i]), now, staged=int(lst["step"][i]))

    def _timeline_text(self, m, step: int) -> str:
        """The scenario's caption for a listing its timeline staged in ``step`` (a timeline
        entry at step k runs as step k + 1 begins)."""
        done = step - 1
        for i, ev in enumerate(m.config.timeline):
            if ev.step == done and ev.action == "blacklist" and ev.text:
                return localized(m.config, f"timeline[{i}].text")
        return ""

    def _close_lens(self, session, society, now: float) -> None:
        lens = society.lens
        lens.close(now)
        self.lens_closed_at = now
        if self.slowed_from is not None and session.speed == 1:
            session.speed = self.slowed_from
        self.slowed_from = None
        if self.script and self.lens_was_staged and "spiral" not in self.done:
            self.done.add("spiral")
            m = session.model
            lost = lens.friends_at_start - int(m.friends.degree[lens.citizen])
            self._say("spiral", "stage.spiral", now, lens.citizen, id=lens.citizen, lost=lost,
                      friends=lens.friends_at_start, before=f"{lens.score_at_start:.0f}",
                      now=f"{m.score[lens.citizen]:.0f}", cut=int(lens.cut_per_ring.sum()), rings=lens.deepest)

    def close_lens(self, session, society, now: float) -> None:
        """The visitor asked for the map back."""
        if society.lens is not None:
            self._close_lens(session, society, now)

    # --- the script -----------------------------------------------------------------------
    def _say(self, key: str, msg: str, at: float, anchor=None, seconds: float = CAPTION_S, **args) -> None:
        self.caption = Caption(key, t(msg, **args), at + seconds, anchor, msg, args)

    def _next_moment(self, m, society, now: float) -> None:
        if m.config.objectives:  # a challenge has its own brief on screen
            return
        if society.lens is not None or (self.caption is not None and self.caption.key != "look"):
            return
        if "look" not in self.done:
            self.done.add("look")
            self._say("look", "stage.look" if society.reveal else "stage.look_hidden", now,
                      _nearest(society, m.public_dissent), LOOK_S)
            return
        if self.caption is not None:
            return
        share = speaking_share(m)
        if "silence" not in self.done and m.private_dissent.any() and self.start_share - share >= SILENCE_FALL:
            self.done.add("silence")
            society.reveal = True
            self._say("silence", "stage.silence", now, _nearest(society, m.private_dissent & ~m.public_dissent),
                      start=f"{self.start_share:.0%}", now=f"{share:.0%}")
            return
        if "tiers" not in self.done and "silence" in self.done and m.config.services:
            self.done.add("tiers")
            if self.tour_views:
                society.set_mode("tiers")
                self.tiers_until = now + TIERS_S
                self._say("tiers", "stage.tiers_shown", now, None, TIERS_S)
            else:
                self._say("tiers", "stage.tiers_touch" if self.touch else "stage.tiers_offer", now, "tiers")

    def finished(self) -> bool:
        """Every moment has been shown (the attract loop then starts a new society)."""
        return {"look", "silence", "tiers"} <= self.done and self.caption is None and self.tiers_until is None

    # --- drawing -----------------------------------------------------------------------
    def lens_text(self, model, society) -> str | None:
        """The caption while the lens is open: the listing, what the rings are, who left."""
        lens = society.lens
        if lens is None:
            return None
        name = localized(model.config, "player.name") if lens.citizen == model.player else ""
        head = (self._timeline_text(model, self.lens_staged) if self.lens_staged is not None else "") or (t("stage.listed_named", name=name) if name else t("stage.listed", id=lens.citizen))
        lost = lens.friends_at_start - int(model.friends.degree[lens.citizen])
        sep = "" if head and head[-1] >= "\u3000" else " "  # no space after Chinese punctuation
        return sep.join([head, t("stage.lens_progress", lost=lost, friends=lens.friends_at_start,
                                                     before=f"{lens.score_at_start:.0f}",
                                                     now=f"{model.score[lens.citizen]:.0f}")])

    def showing(self, society) -> bool:
        return self.caption is not None or society.lens is not None

    def draw(self, surf, model, society, area: pygame.Rect, fonts, avoid=(), targets=None) -> pygame.Rect | None:
        """The staged caption at the top of ``area`` (clear of ``avoid``), with a pointer to
        what it talks about; ``targets`` maps named anchors ("tiers") to screen rects."""
        text, anchor = self.lens_text(model, society), None
        if text is not None:
            anchor = society.lens.citizen
        elif self.caption is not None:
            text, anchor = self.caption.shown(), self.caption.anchor
        if not text:
            return None
        box = caption_box(surf, text, fonts.normal, area, avoid)
        point = None
        if isinstance(anchor, int) and 0 <= anchor < len(society.xy_list):
            point = society.xy_list[anchor]
        elif isinstance(anchor, str) and targets and anchor in targets:
            point = targets[anchor].midbottom if targets[anchor].top > box.bottom else targets[anchor].midleft
        if point is not None:
            pointer(surf, box, point, avoid)
        return box


def _nearest(society, mask: np.ndarray) -> int | None:
    """The citizen in ``mask`` nearest the middle of the view (None when nobody is)."""
    who = np.flatnonzero(mask)
    if who.size == 0 or len(society.xy) == 0:
        return None
    c = np.array(society.rect.center)
    return int(who[np.argmin(((society.xy[who] - c) ** 2).sum(axis=1))])


def caption_box(surf, text: str, font, area: pygame.Rect, avoid=()) -> pygame.Rect:
    """``text`` wrapped in a bordered box at the top of ``area``, in the widest stretch
    left free by the boxes in ``avoid``; when that stretch is too narrow to read (an open
    inspector beside the legend), below the short boxes (legend, view buttons) instead."""
    pad = 8
    x0, x1 = area.x + pad, area.right - pad
    top_third = area.y + area.height // 3
    near = [r for r in avoid if r is not None and r.colliderect(area) and r.top <= top_third]

    def widest(rects) -> tuple[int, int]:
        free = [(x0, x1)]
        for r in rects:
            free = [seg for lo, hi in free for seg in ((lo, min(hi, r.left - pad)), (max(lo, r.right + pad), hi))
                    if seg[1] - seg[0] > 0]
        return max(free, key=lambda s: s[1] - s[0]) if free else (x0, x1)

    lo, hi = widest(near)
    y = area.y + pad
    short = [r for r in near if r.bottom <= top_third]
    if hi - lo < min(x1 - x0, 18 * font.size("M")[0]) and short:
        below = max(r.bottom for r in short) + pad
        lo2, hi2 = widest([r for r in near if r.bottom > below])
        if hi2 - lo2 > hi - lo:
            lo, hi, y = lo2, hi2, below
    width = max(120, min(hi - lo, int(area.width * 0.8)))
    lines = wrap(text, font, width - 24)[:7]
    lh = font.get_linesize()
    box = pygame.Rect(0, 0, max(font.size(line)[0] for line in lines) + 24, lh * len(lines) + 14)
    box.midtop = ((lo + hi) // 2, y)
    box.clamp_ip(area)
    surf.blit(textcache.shade(box.size, (*palette.PANEL, 240)), box)
    pygame.draw.rect(surf, palette.TIE_SELECTED, box, 2, border_radius=6)
    boxes.note_panel(box, "caption")
    for k, line in enumerate(lines):
        draw_text(surf, font, line, palette.TEXT, (box.x + 12, box.y + 7 + k * lh), bound=box, owner="caption")
    return box


def pointer(surf, box: pygame.Rect, point: tuple[int, int], avoid=()) -> None:
    """A line from the caption's edge to what it talks about, ending in a circle round it;
    it leaves the caption where its way does not cross the boxes in ``avoid`` (the legend,
    the view buttons), if such a place exists."""
    if box.collidepoint(point):
        return
    first = min(max(point[0], box.x + 12), box.right - 12)
    edge = [box.x + 12 + (box.width - 24) * k // 8 for k in range(9)]
    blocking = [r for r in avoid if r is not None and not r.collidepoint(point)]
    start = None
    for x in [first] + sorted(edge, key=lambda x: abs(x - first)):
        start = (x, box.bottom) if point[1] > box.bottom else (x, box.top)
        if not any(r.clipline(start, point) for r in blocking):
            break
    pygame.draw.line(surf, palette.TIE_SELECTED, start, point, 2)
    pygame.draw.circle(surf, palette.TIE_SELECTED, point, 14, 2)
    boxes.note_line(start, point, "caption pointer")


def legend_box(area: pygame.Rect, fonts, n_tiers: int) -> pygame.Rect:
    """Where the tier legend sits (top left of the society; see ``panels.draw_legend``)."""
    f = fonts.small
    lh = f.get_linesize() + 4
    return pygame.Rect(area.x + 6, area.y + 6, int(f.size("M" * 14)[0]), lh * (n_tiers + 2) + 8)


def draw_touch_hint(surf, area: pygame.Rect, fonts) -> None:
    """What to touch, at the bottom right of the society (a touch screen has no keys)."""
    f = fonts.normal
    text = t("kiosk.hint")
    r = pygame.Rect((0, 0), f.size(text))
    r.bottomright = (area.right - 8, area.bottom - 6)
    back = r.inflate(14, 8).clip(area)
    pygame.draw.rect(surf, palette.PANEL, back, border_radius=6)
    boxes.note_panel(back, "touch hint")
    draw_text(surf, f, text, palette.TEXT, (back.x + 7, r.y), bound=back, width=back.width - 14, owner="touch hint")

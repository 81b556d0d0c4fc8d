"""Hand-drawn read-only panels: tier legend, services strip, citizen inspector.

(Interactive widgets - buttons, sliders, menus - are pygame_gui's, in widgets.py.)
"""

from __future__ import annotations

import numpy as np
import pygame

from game.sim.rules.access import REASONS
from game.sim.rules.scoring import FACTORS
from game.sim.scores import breakdown, rounded
from game.ui.drawing import boxes, palette
from game.ui.drawing.charts import sparkline
from game.ui.drawing.text import draw_text, localized, rendered, t, wrap
from game.ui.parts.society import _sprite


_BACKS: dict = {}


def _panel(surf, rect, alpha=235, owner: str = ""):
    key = (rect.size, alpha, palette.PANEL)  # made once per size (not every frame)
    bg = _BACKS.get(key)
    if bg is None:
        if len(_BACKS) > 32:
            _BACKS.clear()
        bg = _BACKS[key] = pygame.Surface(rect.size, pygame.SRCALPHA)
        bg.fill((*palette.PANEL, alpha))
    surf.blit(bg, rect.topleft)
    pygame.draw.rect(surf, palette.PANEL_EDGE, rect, 1, border_radius=4)
    boxes.note_panel(rect, owner)


def draw_legend(surf, rect, scenario, shares, fonts, visible: bool = True) -> pygame.Rect:
    """Tier names and labels with their colour and shape (always on screen), plus the
    blacklist ring, top left of ``rect``; returns the legend's box."""
    tiers = scenario.tiers
    f = fonts.small
    lh = f.get_linesize() + 4
    r = max(4, lh // 3)
    title = t("ui.legend_title") if visible else t("ui.legend_title_observer")
    rows = [f"{tier.name}  {localized(scenario, f'tiers[{i}].label')}  {shares[i]:.0%}" for i, tier in enumerate(tiers)]
    text_w = max(f.size(x)[0] for x in [*rows, t("ui.legend_listed")])
    w = min(max(text_w + 24 + 2 * r, f.size(title)[0] + 16), rect.width // 2)
    box = pygame.Rect(rect.x + 6, rect.y + 6, w, lh * (len(tiers) + 2) + 8)
    _panel(surf, box, 200, "tier legend")
    y = box.y + 6
    draw_text(surf, f, title, palette.TEXT_DIM, (box.x + 8, y), bound=box, width=box.width - 16, owner="legend")
    y += lh
    room = box.right - (box.x + 16 + 2 * r) - 4
    for i, row in enumerate(rows):
        sp = _sprite(palette.tier_shape(i), palette.tier_colour(i), r)
        surf.blit(sp, (box.x + 8, y + (lh - sp.get_height()) // 2 - 2))
        draw_text(surf, f, row, palette.TEXT, (box.x + 16 + 2 * r, y), bound=box, width=room, owner="legend")
        y += lh
    c = (box.x + 8 + r, y + lh // 2 - 2)
    pygame.draw.circle(surf, palette.LISTED_MARK, c, r + 2, 2)
    draw_text(surf, f, t("ui.legend_listed"), palette.TEXT, (box.x + 16 + 2 * r, y), bound=box, width=room,
              owner="legend")
    return box


def draw_services(surf, rect, model, memory, icons, fonts, pointer=(-1, -1)) -> None:
    """One card per service: icon, name, refusal rate, and a column per tier whose height
    is the share of that tier's applicants refused (tier colour and shape below it), over
    the last steps ``memory`` (an :class:`~game.sim.access_memory.AccessMemory`) observed;
    a red badge on the icon counts this step's refusals ("13 refused")."""
    _panel(surf, rect, owner="services")
    services = model.config.services
    f = fonts.small
    pad = max(4, f.get_height() // 3)
    title = next((x for x in (t("ui.services_title"), t("ui.services_title_short"))
                  if f.size(x)[0] <= rect.width - 2 * pad), t("ui.services_title_short"))
    draw_text(surf, f, title, palette.TEXT_DIM, (rect.x + pad, rect.y + pad // 2), bound=rect,
              width=rect.width - 2 * pad, owner="services title")
    if not services:
        return
    top = rect.y + pad + f.get_linesize()
    w = (rect.width - pad) // len(services)
    att, den = memory.recent_access(model)
    hovered = None
    # every badge in the same words: "13 refused" on each card if the largest fits, else numbers
    # alone on each (the strip's title says what the red number counts)
    most = int(model.step_counts.denials.sum(axis=1).max(initial=0))
    words = f.size(t("ui.refused_badge", n=most))[0] + 8 <= w - pad
    for s_i, svc in enumerate(services):
        card = pygame.Rect(rect.x + pad + s_i * w, top, w - pad, rect.bottom - top - pad // 2)
        if card.collidepoint(pointer):
            hovered = (s_i, card)
        _service_card(surf, card, model, s_i, att[s_i], den[s_i], icons.get(svc.icon), fonts, words)
    if hovered is not None:
        _service_detail(surf, hovered[1], localized(model.config, f"services[{hovered[0]}].name"),
                        att[hovered[0]], den[hovered[0]], model.tier_names, fonts)


def _service_card(surf, card, model, s_i, att, den, icon, fonts, words: bool = True) -> None:
    """Icon and columns on top, the service's name and refusal rate under them: on one line
    when they fit, else on two (the icon gives up the height)."""
    f = fonts.small
    lh = f.get_linesize()
    total_a, total_d = int(att.sum()), int(den.sum())
    name = localized(model.config, f"services[{s_i}].name")
    rate = f"{total_d / total_a:.0%}" if total_a else "-"
    lines = [f"{name} {rate}"] if f.size(f"{name} {rate}")[0] <= card.width else [name, rate]
    text_top = card.bottom - lh * len(lines)
    size = max(0, min(text_top - card.y - 2, card.width // 2))
    if icon is not None and size > 8:
        surf.blit(_scaled(icon, size), (card.x, card.y))
    for k, line in enumerate(lines):
        draw_text(surf, f, line, palette.TEXT, (card.x, text_top + k * lh), bound=card, width=card.width,
                  owner="service")
    _refusal_columns(surf, pygame.Rect(card.x + size + 4, card.y, card.width - size - 4, text_top - card.y - 2),
                     att, den, len(att))
    refused_now = int(model.step_counts.denials[s_i].sum())
    if refused_now and size > 8:  # this step's refusals: a badge that says what it counts
        _badge(surf, card, refused_now, f, words)


_SCALED: dict = {}


def _scaled(icon: pygame.Surface, size: int) -> pygame.Surface:
    """A service's icon at ``size`` px, scaled once (not every frame)."""
    key = (id(icon), size)
    if key not in _SCALED:
        if len(_SCALED) > 64:
            _SCALED.clear()
        _SCALED[key] = (icon, pygame.transform.smoothscale(icon, (size, size)))  # the icon kept: ids stay unique
    return _SCALED[key][1]


def _badge(surf, card, n: int, font, words: bool = True) -> None:
    """A red label over the card's top: "13 refused", or (``words`` False: the strip is too
    narrow for the largest count's) just the number."""
    text = t("ui.refused_badge", n=n) if words else str(n)
    if font.size(text)[0] + 8 > card.width:
        text = str(n)
    image = rendered(font, text, palette.TEXT)
    r = image.get_rect(topleft=(card.x + 3, card.y))
    pill = r.inflate(6, 2)
    pygame.draw.rect(surf, palette.SNAP, pill, border_radius=6)
    boxes.note_panel(pill, "badge")
    surf.blit(image, r)
    boxes.note_text(r, text, card, owner="badge")


def _service_detail(surf, card, name, att, den, tier_names, fonts) -> None:
    """Granted and refused counts per tier for one service (shown while hovered)."""
    f = fonts.small
    rows = [t("ui.service_detail", service=name)]
    rows += [t("ui.service_row", tier=name, granted=int(a - d), refused=int(d))
             for name, a, d in zip(tier_names, att, den)]
    w = max(f.size(r)[0] for r in rows) + 16
    h = len(rows) * (f.get_linesize() + 2) + 8
    box = pygame.Rect(0, 0, w, h)
    box.bottomleft = (card.x, card.y - 4)
    box.clamp_ip(surf.get_rect())
    _panel(surf, box, 250, "service detail")
    for k, text in enumerate(rows):
        colour = palette.TEXT_DIM if k == 0 else palette.tier_colour(k - 1)
        draw_text(surf, f, text, colour, (box.x + 8, box.y + 4 + k * (f.get_linesize() + 2)), bound=box,
                  owner="service detail")


def _refusal_columns(surf, box, att, den, n_tiers) -> None:
    if box.width < 4 or box.height < 8:
        return
    bw = max(4, min(box.width // max(n_tiers, 1), box.height // 2))
    mark = max(3, min(bw // 3, 6))
    h = box.height - 2 * mark - 2
    for k in range(n_tiers):
        x = box.x + k * bw
        pygame.draw.rect(surf, palette.GRID, (x, box.y, bw - 2, h), 1)
        if att[k]:
            col_h = int(h * den[k] / att[k])
            pygame.draw.rect(surf, palette.tier_colour(k), (x, box.y + h - col_h, bw - 2, col_h))
        sp = _sprite(palette.tier_shape(k), palette.tier_colour(k), mark)
        surf.blit(sp, (x + (bw - 2 - sp.get_width()) // 2, box.y + h + 1))


def denial_text(model, memory, i: int, k: int = 0) -> str:
    """'Loan refused: friends' average 548 < 600' for a citizen's k-th latest refusal."""
    s = int(memory.service[i, k])
    if s < 0:
        return t("inspector.no_denials")
    svc = model.config.services[s]
    reason = REASONS[int(memory.reason[i, k])]
    value = memory.value[i, k]
    floor = svc.friends_min if reason == "friends_average" else svc.score_floor
    name = localized(model.config, f"services[{s}].name")
    text = t(f"reasons.{reason}", service=name[:1].upper() + name[1:], tier=model.tier_names[model.tier[i]],
             value="-" if np.isnan(value) else f"{value:.0f}", floor=f"{floor:.0f}", price=f"{svc.price:.0f}")
    return t("inspector.at_step", text=text, step=int(memory.step[i, k]))


def draw_inspector(surf, rect, model, memory, i: int, history: np.ndarray, fonts, following: bool = False) -> None:
    """Everything about one citizen: score and why, blacklist, wealth, speech, latest
    refusals (from ``memory``, the screen's :class:`~game.sim.access_memory.AccessMemory`),
    score history and friends. ``following`` None: no follow hint (citizen mode)."""
    _panel(surf, rect, 255, "inspector")  # opaque: the view buttons under it no longer show through
    prev_clip = surf.get_clip()
    surf.set_clip(rect)  # a long friends list stops at the panel's edge
    try:
        w = _Lines(surf, rect, fonts)
        hint = "" if following is None else "   " + t("inspector.following" if following else "inspector.follow_hint")
        w.line(t("inspector.title", id=i) + hint, font=w.big)
        _why(w, model, i)
        _standing(w, model, i)
        w.line(t("inspector.denials"), palette.TEXT_DIM)
        for k in range(memory.service.shape[1]):
            if k and memory.service[i, k] < 0:
                break
            w.line(denial_text(model, memory, i, k), palette.DENIED if memory.service[i, k] >= 0 else palette.TEXT)
        w.line(t("inspector.history"), palette.TEXT_DIM)
        spark = pygame.Rect(w.x, w.y, w.width, 3 * w.lh)
        sparkline(surf, spark, history, palette.SERIES_COLOURS[0])
        w.y = spark.bottom + 6
        _friends(w, model, i)
    finally:
        surf.set_clip(prev_clip)


class _Lines:
    """Writes wrapped lines down a panel."""

    def __init__(self, surf, rect, fonts):
        self.surf, self.rect, self.font, self.big = surf, rect, fonts.small, fonts.normal
        pad = max(10, self.font.get_height() // 2)  # grows with the type (4K, projector)
        self.x, self.y, self.width = rect.x + pad, rect.y + pad * 4 // 5, rect.width - 2 * pad
        self.lh = self.font.get_linesize() + 2
        self.thick = max(3, self.font.get_height() // 8)
        self.full = False

    def line(self, text: str, colour=palette.TEXT, font=None) -> None:
        font = font or self.font
        for part in wrap(text, font, self.width):
            if self.y + font.get_linesize() > self.rect.bottom:  # the panel is full: the rest would be cut
                self.full = True
                return
            draw_text(self.surf, font, part, colour, (self.x, self.y), bound=self.rect, owner="inspector")
            self.y += font.get_linesize() + 2

    def bar(self, share: float) -> None:
        k = self.thick  # under the line, clear of its letters
        pygame.draw.rect(self.surf, palette.GRID, (self.x, self.y - 1, self.width, k))
        pygame.draw.rect(self.surf, palette.SERIES_COLOURS[0], (self.x, self.y - 1, int(self.width * share), k))
        self.y += k + 1


def sum_line(parts: list[tuple[str, int]], score: float, factors: bool = True) -> str:
    """'floor 350 + factors 436 - blacklist 300 = 486': the parts of :func:`rounded`, the
    factors taken together (``factors``: they were listed one by one above)."""
    shown, together = [], 0
    for name, v in parts:
        if factors and name in FACTORS:
            together += v
        else:
            shown.append((name, v))
    if factors and together:
        shown.insert(1, ("factors", together))
    words = []
    for k, (name, v) in enumerate(shown):
        text = t(f"inspector.part_{name}", points=abs(v) if k else v)
        words.append(text if k == 0 else (" - " if v < 0 else " + ") + text)
    return t("inspector.sum", parts="".join(words), score=f"{score:.0f}")


def _why(w: _Lines, model, i: int) -> None:
    """The score, its tier, and how each factor (or the points record) makes it up, in
    whole points that add up to the score shown (:func:`game.sim.scores.breakdown`)."""
    score, sc = model.score[i], model.config.scoring
    key = "inspector.score" if sc.visible else "inspector.index"
    w.line(t(key, score=f"{score:.0f}", tier=model.tier_names[model.tier[i]]),
           palette.tier_colour(int(model.tier[i])), w.big)
    w.line(t("inspector.why" if sc.visible else "inspector.why_index", score=f"{score:.0f}"), palette.TEXT_DIM)
    parts = rounded(breakdown(model, i), float(score))
    values = model.score_parts.factors if model.score_parts.factors is not None else {}
    for name, pts in parts:
        if name in FACTORS:
            value = float(values[name][i]) if name in values else 0.0
            w.line(t("inspector.factor", name=t("factors." + name), value=f"{value:.2f}", points=str(pts)))
            w.bar(value)
    w.line(sum_line(parts, float(score)), palette.TEXT_DIM)


def listing_text(model, i: int) -> str:
    """'On the blacklist: 120 days left', 'Off the blacklist since step 57: paid what they
    owed' (the latest release's cause, from the event log) or 'Not on the blacklist'."""
    if model.listed[i]:
        return t("inspector.listed", days=int(model.days_left[i]))
    last = model.events.last_release(i)
    if last is None:
        return t("inspector.not_listed")
    step, cause = last
    return t("inspector.released", step=step, how=t(f"inspector.released_{cause}"))


def _standing(w: _Lines, model, i: int) -> None:
    """Listed or not (and how they left the list), wealth, and whether the citizen speaks
    their mind (and if not, why)."""
    w.line(listing_text(model, i), palette.LISTED_MARK if model.listed[i] else palette.TEXT_DIM)
    w.line(t("inspector.wealth", wealth=f"{model.wealth[i]:.0f}"))
    if not model.private_dissent[i]:
        w.line(t("inspector.agrees"), palette.TEXT_DIM)
    elif model.public_dissent[i]:
        w.line(t("inspector.speaks"))
    else:
        w.line(t("inspector.silent_score" if model.silenced_score[i] else "inspector.silent_peers"), palette.TEXT_DIM)


def _friends(w: _Lines, model, i: int) -> None:
    """Friends, best score first, as many as fit."""
    friends = model.friends.neighbours(i)
    w.line(t("inspector.friends", n=friends.size), palette.TEXT_DIM)
    for j in friends[np.argsort(-model.score[friends])].tolist():
        if w.y > w.rect.bottom - w.lh:
            break
        mark = " " + t("inspector.listed_mark") if model.listed[j] else ""
        w.line(f"  #{j}: {model.score[j]:.0f} {model.tier_names[model.tier[j]]}{mark}",
               palette.tier_colour(int(model.tier[j])))

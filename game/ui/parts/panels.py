"""Hand-drawn read-only panels: tier legend, services strip, citizen inspector.

(Interactive widgets - buttons, sliders, menus - are pygame_gui's, in widgets.py.)
"""

from __future__ import annotations

import numpy as np
import pygame

from game.sim.rules.access import REASONS
from game.ui.drawing import palette
from game.ui.drawing.charts import sparkline
from game.ui.drawing.text import localized, t, wrap
from game.ui.parts.society import _sprite


def _panel(surf, rect, alpha=235):
    bg = pygame.Surface(rect.size, pygame.SRCALPHA)
    bg.fill((*palette.PANEL, alpha))
    surf.blit(bg, rect.topleft)
    pygame.draw.rect(surf, palette.PANEL_EDGE, rect, 1, border_radius=4)


def draw_legend(surf, rect, scenario, shares, fonts, visible: bool = True) -> None:
    """Tier names and labels with their colour and shape (always on screen), plus the blacklist ring."""
    tiers = scenario.tiers
    f = fonts.small
    lh = f.get_linesize() + 4
    h = lh * (len(tiers) + 2) + 8
    box = pygame.Rect(rect.x + 6, rect.y + 6, int(f.size("M" * 14)[0]), h)
    _panel(surf, box, 200)
    y = box.y + 6
    title = t("ui.legend_title") if visible else t("ui.legend_title_observer")
    surf.blit(f.render(title, True, palette.TEXT_DIM), (box.x + 8, y))
    y += lh
    r = max(4, lh // 3)
    for i, tier in enumerate(tiers):
        sp = _sprite(palette.tier_shape(i), palette.tier_colour(i), r)
        surf.blit(sp, (box.x + 8, y + (lh - sp.get_height()) // 2 - 2))
        label = f"{tier.name}  {localized(scenario, f'tiers[{i}].label')}"[:18]
        surf.blit(f.render(f"{label}  {shares[i]:.0%}", True, palette.TEXT), (box.x + 16 + 2 * r, y))
        y += lh
    c = (box.x + 8 + r, y + lh // 2 - 2)
    pygame.draw.circle(surf, palette.LISTED_MARK, c, r + 2, 2)
    surf.blit(f.render(t("ui.legend_listed"), True, palette.TEXT), (box.x + 16 + 2 * r, y))


def recent_access(model) -> tuple[np.ndarray, np.ndarray]:
    """Applications and refusals per [service, tier] over the last few steps."""
    if not model.access_recent:
        return model.step_counts.attempts, model.step_counts.denials
    att = sum(a for a, _ in model.access_recent)
    den = sum(d for _, d in model.access_recent)
    return att, den


def draw_services(surf, rect, model, icons, fonts, pointer=(-1, -1)) -> None:
    """One card per service: icon, name, refusal rate, and a column per tier whose height
    is the share of that tier's applicants refused (tier colour and shape below it)."""
    _panel(surf, rect)
    services = model.config.services
    f = fonts.small
    surf.blit(f.render(t("ui.services_title"), True, palette.TEXT_DIM), (rect.x + 8, rect.y + 4))
    if not services:
        return
    top = rect.y + 8 + f.get_linesize()
    w = (rect.width - 8) // len(services)
    att, den = recent_access(model)
    n_tiers = att.shape[1]
    lh = f.get_linesize()
    hovered = None
    for s_i, svc in enumerate(services):
        card = pygame.Rect(rect.x + 4 + s_i * w, top, w - 6, rect.bottom - top - 4)
        if card.collidepoint(pointer):
            hovered = (s_i, card)
        size = min(card.height - lh - 2, card.width // 2)
        icon = icons.get(svc.icon)
        if icon is not None and size > 8:
            surf.blit(pygame.transform.smoothscale(icon, (size, size)), (card.x, card.y))
        refused_now = int(model.step_counts.denials[s_i].sum())
        if refused_now and size > 8:  # this step's refusals flash as a badge on the icon
            badge = f.render(f"-{refused_now}", True, palette.TEXT)
            r = badge.get_rect(topright=(card.x + size + 2, card.y))
            pygame.draw.rect(surf, palette.SNAP, r.inflate(6, 2), border_radius=6)
            surf.blit(badge, r)
        total_a, total_d = int(att[s_i].sum()), int(den[s_i].sum())
        rate = f"{total_d / total_a:.0%}" if total_a else "-"
        name = localized(model.config, f"services[{s_i}].name")
        surf.blit(f.render(f"{name[:10]} {rate}", True, palette.TEXT), (card.x, card.bottom - lh))
        _refusal_columns(surf, pygame.Rect(card.x + size + 4, card.y, card.width - size - 4, card.height - lh - 2),
                         att[s_i], den[s_i], n_tiers)
    if hovered is not None:
        _service_detail(surf, hovered[1], localized(model.config, f"services[{hovered[0]}].name"),
                        att[hovered[0]], den[hovered[0]], model.tier_names, fonts)


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
    _panel(surf, box, 250)
    for k, text in enumerate(rows):
        colour = palette.TEXT_DIM if k == 0 else palette.tier_colour(k - 1)
        surf.blit(f.render(text, True, colour), (box.x + 8, box.y + 4 + k * (f.get_linesize() + 2)))


def _refusal_columns(surf, box, att, den, n_tiers) -> None:
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


def denial_text(model, i: int, k: int = 0) -> str:
    """'Loan refused: friends' average 548 < 600' for a citizen's k-th latest refusal."""
    s = int(model.last_denied_service[i, k])
    if s < 0:
        return t("inspector.no_denials")
    svc = model.config.services[s]
    reason = REASONS[int(model.last_denied_reason[i, k])]
    value = model.last_denied_value[i, k]
    floor = svc.friends_min if reason == "friends_average" else svc.score_floor
    name = localized(model.config, f"services[{s}].name")
    text = t(f"reasons.{reason}", service=name[:1].upper() + name[1:], tier=model.tier_names[model.tier[i]],
             value="-" if np.isnan(value) else f"{value:.0f}", floor=f"{floor:.0f}", price=f"{svc.price:.0f}")
    return t("inspector.at_step", text=text, step=int(model.last_denied_step[i, k]))


def draw_inspector(surf, rect, model, i: int, history: np.ndarray, fonts, following: bool = False) -> None:
    """Everything about one citizen: score, why, friends, blacklist, refusals, history."""
    _panel(surf, rect, 245)
    prev_clip = surf.get_clip()
    surf.set_clip(rect)  # a long friends list stops at the panel's edge
    try:
        _inspector_body(surf, rect, model, i, history, fonts, following)
    finally:
        surf.set_clip(prev_clip)


def _inspector_body(surf, rect, model, i, history, fonts, following) -> None:
    f, fb = fonts.small, fonts.normal
    x, y = rect.x + 10, rect.y + 8
    lh = f.get_linesize() + 2

    def line(text, colour=palette.TEXT, font=f):
        nonlocal y
        for part in wrap(text, font, rect.width - 20):
            surf.blit(font.render(part, True, colour), (x, y))
            y += font.get_linesize() + 2

    score, tier = model.score[i], model.tier_names[model.tier[i]]
    sc = model.config.scoring
    hint = "" if following is None else "   " + t("inspector.following" if following else "inspector.follow_hint")
    line(t("inspector.title", id=i) + hint, font=fb)
    key = "inspector.score" if sc.visible else "inspector.index"
    line(t(key, score=f"{score:.0f}", tier=tier), palette.tier_colour(int(model.tier[i])), fb)
    line(t("inspector.why" if sc.visible else "inspector.why_index", score=f"{score:.0f}"), palette.TEXT_DIM)
    factors, weights = model.factors(), model.weights()
    total = max(sum(weights.values()), 1e-9)
    bar_w = rect.width - 20
    for name, val in factors.items():
        pts = (sc.high - sc.low) * weights[name] / total * float(val[i])
        line(t("inspector.factor", name=t("factors." + name), value=f"{float(val[i]):.2f}", points=f"{pts:.0f}"))
        pygame.draw.rect(surf, palette.GRID, (x, y - 3, bar_w, 3))
        pygame.draw.rect(surf, palette.SERIES_COLOURS[0], (x, y - 3, int(bar_w * float(val[i])), 3))
        y += 2
    if sc.family == "weighted" or not sc.visible:
        extra = []
        if model.listed[i] and sc.visible:
            extra.append(f"- {sc.blacklist_penalty:.0f} {t('inspector.penalty')}")
        if sc.group_bias and int(model.group[i]) < len(sc.group_bias) and sc.group_bias[model.group[i]]:
            extra.append(f"{sc.group_bias[model.group[i]]:+.0f} {t('inspector.bias')}")
        line(t("inspector.sum", floor=f"{sc.low:.0f}", extra=" ".join(extra), score=f"{score:.0f}"), palette.TEXT_DIM)
    else:
        line(t("inspector.points", start=f"{sc.start:.0f}", record=f"{model.record[i]:+.0f}"), palette.TEXT_DIM)
    if model.listed[i]:
        line(t("inspector.listed", days=int(model.days_left[i])), palette.LISTED_MARK)
    else:
        line(t("inspector.not_listed"), palette.TEXT_DIM)
    line(t("inspector.wealth", wealth=f"{model.wealth[i]:.0f}"))
    if not model.private_dissent[i]:
        line(t("inspector.agrees"), palette.TEXT_DIM)
    elif model.public_dissent[i]:
        line(t("inspector.speaks"))
    else:
        key = "silent_score" if model.silenced_score[i] else "silent_peers"
        line(t(f"inspector.{key}"), palette.TEXT_DIM)
    line(t("inspector.denials"), palette.TEXT_DIM)
    for k in range(model.last_denied_service.shape[1]):
        if k and model.last_denied_service[i, k] < 0:
            break
        line(denial_text(model, i, k), palette.DENIED if model.last_denied_service[i, k] >= 0 else palette.TEXT)
    line(t("inspector.history"), palette.TEXT_DIM)
    spark = pygame.Rect(x, y, bar_w, 3 * lh)
    sparkline(surf, spark, history, palette.SERIES_COLOURS[0])
    y = spark.bottom + 6
    friends = model.friends.neighbours(i)
    line(t("inspector.friends", n=friends.size), palette.TEXT_DIM)
    order = friends[np.argsort(-model.score[friends])]
    for j in order.tolist():
        if y > rect.bottom - lh:
            break
        mark = " " + t("inspector.listed_mark") if model.listed[j] else ""
        line(f"  #{j}: {model.score[j]:.0f} {model.tier_names[model.tier[j]]}{mark}",
             palette.tier_colour(int(model.tier[j])))

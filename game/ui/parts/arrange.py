"""Where citizens go on screen when the society is rearranged to show one phenomenon.

Pure functions over arrays (no pygame), so they are tested like the model:

* :func:`rings`: a cascade's ego network laid out in rings around the citizen whose listing
  started it (ring k = k friendships away), each citizen near the friends who connect it to
  the centre, so a wave of snapping ties reads outwards;
* :func:`tier_bands`: everyone sorted into horizontal bands by tier (best at the top) and,
  inside a band, into columns by neighbourhood, best score first, so a stratified or
  segregated society appears as uneven bands.

Coordinates are screen pixels (float); the view eases each citizen towards them.
"""

from __future__ import annotations

import math

import numpy as np

SHOWN_RINGS = 4  # rings drawn as circles; citizens further out (or unreachable) share the outermost band


def rings(ring: np.ndarray, u: np.ndarray, v: np.ndarray, centre: tuple[float, float], radius: float,
          spacing: float, group: np.ndarray | None = None) -> np.ndarray:
    """Positions ``(n, 2)`` for an ego network in rings.

    Args:
        ring: friendships from the centre citizen (0 for it, 99 where none connects).
        u, v: live ties (either order).
        centre: the screen point of ring 0.
        radius: the outermost ring's radius in pixels.
        spacing: the least distance between two citizens (a dot's diameter).
        group: neighbourhood of each citizen: ring 1 is ordered by it, so districts stay together.
    """
    n = ring.size
    band = np.minimum(ring, SHOWN_RINGS)  # 0 .. SHOWN_RINGS (the outer band holds the rest)
    pos = np.zeros((n, 2))
    pos[:] = centre
    angle = np.zeros(n)
    step_r = radius / SHOWN_RINGS
    for k in range(1, SHOWN_RINGS + 1):
        members = np.flatnonzero(band == k)
        if members.size == 0:
            continue
        if k == 1:
            key = (group[members] if group is not None else np.zeros(members.size)) * 1e6 + members
        else:
            key = _parent_angle(members, band, angle, u, v, k)
        order = members[np.argsort(key, kind="stable")]
        r_k = step_r * k
        per_row = max(1, int(2 * math.pi * r_k / max(spacing, 1.0)))
        rows = max(1, math.ceil(order.size / per_row))
        rank = np.arange(order.size)
        a = 2 * math.pi * rank / order.size - math.pi / 2
        # several rows share a band: alternate them so neighbours in angle differ in radius
        gap = min(spacing, 0.8 * step_r / max(rows - 1, 1))
        r = r_k + (rank % rows - (rows - 1) / 2) * gap
        angle[order] = a
        pos[order, 0] = centre[0] + r * np.cos(a)
        pos[order, 1] = centre[1] + r * np.sin(a)
    return pos


def _parent_angle(members: np.ndarray, band: np.ndarray, angle: np.ndarray, u: np.ndarray, v: np.ndarray,
                  k: int) -> np.ndarray:
    """For ring-k citizens, the mean direction of their friends in ring k - 1 (in [-pi, pi])."""
    n = band.size
    cos_sum, sin_sum = np.zeros(n), np.zeros(n)
    for a, b in ((u, v), (v, u)):
        link = (band[a] == k - 1) & (band[b] == k)
        np.add.at(cos_sum, b[link], np.cos(angle[a[link]]))
        np.add.at(sin_sum, b[link], np.sin(angle[a[link]]))
    return np.arctan2(sin_sum[members], cos_sum[members]) + 1e-9 * members  # ties keep citizen order


def tier_bands(tier: np.ndarray, group: np.ndarray, score: np.ndarray, rect: tuple[int, int, int, int],
               n_tiers: int, spacing: float, label_w: float = 0.0, head_h: float = 0.0,
               min_band_h: float = 0.0) -> tuple[np.ndarray, list]:
    """Positions ``(n, 2)`` with one band per tier (best at the top) and one column per
    neighbourhood, best score first within each cell; and each band's ``(y_top, y_bottom)``.

    Bands are as tall as their fullest cell needs, shrunk together when the rect is too
    small (citizens then overlap a little rather than leave the screen). A band is at least
    ``min_band_h`` tall (its label's line), however few are in it.
    """
    x0, y0, w, h = rect
    x0, w = x0 + label_w, w - label_w
    y0, h = y0 + head_h, h - head_h
    n_groups = int(group.max()) + 1 if group.size else 1
    gap = spacing
    cell_w = max(spacing, (w - gap * (n_groups - 1)) / n_groups)
    cols = max(1, int(cell_w // spacing))
    counts = np.zeros((n_tiers, n_groups), dtype=np.int64)
    np.add.at(counts, (tier, group), 1)
    rows_needed = np.ceil(counts.max(axis=1) / cols).astype(np.int64)  # per tier
    band_h = np.maximum(np.maximum(rows_needed, 1) * spacing + gap, min_band_h)
    scale = min(1.0, h / band_h.sum()) if band_h.sum() else 1.0
    band_h = band_h * scale
    row_h = spacing * scale
    tops = y0 + np.concatenate([[0.0], np.cumsum(band_h)[:-1]])
    order = np.lexsort((np.arange(tier.size), -score, group, tier))  # tier, then district, then best first
    cell = tier[order] * n_groups + group[order]
    first = np.searchsorted(cell, cell, side="left")
    rank = np.arange(order.size) - first  # place within its cell
    pos = np.zeros((tier.size, 2))
    pos[order, 0] = x0 + group[order] * (cell_w + gap) + (rank % cols + 0.5) * spacing
    pos[order, 1] = tops[tier[order]] + gap / 2 + (rank // cols + 0.5) * row_h
    bands = [(float(t), float(t + b)) for t, b in zip(tops, band_h)]
    return pos, bands

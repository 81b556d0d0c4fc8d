"""Generate the public-service icons in ``assets/icons/``.

The icons are original works drawn procedurally by this script with pygame
primitives (no external artwork is used).  They are dedicated to the public
domain under CC0 1.0 (see ``assets/icons/LICENSE.txt``), which is compatible
with the project's own licence.

Usage::

    python assets/make_icons.py                 # (re)write assets/icons/*.png
    python assets/make_icons.py --sheet out.png # also write a contact sheet

Output is deterministic: every icon is a 96x96 RGBA PNG with a transparent
background and a single light-grey (#E8EAF0) glyph.  Shapes are designed on a
96-unit grid, drawn at 4x resolution and smooth-scaled down for anti-aliasing.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

SIZE = 96  # final icon size in pixels (and design grid units)
SCALE = 4  # supersampling factor
GLYPH = (0xE8, 0xEA, 0xF0)
INK = (*GLYPH, 255)
# Erasing keeps the glyph RGB so smoothscale never bleeds dark fringes.
ERASE = (*GLYPH, 0)
STROKE = 8  # standard stroke weight in design units
ICON_DIR = Path(__file__).resolve().parent / "icons"


# --------------------------------------------------------------------------
# Drawing helpers (all coordinates in 96-unit design space)
# --------------------------------------------------------------------------


class Pen:
    def __init__(self) -> None:
        self.surf = pygame.Surface((SIZE * SCALE, SIZE * SCALE), pygame.SRCALPHA)
        self.surf.fill(ERASE)
        self.offset = (0.0, 0.0)  # shift applied to everything, for optical centring

    def _p(self, pt):
        return (round((pt[0] + self.offset[0]) * SCALE), round((pt[1] + self.offset[1]) * SCALE))

    def poly(self, pts, erase=False):
        pygame.draw.polygon(self.surf, ERASE if erase else INK, [self._p(p) for p in pts])

    def circle(self, c, r, width=0, erase=False):
        w = 0 if width == 0 else max(1, round(width * SCALE))
        pygame.draw.circle(self.surf, ERASE if erase else INK, self._p(c), round(r * SCALE), w)

    def rect(self, x0, y0, x1, y1, radius=0, width=0, erase=False):
        r = pygame.Rect(self._p((x0, y0)), (round((x1 - x0) * SCALE), round((y1 - y0) * SCALE)))
        w = 0 if width == 0 else round(width * SCALE)
        pygame.draw.rect(
            self.surf, ERASE if erase else INK, r, w, border_radius=round(radius * SCALE)
        )

    def ellipse(self, c, rx, ry, width=0, erase=False):
        r = pygame.Rect(0, 0, round(2 * rx * SCALE), round(2 * ry * SCALE))
        r.center = self._p(c)
        w = 0 if width == 0 else round(width * SCALE)
        pygame.draw.ellipse(self.surf, ERASE if erase else INK, r, w)

    def line(self, pts, width=STROKE, erase=False, cap=True):
        """Thick polyline with round joins (and round caps if ``cap``)."""
        hw = width / 2
        for a, b in zip(pts, pts[1:]):
            dx, dy = b[0] - a[0], b[1] - a[1]
            ln = math.hypot(dx, dy) or 1.0
            nx, ny = -dy / ln * hw, dx / ln * hw
            self.poly(
                [(a[0] + nx, a[1] + ny), (b[0] + nx, b[1] + ny),
                 (b[0] - nx, b[1] - ny), (a[0] - nx, a[1] - ny)],
                erase,
            )
        joints = pts[1:-1] if not cap else pts
        for p in joints:
            self.circle(p, hw, erase=erase)

    def result(self) -> pygame.Surface:
        return pygame.transform.smoothscale(self.surf, (SIZE, SIZE))


def fit(pts, scale=1.0, c=(48, 48)):
    """Scale points about the centre of their bounding box and centre them on c."""
    xs, ys = [x for x, _ in pts], [y for _, y in pts]
    mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return [(c[0] + (x - mx) * scale, c[1] + (y - my) * scale) for x, y in pts]


def rotate(pts, deg, c=(48, 48)):
    a = math.radians(deg)
    ca, sa = math.cos(a), math.sin(a)
    return [
        (c[0] + (x - c[0]) * ca - (y - c[1]) * sa, c[1] + (x - c[0]) * sa + (y - c[1]) * ca)
        for x, y in pts
    ]


# --------------------------------------------------------------------------
# Icons
# --------------------------------------------------------------------------


def icon_train(p: Pen) -> None:
    p.offset = (0, -1)
    # Body (front view) with two windows and two headlights cut out.
    p.rect(20, 6, 76, 70, radius=14)
    p.rect(28, 16, 45, 38, radius=3, erase=True)
    p.rect(51, 16, 68, 38, radius=3, erase=True)
    p.circle((33, 55), 5.5, erase=True)
    p.circle((63, 55), 5.5, erase=True)
    # Rails running towards the viewer, with one sleeper.
    p.line([(32, 74), (20, 90)], width=7)
    p.line([(64, 74), (76, 90)], width=7)
    p.line([(26, 83), (70, 83)], width=6)


def icon_flight(p: Pen) -> None:
    # Airliner seen from above, nose up, then tilted to 45 degrees.
    fus = [(48, 4)]
    body = [
        (53, 12), (54, 36),  # right side of fuselage
        (90, 56), (90, 63), (54, 52),  # right wing
        (53, 74), (66, 84), (66, 90), (48, 85),  # right tailplane
        (30, 90), (30, 84), (43, 74),  # left tailplane
        (42, 52), (6, 63), (6, 56), (42, 36),  # left wing
        (43, 12),
    ]
    scale = 1.1
    pts = rotate(fus + body + [(48, 12)], 45)
    pts = fit(pts, scale)
    nose = pts.pop()
    p.poly(pts)
    p.circle(nose, 5 * scale)  # rounded nose


def icon_hotel(p: Pen) -> None:
    p.offset = (0, -3)
    # Side view of a bed: tall headboard left, mattress, pillow, legs.
    p.rect(8, 18, 18, 84, radius=4)  # headboard post
    p.rect(8, 54, 88, 70, radius=3)  # mattress / frame
    p.rect(78, 62, 88, 84, radius=3)  # foot leg
    p.rect(23, 38, 43, 50, radius=5)  # pillow
    p.rect(47, 36, 88, 50, radius=6)  # blanket over sleeper


def icon_bank(p: Pen) -> None:
    # Pediment roof.
    p.poly([(48, 6), (90, 30), (90, 36), (6, 36), (6, 30)])
    # Columns.
    for x in (15, 33, 55, 73):
        p.rect(x, 41, x + 8, 69)
    # Base steps.
    p.rect(10, 74, 86, 80)
    p.rect(6, 85, 90, 91)


def icon_hospital(p: Pen) -> None:
    p.rect(8, 8, 88, 88, radius=18, width=STROKE)
    p.rect(40, 22, 56, 74, radius=2)
    p.rect(22, 40, 74, 56, radius=2)


def icon_rental(p: Pen) -> None:
    # House silhouette with an open door and a chimney.
    p.rect(64, 12, 74, 34)  # chimney
    p.poly([(48, 6), (92, 46), (84, 46), (84, 88), (12, 88), (12, 46), (4, 46)])
    # Door cut out, with a knob left in.
    p.rect(38, 56, 58, 88, radius=3, erase=True)
    p.circle((53, 73), 2.6)


def icon_job(p: Pen) -> None:
    # Handle.
    p.rect(33, 10, 63, 34, radius=7, width=7)
    # Case body.
    p.rect(6, 26, 90, 86, radius=10)
    # Lid seam and clasp.
    p.rect(6, 48, 90, 53, erase=True)
    p.rect(40, 42, 56, 60, radius=3, erase=True)
    p.rect(43, 45, 53, 57, radius=2)


def icon_visa(p: Pen) -> None:
    # Passport booklet (portrait) with a globe cut into the cover.
    p.rect(16, 5, 80, 91, radius=8)
    c = (48, 40)
    r = 23
    cut = 5.5
    p.circle(c, r, width=cut, erase=True)
    p.line([(c[0] - r, c[1]), (c[0] + r, c[1])], width=cut, erase=True, cap=False)
    # Meridian (ellipse).
    p.ellipse(c, 11, r, width=cut, erase=True)
    # Title line under the globe.
    p.rect(32, 73, 64, 79, radius=3, erase=True)


def icon_school(p: Pen) -> None:
    p.offset = (0, 3)
    # Cap body under the board.
    p.poly([(24, 46), (72, 46), (72, 68), (48, 78), (24, 68)])
    # Gap, then the board (diamond).
    board = [(48, 12), (92, 34), (48, 56), (4, 34)]
    gap = 5
    p.poly([(48, 12 - gap), (92 + gap * 2, 34), (48, 56 + gap), (4 - gap * 2, 34)], erase=True)
    p.poly(board)
    # Tassel.
    p.line([(48, 34), (80, 40), (80, 66)], width=5)
    p.rect(76, 64, 84, 78, radius=2)


def icon_bike(p: Pen) -> None:
    p.offset = (0, -5)
    w = 7
    r = 19
    rear, front = (22, 64), (74, 64)
    p.circle(rear, r, width=w)
    p.circle(front, r, width=w)
    crank = (45, 64)
    seat = (36, 38)
    head = (64, 38)
    p.line([rear, crank, head, front], width=w)
    p.line([rear, seat], width=w)
    p.line([crank, seat, head], width=w)
    p.line([seat, (34, 28)], width=w)  # seat post
    p.line([(28, 27), (42, 27)], width=w)  # saddle
    p.line([head, (62, 27), (72, 27)], width=w)  # stem + handlebar


ICONS = {
    "train": icon_train,
    "flight": icon_flight,
    "hotel": icon_hotel,
    "bank": icon_bank,
    "hospital": icon_hospital,
    "rental": icon_rental,
    "job": icon_job,
    "visa": icon_visa,
    "school": icon_school,
    "bike": icon_bike,
}


def render(name: str) -> pygame.Surface:
    pen = Pen()
    ICONS[name](pen)
    return pen.result()


def make_all(out_dir: Path = ICON_DIR) -> dict[str, pygame.Surface]:
    out_dir.mkdir(parents=True, exist_ok=True)
    surfs = {}
    for name in ICONS:
        surf = render(name)
        pygame.image.save(surf, str(out_dir / f"{name}.png"))
        surfs[name] = surf
    return surfs


def contact_sheet(surfs: dict[str, pygame.Surface], path: str) -> None:
    """Icons at 96 px and 32 px on the game's dark background, 5 per row."""
    bg = (0x1C, 0x1F, 0x2A)
    cell_w, cell_h, cols = 150, 200, 5
    rows = (len(surfs) + cols - 1) // cols
    sheet = pygame.Surface((cols * cell_w, rows * cell_h))
    sheet.fill(bg)
    font = pygame.font.Font(None, 22)
    for i, (name, surf) in enumerate(surfs.items()):
        x, y = (i % cols) * cell_w, (i // cols) * cell_h
        sheet.blit(surf, (x + (cell_w - 96) // 2, y + 8))
        small = pygame.transform.smoothscale(surf, (32, 32))
        sheet.blit(small, (x + (cell_w - 32) // 2, y + 130))
        label = font.render(name, True, GLYPH)
        sheet.blit(label, (x + (cell_w - label.get_width()) // 2, y + 110))
        sheet.blit(label, (x + (cell_w - label.get_width()) // 2, y + 168))
    pygame.image.save(sheet, path)


def main(argv: list[str]) -> int:
    pygame.font.init()
    surfs = make_all()
    if "--sheet" in argv:
        contact_sheet(surfs, argv[argv.index("--sheet") + 1])
    pygame.quit()
    print(f"wrote {len(surfs)} icons to {ICON_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

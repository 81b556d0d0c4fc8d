"""The society shows the phenomena (issue 12, item 1): speech on each citizen, the cascade
lens in rings, the tier view in bands, refusals at the citizen. Measured on the drawn
window (pixels) and on the view's state, over seeds."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.sim.events import LISTING_CAUSES
from game.ui.parts import arrange
from game.ui.parts.society import MAX_POPS, THOUGHT
from game.ui.scenes.sandbox import SandboxScene
from game.ui.session import Session
from tests.uiloop import pump

SIZE = (1280, 720)


@pytest.fixture
def window():
    pygame.display.init()
    pygame.font.init()
    yield pygame.display.set_mode(SIZE)
    pygame.quit()


def scene_at(seed: int = 1, scenario: str = "sesame") -> SandboxScene:
    session = Session.open(scenario, seed)
    session.paused = True
    return SandboxScene(session, SIZE)


def settle(window, scene, t0: float, seconds: float = 3.0) -> float:
    """Frames until the citizens have moved where the view wants them."""
    frames = int(seconds * 60)
    pump(window, scene, frames=frames, t0=t0)
    return t0 + frames / 60


def colour_near(window, xy, colour, r: int = 12, tol: int = 12) -> bool:
    x, y = xy
    box = pygame.Rect(x - r, y - r, 2 * r, 2 * r).clip(window.get_rect())
    px = pygame.surfarray.pixels3d(window.subsurface(box)).reshape(-1, 3).astype(int)
    return bool((np.abs(px - np.array(colour[:3])).max(axis=1) <= tol).any())


def test_speakers_carry_a_bubble_and_revealing_shows_the_quiet_dissenters(window):
    scene = scene_at()
    m = scene.session.model
    scene.society.reveal = False
    scene.stage.script = False  # no caption over the picture
    t = settle(window, scene, 0.0, 0.2)
    quiet = np.flatnonzero(m.private_dissent & ~m.public_dissent)
    assert quiet.size > 20 and m.public_dissent.sum() > 20
    inside = [int(i) for i in quiet if scene.society.rect.inflate(-60, -60).collidepoint(scene.society.xy_list[i])]
    shown = sum(colour_near(window, scene.society.xy_list[i], THOUGHT, tol=20) for i in inside[:40])
    assert shown == 0  # hidden: no pink bubble anywhere near the quiet dissenters
    scene.do("thoughts")
    assert scene.society.reveal
    pump(window, scene, frames=2, t0=t)
    shown = sum(colour_near(window, scene.society.xy_list[i], THOUGHT, tol=20) for i in inside[:40])
    assert shown >= 0.8 * min(40, len(inside))  # revealed: the private/public gap on screen


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_staged_listing_opens_the_lens_in_rings_and_counts_its_wave(window, seed):
    """The timeline lists the best-connected citizen at step 5: the lens centres them, puts
    their friends on ring 1 and friends of friends on ring 2, follows at 1x, counts the
    wave's cuts per ring exactly as the event log has them, then closes and gives the
    speed back."""
    scene = scene_at(seed)
    s, m = scene.session, scene.session.model
    s.speed, s.paused = 4, False
    t = 0.0
    while scene.society.lens is None and t < 20:
        pump(window, scene, frames=10, t0=t)
        t += 10 / 60
    lens = scene.society.lens
    assert lens is not None and s.speed == 1  # the wave is followed at 1x
    lst = m.events.of_kind("blacklisted")
    staged = lst["detail"] == LISTING_CAUSES.index("timeline")
    assert lens.citizen == int(lst["a"][staged][0]) and lens.root == int(lst["id"][staged][0])
    t = settle(window, scene, t, 2.0)
    xy = scene.society.xy.astype(float)
    centre = np.array(xy[lens.citizen])
    d = np.hypot(*(xy - centre).T)
    step_r = lens.radius / arrange.SHOWN_RINGS
    ring1 = np.flatnonzero(lens.ring == 1)
    ring2 = np.flatnonzero(lens.ring == 2)
    assert ring1.size >= 5 and ring2.size > ring1.size
    assert np.median(d[ring1]) < np.median(d[ring2])  # friends inside friends of friends
    assert abs(np.median(d[ring1]) - step_r) < 0.5 * step_r
    ev = m.events.of_kind("unfriended")
    mine = ev["root"] == lens.root
    counted = np.bincount(np.clip(ev["depth"][mine], 0, arrange.SHOWN_RINGS), minlength=arrange.SHOWN_RINGS + 1)
    assert lens.cut_per_ring.tolist() == counted.tolist()  # every cut of this wave, in its ring
    assert lens.cut_per_ring[1] >= 3  # measured: the hub's friends leave (the spiral)
    while scene.society.lens is not None and t < 60:
        pump(window, scene, frames=30, t0=t)
        t += 0.5
    assert scene.society.lens is None and s.speed == 4  # closed: the speed is back


def test_a_lens_opened_late_counts_what_its_wave_did_before(window):
    """The auto lens may follow a cascade some steps after its listing: its rings count the
    cuts made before it opened, so "friends left" and the rings agree."""
    scene = scene_at(1)
    m = scene.session.model
    m.run(12)
    lst = m.events.of_kind("blacklisted")
    ev = m.events.of_kind("unfriended")
    roots, counts = np.unique(ev["root"], return_counts=True)
    listed_roots = [r for r in roots.tolist() if r in set(lst["id"].tolist())]
    root = max(listed_roots, key=lambda r: counts[roots.tolist().index(r)])
    who = int(lst["a"][lst["id"] == root][0])
    lens = scene.society.open_lens(m, who, root, 0.0)
    assert lens.cut_per_ring.sum() == int((ev["root"] == root).sum()) > 0
    m.step()
    pump(window, scene, frames=2, t0=1.0)  # new events are counted once, not again
    ev = m.events.of_kind("unfriended")
    assert lens.cut_per_ring.sum() == int((ev["root"] == root).sum())


def test_the_tier_view_lays_out_bands_best_on_top_clear_of_the_legends(window):
    scene = scene_at(2)
    m = scene.session.model
    m.run(20)
    scene.do("tiers")
    assert scene.society.mode == "tiers"
    settle(window, scene, 0.0, 3.0)
    y = scene.society.xy[:, 1]
    means = [y[m.tier == k].mean() for k in range(len(m.config.tiers)) if (m.tier == k).any()]
    assert means == sorted(means)  # A at the top, D at the bottom
    area = scene.society.tier_area
    assert area.collidepoint(*scene.society.xy[np.argmin(y)]) and area.collidepoint(*scene.society.xy[np.argmax(y)])
    assert area.top > max(r.bottom for r in scene.viewbar.rects.values())  # below the view buttons
    for k, (top, bottom) in enumerate(scene.society.bands):  # each citizen inside its tier's band
        mine = y[m.tier == k]
        if mine.size:
            assert mine.min() >= top - scene.society.radius - 1 and mine.max() <= bottom + scene.society.radius + 1
    scene.do("tiers")
    assert scene.society.mode == "map"


def test_refusals_pop_up_at_the_refused_citizen_with_few_icons_at_once(window):
    scene = scene_at(3)
    s, m = scene.session, scene.session.model
    scene.stage.script = False
    s.speed, s.paused = 16, False
    t, most = 0.0, 0
    seen = False
    while t < 4:
        pump(window, scene, frames=6, t0=t)
        t += 0.1
        most = max(most, len(scene.society.pops))
        if scene.society.pops and scene.society.lens is None and not seen:
            _, who, _ = scene.society.pops[-1]
            x, y = scene.society.xy_list[who]
            seen = colour_near(window, (x, y - scene.society.radius - 8), palette_snap(), r=16, tol=40)
    assert m.refusals.who.size or most  # the city refuses people
    assert 0 < most <= max(MAX_POPS.values())  # icons are capped, whatever the speed
    assert seen  # a red tile over the refused citizen


def palette_snap():
    from game.ui.drawing import palette
    return palette.SNAP


def test_the_lens_stays_open_through_a_resize_projector_mode_and_a_language_switch(window):
    """G, P or a new window size lays the screen out again: the wave stays in view, centred
    on the same citizen, with the same cuts per ring and the same score before."""
    from game.ui.drawing import palette
    from game.ui.drawing.text import set_language

    scene = scene_at(1)
    m = scene.session.model
    scene.stage.script = False
    for _ in range(3):
        scene.session.step_once()
    who = int(m.events.of_kind("blacklisted")["a"][0])
    scene.stage.follow(scene.session, scene.society, who, 0.0)
    before = scene.society.lens
    t = settle(window, scene, 0.0, 1.5)
    try:
        for change in (lambda: palette.set_projector(True), lambda: set_language("zh"), lambda: None):
            change()
            scene.enter((1920, 1080) if scene.layout.size == (1280, 720) else (1280, 720))
            lens = scene.society.lens
            assert lens is not None and lens.closing_at is None
            assert (lens.citizen, lens.root) == (before.citizen, before.root)
            assert lens.cut_per_ring.tolist() == before.cut_per_ring.tolist()
            assert lens.score_at_start == before.score_at_start
            assert lens.rect == scene.society.rect  # laid out for the new window
            t = settle(window, scene, t, 0.5)
    finally:
        palette.set_projector(False)
        set_language("en")


def test_the_offer_to_see_tiers_goes_once_taken(window):
    """'Press By tier' leaves the screen when the player does it, paused or not."""
    from game.ui.parts.staging import Caption

    scene = scene_at(1)
    scene.session.paused = True
    scene.stage.script = False  # no next moment after it
    scene.stage.caption = Caption("tiers", "", 1e9, "tiers", "stage.tiers_offer", {})
    scene.do("tiers")
    scene.update(0.0, 1.0)
    assert scene.society.mode == "tiers" and scene.stage.caption is None

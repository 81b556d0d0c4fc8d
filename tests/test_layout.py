"""Every screen fits every window: 1280x720, 1920x1080, 1024x768 and 3840x2160, normal and
projector mode, English and Chinese. Each screen reports what it drew where
(game.ui.drawing.boxes): no text may spill out of its box or the window, be cut short, or
overlap other text or a widget; no two widgets may overlap; every chart's plot must be
large enough to read (three lines of its tick type high)."""

from __future__ import annotations

import pygame
import pytest

import screens
from game.ui.drawing import boxes, palette
from game.ui.drawing.text import set_language


@pytest.fixture(scope="module")
def display():
    screens.init()
    yield
    set_language("en")
    palette.set_projector(False)
    pygame.quit()


@pytest.mark.parametrize("name", list(screens.SCREENS))
def test_every_screen_fits_every_size_mode_and_language(display, name):
    build, open_ = screens.SCREENS[name]
    pygame.display.set_mode(screens.SIZES[0])
    set_language("en")
    palette.set_projector(False)
    scene = build(screens.SIZES[0])
    found, texts = [], 0
    try:
        for size, mode, lang in screens.CONFIGS:
            problems, items = screens.lay_out(scene, open_, size, mode, lang)
            texts += sum(d.kind == "text" or (d.kind == "widget" and bool(d.text)) for d in items)
            found += [f"{size[0]}x{size[1]} {mode} {lang}: {p}" for p in problems]
    finally:
        set_language("en")
        palette.set_projector(False)
    assert texts > 10 * len(screens.CONFIGS)  # the screen did report what it drew
    assert not found, f"{len(found)} layout problems on the {name} screen:\n" + "\n".join(found[:40])


def test_the_checks_catch_what_they_are_for():
    """A text that spills, a cut one, two that overlap, a text under a button, a plot too
    small: each is reported; a text hidden entirely under a later panel is not."""
    R = pygame.Rect
    items = [boxes.Drawn("text", R(10, 10, 100, 20), "spills", bound=R(0, 0, 50, 50)),
             boxes.Drawn("text", R(200, 10, 40, 20), "cut…", full="cut short"),
             boxes.Drawn("text", R(300, 10, 50, 20), "one"), boxes.Drawn("text", R(320, 15, 50, 20), "two"),
             boxes.Drawn("text", R(500, 10, 50, 20), "hidden"), boxes.Drawn("panel", R(490, 0, 100, 100)),
             boxes.Drawn("text", R(600, 10, 50, 20), "partly"), boxes.Drawn("panel", R(620, 0, 100, 100)),
             boxes.Drawn("plot", R(0, 200, 300, 10), owner="tiny", need=(100, 40)),
             boxes.Drawn("text", R(800, 10, 50, 20), "under"),
             boxes.Drawn("widget", R(790, 0, 100, 40), "Button", owner="UIButton", need=(60, 20), group=1,
                         bound=R(0, 0, 1000, 500)),
             boxes.Drawn("text", R(100, 300, 20, 20), "1", owner="ring"),
             boxes.Drawn("line", R(110, 250, 1, 101), owner="pointer", ends=((110, 250), (110, 350))),
             boxes.Drawn("text", R(200, 300, 20, 20), "2", owner="ring"),
             boxes.Drawn("line", R(230, 250, 1, 101), owner="pointer", ends=((230, 250), (230, 350)))]
    found = "\n".join(boxes.problems(items, (1000, 500)))
    for word in ("'spills' at (10, 10, 100, 20) spills", "cut short", "'two'", "'partly'", "tiny: plot area",
                 "'under' at (800, 10, 50, 20) is under the widget", "runs through ring '1'"):
        assert word in found, word
    assert "'hidden'" not in found and "ring '2'" not in found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_exported_pages_fit_too(display, lang):
    """The worksheet's charts page and debrief page (E), drawn off screen at their own size."""
    from game.modes import challenge
    from game.ui.drawing import charts
    from game.ui.drawing.debrief_page import page
    from game.ui.drawing.report import PAGE, paint_charts, render
    from game.ui.session import Session

    pygame.display.set_mode((64, 64))
    set_language(lang)
    try:
        for name in ("sesame", "challenge_speak_up"):
            s = Session.open(name, seed=0)
            for _ in range(12):
                s.step_once()
            sheet = pygame.Surface((PAGE[0], 720))
            with boxes.recording() as rec:
                paint_charts(sheet, sheet.get_rect().inflate(-40, -40), s.model, charts.Fonts.default(1.3))
            assert sum(d.kind == "plot" for d in rec.items) >= 3
            assert boxes.problems(rec.items, sheet.get_size()) == []
            with boxes.recording() as rec:
                surf = page(s.model, *challenge.status(s.model), 0, name)
            assert boxes.problems(rec.items, surf.get_size()) == []
            with boxes.recording() as rec:
                sheet = render(s.model, 0, name)  # the worksheet (report): title, charts, questions
            assert sum(d.kind == "text" for d in rec.items) > 10
            assert boxes.problems(rec.items, sheet.get_size()) == []
    finally:
        set_language("en")


def test_a_text_box_line_that_pushes_its_break_onto_a_row_of_its_own_is_caught_and_folded_avoids_it(display):
    """pygame_gui ends each line with a break a few px wide: a line that fills the row to the
    edge pushes it onto a row of its own, an empty line in mid-sentence (the debrief in
    projector mode had them). The check reports it; our own folding leaves room for it."""
    from pygame_gui.elements import UITextBox

    from game.ui.parts.widgets import folded, make_manager

    pygame.display.set_mode((1920, 1080))
    manager = make_manager((1920, 1080), 1.5)
    font = manager.get_theme().get_font(["text_box"])
    line = "The largest unfriending cascade cut 28 friendships and"
    text = f"{line}<br>touched 28 citizens, reaching 4 rings of friends out from where it began."
    caught = 0
    for width in range(font.size(line)[0] + 10, font.size(line)[0] + 40):
        raw = UITextBox(text, pygame.Rect(0, 0, width, 400), manager, allow_split_dashes=False)
        spilled = boxes.text_box_spill(raw)
        caught += spilled is not None
        assert spilled in (None, line)
        raw.kill()
        box = UITextBox(folded(text, manager, width), pygame.Rect(0, 0, width, 400), manager,
                        allow_split_dashes=False)
        assert boxes.text_box_spill(box) is None, width
        box.kill()
    assert caught > 0  # some width put the raw line's break on a row of its own
    assert boxes.text_box_spill(UITextBox("one<br><br>two", pygame.Rect(0, 0, 300, 200), manager)) is None

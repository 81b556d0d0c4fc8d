"""What the window tells the player is read whole and where it can be seen: the export's
confirmation over the debrief, a damaged share code's whole reason, a saved file's path
shortened in the middle, the rules panel's numbers as people write them, badges that say
what they count, and charts with one unit per axis."""

from __future__ import annotations

import pygame
import pygame_gui
import pytest

from game.ui.drawing import boxes
from game.ui.drawing.text import fit_middle, t
from game.ui.parts import panels
from uiloop import sandbox_window, post_key, pump

SIZE = (1280, 720)


@pytest.fixture
def ui():
    yield from sandbox_window(SIZE, seed=2, steps=6)


def test_the_export_confirmation_is_drawn_over_the_debrief(ui, tmp_path):
    window, scene = ui
    scene.save_dir = tmp_path
    post_key(pygame.K_d)
    pump(window, scene)
    assert scene.windows.debrief_open()
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, {"ui_element": scene.windows.debrief.export}))
    with boxes.recording() as rec:
        pump(window, scene, frames=1, t0=0.5)
    said = [d for d in rec.items if d.owner == "message"]
    assert said and all(d.layer == 2 for d in said)  # painted after the windows
    body = scene.windows.debrief.body
    assert all(body.contains(d.rect) for d in said)
    assert "sesame-seed2-step6-charts.png" in " ".join(d.text for d in said)
    assert sorted(p.name for p in tmp_path.iterdir())[0].startswith("sesame-seed2-step6")


def test_a_damaged_share_code_is_explained_whole(ui):
    window, scene = ui
    scene.windows.open_share(scene.session)
    share = scene.windows.share
    assert share.import_code(share.code[:-40] + "A" * 40) is None
    assert share.status.text.startswith("Cannot import this code:") and "checksum" in share.status.text
    assert not share.status.text.endswith(" the la")  # it used to be cut at 160 characters
    assert "was mistyped or cut off" in share.status.text
    pump(window, scene)
    assert share.status.box.scroll_bar is None  # it fits its box: nothing to scroll to


def test_a_long_saved_path_is_shortened_in_the_middle(ui, tmp_path, monkeypatch):
    deep = tmp_path / ("a-very-long-folder-name-" * 6) / "open-sesame"
    monkeypatch.setenv("SESAME_DATA", str(deep))
    window, scene = ui
    scene.windows.open_share(scene.session)
    share = scene.windows.share
    path = share.save_as("my classroom rules")
    assert path is not None and path.exists()
    shown = share.status.text
    assert "\u2026" in shown and shown.endswith("my classroom rules.toml")  # the file's name whole
    assert share.status.font.size(shown)[0] <= share.status.rect.width


def test_fit_middle_keeps_both_ends():
    pygame.font.init()
    font = pygame.font.Font(None, 20)
    text = "~/Documents/Open Sesame/a-long-folder/another-long-folder/sesame-seed3-step40-charts.png"
    short = fit_middle(font, text, 240)
    assert font.size(short)[0] <= 240 and short.startswith("~/Doc") and short.endswith("charts.png")


def test_the_rules_panel_writes_numbers_as_people_do(ui):
    window, scene = ui
    scene.toggle_rules()
    pump(window, scene)
    assert scene.windows.rules.labels["population.size"].text == "1,000"  # not 1e+03
    assert scene.windows.rules.labels["authorities.error_rate"].text == "2"


def test_service_badges_say_what_they_count(ui):
    window, scene = ui
    with boxes.recording() as rec:
        pump(window, scene, frames=1)
    badges = [d.text for d in rec.items if d.owner == "badge" and d.kind == "text"]
    assert badges and all(b.endswith(" refused") for b in badges)
    title = [d.text for d in rec.items if d.owner == "services title"][0]
    assert "refused" in title and "red" in title
    # a strip too narrow for "25 refused": every badge a bare number, none in words
    m = scene.session.model
    m.step_counts.denials[:] = 0
    m.step_counts.denials[0, 0], m.step_counts.denials[1, 0] = 4, 25
    narrow = pygame.Rect(0, 600, 640, 110)
    card = (narrow.width - 4) // len(m.config.services)
    assert scene.fonts.small.size(t('ui.refused_badge', n=4))[0] + 8 < card - 8  # '4 refused' alone would fit
    with boxes.recording() as rec:
        panels.draw_services(window, narrow, m, scene.session.memory, scene.icons, scene.fonts)
    badges = [d.text for d in rec.items if d.owner == "badge" and d.kind == "text"]
    assert badges == ["4", "25"]


def test_each_sidebar_chart_has_one_unit_on_its_axis(ui):
    """The friendships chart used to plot a 0-1 share on a 'ties (thousands)' axis, and
    the inequality chart a Gini index on 'share of citizens'."""
    window, scene = ui
    seen = {}
    for _ in range(scene.sidebar.pages):
        with boxes.recording() as rec:
            scene.sidebar.key = None
            pump(window, scene, frames=1)
        texts = [d.text for d in rec.items if d.owner in ("chart", "chart legend")]
        seen.update({name: texts for name in scene.sidebar.shown()})
        scene.sidebar.page = (scene.sidebar.page + 1) % scene.sidebar.pages
    assert t("charts.ties_kept") in seen["network"] and t("charts.percent") in seen["network"]
    assert "ties (thousands)" not in " ".join(seen["network"])
    assert t("charts.gini_axis") in seen["inequality"]
    assert t("debrief_charts.percent_axis") in seen["conformity"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_hint_line_breaks_between_its_parts_never_inside_one(lang):
    """'H: help' is never split over two lines ('H：' / '帮助' was, at 1920x1080 in Chinese)."""
    from game.ui.drawing.charts import Fonts
    from game.ui.drawing.text import set_language
    from game.ui.drawing.text import pack as _pack

    pygame.font.init()
    set_language(lang)
    try:
        f = Fonts.default(1.5).small
        text = t("ui.hint")
        sep = "  \u00b7  " if lang == "zh" else "  -  "
        parts = text.split(sep)
        widths = range(f.size(parts[-1])[0] + 4, f.size(text)[0] + 10, 7)
        for width in widths:
            lines = _pack(text, f, width)
            squeeze = lambda s: s.replace(sep, "").replace(" ", "")  # noqa: E731
            assert "".join(squeeze(line) for line in lines) == squeeze(text)  # nothing lost
            short = [p for p in parts if f.size(p)[0] <= width]
            assert all(any(p in line for line in lines) for p in short), (width, lines)  # each that fits: whole
            assert all(f.size(line)[0] <= width for line in lines)
    finally:
        set_language("en")

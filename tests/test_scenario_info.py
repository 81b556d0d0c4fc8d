"""Where the numbers come from, in the window: the scenario picker and the I window show the
sources (claim, seed, the article's words) and the game's assumptions (claim, why), in English
and Chinese, and say which rules the run on screen no longer takes from either."""

from __future__ import annotations

import pygame
import pygame_gui
import pytest

from game.scenario.library import load
from game.sim.commands import SetRule
from game.ui.drawing.text import set_language
from game.ui.parts.scenario_info import changed_rules, info_html, info_text
from uiloop import sandbox_window, post_key, pump

SIZE = (1280, 720)


@pytest.fixture
def ui():
    yield from sandbox_window(SIZE, seed=3, steps=0)


def test_the_i_key_opens_the_sources_and_assumptions_of_the_run_on_screen(ui):
    window, scene = ui
    post_key(pygame.K_i)
    pump(window, scene)
    info = scene.windows.info
    assert info is not None and info.alive
    shown = info.text.html_text
    sc = scene.session.model.config
    assert f"From the sources ({len(sc.sources)})" in shown and f"Game assumptions ({len(sc.assumptions)})" in shown
    assert "Users are given a score between 350 (low) and 950 (high)" in shown  # the article's own words
    assert "seed 004" in shown and "Why: " in shown
    assert "Changed in this run" not in shown  # nothing changed yet
    post_key(pygame.K_ESCAPE)
    pump(window, scene)
    assert not info.alive


def test_a_rule_changed_in_the_run_is_named_as_no_longer_the_sources(ui):
    window, scene = ui
    scene.session.apply(SetRule("scoring.blacklist_penalty", 300.0))
    assert changed_rules(scene.session.model) == [("scoring.blacklist_penalty", "150", "300")]
    post_key(pygame.K_i)
    pump(window, scene)
    shown = scene.windows.info.text.html_text
    assert "Changed in this run (1)" in shown and "scoring.blacklist_penalty: changed in this run: 150 -&gt; 300" in shown


def test_the_picker_shows_the_selected_scenarios_sources_and_assumptions(ui):
    window, scene = ui
    post_key(pygame.K_s)
    pump(window, scene)
    picker = scene.windows.picker
    titles = [sc.meta.title for _, sc in picker.entries]
    pygame.event.post(pygame.event.Event(pygame_gui.UI_SELECTION_LIST_NEW_SELECTION,
                                         {"text": "Bias by group", "ui_element": picker.list}))
    pump(window, scene)
    shown = picker.text.html_text
    assert "Bias by group" in titles and "perpetuate and intensify existing biases" in shown
    assert "Game assumptions" in shown and "40 points" in shown


def test_the_rules_panel_has_a_way_to_the_sources_of_the_numbers_it_changes(ui):
    window, scene = ui
    post_key(pygame.K_l)
    pump(window, scene)
    button = scene.windows.rules.sources
    assert button.text == "Sources and assumptions (I)"
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, {"ui_element": button}))
    pump(window, scene)
    assert scene.windows.info is not None and scene.windows.info.alive
    assert "From the sources (20)" in scene.windows.info.text.html_text


def test_the_picker_opens_on_the_scenario_running_and_otherwise_says_what_to_do(ui):
    window, scene = ui
    post_key(pygame.K_s)
    pump(window, scene)
    picker = scene.windows.picker
    assert picker.entries[picker.chosen][1].meta.title == "Sesame Credit"
    assert [item["text"] for item in picker.list.item_list if item["selected"]] == ["Sesame Credit"]
    assert "From the sources (20)" in picker.text.html_text
    post_key(pygame.K_ESCAPE)
    pump(window, scene)
    from game.scenario.spec import with_overrides
    from game.ui.parts.widgets import ScenarioPicker

    stranger = with_overrides(load("sesame"), {"meta.title": "Our own town"})
    other = ScenarioPicker(pygame.Rect(0, 0, 900, 500), scene.manager, picker.entries, stranger)
    assert other.chosen is None and "Choose a scenario on the left" in other.text.html_text
    assert not other.load.is_enabled  # nothing chosen: a button that does nothing confuses


def test_in_chinese_claims_and_reasons_are_chinese_and_quotes_stay_as_written():
    set_language("zh")
    try:
        sc = load("journalist")
        shown = info_html(sc)
        assert f"出自资料（{len(sc.sources)}）" in shown and "游戏假设" in shown and "理由：" in shown
        assert "If Liu had a Zhima Credit score" in shown
    finally:
        set_language("en")


def test_a_strangers_text_is_escaped_and_a_file_without_sources_says_so():
    from game.scenario.provenance import without_provenance
    from game.scenario.spec import with_overrides

    sc = with_overrides(without_provenance(load("suining")), {"meta.title": "<b>mine</b> & <font size=99>"})
    shown = info_html(sc)
    assert "&lt;b&gt;mine&lt;/b&gt; &amp; &lt;font size=99&gt;" in shown
    assert "lists no sources and no assumptions" in shown


def test_the_font_covers_the_claims_but_the_seeds_english_never_switches_fonts():
    """The quotes' curly marks are drawn by the English font; claims in Chinese (a teacher's
    own file) must reach the font check."""
    text = info_text(load("sesame"))
    assert "\u201c" not in text and "Sesame (Zhima) Credit scores run from 350 to 950." in text

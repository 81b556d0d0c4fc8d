"""Text that always renders: hostile text is refused where it is read (files, share codes,
the command line), and every screen and page draws any text without raising.

The corpus is ``tests/hostile_text.py``: NUL, text made only of zero-width or direction
characters, direction overrides, terminal escapes, tag characters (refused); zero-width
characters inside words, line breaks, Chinese, right-to-left script, combining marks
(accepted); and, for the drawing layer alone, what validation never lets through
(surrogates, 5,000-letter words, empty and line-break-only text).
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import zlib

import pygame
import pygame_gui
import pytest
import tomli_w

from game.cli import main
from game.scenario import share
from game.scenario.library import load
from game.scenario.safetext import renderable, terminal, text_problem
from game.scenario.schema import ScenarioError, dump
from game.scenario.share_dict import ZDICT_V1
from game.ui.drawing.text import SafeFont, wrap
from hostile_text import HOSTILE, ODD, UNDRAWABLE, everything, set_in_data, text_fields, with_text
from uiloop import pump

SIZE = (1280, 720)


def code_of(data: dict) -> str:
    """A share code of plain scenario data, valid or not (made the way share.encode packs)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15, zdict=ZDICT_V1)
    packed = packer.compress(tomli_w.dumps(data).encode("utf-8")) + packer.flush()
    return "OS1-" + base64.b32encode(packed + share._checksum(packed)).decode("ascii").rstrip("=")


@pytest.fixture(scope="module")
def base():
    return dump(everything())


# --- refused where it is read -----------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_text_in_any_field_of_a_file_or_code_is_refused_naming_file_and_field(kind, base, tmp_path):
    fields = text_fields(everything())
    assert len(fields) >= 28
    for path in fields:
        data = copy.deepcopy(base)
        set_in_data(data, path, HOSTILE[kind])
        f = tmp_path / f"{kind}.toml"
        f.write_text(tomli_w.dumps(data), encoding="utf-8")
        with pytest.raises(ScenarioError) as err:
            load(f)
        assert f"{f}: {path}: " in str(err.value), (path, str(err.value))
        assert "U+" in str(err.value)  # names the character
        with pytest.raises(ScenarioError) as err:
            share.decode(code_of(data))
        assert str(err.value).startswith(f"share code: {path}: "), str(err.value)


@pytest.mark.parametrize("kind", sorted(ODD))
def test_odd_but_harmless_text_is_accepted_everywhere(kind, base):
    for path in text_fields(everything()):
        data = copy.deepcopy(base)
        set_in_data(data, path, ODD[kind])
        sc = share.decode(code_of(data))
        assert share.decode(share.encode(sc)) == sc


def test_every_hostile_text_has_a_problem_and_no_odd_one_has():
    assert all(text_problem(text) for text in HOSTILE.values())
    assert not any(text_problem(text) for text in ODD.values())


def test_the_command_line_refuses_a_hostile_file_in_one_line_before_any_window(tmp_path, capsys, base):
    data = copy.deepcopy(base)
    set_in_data(data, "timeline[0].text", "\u200b")
    f = tmp_path / "caption.toml"
    f.write_text(tomli_w.dumps(data), encoding="utf-8")
    for args in (["play", str(f), "--frames", "1"], ["report", str(f), "--steps", "1", "--out", str(tmp_path / "r")],
                 ["run", str(f), "--steps", "1", "--out", str(tmp_path / "o")], ["play", code_of(data), "--kiosk"]):
        assert main(args) == 1
        err = capsys.readouterr().err
        assert "timeline[0].text: shows nothing" in err and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "r").exists() and not (tmp_path / "o").exists()


# --- drawn whatever it is ---------------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(UNDRAWABLE))
def test_fonts_and_wrapping_take_any_text(kind):
    pygame.font.init()
    text = UNDRAWABLE[kind]
    for font in (SafeFont(None, 24), SafeFont(str(__import__("game.ui.drawing.text", fromlist=["FONT"]).FONT), 16)):
        img = font.render(text, True, (255, 255, 255))
        assert img.get_height() > 0 and img.get_width() <= 40 * 2000  # never a megapixel line
        assert font.size(text)[1] > 0
        lines = wrap(text, font, 300)
        assert lines and all(font.size(line)[0] <= 300 or len(line) == 1 for line in lines)
        for line in lines:
            font.render(line, True, (0, 0, 0))


def test_renderable_and_terminal_never_raise_and_defuse_everything():
    for text in list(UNDRAWABLE.values()) + list(ODD.values()) + [None, 12, b"bytes"]:
        line = renderable(text)
        assert "\x00" not in line and "\n" not in line and "\u202e" not in line and len(line) <= 2000
        shown = terminal(text if isinstance(text, str) else str(text))
        assert not any(c in shown for c in "\x00\x1b\x07\x08\x7f\x9b\n\r\u202e\u2066\u200b")


@pytest.fixture
def screen():
    pygame.display.init()
    pygame.font.init()
    yield pygame.display.set_mode(SIZE)
    pygame.quit()


def small(scenario):
    return dataclasses.replace(scenario, population=dataclasses.replace(scenario.population, size=300))


GROUPS = 3  # each run puts a different mix of the corpus in the fields


@pytest.mark.parametrize("group", range(GROUPS))
def test_every_screen_draws_any_text_in_every_field(group, screen, tmp_path, monkeypatch):
    """Validation bypassed: the window (sandbox with its windows, citizen mode, compare,
    chapters, the kiosk), the report page and the exports all draw whatever the fields hold
    (every text of the corpus lands in several fields over the groups)."""
    from game.modes import chapters
    from game.ui.drawing import report
    from game.ui.scenes.chapters import ChapterScene
    from game.ui.scenes.citizen import CitizenScene
    from game.ui.scenes.compare import CompareScene
    from game.ui.scenes.kiosk import Kiosk
    from game.ui.scenes.sandbox import SandboxScene
    from game.ui.session import Session

    texts = list(UNDRAWABLE.values())
    sc = small(with_text(everything(), texts[group * 7:] + texts[:group * 7]))
    session = Session(sc, "hostile", seed=1)
    scene = SandboxScene(session, SIZE)
    pump(screen, scene, frames=2)
    for _ in range(3):  # the timeline's captions come at steps 1 and 2
        session.step_once()
    scene.society.selected = 0  # the inspector
    scene.toggle_rules()
    pump(screen, scene, frames=2)
    scene.windows.open_picker([("hostile.toml", sc), ("sesame", load("sesame"))])
    titles = scene.windows.picker.list.item_list
    pygame.event.post(pygame.event.Event(pygame_gui.UI_SELECTION_LIST_NEW_SELECTION,
                                         {"ui_element": scene.windows.picker.list, "text": titles[0]["text"]}))
    pump(screen, scene, frames=2)
    scene.windows.close("picker")
    scene.windows.open_share(session)
    scene.windows.share.import_code("OS1-\x00\u202e")
    pump(screen, scene, frames=2)
    scene.windows.close("share")
    scene.open_debrief()
    pump(screen, scene, frames=2)
    scene.windows.close("debrief")
    scene.export(tmp_path / "exports")
    scene.next_language()  # the Chinese UI draws the translation's text
    pump(screen, scene, frames=2)
    scene.next_language()
    for other in (CitizenScene(session, SIZE), CompareScene.against(session, "no_scoring", SIZE)):
        pump(screen, other, frames=2)
    report.save(session.model, 1, "hostile", tmp_path / "report.png")
    # the guided tour with hostile chapter cards
    tour = [("h1.toml", dataclasses.replace(sc, chapter=dataclasses.replace(sc.chapter, order=1, kind="predict"))),
            ("h2.toml", dataclasses.replace(sc, chapter=dataclasses.replace(sc.chapter, order=2, kind="by_hand")))]
    monkeypatch.setattr(chapters, "sequence", lambda: tour)
    cards = ChapterScene(SIZE, seed=1)
    for _ in range(4):
        pump(screen, cards, frames=2)
        cards.primary()
    # the kiosk: captions in the attract loop, then a visitor
    kiosk = Kiosk(sc, SIZE, idle_s=30, log_dir=tmp_path / "logs")
    for k in range(40):
        kiosk.update(1 / 60, k * 0.5)
        kiosk.draw(screen, k * 0.5)
    kiosk.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(400, 300), button=1), 21.0)
    kiosk.update(1 / 60, 21.5)
    kiosk.draw(screen, 21.5)
    assert kiosk.crashes == 0 and kiosk.state == "play"
    assert sorted(p.suffix for p in (tmp_path / "exports").iterdir()) == [".csv", ".png", ".png"]

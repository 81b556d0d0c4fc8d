"""Files the window writes: "Save as" never silently replaces an earlier save, names are
bounded in characters and in bytes, and a session opened from a share code names its
exports and records with a short ``shared-<hash>``, never the code itself."""

from __future__ import annotations

import pygame
import pygame_gui
import pytest

from game.records.files import UnsafeName, safe_child
from game.scenario.library import load
from game.scenario.share import encode
from game.scenario.spec import with_overrides

SIZE = (1280, 720)


@pytest.fixture
def window(tmp_path, monkeypatch):
    monkeypatch.setenv("SESAME_DATA", str(tmp_path / "data"))
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode(SIZE)
    yield screen, pygame_gui.UIManager(SIZE)
    pygame.quit()


def share_window(manager, session):
    from game.ui.parts.share_window import ShareWindow

    return ShareWindow(pygame.Rect(100, 60, 1000, 560), manager, session)


def small(**changes):
    return with_overrides(load("sesame"), {"population.size": 100, **changes})


def test_save_as_asks_before_replacing_an_earlier_save(window, tmp_path):
    from game.ui.session import Session

    _, manager = window
    first = Session(small(**{"scoring.connections_weight": 0.1}), "sesame", seed=1)
    path = share_window(manager, first).save_as("class 3B")
    assert path is not None and path.name == "class 3B.toml"
    before = path.read_bytes()
    second = Session(small(**{"scoring.connections_weight": 0.9}), "sesame", seed=1)
    win = share_window(manager, second)
    assert win.save_as("class 3B") is None  # the first press only says so
    assert "already exists" in win.status.text and path.read_bytes() == before
    assert win.save_as("class 3C") is not None  # another name: saved at once (and the question is over)
    assert win.save_as("class 3B") is None  # so 3B asks again
    assert win.save_as("class 3B") == path  # the second press in a row with the same name replaces it
    assert path.read_bytes() != before
    assert win.save_as("class 3B") is None  # and the next one asks again
    assert "already exists" in win.status.text


@pytest.mark.parametrize("name", ["x" * 121, "班" * 70, "a/b", "..", "\u202egnp.exe", "con"])
def test_save_as_refuses_names_no_file_system_takes_in_one_status_line(window, name):
    from game.ui.session import Session

    _, manager = window
    win = share_window(manager, Session(small(), "sesame", seed=1))
    assert win.save_as(name) is None
    assert win.status.text and "\n" not in win.status.text


def test_names_are_bounded_in_bytes_as_well_as_characters(tmp_path):
    safe_child(tmp_path, "班" * 60 + ".toml")  # 185 bytes: fine
    with pytest.raises(UnsafeName, match="bytes"):
        safe_child(tmp_path, "班" * 100 + ".toml")  # 100 characters, 305 bytes: no file system takes it


def test_a_share_code_session_names_its_files_shortly(window, tmp_path):
    from game.ui.scenes.sandbox import SandboxScene
    from game.ui.session import Session

    screen, manager = window
    scenario = small()
    code = encode(scenario)
    assert len(code) > 300
    session = Session(scenario, code, seed=2)
    assert session.file_stem.startswith("shared-") and len(session.file_stem) <= 48
    scene = SandboxScene(session, SIZE)
    session.step_once()
    written = scene.export(tmp_path / "exports")
    assert all(p.exists() and len(p.name) < 90 and p.name.startswith("shared-") for p in written), written
    record = share_window(manager, session).save_record()
    assert record is not None and record.exists() and len(record.name) < 90

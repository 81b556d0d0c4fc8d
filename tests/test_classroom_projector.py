"""The projector window of a class, headless: it draws the join code and the society, and the
teacher's keys drive the session through the server's own thread."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pygame
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from classroom_helpers import join, play_round, teacher  # noqa: E402

from game.classroom.room import Room  # noqa: E402
from game.classroom.run import serve  # noqa: E402
from game.ui.app import run_projector  # noqa: E402
from game.ui.scenes.classroom import ProjectorScene  # noqa: E402


def key(scene, k):
    return scene.handle(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=""))


def wait(predicate, timeout=5.0):
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end
        time.sleep(0.02)


@pytest.fixture
def scene():
    pygame.display.init()
    pygame.font.init()
    room = Room("sesame", seed=1, seats=10)
    run = serve(room)
    surf = pygame.display.set_mode((1280, 720))
    yield ProjectorScene(run.server, f"http://127.0.0.1:{run.port}", "about:blank", (1280, 720)), surf, run
    run.stop()
    pygame.quit()


def test_the_projector_shows_how_to_join_and_the_keys_drive_the_class(scene, tmp_path):
    s, surf, run = scene
    room = run.server.room
    phones = [join(run.port, room.code, n)[0] for n in ("Ana", "Ben")]
    s.draw(surf)
    hidden = pygame.surfarray.array3d(surf).copy()
    assert s.qr.get_width() >= 200  # big enough to scan from the back of a room
    key(s, pygame.K_SPACE)
    wait(lambda: room.phase == "open")
    key(s, pygame.K_SPACE)  # ends the round
    wait(lambda: room.round == 1)
    key(s, pygame.K_s)
    wait(lambda: room.show_scores)
    s.draw(surf)
    shown = pygame.surfarray.array3d(surf)
    society = s.society_rect
    assert (hidden[society.left:society.right, society.top:society.bottom]
            != shown[society.left:society.right, society.top:society.bottom]).any()  # tier colours appear
    key(s, pygame.K_p)
    wait(lambda: room.phase == "paused")
    key(s, pygame.K_e)
    assert room.phase == "paused"  # one press asks to confirm
    key(s, pygame.K_e)
    wait(lambda: room.phase == "ended")
    assert key(s, pygame.K_ESCAPE) is None and key(s, pygame.K_ESCAPE) == "quit"
    s.draw(surf)
    for p in phones:
        p.close()


def test_the_window_renders_with_nobody_present(tmp_path):
    room = Room("sesame", seed=2, seats=6)
    run = serve(room)
    try:
        phone, _ = join(run.port, room.code, "Mei")
        console = teacher(run.port, room.teacher_key)
        console.send(t="start")
        play_round(console, [phone], 1)
        shot = tmp_path / "projector.png"
        assert run_projector(run.server, f"http://127.0.0.1:{run.port}", "about:blank", size=(1024, 600), frames=3,
                             screenshot=str(shot)) == 0
        assert shot.stat().st_size > 10_000
        phone.close()
        console.close()
    finally:
        run.stop()

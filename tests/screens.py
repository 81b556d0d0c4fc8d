"""Every screen of the window, laid out at a given size, mode and language, with what it put
where (:mod:`game.ui.drawing.boxes`): the layout tests' harness.

``SCREENS`` maps a screen's name to a builder ``(size) -> scene`` and an ``open(scene)`` that
brings the screen up again after each re-layout (a window, a selected citizen...). ``lay_out``
re-lays a built scene for one configuration, draws one frame while recording, adds the
pygame_gui widgets, and returns the problems found. A scene is built once per screen and
re-laid out for each configuration (as a resize, projector switch or language switch does
in the window), so a whole matrix takes a few seconds.
"""

from __future__ import annotations

import os

import pygame

from game.ui.drawing import boxes, palette
from game.ui.drawing.text import set_language

SIZES = ((1280, 720), (1920, 1080), (1024, 768), (3840, 2160))
MODES = ("normal", "projector")
LANGS = ("en", "zh")
CONFIGS = [(size, mode, lang) for size in SIZES for mode in MODES for lang in LANGS]


def _session(source: str = "sesame", steps: int = 8, seed: int = 0):
    from game.ui.session import Session
    s = Session.open(source, seed=seed)
    s.paused = True
    for _ in range(steps):
        s.step_once()
    return s


def _sandbox(size, source="sesame", steps=8):
    from game.ui.scenes.sandbox import SandboxScene
    return SandboxScene(_session(source, steps), size)


def _hub(scene):
    m = scene.session.model
    scene.society.selected = int(m.friends.degree.argmax())


def _message(scene):
    scene.say(scene.export.__doc__ or "")  # a long message, as an export's confirmation is


def _caption(scene):
    import time
    m = scene.session.model
    if m.config.timeline:
        scene.notices.caption, scene.notices.caption_until = 0, time.perf_counter() + 3600


def _citizen(size):
    from game.ui.scenes.citizen import CitizenScene
    s = _session("journalist", steps=0)
    scene = CitizenScene(s, size)
    for _ in range(3):
        scene.next_turn()
    return scene


def _citizen_end(size):
    from game.modes.citizen import passive
    scene = _citizen(size)
    while not scene.game.over():
        passive(scene.game)
        scene.next_turn()
    return scene


def _compare(size):
    from game.ui.scenes.compare import CompareScene
    s = _session("sesame", steps=0)
    scene = CompareScene.against(s, "no_scoring", size)
    for _ in range(6):
        scene.step()
    return scene


def _chapters(size):
    from game.ui.scenes.chapters import ChapterScene
    scene = ChapterScene(size)
    scene._open(1)  # the bet: the card with the most on it
    scene.primary()
    return scene


def _kiosk(size):
    import tempfile
    from game.ui.scenes.kiosk import Kiosk
    return Kiosk("sesame", size, log_dir=tempfile.mkdtemp(prefix="sesame-layout-kiosk-"))


def _challenge(size):
    return _sandbox(size, "challenge_speak_up", steps=4)


def _debrief(scene):
    from game.ui.drawing.text import t
    scene.open_debrief()
    scene.say(t("debrief_charts.exported", png="sesame-seed0-step8-charts.png", csv="sesame-seed0-step8-series.csv",
                debrief="sesame-seed0-step8-debrief.png", folder="~/Documents/Open Sesame"))


def _share(scene):
    scene.windows.open_share(scene.session)
    share = scene.windows.share
    share.import_code(share.code[:-40] + "A" * 40)  # the longest message it gives: a damaged code


def _picker(scene):
    scene.open_picker()


def _help(scene):
    scene.windows.open_help()


def _rules(scene):
    if scene.windows.rules is None:
        scene.toggle_rules()


def _nothing(scene):
    return None


SCREENS = {
    "sandbox": (_sandbox, lambda sc: (_caption(sc), _message(sc))),
    "inspector": (_sandbox, _hub),
    "challenge": (_challenge, _nothing),
    "rules": (_sandbox, _rules),
    "picker": (_sandbox, _picker),
    "help": (_sandbox, _help),
    "share": (_sandbox, _share),
    "debrief": (_sandbox, _debrief),
    "challenge_debrief": (_challenge, _debrief),  # its charts carry goal lines and their labels
    "citizen": (_citizen, _nothing),
    "citizen_end": (_citizen_end, _nothing),
    "compare": (_compare, _nothing),
    "chapters": (_chapters, _nothing),
    "kiosk": (_kiosk, _nothing),
}


def lay_out(scene, open_, size, mode, lang) -> tuple[list[str], list[boxes.Drawn]]:
    """Re-lay ``scene`` for ``size`` in ``mode`` and ``lang``, bring its screen up, draw a
    frame and return (problems, what was drawn)."""
    set_language(lang)
    palette.set_projector(mode == "projector")
    window = pygame.display.set_mode(size)
    with boxes.recording() as rec:
        scene.enter(size)
        open_(scene)
        scene.update(0.0, 1.0)
        scene.draw(window, 1.0)
    manager = getattr(scene, "manager", None) or getattr(getattr(scene, "scene", None), "manager", None) \
        or getattr(getattr(scene, "inner", None), "manager", None)
    items = rec.items + (boxes.widgets(manager) if manager is not None else [])
    return boxes.problems(items, size), items


def init() -> None:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    pygame.display.init()
    pygame.font.init()

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


def _challenge_card(size):
    return _sandbox(size, "challenge_speak_up", steps=0)  # opens paused, its card on screen


def _won(scene):
    from game.ui.drawing.text import t
    scene.celebration.start("won", 0.5, t("challenge.celebrate_won"), scene.layout.size)
    scene.debrief_at = 1e9


def _listed(model) -> int:
    """The citizen the scenario's timeline listed (the default scenario: its hub, at step 6)."""
    return int(model.events.of_kind("blacklisted")["a"][0])


def _lens(scene):
    """The cascade lens fully open on the listed hub, with its caption (as staged)."""
    inner = getattr(scene, "scene", None) or scene
    inner.stage.follow(inner.session, inner.society, _listed(inner.session.model), -3.0)


def _tiers(scene):
    scene.society.set_mode("tiers")


def _kiosk_run(size, steps: int = 8, play: bool = False):
    scene = _kiosk(size)
    if play:
        scene._to_play(0.0)
    for _ in range(steps):
        scene.scene.session.step_once()
    return scene


def _kiosk_caption(key: str):
    """One of the attract loop's staged captions, with numbers as long as a run gives."""
    def open_(kiosk):
        from game.ui.drawing.text import t
        from game.ui.parts.staging import Caption
        inner = kiosk.scene
        who = _listed(inner.session.model)
        text = {"look": t("stage.look"),
                "spiral": t("stage.spiral", id=who, lost=21, friends=21, before="661", now="428", cut=132, rings=4),
                "silence": t("stage.silence", start="89%", now="39%"),
                "tiers": t("stage.tiers_shown")}[key]
        if key == "tiers":
            inner.society.set_mode("tiers")
        inner.stage.caption = Caption(key, text, 1e9, None if key == "tiers" else who)
    return open_


def _countdown(kiosk):
    kiosk.state, kiosk.since = "countdown", 0.0


def _projector(size, rounds: int = 0, shown: bool = False):
    """A class on the projector (its room, not its network server: the screen draws the room):
    students with short, long and Chinese names, ``rounds`` played, scores hidden or shown."""
    from game.classroom.room import Room
    from game.classroom.server import ClassServer
    from game.ui.scenes.classroom import ProjectorScene
    room = Room("sesame", seed=1, seats=12, timer=90)
    for name in ("Ana", "Ben", "Maximiliana-Alexandra", "李明", "Zoë", "Chidi"):
        room.join(name)
    for _ in range(rounds):
        room.start()
        room.resolve()
    if rounds:
        room.start()  # a round open, with its timer
    room.show_scores = shown
    url = "http://192.168.100.200:8765"
    return ProjectorScene(ClassServer(room, join_url=url), url, "about:blank", size)


def _chapter_running(size):
    from game.ui.scenes.chapters import ChapterScene
    scene = ChapterScene(size)
    scene._open(1)  # Liu's chapter: bet, then the wave around Liu
    scene.primary()
    scene.primary()
    for _ in range(3):
        scene.session.step_once()
    return scene


def _chapter_conformity(size, finish: bool = False):
    """The conformity chapter's card, which names the speaker it rings (and, at the end, says
    whether they went quiet)."""
    from game.ui.scenes.chapters import ChapterScene
    scene = ChapterScene(size)
    scene._open(3)
    if finish:
        scene.primary()
        scene.primary()
        for _ in range(30):
            scene.session.step_once()
        scene._finish()
    return scene


def _chapter_result(size):
    scene = _chapter_running(size)
    for _ in range(7):
        scene.session.step_once()
    scene._finish()
    return scene


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


def _info(scene):
    scene.windows.open_info(scene.session.model)


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
    "info": (_sandbox, _info),
    "share": (_sandbox, _share),
    "debrief": (_sandbox, _debrief),
    "challenge_debrief": (_challenge, _debrief),  # its charts carry goal lines and their labels
    "citizen": (_citizen, _nothing),
    "citizen_end": (_citizen_end, _nothing),
    "compare": (_compare, _nothing),
    "chapters": (_chapters, _nothing),
    "kiosk": (_kiosk, _nothing),
    # what the newest visuals draw on the society: the lens, the tier view, staged captions,
    # the kiosk's touch bar and banner, the challenge's card and celebration, the tour's strip
    "lens": (_sandbox, _lens),
    "tiers": (_sandbox, _tiers),
    "challenge_card": (_challenge_card, _nothing),
    "challenge_won": (_challenge, _won),
    "chapter_running": (_chapter_running, _nothing),
    "chapter_result": (_chapter_result, _nothing),
    "chapter_conformity": (_chapter_conformity, _nothing),
    "chapter_conformity_end": (lambda size: _chapter_conformity(size, finish=True), _nothing),
    "chapter_lens": (_chapter_running, lambda scene: _lens(scene.inner)),  # the strip beside the ring key
    "kiosk_lens": (_kiosk_run, _lens),
    "kiosk_spiral": (_kiosk_run, _kiosk_caption("spiral")),
    "kiosk_silence": (_kiosk_run, _kiosk_caption("silence")),
    "kiosk_tiers": (_kiosk_run, _kiosk_caption("tiers")),
    "kiosk_play": (lambda size: _kiosk_run(size, steps=2, play=True), _nothing),
    "kiosk_countdown": (lambda size: _kiosk_run(size, steps=2, play=True), _countdown),
    "projector_lobby": (_projector, _nothing),
    "projector_round": (lambda size: _projector(size, rounds=3), _nothing),
    "projector_scores": (lambda size: _projector(size, rounds=3, shown=True), _nothing),
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

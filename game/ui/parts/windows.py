"""The windows a sandbox opens over itself, at most one of each: the rules panel, the
scenario picker, help, sharing and the debrief.

Windows emit what the player asked for (:meth:`Windows.handle` returns a request); the
scene decides what it means - the pygame_gui way: widgets emit events, the game decides.
"""

from __future__ import annotations

import pygame

from game.modes import challenge
from game.records.userdirs import saved_scenarios
from game.scenario.library import load, shipped
from game.scenario.schema import ScenarioError
from game.ui.parts.debrief_window import DebriefWindow
from game.ui.parts.scenario_info import ScenarioInfo
from game.ui.parts.share_window import ShareWindow
from game.ui.parts.widgets import HelpWindow, RulesPanel, ScenarioPicker

def picker_entries() -> list[tuple[str, object]]:
    """``(source, scenario)`` of the shipped scenarios and the player's own saved ones (a
    saved file that no longer loads is left out)."""
    entries = [(str(p), load(p)) for p in shipped()]
    for p in saved_scenarios():
        try:
            entries.append((str(p), load(p)))
        except ScenarioError:
            continue
    return entries


CLOSING_ORDER = ("share", "debrief", "help", "info", "picker")  # what Esc closes first (the rules panel last)


class Windows:
    """Attributes ``rules``, ``picker``, ``help``, ``share``, ``debrief``, ``info``: the open
    window of each kind, or None."""

    def __init__(self) -> None:
        self.rules = self.picker = self.help = self.share = self.debrief = self.info = None
        self.manager, self.layout = None, None

    def rebuild(self, manager, layout, config) -> None:
        """Widgets for a new manager (a new run, a resize, a language switch): the rules
        panel stays open, the other windows close."""
        self.manager, self.layout = manager, layout
        rules_open = self.rules is not None
        self.rules = self.picker = self.help = self.share = self.debrief = self.info = None
        if rules_open:
            self.toggle_rules(config)

    def _centred(self, fx: float, fy: float) -> pygame.Rect:
        w, h = self.layout.size
        return pygame.Rect(int(w * (1 - fx) / 2), int(h * (1 - fy) / 2), int(w * fx), int(h * fy))

    def toggle_rules(self, config) -> None:
        if self.rules is not None:
            self.rules.kill()
            self.rules = None
        else:
            self.rules = RulesPanel(self.layout.rules, self.manager, config, self.layout.scale)

    def open_picker(self, entries: list, current=None) -> None:
        if self.picker is None or not self.picker.alive:
            self.picker = ScenarioPicker(self._centred(0.75, 0.75), self.manager, entries, current)

    def open_info(self, model) -> None:
        """Where the numbers of the run on screen come from (the I key)."""
        if self.info is None or not self.info.alive:
            self.info = ScenarioInfo(self._centred(0.75, 0.8), self.manager, model)

    def open_help(self, touch: bool = False) -> None:
        if self.help is None or not self.help.alive:
            w, h = self.layout.size
            # half a wide window; on a narrow one (1024x768) wide enough for its lines not to wrap twice
            width = min(int(w * 0.8), max(w // 2, int(700 * self.layout.scale)))
            self.help = HelpWindow(pygame.Rect((w - width) // 2, h // 6, width, 2 * h // 3), self.manager, touch)

    def open_share(self, session) -> None:
        if self.share is None or not self.share.alive:
            self.share = ShareWindow(self._centred(0.75, 0.75), self.manager, session)

    def open_debrief(self, model, exportable: bool) -> None:
        """The debrief over everything but the top bar: the story with its own key charts."""
        if self.debrief is None or not self.debrief.alive:
            outcome, progress = challenge.status(model)
            # pygame_gui keeps a window's 15 px shadow on screen: a smaller margin shifts it
            (w, h), top, pad = self.layout.size, self.layout.top.bottom, max(16, int(8 * self.layout.scale))
            self.debrief = DebriefWindow(pygame.Rect(pad, top + pad, w - 2 * pad, h - top - 2 * pad), self.manager,
                                         model, outcome, progress, self.layout.scale, exportable=exportable)

    def debrief_open(self) -> bool:
        return self.debrief is not None and self.debrief.alive

    def close(self, kind: str) -> None:
        window = getattr(self, kind)
        if window is not None:
            window.window.kill()
            setattr(self, kind, None)

    def close_top(self) -> bool:
        """Close the topmost open window (not the rules panel); False when none was open."""
        for kind in CLOSING_ORDER:
            window = getattr(self, kind)
            if window is not None and window.alive:
                self.close(kind)
                return True
        return False

    def handle(self, event) -> tuple | None:
        """What an event on a window asks for: ``("command", SetRule)``, ``("restart", setup
        changes)``, ``("info",)``, ``("export",)`` or ``("load", scenario, source)`` (the window that asked
        is closed), or None. A debrief's Close button closes it here."""
        if self.rules is not None:
            cmd = self.rules.command_for(event)
            if cmd is not None:
                return cmd if isinstance(cmd, tuple) else ("command", cmd)
        if self.debrief_open():
            wanted = self.debrief.handle(event)
            if wanted == "close":
                self.close("debrief")
            elif wanted == "export":
                return ("export",)
        if self.share is not None and self.share.alive:
            loaded = self.share.handle(event)  # ("load", scenario, source)
            if loaded is not None:
                self.close("share")
                return loaded
        chosen = self.picker.handle(event) if self.picker is not None else None  # (source, scenario)
        if chosen is not None:
            self.close("picker")
            return ("load", chosen[1], chosen[0])
        return None

"""Key bindings are data: every key the window answers to, in one table per screen.

A :class:`Binding` names an action (the scene maps it to what it does), the keys that ask
for it, how a tooltip writes the key, and whether a public touch screen (the museum
kiosk) offers it: ``public`` actions are the ones a kiosk allows at all (no files, no
other screens), ``touch`` the ones on its touch bar. The top bar, the kiosk's bar, the
chapters' "no switching" rule and the keys each scene reads all come from here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame


@dataclass(frozen=True)
class Binding:
    action: str
    keys: tuple[int, ...] = ()
    tip: str = ""  # the key as a tooltip writes it; "keys.*" is a word looked up in the catalog
    public: bool = True  # allowed on a public touch screen (the kiosk)
    touch: bool = False  # one of the kiosk's touch-bar buttons


SANDBOX = (
    Binding("play", (pygame.K_SPACE,), "Space", touch=True),
    Binding("step", (pygame.K_RIGHT,), "keys.right", touch=True),
    Binding("speed", (), "1 / 2 / 3", touch=True),  # the button: the next speed
    Binding("speed1", (pygame.K_1,)),
    Binding("speed4", (pygame.K_2,)),
    Binding("speed16", (pygame.K_3,)),
    Binding("restart_same", (pygame.K_r,), "R", touch=True),
    Binding("restart_new", (pygame.K_n,), "N", public=False),
    Binding("scenarios", (pygame.K_s,), "S", public=False),
    Binding("rules", (pygame.K_l,), "L", touch=True),
    Binding("help", (pygame.K_h, pygame.K_F1), "keys.help", touch=True),
    Binding("fullscreen", (pygame.K_F11,), "F11", public=False),
    Binding("screenshot", (pygame.K_F12,), "F12", public=False),
    Binding("close", (pygame.K_ESCAPE,)),
    Binding("follow", (pygame.K_f,)),
    Binding("debrief", (pygame.K_d,)),
    Binding("export", (pygame.K_e,), public=False),
    Binding("projector", (pygame.K_p,)),
    Binding("reveal", (pygame.K_v,)),
    Binding("tiers", (pygame.K_t,), "T"),  # the society by tier, and back to the map
    Binding("map", ()),  # the society's own buttons (game.ui.parts.viewbar)
    Binding("thoughts", ()),
    Binding("compare", (pygame.K_c,), public=False),
    Binding("share", (pygame.K_k,), public=False),
    Binding("citizen", (pygame.K_y,), public=False),
    Binding("language", (pygame.K_g,)),
)
TOP_BAR = ("play", "step", "speed", "restart_same", "restart_new", "scenarios", "rules", "help", "fullscreen",
           "screenshot")  # the sandbox's buttons, left to right
COMPARE = (
    Binding("play", (pygame.K_SPACE,)),
    Binding("step", (pygame.K_RIGHT,)),
    Binding("speed1", (pygame.K_1,)),
    Binding("speed4", (pygame.K_2,)),
    Binding("speed16", (pygame.K_3,)),
    Binding("restart", (pygame.K_r,)),
    Binding("back", (pygame.K_ESCAPE, pygame.K_c)),
)
CITIZEN = (
    Binding("back", (pygame.K_ESCAPE,)),
    Binding("next", (pygame.K_RETURN, pygame.K_SPACE)),
)
CHAPTER = (
    Binding("primary", (pygame.K_RETURN, pygame.K_KP_ENTER)),  # the card's button
    Binding("card", (pygame.K_ESCAPE,)),  # hide or show the card while a chapter runs
    Binding("less", (pygame.K_LEFT,)),  # the bet
    Binding("more", (pygame.K_RIGHT,)),
)
CHAPTER_BLOCKS = ("citizen", "restart_new", "scenarios", "compare")  # no switching inside a chapter
SCROLL = {pygame.K_DOWN: 0.25, pygame.K_UP: -0.25, pygame.K_PAGEDOWN: 0.9, pygame.K_PAGEUP: -0.9,
          pygame.K_END: 1.0e3, pygame.K_HOME: -1.0e3}  # screenfuls a key scrolls the debrief's charts
OPERATOR_EXIT = (pygame.K_q, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)  # the kiosk's way out, then the PIN


def keymap(table: tuple[Binding, ...]) -> dict[int, str]:
    """``{key: action}`` for a screen's table."""
    return {key: b.action for b in table for key in b.keys}


def keys_of(table: tuple[Binding, ...], actions: tuple[str, ...]) -> frozenset[int]:
    """The keys that ask for any of ``actions``."""
    return frozenset(key for b in table if b.action in actions for key in b.keys)


def tip(action: str, table: tuple[Binding, ...] = SANDBOX) -> str:
    return next(b.tip for b in table if b.action == action)


PUBLIC = frozenset(b.action for b in SANDBOX if b.public)
KIOSK_BUTTONS = tuple(b.action for b in SANDBOX if b.touch)

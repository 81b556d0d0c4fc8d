"""Key bindings are data: every key the window answers to, in one place.

Each scene reads the table for its own screen; the kiosk's touch bar offers the buttons
named in ``KIOSK_BUTTONS``.
"""

from __future__ import annotations

import pygame

KEYMAP = {pygame.K_SPACE: "play", pygame.K_RIGHT: "step", pygame.K_1: "speed1", pygame.K_2: "speed4",
          pygame.K_3: "speed16", pygame.K_r: "restart_same", pygame.K_n: "restart_new",
          pygame.K_s: "scenarios", pygame.K_l: "rules", pygame.K_h: "help", pygame.K_F1: "help",
          pygame.K_F11: "fullscreen", pygame.K_F12: "screenshot", pygame.K_ESCAPE: "close",
          pygame.K_f: "follow", pygame.K_d: "debrief", pygame.K_e: "export", pygame.K_p: "projector",
          pygame.K_v: "reveal", pygame.K_c: "compare", pygame.K_k: "share", pygame.K_y: "citizen",
          pygame.K_g: "language"}
KIOSK_BUTTONS = ("play", "step", "speed", "restart_same", "rules", "help")

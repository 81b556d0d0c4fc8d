"""The pygame front end. Only this package imports pygame; it reads the model, never writes
it directly (input becomes commands).

- ``app``: the window and its one main loop; ``session``: a model, its clock and what the
  screen remembers of it; ``keys``: every key binding, in one table.
- ``scenes/``: one per way of playing, each a :class:`~game.ui.scenes.scene.Scene`.
- ``parts/``: what a scene is made of (windows, panels, the society view).
- ``drawing/``: charts, pages, palette, fonts and layout, drawn on any surface.
"""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # before any module here imports pygame

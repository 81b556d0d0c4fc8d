"""A participatory class: students join the society from their phones and live as citizens.

The wing sits on the model, records, modes and lab, and below the window and the command:

- ``room``: seats, rounds, how a round's choices become the model's commands and one step;
- ``story`` and ``views``: what each page is told (a student's own view, the teacher's
  console, the debrief), worded in each reader's language;
- ``protocol``: what pages may send, and how every message is checked;
- ``server`` (Starlette on uvicorn, WebSockets) and ``web/`` (the phone page and the
  console, served from the package: no CDN, no internet);
- ``launch``: start a class on this laptop (new or resumed), say where to join, stop it;
- ``save`` (autosave after every round, resume) and ``export`` (the teacher's files);
- ``names``: every citizen's name, and names people type, cleaned.

The projector window is a scene of the game's window (:mod:`game.ui.scenes.classroom`).
The web server needs the optional ``classroom`` extra (``EXTRA``); the rest of the game
never imports this wing, and ``sesame classroom`` checks the extra (:func:`missing`)
before it imports the server.
"""

from __future__ import annotations

import sys
from pathlib import Path

EXTRA = ("starlette", "uvicorn", "websockets", "psutil")
MAX_SEATS_DEFAULT = 40


def missing() -> list[str]:
    """The classroom extra's packages that cannot be imported here (a broken or blocked
    install counts as missing)."""
    out = []
    for name, probe in (("starlette", _starlette), ("uvicorn", _uvicorn), ("websockets", _websockets),
                        ("psutil", _psutil)):
        try:
            probe()
        except Exception:
            out.append(name)
    return out


def install_hint() -> str:
    """The exact command that installs the classroom extra for this Python."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file():  # a source checkout (pip install -e .)
        return f'{sys.executable} -m pip install -e "{root}[classroom]"'
    return f'{sys.executable} -m pip install "open-sesame[classroom]"'


def _starlette():
    import starlette  # noqa: F401  # lazy: the optional extra, probed only when a class starts


def _uvicorn():
    import uvicorn  # noqa: F401  # lazy: the optional extra, probed only when a class starts


def _websockets():
    import websockets  # noqa: F401  # lazy: the optional extra, probed only when a class starts


def _psutil():
    import psutil  # noqa: F401  # lazy: the optional extra, probed only when a class starts

"""A participatory class: students join the society from their phones and live as citizens.

``room`` (seats, rounds, how a round resolves), ``story`` and ``views`` (what each page is
told), ``protocol`` (what pages may send), ``server`` and ``run`` (the web server),
``save`` (autosave and resume), ``export`` (the teacher's files), ``cli`` (the
``sesame classroom`` command) and ``ui`` (the projector window). The web server needs
the optional ``classroom`` extra; the rest of the game never imports it.
"""

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


def _starlette():
    import starlette  # noqa: F401


def _uvicorn():
    import uvicorn  # noqa: F401


def _websockets():
    import websockets  # noqa: F401


def _psutil():
    import psutil  # noqa: F401

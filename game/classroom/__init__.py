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
    """The classroom extra's packages that cannot be imported here."""
    import importlib.util

    def absent(name: str) -> bool:
        try:
            return importlib.util.find_spec(name) is None
        except (ImportError, ValueError):  # a broken or blocked install counts as missing
            return True

    return [name for name in EXTRA if absent(name)]

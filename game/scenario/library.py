"""Where scenarios come from: the shipped ones by name, files, and share codes.

``load`` takes whatever a player types after ``sesame play``: a shipped name (``sesame``),
a path to a ``.toml`` file, or a share code (``OS1-...``). Files are read with a size cap
and only when they are regular files (a FIFO or a device would block or never end).
"""

from __future__ import annotations

import stat
from pathlib import Path

from game.resources import data_dir
from game.scenario.schema import ScenarioError
from game.scenario.share import decode, looks_like_code, short_id
from game.scenario.spec import Scenario
from game.scenario.tomlfile import MAX_FILE_BYTES, loads

SHIPPED_DIR = data_dir("scenarios")
DEFAULT_SCENARIO = "sesame"


def load(path: str | Path) -> Scenario:
    """Load a scenario file, a shipped scenario by name (``sesame``) or a share code
    (``OS1-...``, see :mod:`game.scenario.share`)."""
    if looks_like_code(path):
        return decode(str(path))
    p = resolve(path)
    try:
        info = p.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise ScenarioError(str(path), [("", "cannot be read: not a regular file")])
        if info.st_size > MAX_FILE_BYTES:
            raise ScenarioError(str(path), [("", f"file is {info.st_size} bytes; at most {MAX_FILE_BYTES} allowed")])
        with p.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except ScenarioError:
        raise
    except FileNotFoundError:
        names = ", ".join(q.stem for q in shipped())
        said = str(path)
        why = ("cannot be read: no such file" if p.suffix or "/" in said or "\\" in said
               else "no such file, and no shipped scenario of that name")
        raise ScenarioError(said, [("", f"{why}; shipped: {names}")]) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise ScenarioError(str(path), [("", f"cannot be read: {getattr(exc, 'strerror', None) or exc}")]) from None
    return loads(data, str(path))


def resolve(path: str | Path) -> Path:
    """A path as given, or the shipped scenario of that name (``sesame`` → scenarios/sesame.toml).

    A share code is not a file: it comes back unchanged (:func:`load` decodes it; name its
    outputs with :func:`source_name`).
    """
    p = Path(path)
    try:
        if p.exists() or p.suffix == ".toml" or "/" in str(path):
            return p
    except (OSError, ValueError):  # a name too long for the system, a NUL byte
        return p
    shipped = SHIPPED_DIR / f"{path}.toml"
    if shipped.exists():
        return shipped
    return p


def source_name(path: str | Path, scenario: Scenario | None = None) -> str:
    """A short name for outputs: the file's stem, or ``shared-<hash>`` for a share code."""
    if looks_like_code(path):
        return short_id(scenario if scenario is not None else load(path))
    return resolve(path).stem


def shipped() -> list[Path]:
    """The scenario files that ship with the game, sorted by name."""
    return sorted(SHIPPED_DIR.glob("*.toml"))

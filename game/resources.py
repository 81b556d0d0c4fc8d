"""Where the game's own data lives: the shipped scenarios and the assets (fonts, icons,
UI theme, text catalogs).

In the repository they are the top-level ``scenarios/`` and ``assets/`` folders. A built
wheel or sdist install carries copies inside the package, at ``game/_data/scenarios`` and
``game/_data/assets`` (``setup.py`` maps them in at build time), so an installed game finds
them from any folder. This module is the one place that knows both.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_NAMES = ("assets", "scenarios")


def data_dir(name: str) -> Path:
    """The folder of shipped data ``name`` (``"assets"`` or ``"scenarios"``)."""
    if name not in _NAMES:
        raise ValueError(f"unknown data folder {name!r}: choose one of {', '.join(_NAMES)}")
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():  # an installed wheel or sdist
        return packaged
    return _PACKAGE.parent / name  # a source checkout (an editable install included)

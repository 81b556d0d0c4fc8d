"""Player-facing text, looked up by id from ``assets/text/<lang>.toml``."""

from __future__ import annotations

import tomllib
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"
_catalogs: dict[str, dict] = {}
_lang = "en"


def catalog(lang: str) -> dict[str, str]:
    """Flattened ``{"section.key": text}`` for one language."""
    if lang not in _catalogs:
        data = tomllib.loads((ASSETS / "text" / f"{lang}.toml").read_text(encoding="utf-8"))
        _catalogs[lang] = {f"{sec}.{k}": v for sec, table in data.items() for k, v in table.items()}
    return _catalogs[lang]


def set_language(lang: str) -> None:
    global _lang
    catalog(lang)
    _lang = lang


def t(key: str, **fields) -> str:
    """The text for ``key`` in the current language, with ``{fields}`` filled in."""
    text = catalog(_lang).get(key) or catalog("en")[key]
    return text.format(**fields) if fields else text

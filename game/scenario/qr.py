"""QR codes of share codes (see :mod:`game.scenario.share`), as ``segno`` symbols or PNG bytes.

A share code is written in base32 so its QR code can use the alphanumeric mode (5.5 bits a
character instead of 8). Kept apart from the codes themselves: ``segno`` takes a fifth of a
second to import, and reading a scenario never needs it.
"""

from __future__ import annotations

import io

import segno

QR_MAX_CHARS = 4296  # alphanumeric characters in the largest QR code (version 40, level L)


def qr(code: str):
    """A ``segno`` QR code of a share code (alphanumeric mode, error correction L or better).

    Raises ``ValueError`` when the code is longer than a QR code holds.
    """
    if len(code) > QR_MAX_CHARS:
        raise ValueError(f"the code is {len(code)} characters; a QR code holds at most {QR_MAX_CHARS}")
    return segno.make(code, error="l", boost_error=True, micro=False)


def png(symbol, scale: int = 4) -> bytes:
    """PNG bytes of a QR code (``scale`` pixels per module, 4-module quiet zone)."""
    buf = io.BytesIO()
    symbol.save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()


def qr_png(code: str, scale: int = 4) -> bytes:
    """PNG bytes of the QR code of a share code (4 pixels per module, 4-module quiet zone)."""
    return png(qr(code), scale)

"""Atomic file writes: write a temporary file beside the target, then rename.

A crash or a full disk mid-write leaves the old file intact, never half a file.
"""

from __future__ import annotations

import os
import stat
import tempfile
import unicodedata
from pathlib import Path


def atomic_write(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` atomically (same directory, fsync, os.replace)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; exports are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


# --- untrusted names and files -----------------------------------------------------------

MAX_NAME_CHARS = 120
# Names Windows reserves in every folder, with or without an extension ("con.toml").
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"COM{i}" for i in "123456789¹²³"), *(f"LPT{i}" for i in "123456789¹²³")}
_FORBIDDEN = set('/\\:*?"<>|')


class UnsafeName(ValueError):
    """A file name that could leave its folder or misbehave on some system (says why)."""


def safe_child(folder: str | Path, name: str) -> Path:
    """``folder / name`` for a name typed by a player or read from a shared file.

    Refused (:class:`UnsafeName`, with a reason a player can act on): empty names, ``.``
    and ``..``, anything with a path separator or drive colon (so no absolute paths and no
    climbing out), NUL and other control or invisible formatting characters (a right-to-left
    override can disguise ``gnp.exe`` as ``exe.png``), names Windows reserves (``CON``,
    ``nul.toml``, ``COM1``), names ending in a dot or space (Windows drops them, so two
    names would collide), hidden names starting with a dot, names longer than
    ``MAX_NAME_CHARS`` characters, and an existing symbolic link (it could point anywhere).
    The name is not otherwise changed: what the player typed is what is saved.
    """
    if not isinstance(name, str):
        raise UnsafeName(f"a file name must be text, got {type(name).__name__}")
    shown = repr(name[:40] + ("..." if len(name) > 40 else ""))
    if not name.strip():
        raise UnsafeName("the file name is empty")
    if len(name) > MAX_NAME_CHARS:
        raise UnsafeName(f"the file name has {len(name)} characters; at most {MAX_NAME_CHARS}")
    bad = sorted({c for c in name if c in _FORBIDDEN})
    if bad:
        raise UnsafeName(f"{shown}: a file name cannot contain {' '.join(bad)} (no folders, no drives)")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") for c in name):
        raise UnsafeName(f"{shown}: a file name cannot contain control or invisible characters")
    if name in (".", "..") or name.startswith("."):
        raise UnsafeName(f"{shown}: a file name cannot start with a dot")
    if name.endswith((".", " ")) or name != name.strip():
        raise UnsafeName(f"{shown}: a file name cannot start or end with a space or end with a dot")
    if name.split(".")[0].rstrip().upper() in _RESERVED:
        raise UnsafeName(f"{shown}: {name.split('.')[0]} is a reserved device name on Windows")
    if len(name.encode("utf-8")) > 255:
        raise UnsafeName(f"{shown}: the file name is too long for most file systems")
    path = Path(folder) / name
    if path.is_symlink():
        raise UnsafeName(f"{shown} is a link to another place; pick another name")
    return path


def read_limited(path: str | Path, limit: int) -> bytes:
    """Read a regular file of at most ``limit`` bytes.

    Raises :class:`OSError` if it cannot be read, and ``ValueError`` with a message
    (``"is not a regular file"``, ``"is N bytes; at most L allowed"``) for a FIFO, a
    device (they could block or never end) or a file that is too big. The size is checked
    before reading and again while reading (a file can grow in between), so at most
    ``limit + 1`` bytes are ever held.
    """
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever
    fd = os.open(Path(path), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("cannot be read: not a regular file")
        if info.st_size > limit:
            raise ValueError(f"file is {info.st_size} bytes; at most {limit} allowed")
        # read(n) reserves n bytes up front: ask for the size the file has, not the limit
        parts = [fh.read(info.st_size + 1)]
        total = len(parts[0])
        while total <= limit and len(parts[-1]) and total > info.st_size:  # it grew meanwhile
            parts.append(fh.read(min(1 << 20, limit + 1 - total)))
            total += len(parts[-1])
    if total > limit:
        raise ValueError(f"file is more than {limit} bytes; at most {limit} allowed")
    return parts[0] if len(parts) == 1 else b"".join(parts)

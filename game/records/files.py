"""Atomic file writes: write a temporary file beside the target, then rename.

A crash or a full disk mid-write leaves the old file intact, never half a file. Several
files that belong together (a run's outputs) are staged first and renamed together under
a folder lock (:func:`stage`, :func:`folder_lock`); output folders are checked before the
work that fills them (:func:`check_writable_folder`). Names typed by players or read from
shared files go through :func:`safe_child` and :func:`file_stem`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
import tempfile
import time
import unicodedata
from pathlib import Path

try:
    import fcntl
    msvcrt = None
except ImportError:  # pragma: no cover - Windows
    import msvcrt
    fcntl = None


def atomic_write(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` atomically (same directory, fsync, os.replace). An
    ``OSError`` (a full disk, a file size limit) names ``path`` and leaves the old file."""
    path = Path(path)
    tmp = stage(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def stage(path: str | Path, data: bytes | str) -> str:
    """Write ``data`` to a temporary file beside ``path`` (fsynced, readable by others) and
    return its name: the first half of :func:`atomic_write`, for writing several files
    that must appear together (:func:`game.lab.export.write_run`). On failure nothing is
    left behind and the ``OSError`` names ``path``."""
    path = Path(path)
    # a lone surrogate (only text that skipped validation has one) becomes "?": never a crash
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; exports are meant to be shared
    except BaseException as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if isinstance(exc, OSError) and exc.filename is None:  # "File too large": which file?
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
        raise
    return tmp


def stale_temporaries(folder: Path, names: tuple[str, ...]) -> list[Path]:
    """Temporary files :func:`stage` left in ``folder`` for ``names`` when its process was
    killed mid-write (SIGKILL, a power cut): ``.<name>.<random>.tmp``."""
    try:
        return [p for p in Path(folder).iterdir()
                if p.name.endswith(".tmp") and any(p.name.startswith(f".{n}.") for n in names)]
    except OSError:
        return []


@contextlib.contextmanager
def folder_lock(folder: Path, timeout_s: float = 600.0, busy: str = "another run has been writing here for too long"):
    """Hold ``folder/.sesame.lock`` exclusively (an OS lock, released when the process ends,
    however it ends): two runs writing into one folder take turns instead of mixing their
    files. Waits at most ``timeout_s`` for the other writer, then raises ``OSError(busy)``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fh = open(folder / ".sesame.lock", "a+b")
    try:
        deadline = time.monotonic() + timeout_s
        while not _try_lock(fh):
            if time.monotonic() > deadline:
                raise OSError(errno.EBUSY, busy, str(folder))
            time.sleep(0.05)
        yield
    finally:
        fh.close()  # closing releases the lock


def _try_lock(fh) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows
            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        return True
    except (BlockingIOError, PermissionError):
        return False
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EDEADLK):
            return False
        raise


def check_writable_folder(folder: str | Path, what: str = "the output folder") -> Path:
    """Refuse, before hours of work, a folder that cannot take the files: a path that is a
    file, or a folder that cannot be made or written in. Makes the folder."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OSError(errno.ENOTDIR, f"{what} is a file, not a folder", str(folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".sesame-probe-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OSError(exc.errno, f"cannot write {what}: {exc.strerror or exc}", str(folder)) from None
    return folder


def check_writable_file(path: str | Path, what: str = "the file") -> Path:
    """Refuse, before the work, a file path that cannot be written (its folder, or a
    folder in its place)."""
    path = Path(path)
    if path.is_dir():
        raise OSError(errno.EISDIR, f"{what} is a folder", str(path))
    check_writable_folder(path.parent if str(path.parent) else Path("."), f"the folder of {what}")
    return path


# --- untrusted names and files -----------------------------------------------------------

MAX_NAME_CHARS = 120
MAX_NAME_BYTES = 200  # file systems allow 255 bytes; the temporary file beside it adds ~16
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
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:  # 40 Chinese characters are 120 bytes
        raise UnsafeName(f"the file name is too long ({len(name.encode('utf-8', 'surrogatepass'))} bytes; "
                         f"at most {MAX_NAME_BYTES}, about {MAX_NAME_BYTES // 3} Chinese characters)")
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


_STEM_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def file_stem(name: str, limit: int = 48) -> str:
    """A short, safe start for file names made from something a stranger named (a scenario
    file, a share code's scenario): anything but ASCII letters, digits, ``.``, ``-`` and
    ``_`` becomes ``-``, at most ``limit`` characters (a longer name is cut and ends with 8
    hex digits of its hash, so two long names still differ), never empty or hidden."""
    stem = _STEM_CHARS.sub("-", str(name)).strip("-.") or "scenario"
    if len(stem) > limit:
        digest = hashlib.sha256(str(name).encode("utf-8", "surrogatepass")).hexdigest()[:8]
        stem = stem[:limit - 9].rstrip("-.") + "-" + digest
    return stem


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

"""Reading an untrusted ``.npz`` (a zip of ``.npy`` arrays) without trusting it.

``numpy.load`` is not enough for a file from a stranger: it reads the whole zip
directory whatever its size, allocates whatever shape an array header claims before
reading a byte of data (a 100-byte member can claim 10**12 elements), and trusts the
sizes in the zip directory. :class:`Archive` instead

- refuses a zip whose end record announces more than ``MAX_MEMBERS`` members or a
  directory over ``MAX_DIRECTORY`` bytes, before :mod:`zipfile` parses it;
- accepts only stored or deflated, unencrypted members with unique, expected names;
- reads an array only when told its exact dtype and shape, checks the ``.npy`` header
  against them and the member's declared size against the bytes they take, and then
  reads exactly those bytes (``zipfile`` never inflates past the declared size, so a
  decompression bomb stops there) and checks the CRC;
- never unpickles: object dtypes are refused by the header check.

Every problem raises ``ValueError`` with a message naming the member.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

import numpy as np

MAX_MEMBERS = 128
MAX_DIRECTORY = 1 << 20
MAX_HEADER = 10_000  # bytes of .npy header (numpy's own limit)
_EOCD = b"PK\x05\x06"
_NAME = re.compile(r"[a-z][a-z0-9_]{0,47}\.npy")
# what can go wrong inside zipfile / numpy's header parser on a damaged or forged file
_BROKEN = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
           KeyError, IndexError, struct.error, NotImplementedError, RuntimeError, TypeError,
           SyntaxError, UnicodeDecodeError, OverflowError, MemoryError)


class Archive:
    """The members of an ``.npz`` held in memory (``data`` is the whole file)."""

    def __init__(self, data: bytes):
        _check_end_record(data)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except _BROKEN as exc:
            raise ValueError(f"is not a readable zip archive ({_why(exc)})") from None
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            shown = repr(info.filename[:60])
            if not _NAME.fullmatch(info.filename):
                raise ValueError(f"has an unexpected member {shown}")
            if info.filename in self.members:
                raise ValueError(f"has the member {shown} twice")
            if info.flag_bits & 0x1:
                raise ValueError(f"member {shown} is encrypted")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise ValueError(f"member {shown} uses an unsupported compression")
            self.members[info.filename] = info

    def declared_bytes(self) -> int:
        """What every member would take once inflated, as the zip directory declares it
        (each read checks its own member's declaration, so this is an upper bound)."""
        return sum(info.file_size for info in self.members.values())

    def names(self) -> set[str]:
        """Member names without ``.npy``."""
        return {name[:-4] for name in self.members}

    def length(self, name: str, dtype: np.dtype, limit: int) -> int:
        """Length of the 1-D array ``name`` of ``dtype`` (at most ``limit``), from its header."""
        info = self.members.get(f"{name}.npy")
        if info is None:
            raise ValueError(f"{name}: is missing")
        dtype = np.dtype(dtype)
        if info.file_size > limit * dtype.itemsize + MAX_HEADER + 16:
            raise ValueError(f"{name}: holds {info.file_size} bytes; at most {limit * dtype.itemsize} allowed")
        try:
            with self._zip.open(info) as fh:
                shape, fortran, got = _header(fh)
        except _Mismatch as exc:
            raise ValueError(f"{name}: {exc}") from None
        except _BROKEN as exc:
            raise ValueError(f"{name}: cannot be read ({_why(exc)})") from None
        if got != dtype or len(shape) != 1 or fortran or not 0 <= shape[0] <= limit:
            raise ValueError(f"{name}: must be a {_kind(dtype, ('N',))} with N at most {limit}, "
                             f"got a {_kind(got, shape)}")
        return int(shape[0])

    def read(self, name: str, dtype: np.dtype, shape: tuple[int, ...]) -> np.ndarray:
        """Array ``name`` if its header says exactly ``dtype`` and ``shape``; else ValueError."""
        info = self.members.get(f"{name}.npy")
        if info is None:
            raise ValueError(f"{name}: is missing")
        dtype = np.dtype(dtype)
        nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
        # a .npy header is at most MAX_HEADER bytes: refuse a bigger member before inflating it
        if info.file_size > nbytes + MAX_HEADER + 16:
            raise ValueError(f"{name}: holds {info.file_size} bytes; a {_kind(dtype, shape)} "
                             f"takes {nbytes} (the file is damaged or forged)")
        try:
            with self._zip.open(info) as fh:
                got_shape, fortran, got_dtype = _header(fh)
                if got_dtype != dtype or tuple(got_shape) != tuple(shape) or fortran:
                    raise _Mismatch(f"{name}: must be a {_kind(dtype, shape)}, got a "
                                    f"{_kind(got_dtype, got_shape)}" + (" (Fortran order)" if fortran else ""))
                data = fh.read(nbytes)
                if len(data) != nbytes or fh.read(1):  # reading to the end checks the CRC
                    raise _Mismatch(f"{name}: the data does not match its header")
        except _Mismatch as exc:
            raise ValueError(str(exc)) from None
        except _BROKEN as exc:
            raise ValueError(f"{name}: cannot be read ({_why(exc)})") from None
        return np.frombuffer(data, dtype=dtype).reshape(shape).copy()


class _Mismatch(Exception):
    pass


def _header(fh) -> tuple[tuple, bool, np.dtype]:
    version = np.lib.format.read_magic(fh)
    if version == (1, 0):
        return np.lib.format.read_array_header_1_0(fh, max_header_size=MAX_HEADER)
    if version == (2, 0):
        return np.lib.format.read_array_header_2_0(fh, max_header_size=MAX_HEADER)
    raise _Mismatch(f"unsupported .npy version {version}")


def _kind(dtype, shape) -> str:
    try:
        name = np.dtype(dtype).str
    except TypeError:
        name = "unknown type"
    dims = "x".join(str(s) for s in shape) if shape else "scalar"
    return f"{name} array of shape {dims}"[:120]


def _why(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:120]


def _check_end_record(data: bytes) -> None:
    """Bound the zip directory before zipfile reads it (it would parse any size)."""
    tail = data[-(22 + 0xFFFF):]
    pos = tail.rfind(_EOCD)
    if pos < 0 or len(tail) - pos < 22:
        raise ValueError("is not a zip archive, or it was cut off (no end record)")
    _, _, _, _, entries, dir_size, dir_offset, _ = struct.unpack("<4s4H2LH", tail[pos:pos + 22])
    if entries == 0xFFFF or dir_size == 0xFFFFFFFF or dir_offset == 0xFFFFFFFF:
        raise ValueError("is a ZIP64 archive over 4 GiB; snapshots are never that large")
    if entries > MAX_MEMBERS or dir_size > MAX_DIRECTORY:
        raise ValueError(f"lists {entries} members in {dir_size} bytes; a snapshot has at most "
                         f"{MAX_MEMBERS} in {MAX_DIRECTORY}")

"""Share codes: a whole scenario as one line of text that fits a chat message or a QR code.

Format 1 (``OS1-`` codes)::

    OS1-<base32 of: deflate(canonical TOML) + checksum>

- **Canonical TOML** is :func:`game.scenario.tomlfile.dumps` of the validated scenario, so a code
  carries every value, defaults included: a future game whose defaults changed still
  reads the same scenario out of an old code.
- **Deflate** is raw (no zlib header) and starts from a frozen preset dictionary
  (:mod:`game.scenario.share_dict`) holding the key names of a scenario, which halves the code.
- **Checksum**: the first 4 bytes of SHA-256 over ``b"OS1"`` + the packed bytes, appended
  before encoding. A typo or a cut-off code is caught before anything is unpacked
  (a random change passes with odds of 1 in 4 billion). The last character's spare bits
  (base32 packs 5 bits a character) must be zero, as ``encode`` writes them: otherwise a
  typo there would change nothing and go unnoticed.
- **Base32** (RFC 4648, upper case, no ``=`` padding) rather than base64url: its 32
  characters ``A-Z2-7`` are all in the QR code's *alphanumeric* mode (5.5 bits per
  character instead of 8 in byte mode), so the same code makes a smaller, easier to
  scan QR code than base64 would, even though the text is 20% longer; it survives chat
  apps (no ``+ / _ =`` to be eaten by markdown or turned into links), case changes
  (phones capitalise, people type lower case) and line wrapping.

Decoding is lenient about presentation and strict about content: surrounding and
embedded white space, dashes, invisible characters (zero-width spaces, soft hyphens) are
dropped; lower case is accepted; ``0 1 8`` (never in the alphabet) are read as ``O I B``.
Then, in this order: the prefix and version, the length, the checksum, a bounded unpack
(never more than ``MAX_FILE_BYTES + 1`` bytes are produced, so a decompression bomb costs
at most 64 KiB) and finally :func:`game.scenario.tomlfile.loads`, the same validation as a file.
Every problem is a :class:`ScenarioError` whose source is ``share code``. Nothing in a
code is executed: it only ever becomes TOML text, parsed as data.

A code never holds more than a scenario file may (64 KiB of TOML); the shipped scenarios
make codes of about 1,100-1,450 characters in English alone and 2,000-2,750 with their
Chinese translation (measured in ``tests/test_share.py``: QR versions 19-22 and 27-32,
all well inside the largest QR code's 4,296). Chinese text packs to about 1.6 bytes a
character (deflate cannot do much better on it; a preset dictionary of the catalogs' words
saved only 8%), so a code keeps every translation - a shared scenario stays bilingual -
and ``sesame share --without-translations`` makes the short one for a small QR code.
Every section a new game version adds makes codes a little longer (it is spelled out, not
left to defaults that could change); optional extras that are empty (translations) are
left out, so a scenario without them keeps the code it always had.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import unicodedata
import zlib

from game.scenario.schema import ScenarioError
from game.scenario.share_dict import ZDICT_V1
from game.scenario.spec import Scenario
from game.scenario.tomlfile import MAX_FILE_BYTES, dumps, loads

PREFIX = "OS"
VERSION = 1
CHECK_BYTES = 4
# The longest body a valid scenario can need: deflate adds at most 5 bytes per 16 KiB
# stored block to incompressible text, then the checksum, then 8 characters per 5 bytes.
MAX_BODY_CHARS = ((MAX_FILE_BYTES + 64 + CHECK_BYTES) * 8 + 4) // 5
MAX_CODE_CHARS = 2 * MAX_BODY_CHARS  # room for white space and line breaks around it

_HEAD = re.compile(r"([A-Za-z]{1,8})(\d{1,6})?-?")
_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
_LOOKALIKES = str.maketrans("018", "OIB")
_CODE_START = re.compile(r"\s*OS\d+-", re.IGNORECASE)


def encode(scenario: Scenario) -> str:
    """The share code of a scenario (one line, upper case, no spaces)."""
    text = dumps(scenario).encode("utf-8")
    if len(text) > MAX_FILE_BYTES:
        raise ScenarioError("share code", [("", f"the scenario is {len(text)} bytes of TOML; "
                                                f"at most {MAX_FILE_BYTES} can be shared")])
    packer = zlib.compressobj(9, zlib.DEFLATED, -15, zdict=ZDICT_V1)
    packed = packer.compress(text) + packer.flush()
    body = base64.b32encode(packed + _checksum(packed)).decode("ascii").rstrip("=")
    return f"{PREFIX}{VERSION}-{body}"


def decode(code: str, source: str = "share code") -> Scenario:
    """The scenario in a share code; :class:`ScenarioError` naming what is wrong otherwise."""

    def fail(msg: str) -> ScenarioError:
        return ScenarioError(source, [("", msg)])

    if not isinstance(code, str):
        raise fail(f"must be text, got {type(code).__name__}")
    if len(code) > MAX_CODE_CHARS:
        raise fail(f"is {len(code)} characters long; a share code has at most {MAX_CODE_CHARS}")
    text = "".join(c for c in code if not (c.isspace() or unicodedata.category(c) == "Cf"))
    head = _HEAD.match(text)
    if not head or head.group(1).upper() != PREFIX or not text[head.end() - 1:head.end()] == "-":
        raise fail(f"does not start with {PREFIX}{VERSION}- (is it an Open Sesame share code?)")
    if head.group(2) is None:
        raise fail(f"has no version number after {PREFIX} (codes start with {PREFIX}{VERSION}-)")
    if int(head.group(2)) != VERSION:
        raise fail(f"version {int(head.group(2))} is not one this game reads (it reads "
                   f"{PREFIX}{VERSION}- codes; a newer game may have made it)")
    body = text[head.end():].replace("-", "").upper().translate(_LOOKALIKES)
    bad = next((c for c in body if c not in _ALPHABET), None)
    if bad is not None:
        raise fail(f"contains {bad!r}, which is not part of a share code")
    if len(body) > MAX_BODY_CHARS:
        raise fail(f"is {len(body)} characters long; a share code has at most {MAX_BODY_CHARS}")
    if len(body) % 8 in (1, 3, 6):
        raise fail("has a length no share code can have: it was cut off or has extra characters")
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
    except (binascii.Error, ValueError):
        raise fail("is not valid base32: it was cut off or mistyped") from None
    if base64.b32encode(raw).decode("ascii").rstrip("=") != body:  # the last character's spare bits
        raise fail("checksum does not match: the last character was mistyped")
    packed, check = raw[:-CHECK_BYTES], raw[-CHECK_BYTES:]
    if not packed:
        raise fail("is too short to hold a scenario: it was cut off")
    if _checksum(packed) != check:
        raise fail("checksum does not match: the code was mistyped or cut off")
    return loads(_unpack(packed, fail), source)


def _unpack(packed: bytes, fail) -> bytes:
    """Inflate at most MAX_FILE_BYTES + 1 bytes; refuse bombs, truncation and trailing data."""
    unpacker = zlib.decompressobj(-15, zdict=ZDICT_V1)
    try:
        text = unpacker.decompress(packed, MAX_FILE_BYTES + 1)
    except zlib.error:
        raise fail("the packed scenario is damaged") from None
    if len(text) > MAX_FILE_BYTES or unpacker.unconsumed_tail:
        raise fail(f"unpacks to more than {MAX_FILE_BYTES} bytes; a scenario is at most that")
    if not unpacker.eof:
        raise fail("the packed scenario ends early: the code was cut off")
    if unpacker.unused_data:
        raise fail("has extra data after the packed scenario")
    return text


def _checksum(packed: bytes) -> bytes:
    return hashlib.sha256(f"{PREFIX}{VERSION}".encode("ascii") + packed).digest()[:CHECK_BYTES]


def looks_like_code(text: object) -> bool:
    """Whether a command-line argument is meant as a share code (``OS<n>-...``), not a path.

    A path with a folder separator or a ``.toml`` ending is never taken for a code.
    """
    return (isinstance(text, str) and bool(_CODE_START.match(text))
            and not any(sep in text for sep in "/\\") and not text.rstrip().lower().endswith(".toml"))


def short_id(scenario: Scenario) -> str:
    """A short, file-name-safe name for a shared scenario, e.g. ``shared-1a2b3c4d``."""
    return "shared-" + hashlib.sha256(dumps(scenario).encode("utf-8")).hexdigest()[:8]

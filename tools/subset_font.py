"""Make assets/fonts/NotoSansSC-Sesame.otf: Noto Sans CJK SC cut down to the characters the
game can show, so Chinese ships in a few megabytes instead of ~20 MB.

The subset holds every character of every ``assets/text/*.toml`` catalog and of every
shipped scenario (``scenarios/**/*.toml``, translations included), printable ASCII, Latin-1,
a few symbols, CJK punctuation and full-width forms, and all of GB2312 (its 6,763 hanzi and
682 symbols): teachers write their own Chinese scenarios and share them, and GB2312 is the
set nearly all everyday Simplified Chinese stays within. ``--level1`` keeps only GB2312's
3,755 most common hanzi (level 1), for a smaller file. Run it again after editing a catalog
or a shipped scenario (``tests/test_text.py`` fails when a character is missing)::

    apt-get install fonts-noto-cjk       # Debian/Ubuntu: the source font (SIL OFL 1.1)
    pip install fonttools                # a tool only, not a dependency of the game
    python tools/subset_font.py

The output is byte-for-byte reproducible for the same source font, catalogs and fontTools.
"""

from __future__ import annotations

import argparse
import math
import sys
import tomllib
from pathlib import Path

from fontTools import subset
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FAMILY = "Noto Sans CJK SC"
OUT = ROOT / "assets" / "fonts" / "NotoSansSC-Sesame.otf"
NEW_FAMILY = "Noto Sans SC Sesame"  # a Modified Version gets its own name (OFL 1.1, clause 3 spirit)

EXTRA = ("…–—×±−→←↑↓·•‘’“”€"  # symbols the UI draws or may draw
         "，。、：；？！（）《》【】「」“”—…～")  # common CJK punctuation, for translators' ease
LATIN = "".join(map(chr, range(0x20, 0x7F))) + "".join(map(chr, range(0xA0, 0x100)))
# CJK punctuation proper (U+3000-301F: spaces, commas, stops, brackets, quotes); the rest of the
# block is vertical-writing marks whose tall outlines would stretch every line (fit_line_metrics)
CJK_PUNCTUATION = "".join(map(chr, range(0x3000, 0x3020)))
FULL_WIDTH = "".join(map(chr, range(0xFF01, 0xFF5F))) + "".join(map(chr, range(0xFFE0, 0xFFE7)))
FEATURES = ["ccmp", "locl", "kern", "liga", "calt", "mark", "mkmk"]  # what HarfBuzz applies


def gb2312(rows: range) -> str:
    """The characters of GB2312 rows ``rows`` (1-9 symbols, 16-55 level-1 hanzi, 56-87 level 2),
    read from Python's own codec: every valid pair of bytes 0xA1-0xFE."""
    out = []
    for row in rows:
        for col in range(1, 95):
            try:
                out.append(bytes([0xA0 + row, 0xA0 + col]).decode("gb2312"))
            except UnicodeDecodeError:  # unassigned positions
                continue
    return "".join(out)


GB2312_SYMBOLS, GB2312_LEVEL1, GB2312_LEVEL2 = gb2312(range(1, 10)), gb2312(range(16, 56)), gb2312(range(56, 88))


def toml_text(paths) -> str:
    """Every string value (in tables and lists, at any depth) of the TOML files, joined."""
    def strings(node):
        if isinstance(node, dict):
            for v in node.values():
                yield from strings(v)
        elif isinstance(node, list):
            for v in node:
                yield from strings(v)
        elif isinstance(node, str):
            yield node
    return "".join(s for p in sorted(paths) for s in strings(tomllib.loads(p.read_text(encoding="utf-8"))))


def catalog_text(text_dir: Path) -> str:
    """Every string value in every catalog, joined."""
    return toml_text(text_dir.glob("*.toml"))


def scenario_text(scenario_dir: Path) -> str:
    """Every string value in every shipped scenario and chapter, translations included."""
    return toml_text(scenario_dir.rglob("*.toml"))


def wanted(text_dir: Path, scenario_dir: Path, level1_only: bool = False) -> list[int]:
    from game.text import NATIVE_NAMES  # language names are drawn in their own script

    hanzi = GB2312_LEVEL1 + ("" if level1_only else GB2312_LEVEL2)
    chars = set(catalog_text(text_dir) + scenario_text(scenario_dir) + LATIN + EXTRA + CJK_PUNCTUATION
                + FULL_WIDTH + GB2312_SYMBOLS + hanzi + "".join(NATIVE_NAMES.values())) - set("\n\t\r")
    return sorted(map(ord, chars))


def source_font(path: Path, family: str) -> TTFont:
    """The member of a .ttc collection (or a plain .otf) whose family is ``family``."""
    if path.suffix.lower() == ".ttc":
        for font in TTCollection(str(path)).fonts:
            if font["name"].getDebugName(1) == family:
                return font
        sys.exit(f"{path}: no font named {family!r}")
    return TTFont(str(path))


def rename(font: TTFont, family: str) -> None:
    name = font["name"]
    ps = family.replace(" ", "") + "-Regular"
    for rec in list(name.names):
        if rec.nameID in (1, 16):
            rec.string = family
        elif rec.nameID == 4:
            rec.string = f"{family} Regular"
        elif rec.nameID == 6:
            rec.string = ps
        elif rec.nameID == 3:
            rec.string = f"{rec.toUnicode()};{ps}"
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [ps]
        top = cff.topDictIndex[0]
        top.FullName = f"{family} Regular"
        top.FamilyName = family


def fit_line_metrics(font: TTFont) -> None:
    """Line height from the glyphs kept, not the full font's 1.448 em (which leaves room for
    scripts the subset dropped): charts and panels lay text out by line height."""
    glyphs, top, bottom = font.getGlyphSet(), 0, 0
    for name in set(font.getBestCmap().values()):
        pen = BoundsPen(glyphs)
        glyphs[name].draw(pen)
        if pen.bounds:
            top, bottom = max(top, pen.bounds[3]), min(bottom, pen.bounds[1])
    top, bottom = math.ceil(top / 10) * 10, math.floor(bottom / 10) * 10
    hhea, os2 = font["hhea"], font["OS/2"]
    hhea.ascent, hhea.descent, hhea.lineGap = top, bottom, 0
    os2.usWinAscent, os2.usWinDescent = top, -bottom


def make(source: Path, text_dir: Path, scenario_dir: Path, out: Path,
         level1_only: bool = False) -> tuple[int, int]:
    font = source_font(source, FAMILY)
    options = subset.Options()
    options.layout_features = FEATURES
    options.drop_tables += ["vhea", "vmtx", "VORG", "BASE"]  # horizontal text only
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    codepoints = wanted(text_dir, scenario_dir, level1_only)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    rename(font, NEW_FAMILY)
    fit_line_metrics(font)
    font.recalcTimestamp = False
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(out))
    missing = [c for c in codepoints if c not in font.getBestCmap()]
    if missing:
        print("not in the source font:", " ".join(f"U+{c:04X}" for c in missing), file=sys.stderr)
    return len(codepoints) - len(missing), out.stat().st_size


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", type=Path, default=SOURCE, help=f"source font (default {SOURCE})")
    p.add_argument("--text", type=Path, default=ROOT / "assets" / "text", help="catalog folder")
    p.add_argument("--scenarios", type=Path, default=ROOT / "scenarios", help="shipped scenario folder")
    p.add_argument("--out", type=Path, default=OUT, help=f"output font (default {OUT.relative_to(ROOT)})")
    p.add_argument("--level1", action="store_true",
                   help="only GB2312 level 1 (3,755 common hanzi) beyond the game's own text: a smaller file")
    args = p.parse_args(argv)
    n, size = make(args.source, args.text, args.scenarios, args.out, args.level1)
    print(f"{args.out}: {n} characters, {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

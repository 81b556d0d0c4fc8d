"""Make assets/fonts/NotoSansSC-Sesame.otf: Noto Sans CJK SC cut down to the characters the
game can show, so Chinese ships in well under a megabyte instead of ~20 MB.

The subset holds every character of every ``assets/text/*.toml`` catalog, printable ASCII,
Latin-1, and a few symbols and CJK punctuation marks a translator is likely to reach for.
Run it again after editing a catalog (``tests/test_text.py`` fails when a character is
missing)::

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
FEATURES = ["ccmp", "locl", "kern", "liga", "calt", "mark", "mkmk"]  # what HarfBuzz applies


def catalog_text(text_dir: Path) -> str:
    """Every string value in every catalog, joined."""
    def strings(node):
        if isinstance(node, dict):
            for v in node.values():
                yield from strings(v)
        elif isinstance(node, str):
            yield node
    return "".join(s for p in sorted(text_dir.glob("*.toml"))
                   for s in strings(tomllib.loads(p.read_text(encoding="utf-8"))))


def wanted(text_dir: Path) -> list[int]:
    from game.text import NATIVE_NAMES  # language names are drawn in their own script

    chars = set(catalog_text(text_dir) + LATIN + EXTRA + "".join(NATIVE_NAMES.values())) - set("\n\t\r")
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


def make(source: Path, text_dir: Path, out: Path) -> tuple[int, int]:
    font = source_font(source, FAMILY)
    options = subset.Options()
    options.layout_features = FEATURES
    options.drop_tables += ["vhea", "vmtx", "VORG", "BASE"]  # horizontal text only
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    codepoints = wanted(text_dir)
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
    p.add_argument("--out", type=Path, default=OUT, help=f"output font (default {OUT.relative_to(ROOT)})")
    args = p.parse_args(argv)
    n, size = make(args.source, args.text, args.out)
    print(f"{args.out}: {n} characters, {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Player-facing text comes from the catalog; a key the code uses must exist there; every
language has every key, and the bundled font draws every character of every language."""

from __future__ import annotations

import re
import string
import tomllib
from pathlib import Path

import numpy as np
import pygame
import pygame.freetype
import pytest

from game.sim.rules.access import REASONS
from game.sim.rules.scoring import FACTORS
import game.text as core
from game.ui.drawing import text
from game.ui.drawing.charts import Fonts
from game.ui.drawing.text import catalog, current_language, font_path, languages, set_language, t

UI = Path(__file__).resolve().parent.parent / "game" / "ui"
LITERAL = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z_]+)["']""")
NOT_IN_ANY_FONT = "\ue000"  # a private-use character: every font draws its "missing" box


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def test_every_literal_key_in_the_ui_exists_in_english():
    used = {k for p in UI.rglob("*.py") for k in LITERAL.findall(p.read_text(encoding="utf-8"))}
    assert len(used) > 30
    missing = sorted(used - set(catalog("en")))
    assert not missing, missing


def test_keys_built_from_names_exist():
    en = catalog("en")
    for name in FACTORS:
        assert f"factors.{name}" in en
    for reason in REASONS[1:]:
        assert f"reasons.{reason}" in en
    for key in ("play", "step", "speed", "restart_same", "restart_new", "scenarios", "rules", "help",
                "fullscreen", "screenshot"):
        assert f"ui.{key}" in en
    from game.scenario.spec import NETWORK_KINDS, OPACITY

    for name in OPACITY:
        assert f"rules.opacity_{name}" in en
    for name in NETWORK_KINDS:
        assert f"rules.kind_{name}" in en
    for state in ("met", "failed", "on_track", "behind", "won", "lost"):
        assert f"challenge.{state}" in en
    for verdict in ("spot_on", "too_high", "too_low"):
        assert f"chapters.{verdict}" in en


# --- every language is complete ---------------------------------------------------------

def placeholders(s: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(s) if field is not None}


def differences(en: dict[str, str], other: dict[str, str]) -> list[str]:
    """Keys missing on either side, keys whose {placeholders} differ, and multi-line texts
    (the help) with a different number of lines (a line added in English, not translated)."""
    out = [f"missing {k}" for k in sorted(en.keys() - other.keys())]
    out += [f"extra {k}" for k in sorted(other.keys() - en.keys())]
    both = sorted(en.keys() & other.keys())
    out += [f"{k}: {sorted(placeholders(en[k]))} != {sorted(placeholders(other[k]))}"
            for k in both if placeholders(en[k]) != placeholders(other[k])]
    out += [f"{k}: {len(en[k].splitlines())} lines != {len(other[k].splitlines())}"
            for k in both if len(en[k].splitlines()) != len(other[k].splitlines())]
    return out


def test_chinese_ships_beside_english():
    names = dict(languages())
    assert names["en"] == "English" and names["zh"] == "简体中文"
    assert languages()[0] == ("en", "English")


@pytest.mark.parametrize("lang", [code for code, _ in languages() if code != "en"])
def test_every_catalog_has_exactly_the_english_keys_and_placeholders(lang):
    problems = differences(catalog("en"), catalog(lang))
    assert not problems, f"{lang}.toml: " + "; ".join(problems)


def test_the_comparison_notices_a_missing_key_an_extra_key_and_a_lost_placeholder():
    en = catalog("en")
    broken = dict(en)
    del broken["ui.play"]
    broken["ui.bogus"] = "x"
    broken["ui.citizens"] = "citizens"  # lost {n}
    broken["help.lines"] = en["help.lines"].rsplit("\n", 1)[0]  # lost a line
    assert differences(en, broken) == ["missing ui.play", "extra ui.bogus", "ui.citizens: ['n'] != []",
                                       f"help.lines: {len(en['help.lines'].splitlines())} lines != "
                                       f"{len(en['help.lines'].splitlines()) - 1}"]


# --- switching at runtime -----------------------------------------------------------------

def test_switching_language_changes_the_text():
    assert current_language() == "en"
    english = t("ui.citizens", n=12)
    set_language("zh")
    assert current_language() == "zh"
    assert t("ui.citizens", n=12) == "12 名公民" != english
    assert t("ui.play") == "运行"
    set_language("en")
    assert t("ui.citizens", n=12) == english


@pytest.mark.parametrize("bad", ["xx", "../text/en", "EN", ""])
def test_an_unknown_language_is_refused_by_name(bad):
    with pytest.raises(ValueError, match=r"unknown language .*choose one of en, zh"):
        set_language(bad)
    assert current_language() == "en"


def test_a_missing_key_is_an_error_while_developing_and_english_in_a_release(monkeypatch):
    thin = {k: v for k, v in catalog("zh").items() if k != "ui.pause"}
    monkeypatch.setitem(core._catalogs, "zh", thin)
    set_language("zh")
    monkeypatch.setattr(core, "RELEASE", False)
    with pytest.raises(KeyError, match="ui.pause"):
        t("ui.pause")
    monkeypatch.setattr(core, "RELEASE", True)
    assert t("ui.pause") == catalog("en")["ui.pause"]
    with pytest.raises(KeyError):
        t("ui.no_such_key")  # not even English has it


# --- the font -----------------------------------------------------------------------------

def test_english_keeps_pygames_font_and_chinese_gets_the_bundled_one():
    assert font_path("en") is None
    path = Path(font_path("zh"))
    assert path.is_file() and path.parent.name == "fonts"
    assert path.stat().st_size < 4_000_000  # all of GB2312: 3.3 MB (level 1 alone would be 1.8 MB)
    assert (path.parent / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE") >= 1
    set_language("zh")
    assert font_path() == str(path)


def toml_strings(node):
    """Every string in parsed TOML, at any depth (tables, lists, translations)."""
    if isinstance(node, dict):
        for v in node.values():
            yield from toml_strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from toml_strings(v)
    elif isinstance(node, str):
        yield node


def gb2312_hanzi() -> str:
    """GB2312's 6,763 hanzi (rows 16-87), read from Python's codec: every valid pair of bytes."""
    out = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(out)


def lacking(chars) -> list[str]:
    """The characters of ``chars`` the bundled font has no glyph for."""
    pygame.freetype.init()
    face = pygame.freetype.Font(str(text.FONT), 16)
    # get_metrics answers None for a character the font lacks: make sure it still does
    assert face.get_metrics("芝" + NOT_IN_ANY_FONT + "龘")[1:] == [None, None]  # 龘: not in GB2312
    chars = sorted(set(chars) - set("\n\t"))
    return [c for c, m in zip(chars, face.get_metrics("".join(chars))) if m is None]


def test_the_bundled_font_has_every_character_of_every_catalog():
    missing = lacking("".join("".join(catalog(lang).values()) for lang, _ in languages()))
    assert not missing, "run tools/subset_font.py: font lacks " + " ".join(missing)


def test_the_bundled_font_has_every_character_of_every_shipped_scenario():
    root = Path(__file__).resolve().parent.parent / "scenarios"
    files = sorted(root.rglob("*.toml"))
    assert len(files) >= 11
    chars = "".join(s for p in files for s in toml_strings(tomllib.loads(p.read_text(encoding="utf-8"))))
    assert "芝麻信用" in chars  # the translations are read too
    missing = lacking(chars)
    assert not missing, "run tools/subset_font.py: font lacks " + " ".join(missing)


def test_the_bundled_font_draws_what_teachers_type():
    """A teacher's own Chinese scenario: all GB2312 hanzi, CJK punctuation, full-width forms."""
    hanzi = gb2312_hanzi()
    assert len(hanzi) == 6763
    punctuation = "".join(map(chr, range(0x3000, 0x3020)))  # 、。〈〉《》「」『』【】〔〕〖〗〜〝〞...
    full_width = "".join(map(chr, range(0xFF01, 0xFF5F)))  # ！＂＃...０-９...Ａ-Ｚ...ａ-ｚ...～
    missing = lacking(hanzi + punctuation + full_width + "——……·")
    assert not missing, "run tools/subset_font.py: font lacks " + " ".join(missing[:40])


def pixels(font, s: str) -> np.ndarray:
    surf = font.render(s, True, (255, 255, 255), (0, 0, 0))
    return pygame.surfarray.array3d(surf)[..., 0]


def is_drawn(font, ch: str) -> bool:
    """The character has ink and is not the font's box for missing characters."""
    img, box = pixels(font, ch), pixels(font, NOT_IN_ANY_FONT)
    return img.any() and (img.shape != box.shape or not np.array_equal(img, box))


def test_chinese_charts_text_is_drawn_not_boxed():
    pygame.font.init()
    assert not is_drawn(pygame.font.Font(None, 24), "芝")  # the check sees pygame's own boxes
    set_language("zh")
    fonts = Fonts.default(1.0)
    for font in (fonts.small, fonts.normal):
        assert all(is_drawn(font, ch) for ch in "芝麻信用黑名单等级")
        assert not np.array_equal(pixels(font, "芝"), pixels(font, "麻"))
        assert pixels(font, t("charts.score_by_tier")).any()
    # same pixel size as pygame's default font, so layouts keep their proportions
    assert abs(fonts.normal.get_height() - pygame.font.Font(None, 24).get_height()) <= 6


def test_widgets_use_the_bundled_font_after_a_switch():
    from game.ui.parts.widgets import make_manager

    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((320, 240))
    try:
        def button_font_draws(ch):
            font = make_manager((320, 240), 1.0).get_theme().get_font(["button"])
            img = pygame.surfarray.array_alpha(font.render_premul(ch, pygame.Color("white")))
            box = pygame.surfarray.array_alpha(font.render_premul(NOT_IN_ANY_FONT, pygame.Color("white")))
            return img.any() and (img.shape != box.shape or not np.array_equal(img, box))
        assert not button_font_draws("芝")
        set_language("zh")
        assert button_font_draws("芝")
    finally:
        pygame.quit()


def test_a_scene_shows_the_new_language_after_enter():
    from game.ui.scenes.sandbox import SandboxScene
    from game.ui.session import Session

    pygame.display.init()
    pygame.font.init()
    window = pygame.display.set_mode((1280, 720))
    try:
        session = Session.open("sesame", seed=1)
        session.paused = True
        scene = SandboxScene(session, (1280, 720))
        assert scene.topbar.buttons["rules"].text == "Rules"
        set_language("zh")
        scene.enter((1280, 720))
        assert scene.topbar.buttons["rules"].text == "规则"
        assert is_drawn(scene.fonts.small, "规")
        scene.update(1 / 60, 0.0)
        scene.draw(window, 0.0)
    finally:
        pygame.quit()


def test_the_font_draws_every_language_name():
    """The kiosk's start screen writes each language in its own script."""
    import pygame.freetype

    from game.ui.drawing.text import FONT, languages

    pygame.freetype.init()
    font = pygame.freetype.Font(str(FONT), 24)
    for _, native in languages():
        assert all(m is not None for m in font.get_metrics(native)), native


def test_english_plurals_follow_the_count():
    set_language("en")
    assert t("inspector.friends", n=1) == "1 friend" and t("inspector.friends", n=3) == "3 friends"
    one = t("debrief.story_in_turn", step=4, who=7, how="by mistake", dropped=1, in_turn=1)
    assert "1 friend dropped them; 1 of those was dropped" in one
    many = t("debrief.story_in_turn", step=4, who=7, how="by mistake", dropped=12, in_turn=3)
    assert "12 friends dropped them; 3 of those were dropped" in many
    set_language("zh")
    try:
        assert t("inspector.friends", n=1).startswith("1")  # no plural forms in Chinese
    finally:
        set_language("en")

"""Share codes: file -> code -> file gives the same scenario; anything else is a ScenarioError.

A code arrives from a stranger (a chat message, a QR code on a poster). Decoding must
refuse every damaged or forged code with one line naming what is wrong, quickly, without
allocating more than a scenario file may hold, and without executing anything.
"""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main
from game.scenario import qr, share
from game.scenario.library import load, resolve, shipped, source_name
from game.scenario.schema import ScenarioError
from game.scenario.share_dict import ZDICT_V1
from game.scenario.spec import with_overrides
from game.scenario.tomlfile import dumps, loads
from game.scenario.provenance import without_provenance
from game.scenario.translations import without_translations
from guards import time_limit
from make_hostile import pack, wrap

HERE = Path(__file__).resolve().parent
SHIPPED = shipped()


def corpus() -> list[tuple[str, str, str]]:
    out = []
    for line in (HERE / "hostile_codes.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, comment = line.split("\t# ", 1)
        what, fragment = comment.rsplit(" => ", 1)
        out.append((code.encode("ascii").decode("unicode_escape"), what, fragment))
    return out


def refused(code) -> ScenarioError:
    with time_limit(10):
        with pytest.raises(ScenarioError) as info:
            share.decode(code)
    err = info.value
    assert err.source == "share code"
    assert len(str(err).splitlines()) == len(err.problems)
    assert "Traceback" not in str(err)
    return err


# --- round trips ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_file_to_code_to_file_gives_the_same_scenario(path, tmp_path):
    original = load(path)
    code = share.encode(original)
    assert share.decode(code) == original
    out = tmp_path / "back.toml"
    assert main(["import", code, "--out", str(out)]) == 0
    assert load(out) == original
    assert share.encode(load(out)) == code  # canonical: the same scenario always gives the same code


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_code_is_compact_and_fits_a_qr_code_in_alphanumeric_mode(path):
    """The rules in one language (what the window's QR code carries, see test_ui) make a
    small QR code; the sources and assumptions are longer than the rules, and travel in the
    full code."""
    english = share.encode(without_provenance(without_translations(load(path))))
    # measured: 1140 (no_scoring) to 1456 (court_blacklist; sesame 1446) characters, QR versions 19-22
    assert 500 < len(english) < 1600, len(english)
    assert re.fullmatch(r"OS1-[A-Z2-7]+", english)
    symbol = qr.qr(english)
    assert symbol.mode == "alphanumeric"
    assert symbol.version <= 22  # still scannable from a phone at poster size
    png = qr.qr_png(english)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and 500 < len(png) < 20_000


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_translated_code_keeps_its_translation_and_still_fits_a_qr_code(path):
    sc = without_provenance(load(path))
    code = share.encode(sc)
    assert share.decode(code).translations == sc.translations != without_translations(sc).translations
    # measured with the Chinese translation: 2132 (no_scoring) to 2884 (bias)
    # characters, QR versions 27-32: denser, but far from the largest QR code (4296, version 40)
    assert len(code) < 3000, len(code)
    assert qr.qr(code).mode == "alphanumeric" and qr.qr(code).version <= 33


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_the_full_code_carries_the_sources_and_assumptions(path):
    """What the sources say and what the game assumes go wherever the scenario goes: a
    shared scenario keeps them (the text code; a QR code of the whole would be too big)."""
    sc = load(path)
    back = share.decode(share.encode(sc))
    assert back.sources == sc.sources and back.assumptions == sc.assumptions and sc.sources
    assert back.translations.zh.source_claims == sc.translations.zh.source_claims


def test_share_saves_a_qr_code_of_the_rules_when_the_sources_make_it_too_long(tmp_path, capsys):
    png = tmp_path / "sesame.png"
    assert main(["share", "sesame", "--qr", str(png)]) == 0
    out, err = capsys.readouterr()
    assert share.decode(out.strip()).sources  # the printed code has everything
    assert "without the sources and assumptions" in err and png.read_bytes().startswith(b"\x89PNG")
    assert main(["share", "sesame", "--no-qr", "--without-sources"]) == 0
    assert share.decode(capsys.readouterr().out.strip()) == without_provenance(load("sesame"))


def test_without_translations_makes_the_short_code(tmp_path, capsys):
    assert main(["share", "sesame", "--no-qr", "--without-translations"]) == 0
    short = capsys.readouterr().out.strip()
    assert short == share.encode(without_translations(load("sesame")))
    assert main(["share", "sesame", "--no-qr"]) == 0
    assert len(capsys.readouterr().out.strip()) > len(short) + 500


def test_rule_edits_and_odd_text_survive_the_round_trip():
    sc = with_overrides(load("suining"), {"scoring.connections_weight": 0.4, "population.size": 77})
    sc = with_overrides(sc, {"meta.title": 'Quotes " and \\ and ünïcødé ✓ and\ttabs'})
    assert share.decode(share.encode(sc)) == sc


def test_code_survives_chat_apps_and_typing():
    sc = load("sesame")
    code = share.encode(sc)
    body = code[4:]
    wrapped = "OS1-" + "\n".join(body[i:i + 60] for i in range(0, len(body), 60))
    grouped = "OS1-" + "-".join(body[i:i + 5] for i in range(0, len(body), 5))
    invisible = "OS1-" + "\u200b".join(body[i:i + 40] for i in range(0, len(body), 40)) + "\u00ad"
    lookalike = code[:4] + body.replace("O", "0").replace("I", "1").replace("B", "8")
    for variant in (code.lower(), f"  {code}\r\n", wrapped, grouped, invisible, lookalike):
        assert share.decode(variant) == sc


def test_frozen_dictionary_is_unchanged():
    # changing ZDICT_V1 breaks every OS1- code already shared: make a new version instead
    assert hashlib.sha256(ZDICT_V1).hexdigest() == \
        "08c2c61c2fe84230d204f126aa6263d0fbd7889ea346f13ad93f4ba45c696fbf"


def test_known_code_still_decodes():
    """A code made once and kept: later versions of the game must still read it."""
    sc = loads('[meta]\ntitle = "Kept"\ndescription = "D"\n\n[[tiers]]\nname = "A"\n')
    code = share.encode(sc)
    assert share.decode(code) == sc
    assert code == share.encode(share.decode(code))


# --- refusals ------------------------------------------------------------------------------------

CORPUS = corpus()


def test_hostile_corpus_is_complete():
    assert len(CORPUS) >= 25
    whats = " ".join(w for _, w, _ in CORPUS)
    for needed in ("bomb", "changed", "cut", "version", "NaN", "nesting", "UTF-8"):
        assert needed in whats, needed


@pytest.mark.parametrize("code,what,fragment", CORPUS, ids=[w for _, w, _ in CORPUS])
def test_hostile_code_is_refused_with_a_clear_message(code, what, fragment):
    err = refused(code)
    assert fragment in str(err), str(err)


def test_every_single_character_typo_is_caught():
    code = share.encode(load("friends_gate"))
    for pos in range(4, len(code), 7):
        for new in "A7Q":
            if code[pos] != new:
                assert "checksum does not match" in str(refused(code[:pos] + new + code[pos + 1:]))


def test_decompression_bomb_allocates_at_most_a_scenario_file():
    bomb = wrap(pack(b" " * 50_000_000))  # 50 MB of spaces in a code of ~80 KB
    tracemalloc.start()
    try:
        err = refused(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "unpacks to more than 65536 bytes" in str(err)
    assert peak < 1 << 20, peak  # copies of the 80 KB code and 64 KiB out: never the 50 MB


def test_overlong_text_is_refused_before_any_work():
    err = refused("OS1-" + "A" * (share.MAX_CODE_CHARS + 1))
    assert "characters long" in str(err)


def test_non_text_is_refused():
    assert "must be text" in str(refused(b"OS1-AAAA"))
    assert "must be text" in str(refused(None))


def test_messages_cannot_forge_extra_lines():
    err = refused("OS1-AAAA\u2028\nfake.toml: ok")
    assert len(str(err).splitlines()) == 1


# --- load() and the command line take codes -------------------------------------------------------

def test_load_accepts_a_code_wherever_it_accepts_a_file():
    sc = load("court_blacklist")
    code = share.encode(sc)
    assert load(code) == sc
    assert source_name(code) == source_name(code, sc) == share.short_id(sc)
    assert source_name("sesame") == "sesame"
    assert resolve("sesame").name == "sesame.toml"  # files unchanged


@pytest.mark.parametrize("text,is_code", [
    ("OS1-ABCDEFGH", True), ("os1-abcdefgh", True), ("  OS1-AB CD", True), ("OS2-XYZ", True),
    ("sesame", False), ("OS1-thing.toml", False), ("maps/OS1-ABC", False), ("OS1", False),
    ("my OS1-ABC", False), ("", False),
])
def test_code_detection(text, is_code):
    assert share.looks_like_code(text) is is_code


def test_a_long_name_is_a_scenario_error_not_a_crash():
    with pytest.raises(ScenarioError, match="cannot be read"):
        load("x" * 5000)


def test_share_command_prints_the_code_and_writes_the_qr(tmp_path, capsys):
    qr = tmp_path / "poster.png"
    assert main(["share", "suining", "--qr", str(qr)]) == 0
    out, err = capsys.readouterr()
    code = out.strip()
    assert share.decode(code) == load("suining")
    assert qr.read_bytes().startswith(b"\x89PNG") and 1000 < qr.stat().st_size < 20_000
    assert "QR code version" in err and str(qr) in err
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically: no temporary left behind


def test_share_command_names_the_qr_after_the_scenario(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["share", "friends_gate"]) == 0
    assert (tmp_path / "friends_gate-share.png").exists()
    code = capsys.readouterr().out.strip()
    assert main(["share", code]) == 0  # a code can be shared again: named by its hash
    assert list(tmp_path.glob("shared-*-share.png"))


def test_import_refuses_to_overwrite_and_names_the_file_from_the_title(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    sc = with_overrides(load("sesame"), {"meta.title": "../../etc/Evil: CON\u200f"})  # a direction mark
    code = share.encode(sc)
    assert main(["import", code]) == 0
    written = list(tmp_path.glob("*.toml"))
    assert [p.name for p in written] == ["etc-evil-con.toml"]  # no folders, no control characters
    assert load(written[0]) == sc
    before = written[0].read_bytes()
    assert main(["import", share.encode(load("suining")), "--out", str(written[0])]) == 1
    assert "already exists" in capsys.readouterr().err
    assert written[0].read_bytes() == before
    assert main(["import", share.encode(load("suining")), "--out", str(written[0]), "--force"]) == 0
    assert load(written[0]) == load("suining")


def test_command_line_takes_codes_and_refuses_bad_ones_in_one_line(tmp_path, capsys, monkeypatch):
    code = share.encode(with_overrides(load("sesame"), {"population.size": 150}))
    assert main(["run", code, "--steps", "3", "--out", str(tmp_path / "run")]) == 0
    assert (tmp_path / "run" / "summary.json").exists()
    monkeypatch.setattr(sys, "stdin", io.StringIO(code + "\n"))
    assert main(["import", "-", "--out", str(tmp_path / "in.toml")]) == 0
    capsys.readouterr()
    for args in (["run", code[:-3] + "AAA"], ["import", "OS9-AAAA"], ["share", "OS1-!!"],
                 ["play", code[:-1], "--frames", "1"]):
        assert main(args) == 1
        err = capsys.readouterr().err
        assert err.startswith("share code: ") and err.count("\n") == 1, err


def test_play_opens_a_code(tmp_path):
    code = share.encode(with_overrides(load("sesame"), {"population.size": 120}))
    shot = tmp_path / "shot.png"
    r = subprocess.run([sys.executable, "-m", "game.cli", "play", code, "--frames", "2", "--screenshot", str(shot)],
                       capture_output=True, text=True, timeout=120, env={**__import__("os").environ,
                                                                         "SDL_VIDEODRIVER": "dummy"})
    assert r.returncode == 0, r.stderr
    assert shot.exists()


# --- properties ---------------------------------------------------------------------------------

GOOD = share.encode(load("sesame"))
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.text(alphabet=B32 + "-OS1 \n", max_size=300).map(lambda s: "OS1-" + s)))
def test_random_text_gives_a_scenario_error(text):
    with time_limit(10):
        try:
            sc = share.decode(text)
        except ScenarioError as err:
            assert err.source == "share code"
        else:  # pragma: no cover - a random valid code is astronomically unlikely
            assert dumps(sc)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_code_gives_the_scenario_or_a_scenario_error(data):
    code = GOOD
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        pos = data.draw(st.integers(0, len(code)), label="position")
        op = data.draw(st.sampled_from(["replace", "insert", "delete", "truncate", "case", "space"]), label="op")
        char = data.draw(st.sampled_from(list(B32 + "018-!é \u200b=")), label="char")
        if op == "replace":
            code = code[:pos] + char + code[pos + 1:]
        elif op == "insert":
            code = code[:pos] + char + code[pos:]
        elif op == "delete":
            code = code[:pos] + code[pos + 1:]
        elif op == "truncate":
            code = code[:pos]
        elif op == "case":
            code = code[:pos] + code[pos:].lower()
        else:
            code = code[:pos] + " \n" + code[pos:]
    with time_limit(10):
        try:
            sc = share.decode(code)
        except ScenarioError as err:
            assert err.source == "share code"
        else:
            assert sc == load("sesame")  # only presentation changed (case, spaces, dashes)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=400), st.binary(max_size=400).map(pack),
                 st.text(max_size=300).map(lambda t: pack(t.encode("utf-8")))))
def test_any_packed_payload_with_a_valid_checksum_gives_a_scenario_error(payload):
    with time_limit(10):
        try:
            share.decode(wrap(payload))
        except ScenarioError as err:
            assert err.source == "share code"


def test_share_says_when_a_code_is_too_long_for_a_qr_code(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(qr, "QR_MAX_CHARS", 100)
    assert main(["share", "sesame"]) == 0  # the code is printed; the QR is skipped with a reason
    out, err = capsys.readouterr()
    assert out.startswith("OS1-") and "too long for a QR code" in err
    assert main(["share", "sesame", "--qr", "x.png"]) == 1  # asked for explicitly: an error
    assert not list(tmp_path.iterdir())
    with pytest.raises(ValueError, match="holds at most 100"):
        qr.qr(out.strip())

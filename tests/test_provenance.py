"""Every number is sourced or labelled (issue #11, item 6).

Each shipped scenario (and chapter) separates what the source articles say - a claim, the
seed, the article's own words - from what the game assumes, and why. The quotes are checked
word for word against the seeds (copied into ``tests/data/seeds``, so this runs where the
originals are not), every rule value a shipped file writes must be named by a source or an
assumption, and a teacher's file with a bad entry is refused naming the file and the field.
"""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import pytest

from game.cli import main
from game.scenario import provenance, translations
from game.lab.explain import entries, explain
from game.scenario.library import load
from game.scenario.provenance import Leaf, matches, parse_pattern, quote_in
from game.scenario.schema import ScenarioError
from game.scenario.tomlfile import dumps, loads
from game.scenario.translations import without_translations
from game.text import set_language

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).with_name("data") / "seeds"
ORIGINAL_SEEDS = Path("/work/shared/seeds")
FILES = sorted((ROOT / "scenarios").rglob("*.toml"))
IDS = [f"{p.parent.name}/{p.stem}" for p in FILES]


def seed_text(seed: str) -> str:
    (path,) = SEEDS.glob(f"{seed}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


# --- the seeds ------------------------------------------------------------------------------

def test_the_five_seeds_are_here():
    assert sorted(p.name[:3] for p in SEEDS.glob("*.txt")) == list(provenance.SEEDS)


@pytest.mark.skipif(not ORIGINAL_SEEDS.is_dir(), reason="the original seeds are not on this machine")
def test_the_copied_seeds_are_the_originals():
    for path in SEEDS.glob("*.txt"):
        original = ORIGINAL_SEEDS / path.name
        assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(original.read_bytes()).digest()


def test_a_quote_is_found_word_for_word_with_gaps_marked():
    text = "Then your friends hear you are\n    on the blacklist and quietly drop you."
    assert quote_in("your friends hear you are on the blacklist", text)  # line breaks are white space
    assert quote_in("Then your friends ... quietly drop you.", text)  # "..." leaves words out, in order
    assert not quote_in("quietly drop you ... Then your friends", text)
    assert not quote_in("your friends hear you were on the blacklist", text)
    assert not quote_in("your friend’s", "your friend's")  # a curly apostrophe is another character


# --- every shipped scenario -----------------------------------------------------------------------

@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_every_quote_is_in_its_seed_word_for_word(path):
    sc = load(path)
    assert sc.sources, f"{path.name} cites no source"
    for i, s in enumerate(sc.sources):
        assert quote_in(s.quote, seed_text(s.seed)), f"{path.name}: sources[{i}].quote is not in seed {s.seed}"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_every_rule_value_a_shipped_file_writes_is_sourced_or_labelled(path):
    sc = load(path)
    written = provenance.written_leaves(sc, tomllib.loads(path.read_text(encoding="utf-8")))
    assert written
    missing = provenance.uncovered(sc, written)
    assert not missing, f"{path.name}: neither sourced nor labelled: {[leaf.path for leaf in missing]}"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_every_assumption_says_why_and_names_what_it_stands_behind(path):
    sc = load(path)
    assert sc.assumptions, f"{path.name} labels no assumption"
    for i, a in enumerate(sc.assumptions):
        assert a.why.strip() and a.fields, f"{path.name}: assumptions[{i}]"
    for i, s in enumerate(sc.sources):
        assert s.claim.strip() and s.quote.strip(), f"{path.name}: sources[{i}]"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_claims_and_reasons_are_in_chinese_and_quotes_stay_as_written(path):
    sc = load(path)
    zh = sc.translations.zh
    assert len(zh.source_claims) == len(sc.sources)
    assert len(zh.assumption_claims) == len(zh.assumption_whys) == len(sc.assumptions)
    sources, assumptions = entries(sc, "zh")
    assert [e.quote for e in sources] == [s.quote for s in sc.sources]
    assert all(any("\u4e00" <= c <= "\u9fff" for c in e.claim + e.why) for e in sources + assumptions)


# --- misattributions the issue names, fixed -------------------------------------------------------

def test_no_scenario_refuses_hospital_care_for_a_low_score():
    """Seed 004 describes a perk above 650 (no queue to pay), seed 002 "no direct penalties"
    for a low Sesame score: a score floor may gate the queue-free lane ("fast care"), never a
    hospital."""
    for path in FILES:
        for s in load(path).services:
            if s.score_floor > provenance_no_limit() or s.min_tier:
                assert "hospital" not in s.name, (path.name, s.name)
    perk = next(s for s in load("sesame").services if s.icon == "hospital")
    assert perk.name == "fast care" and perk.score_floor == 650  # the perk is still there, named for what it is


def provenance_no_limit() -> float:
    from game.scenario.spec import NO_LIMIT
    return NO_LIMIT


def test_the_journalist_is_not_said_to_be_listed_for_spreading_rumours():
    """Seed 003: Liu Hu's jail term, years before, was on charges of "fabricating and
    spreading rumors"; the seeds do not say why the court listed him, and the spiral is
    their "if Liu had a Zhima Credit score"."""
    sc = load("journalist")
    assert sc.player.listing_cause == "court"
    text = " ".join([sc.meta.description, sc.player.situation]).lower()
    assert "listed for" not in text and "blacklist for 'spreading" not in text
    assert any("If Liu had a Zhima Credit score" in s.quote for s in sc.sources)


def test_the_friends_gate_loan_looks_at_friends_only():
    """The patent: a loan refused when the friends' average is below a minimum. The loan
    checks nothing of the applicant's own (no ban, no floor, no tier)."""
    loan = next(s for s in load("friends_gate").services if s.friends_min > provenance_no_limit())
    assert not loan.blacklist_ban and not loan.min_tier and loan.score_floor <= provenance_no_limit()


def test_the_secret_algorithm_ships_with_its_sources():
    sc = load("sesame")
    assert sc.scoring.opacity == "unknown" and sc.behaviour.learning > 0
    quotes = " ".join(s.quote for s in sc.sources)
    assert "corporate secret" in quotes and "fearful that their scores might be affected" in quotes
    labelled = {f for a in sc.assumptions for f in a.fields}
    assert "behaviour.learning" in labelled  # how fast people learn is the game's


# --- fields and patterns ----------------------------------------------------------------------

def leaf(path: str, keys) -> Leaf:
    return Leaf(path, tuple(keys), 0.0)


LOAN_PRICE = leaf("services[loan].price", [("services", 3, "loan"), ("price", None, None)])
DELTA = leaf("scoring.deltas.charity", [("scoring", None, None), ("deltas", None, None), ("charity", None, None)])


@pytest.mark.parametrize("pattern, hits", [
    ("services[loan].price", [LOAN_PRICE]), ("services[3].price", [LOAN_PRICE]), ("services[*].price", [LOAN_PRICE]),
    ("services[*]", [LOAN_PRICE]), ("services", [LOAN_PRICE]), ("services[train].price", []),
    ("services.price", []), ("services[*].demand", []), ("scoring.deltas.*", [DELTA]), ("scoring", [DELTA]),
    ("scoring.deltas.charity", [DELTA]), ("*.deltas.charity", [DELTA]), ("scoring.deltas.charity.x", []),
])
def test_a_field_path_names_values_by_index_name_star_or_prefix(pattern, hits):
    assert [x for x in (LOAN_PRICE, DELTA) if matches(parse_pattern(pattern), x)] == hits


def with_extra(name: str, text: str) -> str:
    return dumps(without_translations(load(name))) + "\n" + text


BAD = [
    ('[[sources]]\nclaim = "x"\nseed = "005"\nquote = "y"\n', "sources[20].seed", "one of '000', '001'"),
    ('[[sources]]\nclaim = "x"\nseed = "001"\nquote = ""\n', "sources[20].quote", "must not be empty"),
    ('[[sources]]\nclaim = "x"\nseed = "001"\n', "sources[20].quote", "is required"),
    ('[[sources]]\nclaim = "x"\nseed = "001"\nquote = "y"\nfields = ["scoring.lo"]\n', "sources[20].fields[0]",
     "'scoring.lo' names no rule value of this scenario"),
    ('[[assumptions]]\nclaim = "x"\nfields = ["services[bus].price"]\n', "assumptions[15].fields[0]",
     "names no rule value"),
    ('[[assumptions]]\nclaim = "x"\nfields = ["services[loan.price"]\n', "assumptions[15].fields[0]",
     "is not a path"),
    ('[[assumptions]]\nclaim = "x"\nfields = ["meta.title"]\n', "assumptions[15].fields[0]", "names no rule value"),
    ('[[assumptions]]\nclaim = "x"\nwhy = 3\n', "assumptions[15].why", "must be text"),
    ('[[assumptions]]\nclaim = "x"\nsource = "003"\n', "assumptions[15].source", "unknown key"),
    ('[[assumptions]]\nclaim = "' + "x" * 201 + '"\n', "assumptions[15].claim", "at most 200 characters"),
]


@pytest.mark.parametrize("extra, where, fragment", BAD, ids=[b[1] + ":" + b[2][:12] for b in BAD])
def test_a_bad_source_or_assumption_is_refused_naming_file_and_field(extra, where, fragment):
    with pytest.raises(ScenarioError) as info:
        loads(with_extra("sesame", extra), "teacher.toml")
    line = next((x for x in str(info.value).splitlines() if x.startswith(f"teacher.toml: {where}: ")), None)
    assert line is not None and fragment in line, str(info.value)


def test_sources_and_assumptions_are_not_rules_that_change_during_a_run():
    from game.scenario.spec import check_rule_path
    for path in ("sources.0.claim", "assumptions"):
        with pytest.raises(ValueError, match="cannot change during a run"):
            check_rule_path(path)


def test_a_file_without_them_saves_as_before_and_validates():
    sc = loads(dumps(provenance.without_provenance(load("suining"))), "bare.toml")
    text = dumps(sc)
    assert "sources" not in text and "assumptions" not in text and "source_claims" not in text


# --- sesame validate --explain ------------------------------------------------------------------

def test_explain_prints_both_lists_with_quotes_and_values(capsys):
    assert main(["validate", "--explain", "sesame"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # wrapped at 100 columns: read it as one line
    sc = load("sesame")
    assert f"From the sources ({len(sc.sources)})" in out and f"Game assumptions ({len(sc.assumptions)})" in out
    assert "\u201cUsers are given a score between 350 (low) and 950 (high)\u201d" in out
    assert "scoring.low = 350" in out and "scoring.blacklist_penalty = 150" in out
    assert "seed 000" in out and "Why: " in out
    assert "is sourced or labelled" in out and "Left at the game's defaults" in out


def test_explain_names_what_a_teachers_file_leaves_unlabelled(tmp_path, capsys):
    path = tmp_path / "mine.toml"
    path.write_text('[meta]\ntitle = "Mine"\ndescription = "d"\n\n[scoring]\nspeech_penalty = 40.0\n\n'
                    '[[tiers]]\nname = "A"\n\n[[assumptions]]\nclaim = "Speech is costly."\nwhy = "To see."\n'
                    'fields = ["scoring.speech_penalty"]\n\n[[services]]\nname = "bus"\nprice = 2.0\n',
                    encoding="utf-8")
    assert main(["validate", "--explain", str(path)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "neither sourced nor labelled (1): services[bus].price = 2" in out
    assert "scoring.speech_penalty = 40" in out.split("Game assumptions")[1]


def test_explain_in_chinese(capsys):
    assert main(["validate", "--explain", "--lang", "zh", "sesame"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "出自资料" in out and "游戏假设" in out and "芝麻信用分从 350 到 950。" in out
    assert "Users are given a score between 350 (low) and 950 (high)" in out  # quotes stay as written


def test_explain_text_is_the_same_structure_the_window_shows():
    sc = load("sesame")
    sources, assumptions = entries(sc, "en")
    text = explain(sc, "sesame")
    assert all(e.claim in text.replace("\n     ", " ") for e in sources + assumptions)
    assert entries(sc, "zh")[0][0].claim == translations.lookup(sc, "sources[0].claim", "zh") != sources[0].claim

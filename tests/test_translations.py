"""A scenario carries its own text in other languages; the game shows it in the player's.

The ``[translations.<lang>]`` tables are untrusted input like the rest of a file: every
mistake is refused with the file, the field and what is allowed. Every shipped scenario
is translated completely into Chinese, and the sentences the model side writes (debrief,
challenge goals) come out in the current language.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.modes import challenge
from game.modes.debrief import debrief, facts
from game.scenario import translations
from game.scenario.library import load
from game.scenario.schema import ScenarioError, field_meta
from game.scenario.spec import Scenario, check_rule_path
from game.scenario.tomlfile import dumps, loads
from game.scenario.translations import LISTS, SECTIONS, ScenarioText, without_translations
from game.sim.model import SocialCreditModel
from game.text import Phrase, catalog, languages, localized, say, set_language, shown_text

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "scenarios").rglob("*.toml"))
SRC = "bad.toml"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def has_hanzi(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


# --- the table's shape ----------------------------------------------------------------------

def test_a_translation_table_exists_for_every_language_the_game_ships():
    assert translations.languages() == tuple(code for code, _ in languages()) == ("en", "zh")


def test_each_translation_has_the_limits_of_the_field_it_translates():
    for section, fields in SECTIONS.items():
        for name in fields:
            _, original = field_meta(Scenario, f"{section}.{name}")
            _, translated = field_meta(ScenarioText, f"{section}.{name}")
            assert translated["max_len"] == original["max_len"], f"{section}.{name}"
    for section, (field, slot) in LISTS.items():
        list_type, whole = field_meta(Scenario, section)
        _, mine = field_meta(ScenarioText, slot)
        assert mine["max_len"] == whole["max_len"], section
        item = list_type.__args__[0]  # tuple[Tier, ...] -> Tier; tuple[str, ...] -> str (prompts: 200)
        limit = 200 if field is None else field_meta(item, field)[1]["max_len"]
        assert mine["item_max_len"] == limit, slot


# --- every shipped scenario is translated -----------------------------------------------------

@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_shipped_scenario_has_a_complete_chinese_translation(path):
    sc = load(path)
    fields = translations.paths(sc)
    assert "meta.title" in fields and "tiers[0].label" in fields
    untranslated = [p for p in fields if not translations.translated(sc, p, "zh")]
    assert not untranslated, f"{path.name}: no Chinese for {untranslated}"
    still_english = [p for p in fields if not has_hanzi(translations.translated(sc, p, "zh"))]
    assert not still_english, f"{path.name}: Chinese text without a Chinese character at {still_english}"


def test_chinese_shows_the_translation_and_english_the_text_as_written():
    sc = load("journalist")
    assert localized(sc, "meta.title", "en") == "The journalist (citizen mode)"
    assert localized(sc, "meta.title", "zh") == "记者（公民模式）"
    assert localized(sc, "tiers[3].label", "zh") == "较差" and localized(sc, "services[1].name", "zh") == "高铁"
    assert localized(sc, "player.name", "zh") == "刘记者"
    assert localized(sc, "prompts", "zh")[2] == "怎样才能从名单上下来？"
    assert localized(sc, "prompts", "en") == sc.prompts
    set_language("zh")
    assert localized(sc, "meta.title") == "记者（公民模式）"  # the current language by default
    assert localized(sc, "chapter.fact") == ""  # no chapter here: nothing, in any language


def test_untranslated_text_falls_back_to_the_text_as_written():
    sc = loads(without_dumped("sesame") + '\n[translations.zh]\ntier_labels = ["优", "", "", ""]\n', "x.toml")
    assert localized(sc, "tiers[0].label", "zh") == "优"
    assert localized(sc, "tiers[1].label", "zh") == "Good"  # an empty entry: not translated
    assert localized(sc, "meta.title", "zh") == "Sesame Credit"
    assert localized(sc, "services[0].name", "zh") == "train"


def test_a_scenario_written_in_chinese_can_carry_english():
    text = ('[meta]\ntitle = "我的城市"\ndescription = "老师写的场景。"\n\n[[tiers]]\nname = "A"\nlabel = "好"\n\n'
            '[translations.en]\ntier_labels = ["Good"]\n\n[translations.en.meta]\ntitle = "My town"\n')
    sc = loads(text, "teacher.toml")
    assert localized(sc, "meta.title", "en") == "My town" and localized(sc, "meta.title", "zh") == "我的城市"
    assert localized(sc, "meta.description", "en") == "老师写的场景。"  # not translated: as written
    assert has_hanzi(shown_text(sc, "en"))  # the description: the English UI needs the Chinese font
    assert loads(dumps(sc), "again.toml") == sc


def test_a_path_that_is_not_text_is_a_programming_error():
    sc = load("sesame")
    for path in ("population.size", "tiers[0].name", "meta.nope", "tiers.label", "meta", "services[99].name"):
        with pytest.raises((KeyError, IndexError)):
            localized(sc, path, "zh")


def without_dumped(name: str) -> str:
    """A shipped scenario as TOML text without its translations (to add bad ones to)."""
    return dumps(without_translations(load(name)))


def test_a_file_without_translations_saves_and_shares_as_before():
    text = without_dumped("sesame")
    assert "translations" not in text  # an empty extra is left out, so old codes stay the same
    assert "[translations.zh" in dumps(load("sesame"))


def test_translations_are_not_live_rules():
    with pytest.raises(ValueError, match="cannot change during a run"):
        check_rule_path("translations.zh.meta.title")
    event = '{ step = 1, action = "set", path = "translations.zh.meta.title" }'
    bad = without_dumped("no_scoring").replace("timeline = []", f"timeline = [{event}]")
    with pytest.raises(ScenarioError, match=r"timeline\[0\]\.path: .*cannot change during a run"):
        loads(bad, SRC)


# --- refusals ----------------------------------------------------------------------------------

BAD = [
    ("unknown-language", '[translations.fr.meta]\ntitle = "Crédit"\n', "translations.fr",
     ["unknown language; allowed here: en, zh"]),
    ("language-not-a-table", '[translations]\nzh = "芝麻"\n', "translations.zh", ["must be a table, got text"]),
    ("unknown-field", '[translations.zh.meta]\ntitel = "芝麻"\n', "translations.zh.meta.titel",
     ["unknown key; allowed here: description, source, title"]),
    ("list-named-like-the-section", '[translations.zh]\ntiers = ["优秀"]\n', "translations.zh.tiers",
     ["unknown key; allowed here: chapter, meta, objective_labels, player, prompts, service_names, tier_labels, "
      "timeline_texts"]),
    ("unknown-chapter-field", '[translations.zh.chapter]\nanswer = "朋友"\n', "translations.zh.chapter.answer",
     ["allowed here: fact, intro, question, task"]),
    ("number-for-text", '[translations.zh.meta]\ntitle = 5\n', "translations.zh.meta.title",
     ["must be text, got int 5"]),
    ("text-for-list", '[translations.zh]\nprompts = "讨论"\n', "translations.zh.prompts",
     ["must be a list, got text '讨论'"]),
    ("number-in-list", '[translations.zh]\ntier_labels = ["优秀", "良好", "一般", 4]\n', "translations.zh.tier_labels[3]",
     ["must be text, got int 4"]),
    ("title-too-long", f'[translations.zh.meta]\ntitle = "{"芝" * 81}"\n', "translations.zh.meta.title",
     ["must be at most 80 characters, got 81"]),
    ("description-too-long", f'[translations.zh.meta]\ndescription = "{"芝" * 1201}"\n',
     "translations.zh.meta.description", ["must be at most 1200 characters, got 1201"]),
    ("service-name-too-long", f'[translations.zh]\nservice_names = ["{"火" * 25}", "", "", "", "", "", "", ""]\n',
     "translations.zh.service_names[0]", ["must be at most 24 characters, got 25"]),
    ("prompt-too-long", f'[translations.zh]\nprompts = ["", "{"问" * 201}", ""]\n', "translations.zh.prompts[1]",
     ["must be at most 200 characters, got 201"]),
    ("too-many-prompts", '[translations.zh]\nprompts = [' + ", ".join(['"问"'] * 9) + ']\n',
     "translations.zh.prompts", ["must have from 0 to 8 entries, got 9"]),
    ("a-tier-missing", '[translations.zh]\ntier_labels = ["优秀", "良好", "一般"]\n', "translations.zh.tier_labels",
     ["must have one entry per item of tiers (4), or none; got 3"]),
    ("a-service-too-many", '[translations.zh]\nservice_names = [' + ", ".join(['"服务"'] * 9) + ']\n',
     "translations.zh.service_names", ["must have one entry per item of services (8), or none; got 9"]),
    ("captions-for-the-timeline", '[translations.zh]\ntimeline_texts = ["说明", "说明"]\n',
     "translations.zh.timeline_texts", ["must have one entry per item of timeline (1), or none; got 2"]),
]


@pytest.mark.parametrize("snippet, path, fragments", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_a_bad_translation_is_refused_naming_file_field_and_what_is_allowed(snippet, path, fragments):
    with pytest.raises(ScenarioError) as info:
        loads(without_dumped("sesame") + "\n" + snippet, SRC)
    err = info.value
    lines = str(err).splitlines()
    assert len(lines) == len(err.problems) and all(line.startswith(f"{SRC}: ") for line in lines)
    line = next((x for x in lines if x.startswith(f"{SRC}: {path}: ")), None)
    assert line is not None, str(err)
    for fragment in fragments:
        assert fragment in line, f"{fragment!r} not in {line!r}"


# --- sentences the model side writes ------------------------------------------------------------

def test_every_phrase_key_the_model_side_uses_is_in_the_catalog():
    literal = re.compile(r"""Phrase\(\s*["']([a-z_]+\.[a-z_]+)["']""")
    used = {k for p in (ROOT / "game").rglob("*.py") for k in literal.findall(p.read_text(encoding="utf-8"))}
    assert {"debrief.cascade", "debrief.refusals", "challenge.tier_share"} <= used
    assert not used - set(catalog("en"))
    from game.sim.events import LISTING_CAUSES
    from game.scenario.spec import OBJECTIVE_METRICS

    for cause in LISTING_CAUSES:
        assert f"debrief.how_{cause}" in catalog("en")
    for metric in OBJECTIVE_METRICS[:-1]:  # tier_share has its own sentence
        assert f"metrics.{metric}" in catalog("en")


def test_sentences_are_joined_by_a_space_in_english_and_directly_in_chinese():
    line = (Phrase("debrief.mistakes", {"n": 3}), Phrase("debrief.halved", {"step": 7}))
    assert say(line) == "In all, 3 people were listed by mistake. Public dissent had halved by step 7."
    set_language("zh")
    assert say(line) == "总共有 3 人被错误地列入黑名单。到第 7 步，公开发声的人已减少一半。"
    rates = Phrase("debrief.refusals", {"rates": [Phrase("debrief.tier_rate", {"tier": t, "rate": "5%"})
                                                  for t in "AB"]})
    assert say(rates) == "各等级申请被拒的比例：A 级 5%、B 级 5%。"


@pytest.fixture(scope="module")
def wrongful_run():
    m = SocialCreditModel("sesame", rng=2, overrides={"authorities.error_rate": 0.001})
    m.run(60)
    return m


def test_the_debrief_comes_out_in_chinese_with_the_same_numbers(wrongful_run):
    english = debrief(wrongful_run)
    set_language("zh")
    chinese = debrief(wrongful_run)
    assert len(chinese) == len(english) == len(facts(wrongful_run)) >= 4
    for en, zh in zip(english, chinese):
        assert has_hanzi(zh) and not re.search(r"[A-Za-z]{2,}", zh), zh  # tier letters only
        assert sorted(re.findall(r"\d+%?", zh)) == sorted(re.findall(r"\d+%?", en)), (en, zh)
    assert any("被错误地列入黑名单" in line for line in chinese)


def test_objective_labels_are_the_files_translation_or_worded_in_the_language():
    m = SocialCreditModel("challenge_speak_up", rng=0, overrides={"population.size": 200})
    m.step()
    set_language("zh")
    _, progress = challenge.status(m)
    assert [p.label for p in progress] == list(m.config.translations.zh.objective_labels)
    ob = m.config.objectives[1]
    assert challenge.objective_label(ob) == ob.label  # no translation passed: the file's own
    unlabelled = type(ob)(metric="payment_rate", op=">=", value=0.9, by_step=30, mode="always")
    assert challenge.objective_label(unlabelled) == "直到第 30 步，每一步：按时付账率 >= 0.9"
    set_language("en")
    assert challenge.objective_label(unlabelled) == "payment rate >= 0.9 every step until step 30"

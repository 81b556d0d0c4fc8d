"""Tests for scenario files: shipped files, field errors, hostile files, properties, live rules.

A scenario file is untrusted input shared by strangers. Every problem must come back as a
``ScenarioError`` naming the file, the dotted field path and what is allowed; never another
exception, never a hang, never a huge allocation.
"""

from __future__ import annotations

import dataclasses
import math
import os
import time
from pathlib import Path

import pytest
from guards import time_limit
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario import spec as S
from game.scenario.library import load, shipped
from game.scenario.schema import ScenarioError, dump, parse
from game.scenario.spec import Scenario, check_rule_path, with_overrides
from game.scenario.tomlfile import MAX_FILE_BYTES, dumps, loads

HERE = Path(__file__).resolve().parent
SHIPPED = sorted((HERE.parent / "scenarios").glob("*.toml"))
HOSTILE = sorted((HERE / "hostile").glob("*.toml"))
SRC = "bad.toml"

MINIMAL = '[meta]\ntitle = "T"\ndescription = "D"\n\n[[tiers]]\nname = "A"\n'


# --------------------------------------------------------------------------- #
# Helpers
# --------------------------------------------------------------------------- #




def sesame_data() -> dict:
    """A fresh plain-data copy of the shipped sesame scenario."""
    return dump(load("sesame"))


def error_of(data_or_text, source: str = SRC) -> ScenarioError:
    """The ScenarioError that loading this data (via TOML text) or text raises."""
    if isinstance(data_or_text, (str, bytes)):
        payload = data_or_text
    else:
        payload = tomli_w.dumps(data_or_text)
    with pytest.raises(ScenarioError) as info:
        loads(payload, source)
    return info.value


def line_for(err: ScenarioError, path: str) -> str:
    """The message line reported for ``path`` (fails, showing all lines, if there is none)."""
    prefix = f"{err.source}: {path}: "
    lines = [line for line in str(err).splitlines() if line.startswith(prefix)]
    assert lines, f"no problem reported for {path!r}; got:\n{err}"
    assert any(p == path for p, _ in err.problems)
    return lines[0]


def assert_well_formed(err: ScenarioError, source: str) -> None:
    """Every line names the file; one line per problem (no forged or multi-line messages)."""
    assert err.source == source
    assert err.problems, "a ScenarioError must carry at least one problem"
    lines = str(err).splitlines()
    assert len(lines) == len(err.problems), str(err)
    for (path, msg), line in zip(err.problems, lines):
        assert isinstance(path, str) and isinstance(msg, str)
        assert line == (f"{source}: {path}: {msg}" if path else f"{source}: {msg}")
    assert len(str(err)) < 20_000


# --------------------------------------------------------------------------- #
# 1-2. Shipped scenarios load and round-trip
# --------------------------------------------------------------------------- #


def test_shipped_scenarios_are_found():
    assert len(SHIPPED) >= 1
    assert "sesame" in {p.stem for p in SHIPPED}
    assert shipped() == SHIPPED


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenario_loads(path):
    assert path.stat().st_size <= MAX_FILE_BYTES
    sc = load(path)
    assert isinstance(sc, Scenario)
    assert sc.meta.title.strip()
    assert load(path.stem) == sc  # by shipped name too


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenario_round_trips(path):
    sc = load(path)
    text = dumps(sc)
    again = loads(text, "roundtrip.toml")
    assert again == sc
    assert dumps(again) == text
    assert loads(text.encode("utf-8"), "roundtrip.toml") == sc


def test_round_trip_with_lists_and_odd_text():
    data = sesame_data()
    data.pop("translations", None)  # their timeline captions would no longer match
    data["scoring"]["group_bias"] = [1.0, -2.5, 0.0]
    data["meta"]["description"] = 'Quotes " and \\ backslash,\nnew line, tab\t, unicode ✓ 信用'
    data["timeline"] = [
        {"step": 3, "action": "caption", "text": "Hi \"there\"\n''' triple"},
        {"step": 5, "action": "set", "path": "scoring.connections_weight", "value": 0.0},
    ]
    sc = parse(data, Scenario, "x.toml")
    assert loads(dumps(sc), "x.toml") == sc
    assert sc.timeline[1].value == 0.0 and sc.scoring.group_bias == (1.0, -2.5, 0.0)


def test_minimal_file_loads_with_defaults():
    # The negative tests below start from this; it must be valid on its own.
    sc = loads(MINIMAL, SRC)
    assert sc.meta.title == "T" and [t.name for t in sc.tiers] == ["A"]
    assert sc.population == S.Population() and sc.services == ()


def test_int_in_float_field_becomes_float():
    sc = loads(MINIMAL + "\n[scoring]\nlow = 0\nhigh = 100\n", SRC)
    assert type(sc.scoring.low) is float and sc.scoring.low == 0.0


# --------------------------------------------------------------------------- #
# 3. Field-level errors
# --------------------------------------------------------------------------- #


def _set(*keys_and_value):
    *keys, value = keys_and_value

    def mutate(d):
        node = d
        for k in keys[:-1]:
            node = node[k]
        node[keys[-1]] = value

    return mutate


def _delete(*keys):
    def mutate(d):
        node = d
        for k in keys[:-1]:
            node = node[k]
        del node[keys[-1]]

    return mutate


def _swap_tiers(d):
    d["tiers"][0], d["tiers"][1] = d["tiers"][1], d["tiers"][0]


def _services(n):
    return lambda d: d.__setitem__("services", [{"name": f"s{i}"} for i in range(n)])


ALL_TOP = "allowed here: authorities, behaviour, chapter, meta, network, objectives, player, population, prompts, scoring, services, tiers, timeline"

FIELD_ERRORS = [
    # unknown keys: the message lists what is allowed there
    ("unknown-top", _set("colour", "red"), "colour", ["unknown key", ALL_TOP]),
    ("unknown-nested", _set("scoring", "weights", "luck", 0.1), "scoring.weights.luck",
     ["unknown key; allowed here: behaviour, capacity, characteristics, history"]),
    ("unknown-in-list", _set("services", 2, "colour", "red"), "services[2].colour",
     ["unknown key", "blacklist_ban", "score_floor", "min_tier"]),
    ("unknown-in-effect", _set("services", 1, "grant", "happiness", 1.0), "services[1].grant.happiness",
     ["unknown key; allowed here: characteristics, income, wealth"]),
    # wrong types
    ("text-for-int", _set("population", "size", "big"), "population.size",
     ["must be a whole number from 2 to 2000000", "got text 'big'"]),
    ("text-for-float", _set("services", 1, "demand", "often"), "services[1].demand",
     ["must be a number from 0 to 1", "got text 'often'"]),
    ("int-for-bool", _set("authorities", "blacklist", 1), "authorities.blacklist",
     ["must be true or false", "got int 1"]),
    ("float-for-bool", _set("authorities", "public_shaming", 0.0), "authorities.public_shaming",
     ["must be true or false", "got float"]),
    ("bool-for-int", _set("population", "size", True), "population.size",
     ["must be a whole number from 2 to 2000000", "got true/false"]),
    ("bool-for-float", _set("scoring", "low", False), "scoring.low",
     ["must be a number from -1000000 to 1000000", "got true/false"]),
    ("fraction-for-int", _set("population", "steps", 200.5), "population.steps",
     ["must be a whole number from 1 to 100000", "got float 200.5"]),
    ("float-for-int", _set("population", "steps", 200.0), "population.steps",
     ["must be a whole number", "got float 200"]),
    ("text-for-bool", _set("authorities", "blacklist", "yes"), "authorities.blacklist",
     ["must be true or false", "got text 'yes'"]),
    ("table-for-text", _set("meta", "title", {"text": "x"}), "meta.title", ["must be text", "got a table"]),
    ("list-for-text", _set("tiers", 0, "name", ["A"]), "tiers[0].name", ["must be text", "got a list"]),
    ("number-for-table", _set("scoring", 5), "scoring", ["must be a table", "got int 5"]),
    ("list-for-table", _set("population", [1, 2]), "population", ["must be a table", "got a list"]),
    ("table-for-list", _set("tiers", {"name": "A"}), "tiers", ["must be a list", "got a table"]),
    ("text-in-list-of-tables", _set("services", 0, "train"), "services[0]",
     ["must be a table", "got text 'train'"]),
    # ranges and choices
    ("size-too-big", _set("population", "size", 10_000_000), "population.size",
     ["must be a whole number from 2 to 2000000", "got 10000000"]),
    ("size-negative", _set("population", "size", -5), "population.size", ["from 2 to 2000000", "got -5"]),
    ("demand-above-one", _set("services", 1, "demand", 2), "services[1].demand",
     ["must be a number from 0 to 1, got 2"]),
    ("effect-range", _set("services", 0, "deny", "income", -5.0), "services[0].deny.income",
     ["must be a number from -0.9 to 10", "got -5"]),
    ("weight-negative", _set("scoring", "connections_weight", -0.1), "scoring.connections_weight",
     ["must be a number from 0 to 1", "got -0.1"]),
    ("bad-choice", _set("network", "kind", "grid"), "network.kind",
     ["must be one of 'erdos_renyi', 'watts_strogatz', 'barabasi_albert', 'districts'", "got 'grid'"]),
    ("bad-family", _set("scoring", "family", "magic"), "scoring.family",
     ["one of 'weighted', 'points', 'blacklist_only', 'none'", "got 'magic'"]),
    ("bad-icon", _set("services", 0, "icon", "rocket"), "services[0].icon", ["one of 'train'", "got 'rocket'"]),
    ("list-item-range", _set("scoring", "group_bias", [0.0, 1e5]), "scoring.group_bias[1]",
     ["must be a number from -10000 to 10000", "got 100000"]),
    ("list-item-type", _set("scoring", "group_bias", [0.0, "x"]), "scoring.group_bias[1]",
     ["must be a number", "got text 'x'"]),
    # text and list lengths
    ("title-too-long", _set("meta", "title", "x" * 81), "meta.title", ["must be at most 80 characters, got 81"]),
    ("description-too-long", _set("meta", "description", "y" * 1201), "meta.description",
     ["must be at most 1200 characters, got 1201"]),
    ("tier-name-too-long", _set("tiers", 0, "name", "n" * 25), "tiers[0].name",
     ["must be at most 24 characters, got 25"]),
    ("services-1000", _services(1000), "services", ["must have from 0 to 16 entries, got 1000"]),
    ("services-17", _services(17), "services", ["must have from 0 to 16 entries, got 17"]),
    ("tiers-13", _set("tiers", [{"name": f"T{i}", "min_score": -i} for i in range(13)]), "tiers",
     ["must have from 1 to 12 entries, got 13"]),
    ("tiers-empty", _set("tiers", []), "tiers", ["must have from 1 to 12 entries, got 0"]),
    ("group-bias-65", _set("scoring", "group_bias", [0.0] * 65), "scoring.group_bias",
     ["must have from 0 to 64 entries, got 65"]),
    ("timeline-201", _set("timeline", [{"step": 1, "action": "caption"}] * 201), "timeline",
     ["must have from 0 to 200 entries, got 201"]),
    # missing required
    ("missing-title", _delete("meta", "title"), "meta.title", ["is required", "text"]),
    ("missing-meta", _delete("meta"), "meta", ["is required", "a table"]),
    ("missing-tiers", _delete("tiers"), "tiers", ["is required", "a list of 1 to 12 entries"]),
    ("missing-tier-name", _delete("tiers", 0, "name"), "tiers[0].name", ["is required"]),
    ("missing-service-name", _delete("services", 3, "name"), "services[3].name", ["is required"]),
    ("missing-event-step", _set("timeline", [{"action": "caption"}]), "timeline[0].step",
     ["is required", "a whole number from 0 to 100000"]),
    # cross-field checks
    ("tiers-out-of-order", _swap_tiers, "tiers", ["best first", "each min_score below the one before"]),
    ("tiers-equal-scores", _set("tiers", 1, "min_score", 750.0), "tiers", ["best first"]),
    ("tiers-duplicate-names", _set("tiers", 1, "name", "A"), "tiers", ["tier names must be unique"]),
    ("unknown-min-tier", _set("services", 1, "min_tier", "Z"), "services[1].min_tier",
     ["must be one of the tier names ['A', 'B', 'C', 'D']", "got 'Z'"]),
    ("duplicate-services", _set("services", 1, "name", "train"), "services", ["service names must be unique"]),
    ("high-below-low", _set("scoring", "high", 300.0), "scoring.high", ["must be above low (350)", "got 300"]),
    ("deed-rate-probability", _set("behaviour", "deed_rates", {"charity": 2.0}), "behaviour.deed_rates.charity",
     ["must be a probability from 0 to 1"]),
    ("too-many-conformers", _set("population", "committed_conformers", 2000), "population.committed_conformers",
     ["must not exceed population.size"]),
    ("event-bad-action", _set("timeline", [{"step": 1, "action": "explode"}]), "timeline[0].action",
     ["one of 'blacklist', 'pardon', 'set', 'caption'", "got 'explode'"]),
    ("event-sets-setup", _set("timeline", [{"step": 1, "action": "set", "path": "population.size", "value": 5}]),
     "timeline[0].path", ["population.size is a setup value"]),
    ("event-sets-section", _set("timeline", [{"step": 1, "action": "set", "path": "scoring.weights"}]),
     "timeline[0].path", ["is a section"]),
    ("event-sets-unknown", _set("timeline", [{"step": 1, "action": "set", "path": "scoring.nope"}]),
     "timeline[0].path", ["is not a rule"]),
    ("event-sets-tiers", _set("timeline", [{"step": 1, "action": "set", "path": "tiers.0.min_score"}]),
     "timeline[0].path", ["cannot change during a run"]),
]


@pytest.mark.parametrize("mutate, path, fragments", [f[1:] for f in FIELD_ERRORS],
                         ids=[f[0] for f in FIELD_ERRORS])
def test_field_error(mutate, path, fragments):
    data = sesame_data()
    mutate(data)
    err = error_of(data)
    assert_well_formed(err, SRC)
    line = line_for(err, path)
    assert line.startswith(f"{SRC}: {path}: ")
    for fragment in fragments:
        assert fragment in line, f"{fragment!r} not in {line!r}"


def test_mean_degree_must_be_below_size():
    data = sesame_data()
    data["population"]["size"] = 50
    data["network"]["mean_degree"] = 60.0
    line = line_for(error_of(data), "network.mean_degree")
    assert "must be below population.size (50)" in line


@pytest.mark.parametrize("literal", ["nan", "+nan", "-nan", "inf", "+inf", "-inf"])
def test_nan_and_inf_are_refused(literal):
    err = error_of(MINIMAL + f"\n[population]\nincome_mean = {literal}\n", "nan.toml")
    line = line_for(err, "population.income_mean")
    assert "must be a finite number" in line and "from 1 to 1000000" in line
    assert line.endswith(literal.lstrip("+").replace("-nan", "nan"))


def test_nan_in_list_and_effect():
    err = error_of(MINIMAL + "\n[scoring]\ngroup_bias = [1.0, nan]\n\n[[services]]\nname = \"x\"\n"
                   "grant = { wealth = inf }\n")
    assert "must be a finite number" in line_for(err, "scoring.group_bias[1]")
    assert "must be a finite number" in line_for(err, "services[0].grant.wealth")


def test_huge_integer_is_reported_not_crashing():
    err = error_of(MINIMAL + f"\n[population]\nsize = {10**400}\n[scoring]\nlow = -{10**400}\n")
    assert "got a whole number of about 401 digits" in line_for(err, "population.size")
    assert "got a negative whole number of about 401 digits" in line_for(err, "scoring.low")


def test_huge_hex_integer_for_text_is_reported():
    # repr() of an int over 4300 decimal digits raises ValueError; the message must not use it.
    err = error_of(MINIMAL + "\n[network]\nkind = 0x" + "f" * 6000 + "\n")
    assert "got a whole number of about 7225 digits" in line_for(err, "network.kind")


def test_all_problems_reported_together():
    data = sesame_data()
    data["population"]["size"] = 0
    data["network"]["kind"] = "grid"
    data["services"][1]["demand"] = -1
    data["extra"] = 1
    err = error_of(data)
    paths = {p for p, _ in err.problems}
    assert {"population.size", "network.kind", "services[1].demand", "extra"} <= paths


def test_problem_list_is_capped():
    err = error_of(MINIMAL + "".join(f"junk_{i} = {i}\n" for i in range(500)))
    assert_well_formed(err, SRC)
    assert len(err.problems) == 51
    assert err.problems[-1] == ("", "... and 450 more problems")


def test_unknown_key_cannot_forge_message_lines():
    err = error_of(MINIMAL + '"x\\nbad.toml: meta.title: fine" = 1\n' + '"' + "k" * 500 + '" = 1\n')
    assert_well_formed(err, SRC)
    assert len(err.problems) == 2
    assert all(len(p) < 60 for p, _ in err.problems)
    assert not any(line.startswith(f"{SRC}: meta.title") for line in str(err).splitlines())


def test_source_names_the_file_on_every_line():
    data = sesame_data()
    data["population"]["size"] = "x"
    data["meta"]["title"] = 1
    err = error_of(data, "my scenario.toml")
    assert_well_formed(err, "my scenario.toml")
    assert err.first.startswith("my scenario.toml: ")


def test_toml_syntax_error_names_the_file():
    err = error_of("[meta\ntitle = ", "syntax.toml")
    assert_well_formed(err, "syntax.toml")
    assert str(err).startswith("syntax.toml: is not valid TOML")


def test_size_limit_for_text_and_bytes():
    big = MINIMAL + "#" * MAX_FILE_BYTES
    for payload in (big, big.encode()):
        err = error_of(payload, "big.toml")
        assert f"at most {MAX_FILE_BYTES} allowed" in str(err)


def test_invalid_utf8_reports_the_byte():
    err = error_of(b'[meta]\ntitle = "\xff"\n', "latin.toml")
    assert str(err) == "latin.toml: is not UTF-8 text (byte 16)"


def test_load_unreadable_paths(tmp_path):
    for bad in (tmp_path / "missing.toml", tmp_path):
        with pytest.raises(ScenarioError) as info:
            load(bad)
        assert "cannot be read" in str(info.value)
        assert str(info.value).startswith(str(bad))


def test_load_path_with_nul_byte():
    with pytest.raises(ScenarioError) as info:
        load("bad\0name.toml")
    assert "cannot be read" in str(info.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs mkfifo")
def test_load_fifo_does_not_block(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with time_limit(3), pytest.raises(ScenarioError) as info:
        load(fifo)
    assert "pipe.toml" in str(info.value)


# --------------------------------------------------------------------------- #
# 4. Hostile corpus (tests/hostile/*.toml)
# --------------------------------------------------------------------------- #

HOSTILE_EXPECT = {
    "binary_garbage.toml": "is not UTF-8 text",
    "bool_for_number.toml": "population.size: must be a whole number from 2 to 2000000, got true/false",
    "datetime_for_number.toml": "population.steps: must be a whole number from 1 to 100000, got datetime",
    "deep_arrays.toml": "is nested too deeply",
    "deep_inline_tables.toml": "is nested too deeply",
    "deep_table_in_scoring.toml": "is nested too deeply",
    "duplicate_key.toml": "is not valid TOML",
    "empty.toml": "meta: is required",
    "forged_lines_key.toml": "unknown key",
    "huge_array.toml": "scoring.group_bias: must have from 0 to 64 entries, got 12000",
    "huge_hex_integer.toml": "network.kind: must be one of",
    "huge_integer.toml": "population.size: must be a whole number from 2 to 2000000, got a whole number of about 401",
    "huge_integer_digits.toml": "too many digits",
    "invalid_utf8.toml": "is not UTF-8 text (byte 19)",
    "long_dotted_header_and_key.toml": "dotted key",
    "long_dotted_key.toml": "dotted key",
    "many_tiers.toml": "tiers: must have from 1 to 12 entries, got 1000",
    "many_unknown_keys.toml": "junk_0: unknown key",
    "nan_inf.toml": "population.income_mean: must be a finite number",
    "negative_population.toml": "population.size: must be a whole number from 2 to 2000000, got -5",
    "not_toml.toml": "is not valid TOML",
    "nul_bytes.toml": "is not valid TOML",
    "repeated_table.toml": "is not valid TOML",
    "string_for_table.toml": "population: must be a table, got text 'everyone'",
    "table_for_string.toml": "meta.title: must be text, got a table",
    "timeline_bad_rule.toml": "timeline[0].path",
    "too_big.toml": f"at most {MAX_FILE_BYTES} allowed",
}


def test_hostile_corpus_is_complete():
    assert len(HOSTILE) >= 12
    assert {p.name for p in HOSTILE} == set(HOSTILE_EXPECT)


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.stem)
def test_hostile_file_is_refused_quickly(path):
    start = time.perf_counter()
    with time_limit(10):
        try:
            load(path)
        except ScenarioError as exc:
            err = exc
        else:
            pytest.fail(f"{path.name} was accepted")
    assert time.perf_counter() - start < 10
    # names the file (as given, or its base name) at the start of every line
    assert Path(err.source).name == path.name
    assert str(err).startswith(f"{err.source}: ")
    assert_well_formed(err, err.source)
    assert HOSTILE_EXPECT[path.name] in str(err), str(err)[:500]


# --------------------------------------------------------------------------- #
# 5. Properties
# --------------------------------------------------------------------------- #

FIELD_NAMES = sorted({f.name for cls in (Scenario, S.Meta, S.Population, S.Network, S.Scoring, S.Weights,
                                         S.Deltas, S.Tier, S.Behaviour, S.Authorities, S.Service,
                                         S.Effect, S.TimelineEvent)
                      for f in dataclasses.fields(cls)})
TEXTS = ["", "A", "B", "D", "Z", "districts", "weighted", "points", "none", "set", "blacklist", "pardon",
         "caption", "hub", "random", "12", "99999", "train", "population.size", "scoring.weights",
         "scoring.connections_weight", "authorities.blacklist", "services.0.demand", "services.99.demand",
         "services.0.nope", "services.x", "services", "tiers.0.name", "meta.title", ".", "x" * 81,
         "y" * 2001]

scalars = st.one_of(
    st.integers(),
    st.integers(min_value=-3, max_value=3),
    # (ints past 4300 digits break repr() in hypothesis' own reports; see the hex test above)
    st.sampled_from([10**400, -(10**400), 2**63, 2**14000, 2_000_001, 1_000_000_000]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 0.5, 1.0, -0.0, 1e308, -1e308, 5e-324, float("nan"), float("inf")]),
    st.booleans(),
    st.text(max_size=30),
    st.sampled_from(TEXTS),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8)), inner, max_size=4),
    ),
    max_leaves=12,
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12))


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


def _event():
    return st.fixed_dictionaries(
        {"step": st.one_of(st.integers(0, 300), scalars), "action": st.sampled_from(["set", "blacklist", "pardon", "caption"])},
        optional={"path": st.sampled_from(TEXTS), "value": scalars, "target": st.sampled_from(TEXTS),
                  "text": st.text(max_size=20)},
    )


def _check_outcome(data, source="x.toml"):
    try:
        sc = parse(data, Scenario, source)
    except ScenarioError as err:
        assert_well_formed(err, source)
        return None
    assert isinstance(sc, Scenario)
    assert loads(dumps(sc), source) == sc  # anything valid must also survive a save
    return sc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_sesame_gives_scenario_or_scenario_error(data):
    doc = sesame_data()
    if data.draw(st.booleans(), label="add timeline"):
        doc["timeline"] = data.draw(st.lists(_event(), max_size=3), label="timeline")
    root = {"doc": doc}
    for _ in range(data.draw(st.integers(0, 4), label="mutations")):
        path = ("doc",) + data.draw(st.sampled_from(list(_paths(root["doc"]))), label="path")
        parent = root
        for k in path[:-1]:
            parent = parent[k]
        last = path[-1]
        op = data.draw(st.sampled_from(["replace", "delete", "add"]), label="op")
        if op == "replace" or (op == "delete" and last == "doc"):
            parent[last] = data.draw(values, label="value")
        elif op == "delete":
            del parent[last]
        elif isinstance(parent[last], dict):
            parent[last][data.draw(keys, label="key")] = data.draw(values, label="value")
        elif isinstance(parent[last], list):
            parent[last].append(data.draw(values, label="value"))
        else:
            parent[last] = data.draw(values, label="value")
    _check_outcome(root["doc"])


@settings(max_examples=60, deadline=None)
@given(value=values)
def test_any_plain_data_gives_scenario_or_scenario_error(value):
    _check_outcome(value)
    _check_outcome({"meta": {"title": "t", "description": "d"}, "tiers": [{"name": "A"}], "scoring": value})


TOML_BITS = ["[meta]", "[[tiers]]", "[population]", "[[services]]", "[[timeline]]", "title", "name",
             "size", "description", "step", "action", "path", "value", " = ", "=", "\n", "[", "]", "{", "}",
             ",", ".", '"', "'", '"""', "'''", "#", "1", "-1", "0x10", "1e400", "nan", "inf", "true",
             "1979-05-27", "07:32:00", '"A"', '"set"', '"x"', " "]


@settings(max_examples=200, deadline=None)
@given(payload=st.one_of(st.text(max_size=200), st.binary(max_size=200),
                         st.lists(st.sampled_from(TOML_BITS), max_size=40).map("".join)))
def test_random_text_or_bytes_gives_scenario_or_scenario_error(payload):
    try:
        sc = loads(payload, "fuzz.toml")
    except ScenarioError as err:
        assert_well_formed(err, "fuzz.toml")
    else:
        assert isinstance(sc, Scenario)


@settings(max_examples=100, deadline=None)
@given(line=st.sampled_from(["population.size", "population.steps", "scoring.connections_weight", "services[0].demand",
                             "tiers[0].min_score", "authorities.blacklist", "network.kind"]),
       value=scalars)
def test_single_field_errors_name_the_field(line, value):
    # mean_degree below any valid size, so only the field itself can be wrong
    data = {"meta": {"title": "t", "description": "d"}, "tiers": [{"name": "A"}],
            "services": [{"name": "s"}], "network": {"mean_degree": 0.5}}
    section, _, key = line.partition(".")
    if "[0]" in section:
        data[section[:-3]][0][key] = value
    else:
        data.setdefault(section, {})[key] = value
    try:
        parse(data, Scenario, "x.toml")
    except ScenarioError as err:
        assert_well_formed(err, "x.toml")
        assert any(p == line for p, _ in err.problems), str(err)


# --------------------------------------------------------------------------- #
# 6. Live rules: with_rule, with_overrides, check_rule_path
# --------------------------------------------------------------------------- #


@pytest.fixture(scope="module")
def sesame():
    return load("sesame")


def test_with_rule_changes_only_that_rule(sesame):
    before = sesame.scoring.connections_weight
    changed = sesame.with_rule("scoring.connections_weight", 0.0)
    assert changed.scoring.connections_weight == 0.0
    assert sesame.scoring.connections_weight == before > 0  # original untouched (frozen)
    restored = dataclasses.replace(changed, scoring=dataclasses.replace(changed.scoring, connections_weight=before))
    assert restored == sesame


def test_with_rule_nested_and_services(sesame):
    assert sesame.with_rule("scoring.weights.history", 0.5).scoring.weights.history == 0.5
    changed = sesame.with_rule("services.1.demand", 0.2)
    assert changed.services[1].demand == 0.2
    assert changed.services[0] == sesame.services[0] and changed.services[2:] == sesame.services[2:]
    assert sesame.with_rule("scoring.family", "points").scoring.family == "points"
    assert sesame.with_rule("services.1.min_tier", "A").services[1].min_tier == "A"


@pytest.mark.parametrize("path, fragment", [
    ("population.size", "population.size is a setup value: change it in the file and restart"),
    ("network.kind", "network.kind is a setup value"),
    ("population", "population is a setup value"),
    ("meta.title", "cannot change during a run"),
    ("tiers.0.min_score", "cannot change during a run"),
    ("timeline", "cannot change during a run"),
    ("scoring.weights", "is a section, not a single rule"),
    ("scoring.group_bias", "is a section, not a single rule"),
    ("services.1.grant", "is a section, not a single rule"),
    ("scoring.nope", "is not a rule of a scenario"),
    ("", "is not a rule of a scenario"),
    ("services", "use services.<index>.<field>"),
    ("services.x.demand", "use services.<index>.<field>"),
    ("services.0.nope", "services.0.nope"),
])
def test_with_rule_refuses_non_rules(sesame, path, fragment):
    with pytest.raises(ValueError) as info:
        sesame.with_rule(path, 1)
    assert fragment in str(info.value)
    with pytest.raises(ValueError):
        check_rule_path(path)


@pytest.mark.parametrize("path", ["scoring.connections_weight", "scoring.weights.history", "authorities.blacklist",
                                  "behaviour.deed_rates.charity", "services.0.demand", "services.3.grant.wealth",
                                  "scoring.family"])
def test_check_rule_path_accepts_rules(path):
    assert check_rule_path(path) is None


@pytest.mark.parametrize("path, value, where, fragment", [
    ("scoring.connections_weight", 2.0, "scoring.connections_weight", "must be a number from 0 to 1, got 2"),
    ("scoring.connections_weight", -1, "scoring.connections_weight", "from 0 to 1, got -1"),
    ("scoring.connections_weight", math.nan, "scoring.connections_weight", "must be a finite number"),
    ("scoring.connections_weight", math.inf, "scoring.connections_weight", "must be a finite number"),
    ("scoring.connections_weight", 10**400, "scoring.connections_weight", "about 401 digits"),
    ("scoring.connections_weight", "0.5", "scoring.connections_weight", "got text '0.5'"),
    ("scoring.connections_weight", True, "scoring.connections_weight", "got true/false"),
    ("services.1.demand", 5, "services[1].demand", "must be a number from 0 to 1, got 5"),
    ("services.1.min_tier", "Z", "services[1].min_tier", "must be one of the tier names"),
    ("services.99.demand", 0.5, "services.99.demand", "is not a field of a scenario"),
    ("scoring.high", 100.0, "scoring.high", "must be above low (350)"),
    ("scoring.family", "magic", "scoring.family", "got 'magic'"),
    ("scoring.opacity", 1.0, "scoring.opacity", "got float 1"),
    ("authorities.blacklist", 0.5, "authorities.blacklist", "must be true or false, got float 0.5"),
    ("authorities.blacklist", 2, "authorities.blacklist", "must be true or false, got int 2"),
    ("authorities.default_after", 3.5, "authorities.default_after", "must be a whole number from 1 to 1000"),
    ("authorities.default_after", 0, "authorities.default_after", "from 1 to 1000, got 0"),
])
def test_with_rule_bad_values_give_scenario_error(sesame, path, value, where, fragment):
    with pytest.raises(ScenarioError) as info:
        sesame.with_rule(path, value)
    err = info.value
    assert err.source == f"rule {path}"
    assert_well_formed(err, err.source)
    assert fragment in line_for(err, where)


def test_with_rule_coerces_numbers(sesame):
    as_float = sesame.with_rule("scoring.connections_weight", 0)
    assert type(as_float.scoring.connections_weight) is float and as_float.scoring.connections_weight == 0.0
    assert type(sesame.with_rule("scoring.low", 300).scoring.low) is float
    assert sesame.with_rule("authorities.blacklist", 0.0).authorities.blacklist is False
    assert sesame.with_rule("authorities.public_shaming", 1.0).authorities.public_shaming is True
    assert sesame.with_rule("authorities.public_shaming", 1).authorities.public_shaming is True
    as_int = sesame.with_rule("authorities.default_after", 3.0)
    assert type(as_int.authorities.default_after) is int and as_int.authorities.default_after == 3


def test_with_overrides_allows_setup_and_validates(sesame):
    changed = with_overrides(sesame, {"population.size": 500, "network.kind": "erdos_renyi"})
    assert changed.population.size == 500 and changed.network.kind == "erdos_renyi"
    assert type(with_overrides(sesame, {"population.size": 500.0}).population.size) is int
    with pytest.raises(ScenarioError) as info:
        with_overrides(sesame, {"population.colour": 1})
    assert str(info.value) == "overrides: population.colour: is not a field of a scenario"
    with pytest.raises(ScenarioError) as info:
        with_overrides(sesame, {"population.size": 10_000_000}, source="cli")
    assert "cli: population.size: must be a whole number from 2 to 2000000, got 10000000" in str(info.value)


# --------------------------------------------------------------------------- #
# Timeline entries are checked when the file loads, not when the run reaches them
# --------------------------------------------------------------------------- #


def _with_event(**event):
    data = sesame_data()
    data["timeline"] = [{"step": 1, **event}]
    return data


@pytest.mark.parametrize("event", [
    {"action": "set", "path": "scoring.connections_weight", "value": 0.0},
    {"action": "set", "path": "authorities.blacklist", "value": 0.0},
    {"action": "set", "path": "services.7.demand", "value": 0.5},
    {"action": "blacklist", "target": "hub"},
    {"action": "blacklist", "target": "random"},
    {"action": "pardon", "target": "999"},
    {"action": "blacklist"},
    {"action": "caption", "text": "Hello"},
])
def test_valid_timeline_events_load(event):
    sc = parse(_with_event(**event), Scenario, SRC)
    assert sc.timeline[0].action == event["action"]


@pytest.mark.parametrize("event, where", [
    ({"action": "set", "path": "services.0.nope", "value": 1.0}, "timeline[0].path"),
    ({"action": "set", "path": "services.99.demand", "value": 0.5}, "timeline[0].path"),
    ({"action": "set", "path": "scoring.connections_weight", "value": 5.0}, "timeline[0].value"),
    ({"action": "set", "path": "authorities.blacklist", "value": 0.5}, "timeline[0].value"),
    ({"action": "set", "path": "scoring.family", "value": 1.0}, "timeline[0].value"),
    ({"action": "blacklist", "target": "bogus"}, "timeline[0].target"),
    ({"action": "pardon", "target": "1000"}, "timeline[0].target"),
])
def test_bad_timeline_events_refused_at_load(event, where):
    err = error_of(_with_event(**event))
    assert_well_formed(err, SRC)
    line_for(err, where)

"""Write the hand-made hostile corpora: ``hostile_codes.txt``, ``hostile_records/``,
``hostile_snapshots/``. Run ``python tests/make_hostile.py`` after a format change; the
tests read the committed files (and check each is refused with the fragment listed in
them), so a reader can open every hostile input as it is.

Each corpus entry says what it is and the fragment its error must contain.
"""

from __future__ import annotations

import base64
import io
import json
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from game.records import snapshot  # noqa: E402
from game.scenario import share
from game.scenario.library import load  # noqa: E402
from game.scenario.share_dict import ZDICT_V1  # noqa: E402
from game.sim.commands import Blacklist, SetRule  # noqa: E402
from game.sim.model import SocialCreditModel  # noqa: E402

TINY = {"population.size": 20, "network.mean_degree": 4.0}


# --- share codes ------------------------------------------------------------------------------

def pack(raw: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15, zdict=ZDICT_V1)
    return c.compress(raw) + c.flush()


def twice(code: str) -> str:
    """A code pasted twice (its head once), cut to a length base32 can have, so what is
    refused is the checksum, not the length."""
    body = code[4:] + code[4:]
    while len(body) % 8 not in (0, 2, 4, 5, 7):
        body = body[:-1]
    return code[:4] + body


def wrap(packed: bytes) -> str:
    """A code around any packed bytes, with a correct checksum (so decoding gets past it)."""
    body = base64.b32encode(packed + share._checksum(packed)).decode("ascii").rstrip("=")
    return f"OS1-{body}"


def hostile_codes() -> list[tuple[str, str, str]]:
    good = share.encode(load("sesame"))
    typo = good[:100] + ("A" if good[100] != "A" else "B") + good[101:]
    minimal = '[meta]\ntitle = "T"\ndescription = "D"\n\n[[tiers]]\nname = "A"\n'
    stream = pack(minimal.encode())
    return [
        ("", "empty", "does not start with OS1-"),
        ("hello world", "not a code at all", "does not start with OS1-"),
        ("OS1", "prefix without the dash", "does not start with OS1-"),
        ("OS-AAAAAAAA", "no version number", "has no version number"),
        ("OS2-AAAAAAAA", "a future version", "version 2 is not one this game reads"),
        ("OS0-AAAAAAAA", "version zero", "version 0 is not one"),
        ("OS1234567-AAAA", "a version of seven digits", "does not start with OS1-"),
        ("XX1-AAAAAAAA", "another game's prefix", "does not start with OS1-"),
        ("OS1-", "nothing after the prefix", "too short"),
        ("OS1-!!!!!!!!", "punctuation", "contains '!'"),
        ("OS1-ÄÖÜßÄÖÜß", "letters outside base32", "contains 'Ä'"),
        ("OS1-AB\x00CDEFGH", "a NUL byte", "contains '\\x00'"),
        ("OS1-AB9CDEFG", "a digit base32 never uses", "contains '9'"),
        ("OS1-A", "one character: no base32 text has this length", "a length no share code can have"),
        (typo, "a real code with one character changed", "checksum does not match"),
        (good[:-8], "a real code cut off", "checksum does not match"),
        (twice(good), "a real code pasted twice", "checksum does not match"),
        (wrap(pack(b"a" * 1_000_000)), "a decompression bomb: 1 MB of text in 1 KB", "unpacks to more than"),
        (wrap(pack(b"#" * 65_537)), "one byte more than a scenario file may have", "unpacks to more than"),
        (wrap(stream[: len(stream) // 2]), "a packed stream cut in half", "ends early"),
        (wrap(b"\xff" * 40), "bytes that are not a deflate stream", "damaged"),
        (wrap(stream + b"extra"), "data after the end of the stream", "extra data"),
        (wrap(pack(b"this is = = not toml")), "not TOML", "is not valid TOML"),
        (wrap(pack((minimal + "evil = 1\n").encode())), "an unknown key", "evil: unknown key"),
        (wrap(pack((minimal + "[population]\nincome_mean = nan\n").encode())), "NaN",
         "population.income_mean: must be a finite number"),
        (wrap(pack((minimal + "[population]\nsize = 1000000000\n").encode())), "a population of a billion",
         "population.size: must be a whole number from 2 to 2000000"),
        (wrap(pack((minimal + "x = " + "[" * 5000 + "]" * 5000 + "\n").encode())), "nesting 5000 deep",
         "nested too deeply"),
        (wrap(pack((minimal + "a" + ".a" * 40 + " = 1\n").encode())), "a dotted key of 41 parts",
         "dotted key has more than"),
        (wrap(pack((minimal + "[meta]\ntitle = 'again'\n").encode())), "a table defined twice",
         "is not valid TOML"),
        (wrap(pack(minimal.encode() + b"\n# \xff\xfe\n")), "invalid UTF-8", "is not UTF-8"),
        (wrap(pack((minimal + "[population]\nsize = " + "9" * 5000 + "\n").encode())),
         "an integer of 5000 digits", "too many digits"),
    ]


def write_codes() -> None:
    lines = ["# Hostile share codes, one per line: <code, Python escapes>\\t# <what it is> => <error fragment>",
             "# Written by tests/make_hostile.py; tests/test_share.py checks each is refused with its fragment."]
    for code, what, fragment in hostile_codes():
        escaped = code.encode("unicode_escape").decode("ascii")
        lines.append(f"{escaped}\t# {what} => {fragment}")
    (HERE / "hostile_codes.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- replay records ---------------------------------------------------------------------------

def good_record() -> dict:
    from game.records.replay import record_of

    m = SocialCreditModel("sesame", rng=3, overrides=TINY)
    m.run(2)
    m.apply(Blacklist(1))
    m.run(1)
    return record_of(m)


def hostile_records() -> dict[str, tuple[bytes, str, str]]:
    rec = good_record()

    def with_(**changes) -> bytes:
        return json.dumps({**rec, **changes}).encode()

    def cmd(**fields) -> bytes:
        return with_(commands=[{"at": 0, "command": "Blacklist", "citizen": 1, **fields}])

    minimal = '[meta]\ntitle = "T"\ndescription = "D"\n\n[[tiers]]\nname = "A"\n'
    text = json.dumps(rec)
    return {
        "empty.json": (b"", "an empty file", "is not valid JSON"),
        "not_json.json": (b"format = 'toml'", "TOML, not JSON", "is not valid JSON"),
        "top_level_list.json": (b"[1, 2, 3]", "a list instead of an object", "must be an object"),
        "invalid_utf8.json": (b'{"format": "\xff\xfe"}', "invalid UTF-8", "is not UTF-8"),
        "nan.json": (text.replace('"seed": 3', '"seed": NaN').encode(), "NaN for a number", "NaN is not a number"),
        "infinity.json": (text.replace('"seed": 3', '"seed": 1e400').encode(), "a number past float range",
                          "too large"),
        "huge_integer.json": (text.replace('"seed": 3', '"seed": ' + "9" * 5000).encode(),
                              "an integer of 5000 digits", "has 5000 digits"),
        "duplicate_key.json": (text.replace('"seed": 3', '"seed": 3, "seed": 4').encode(),
                               "the same key twice", "appears twice"),
        "deep_nesting.json": (("[" * 10_000 + "]" * 10_000).encode(), "nesting 10000 deep", "nested too deeply"),
        "deep_in_commands.json": (with_(commands=json.loads("[" * 20 + "]" * 20)), "nesting 20 deep",
                                  "nested too deeply"),
        "unknown_key.json": (with_(evil=1), "an unknown key", "evil: unknown key"),
        "missing_seed.json": (json.dumps({k: v for k, v in rec.items() if k != "seed"}).encode(),
                              "no seed", "seed: is missing"),
        "wrong_format.json": (with_(format="open-sesame-snapshot"), "another format", "format: must be"),
        "future_version.json": (with_(version=3), "a future version", "version: this game reads version 1 or 2"),
        "parts_not_object.json": (with_(parts=["abc"]), "a list for the per-part digests", "parts: must be an object"),
        "parts_unknown.json": (with_(parts={**rec["parts"], "evil": "0" * 64}), "a part the state does not have",
                               "parts.evil: is not a piece of the state"),
        "parts_retired.json": (with_(parts={**rec["parts"], "last_denied_service": "0" * 64}),
                               "a part an older game's state had (refusals, now the screen's)",
                               "parts.last_denied_service: belongs to the state of an older game"),
        "parts_not_hex.json": (with_(parts={**rec["parts"], "score": "z" * 64}), "a part digest that is not hex",
                               "parts.score: must be 64"),
        "made_with_missing.json": (with_(made_with={k: v for k, v in rec["made_with"].items() if k != "numpy"}),
                                   "an environment without numpy's version", "made_with.numpy: is missing"),
        "made_with_long.json": (with_(made_with={**rec["made_with"], "cpu": "A" * 5000}),
                                "an environment line of 5000 characters", "made_with.cpu: must be text of at most 120"),
        "version1_with_parts.json": (with_(version=1), "a version 1 record with version 2 fields",
                                     "parts: unknown key"),
        "negative_seed.json": (with_(seed=-1), "a negative seed", "seed: must be a whole number from 0"),
        "seed_as_text.json": (with_(seed="3"), "text for a number", "seed: must be a whole number"),
        "seed_as_bool.json": (with_(seed=True), "true for a number", "seed: must be a whole number"),
        "too_many_steps.json": (with_(steps=10**9), "a billion steps", "steps: must be a whole number from 0 to"),
        "commands_not_list.json": (with_(commands={"at": 0}), "an object for the list", "commands: must be a list"),
        "unknown_command.json": (cmd(command="Explode"), "a command the game does not have",
                                 "commands[0].command: must be one of"),
        "command_extra_field.json": (cmd(evil=1), "an extra argument", "commands[0].evil: unknown key"),
        "command_missing_field.json": (with_(commands=[{"at": 0, "command": "Befriend", "a": 1}]),
                                       "a missing argument", "commands[0].b: is missing"),
        "citizen_out_of_range.json": (cmd(citizen=20), "a citizen id past the population",
                                      "commands[0].citizen: must be a whole number from 0 to 19"),
        "citizen_float.json": (cmd(citizen=1.5), "a fraction for an id", "commands[0].citizen: must be a whole number"),
        "at_past_steps.json": (cmd(at=99), "a command after the run ended", "commands[0].at: must be a whole number"),
        "at_going_back.json": (with_(commands=[{"at": 2, "command": "Blacklist", "citizen": 1},
                                               {"at": 1, "command": "Blacklist", "citizen": 2}]),
                               "commands out of order", "commands[1].at: must not be before"),
        "rule_value_object.json": (with_(commands=[{"at": 0, "command": "SetRule", "path": "scoring.low",
                                                    "value": {"x": 1}}]),
                                   "an object for a rule's value", "commands[0].value: must be a number"),
        "rule_path_long.json": (with_(commands=[{"at": 0, "command": "SetRule", "path": "a" * 500, "value": 1}]),
                                "a rule path of 500 characters", "commands[0].path: must be text of at most 80"),
        "digest_not_hex.json": (with_(digest="z" * 64), "a digest that is not hex", "digest: must be 64"),
        "scenario_not_toml.json": (with_(scenario="[[[["), "scenario text that is not TOML",
                                   "scenario: is not valid TOML"),
        "scenario_bad_field.json": (with_(scenario=minimal + "[population]\nsize = -5\n"),
                                    "a scenario with a bad population",
                                    "scenario.population.size: must be a whole number from 2"),
        "scenario_not_text.json": (with_(scenario={"meta": {}}), "an object for the scenario text",
                                   "scenario: must be text"),
        "act_choice_number.json": (with_(commands=[{"at": 0, "command": "Act", "pay": 1, "speak": None,
                                                    "apply_for": []}]),
                                   "a number for a yes/no/undecided choice",
                                   "commands[0].pay: must be true, false or null"),
        "act_services_text.json": (with_(commands=[{"at": 0, "command": "Act", "pay": None, "speak": None,
                                                    "apply_for": "train"}]),
                                   "one text instead of a list of services", "commands[0].apply_for: must be a list"),
        "refused_on_replay.json": (with_(commands=[{"at": 0, "command": "Pardon", "citizen": 5}]),
                                   "a command the game refuses (pardon someone not listed)",
                                   "commands[0]: the game refused it"),
    }


def write_records() -> None:
    folder = HERE / "hostile_records"
    folder.mkdir(exist_ok=True)
    index = {}
    for name, (data, what, fragment) in hostile_records().items():
        (folder / name).write_bytes(data)
        index[name] = {"what": what, "error": fragment}
    (folder / "INDEX.txt").write_text(
        "# file => what it is => fragment of the error it must give (written by tests/make_hostile.py)\n"
        + "".join(f"{k} => {v['what']} => {v['error']}\n" for k, v in index.items()), encoding="utf-8")


# --- snapshots --------------------------------------------------------------------------------

def tiny_model():
    m = SocialCreditModel("sesame", rng=2, overrides=TINY)
    m.run(3)
    m.apply(SetRule("scoring.speech_penalty", 12.5))
    m.apply(Blacklist(4))
    m.run(2)
    assert len(m.events) > 1
    return m


def npz(arrays: dict[str, np.ndarray], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, arr in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asarray(arr), allow_pickle=True)
            zf.writestr(f"{name}.npy", member.getvalue())
    return buf.getvalue()


def meta_of(arrays) -> dict:
    return json.loads(arrays["meta"].tobytes())


def with_meta(arrays, meta: dict | bytes) -> dict:
    raw = meta if isinstance(meta, bytes) else json.dumps(meta).encode()
    return {**arrays, "meta": np.frombuffer(raw, dtype=np.uint8)}


class _Unpickled:
    """Unpickling this would run code (it would set a flag in builtins): it must never happen."""

    def __reduce__(self):
        return (exec, ("import builtins; builtins.OPEN_SESAME_UNPICKLED = True",))


def forge_sizes(data: bytes, member: str, file_size: int) -> bytes:
    """Rewrite the uncompressed size a zip declares for ``member`` (local and central headers)."""
    out = bytearray(data)
    name = member.encode()
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = 0
        while (pos := out.find(sig, pos)) >= 0:
            name_at = pos + (30 if sig == b"PK\x03\x04" else 46)
            if out[name_at:name_at + len(name)] == name:
                struct.pack_into("<L", out, pos + offset, file_size)
            pos += 4
    return bytes(out)


def hostile_snapshots() -> dict[str, tuple[bytes, str, str]]:
    m = tiny_model()
    good = snapshot.snapshot_arrays(m)
    valid = npz(good)
    meta = meta_of(good)

    def arr(name, value):
        return npz({**good, name: value})

    def meta_with(**changes):
        return npz(with_meta(good, {**meta, **changes}))

    score = good["score"]
    listed = good["listed"].copy()
    listed.view(np.uint8)[0] = 2
    obj = np.empty(2, dtype=object)
    obj[0] = _Unpickled()
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, a in good.items():
            if name != "score":
                member = io.BytesIO()
                np.lib.format.write_array(member, a)
                zf.writestr(f"{name}.npy", member.getvalue())
        member = io.BytesIO()
        np.lib.format.write_array(member, np.zeros(4_000_000))  # 32 MB of zeros in about 32 KB
        zf.writestr("score.npy", member.getvalue())
    bomb = bomb.getvalue()
    honest_size = len(np.lib.format.header_data_from_array_1_0(score)) + score.nbytes
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as zf:
        for i in range(200):
            zf.writestr(f"m{i}.npy", b"")
    dup = io.BytesIO()
    with zipfile.ZipFile(dup, "w") as zf:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name, a in list(good.items()) + [("score", score)]:
                member = io.BytesIO()
                np.lib.format.write_array(member, a)
                zf.writestr(f"{name}.npy", member.getvalue())
    deep = ("[" * 10_000 + "]" * 10_000).encode()
    events = dict(good)
    events["ev_id"] = good["ev_id"] + 1
    friends_self = good["friends"].copy()
    friends_self[0] = 0  # citizen 0 with citizen 0
    return {
        "empty.npz": (b"", "an empty file", "not a zip archive"),
        "not_zip.npz": (b"Hello, I am a text file." * 10, "text, not a zip", "not a zip archive"),
        "truncated.npz": (valid[: len(valid) // 2], "a real snapshot cut in half", "not a zip archive"),
        "truncated_end.npz": (valid[:-5], "a real snapshot missing its last bytes", "not a zip archive"),
        "corrupted_byte.npz": (valid[:200] + bytes([valid[200] ^ 0xFF]) + valid[201:],
                               "one byte flipped inside a member", "cannot be read"),
        "wrong_dtype.npz": (arr("score", score.astype(np.float32)), "score as float32",
                            "score: must be a <f8 array of shape 20, got a <f4 array"),
        "big_endian.npz": (arr("score", score.astype(">f8")), "score in big-endian byte order",
                           "score: must be a <f8 array"),
        "wrong_shape.npz": (arr("score", np.concatenate([score, [500.0]])), "one score too many",
                            "score: must be a <f8 array of shape 20, got a <f8 array of shape 21"),
        "two_dimensional.npz": (arr("wealth", good["wealth"].reshape(4, 5)), "a column reshaped 4x5",
                                "wealth: must be a <f8 array of shape 20, got a <f8 array of shape 4x5"),
        "extra_member.npz": (npz({**good, "evil": np.zeros(3)}), "an extra member", "unexpected member 'evil'"),
        "friend_sums_nan.npz": (arr("friend_sums", np.full(score.size, np.nan)), "friends' score sums of NaN",
                                "friend_sums: must hold finite numbers"),
        "friend_sums_wrong.npz": (arr("friend_sums", np.zeros(score.size)), "friends' score sums all zero",
                                  "friend_sums: must be each citizen's sum of friends' scores"),
        "missing_member.npz": (npz({k: v for k, v in good.items() if k != "score"}), "no score column",
                               "member 'score' is missing"),
        "no_meta.npz": (npz({k: v for k, v in good.items() if k != "meta"}), "no metadata", "meta: is missing"),
        "odd_member_name.npz": (npz({**good, "../../etc/passwd": np.zeros(1)}), "a member path leaving the archive",
                                "unexpected member '../../etc/passwd.npy'"),
        "object_array_pickle.npz": (arr("score", obj), "an object array holding a pickle that runs code",
                                    "score: must be a <f8 array"),
        "pickle_as_meta.npz": (npz(with_meta(good, b"\x80\x04\x95" + b"\x00" * 20)), "pickle bytes as metadata",
                               "meta: is not UTF-8"),
        "zip_bomb_declared.npz": (bomb, "a 32 MB member (zeros) declared honestly", "score: holds 32000128 bytes"),
        "zip_bomb_forged.npz": (forge_sizes(bomb, "score.npy", honest_size),
                                "a 32 MB member whose declared size is forged to the right one",
                                "score: cannot be read (Bad CRC-32"),
        "too_many_members.npz": (many.getvalue(), "200 members", "lists 200 members"),
        "duplicate_member.npz": (dup.getvalue(), "the score member twice", "has the member 'score.npy' twice"),
        "bzip2_member.npz": (npz(good, zipfile.ZIP_BZIP2), "bzip2 compression", "unsupported compression"),
        "bool_byte_2.npz": (arr("listed", listed), "a boolean stored as byte 2", "listed: true/false values"),
        "nan_score.npz": (arr("score", np.where(np.arange(20) == 3, np.nan, score)), "NaN in a score",
                          "score: must hold finite numbers, found nan"),
        "inf_wealth.npz": (arr("wealth", np.where(np.arange(20) == 3, np.inf, good["wealth"])), "infinite wealth",
                           "wealth: must hold finite numbers, found inf"),
        "negative_wealth.npz": (arr("wealth", -good["wealth"] - 1), "negative wealth",
                                "wealth: values must be from 0"),
        "score_above_high.npz": (arr("score", np.where(np.arange(20) == 3, 5000.0, score)),
                                 "a score of 5,000 on a 350-950 scale", "score: values must be from 350 to 950"),
        "score_below_low.npz": (arr("score", np.where(np.arange(20) == 3, -1e6, score)),
                                "a score of -1,000,000 on a 350-950 scale", "score: values must be from 350 to 950"),
        "days_left_negative.npz": (arr("days_left", np.full(20, -36_500, dtype=good["days_left"].dtype)),
                                   "a blacklist term of -36,500 days", "days_left: values must be from 0 to 365"),
        "days_left_beyond_term.npz": (arr("days_left", np.full(20, 36_500, dtype=good["days_left"].dtype)),
                                      "36,500 days left of a 365-day term", "days_left: values must be from 0 to 365"),
        "wealth_beyond_cap.npz": (arr("wealth", np.where(np.arange(20) == 3, 1e300, good["wealth"])),
                                  "wealth of 1e300 coins", "wealth: values must be from 0 to 1e+15"),
        "group_out_of_range.npz": (arr("group", np.full(20, 99, dtype=np.int16)), "group 99 of 8",
                                   "group: values must be from 0 to 7, found 99"),
        "group_reshuffled.npz": (arr("group", good["group"][::-1].copy()), "districts other than the scenario's",
                                 "group: must be the scenario's districts"),
        "tier_out_of_range.npz": (arr("tier", np.full(20, -3, dtype=np.int8)), "tier -3",
                                  "tier: values must be from 0 to 3, found -3"),
        "cause_ring_negative.npz": (arr("cause_ring", np.full(20, -2, dtype=np.int32)), "a cascade ring of -2",
                                    "cause_ring: values must be from 0 to"),
        "friends_self_tie.npz": (arr("friends", friends_self), "a citizen befriending themself",
                                 "friends: each friendship must join two different citizens"),
        "friends_unsorted.npz": (arr("friends", good["friends"][::-1].copy()), "friendships out of order",
                                 "friends: must be ascending"),
        "event_ids_reversed.npz": (npz(events), "event ids shifted by one", "ev_id: must be the ids"),
        "meta_not_json.npz": (npz(with_meta(good, b"not json at all")), "metadata that is not JSON",
                              "is not valid JSON"),
        "meta_nan.npz": (npz(with_meta(good, json.dumps(meta).replace('"steps": 5', '"steps": NaN').encode())),
                         "NaN in the metadata", "NaN is not a number"),
        "meta_deep.npz": (npz(with_meta(good, deep)), "metadata nested 10000 deep", "nested too deeply"),
        "meta_future_version.npz": (meta_with(version=snapshot.VERSION + 1), "a future version",
                                    f"meta.version: this game reads version {snapshot.VERSION}"),
        "meta_old_version.npz": (meta_with(version=1), "version 1, from before friend_sums were stored",
                                 f"meta.version: this game reads version {snapshot.VERSION} snapshots, got 1"),
        "meta_unknown_key.npz": (meta_with(evil=True), "an unknown metadata key", "meta.evil: unknown key"),
        "meta_bad_scenario.npz": (meta_with(scenario=meta["scenario"].replace("size = 20", "size = -5")),
                                  "a scenario with a negative population",
                                  "meta.scenario.population.size: must be a whole number"),
        "meta_setup_changed.npz": (meta_with(scenario=meta["scenario"].replace("size = 20", "size = 30")),
                                   "a population different from the one the run started with",
                                   "meta.scenario.population: must equal initial_scenario's"),
        "meta_rng_huge.npz": (meta_with(rng={**meta["rng"], "state": {"state": 2**130, "inc": 1}}),
                              "a generator state past 128 bits", "meta.rng.state.state: must be a whole number"),
        "meta_random_short.npz": (meta_with(random=[3, [1, 2, 3], None]), "a Python generator state of 3 words",
                                  "meta.random[1]: must be a list of 625"),
        "meta_events_lie.npz": (meta_with(events={**meta["events"], "count": 10**12}),
                                "a trillion events announced", "meta.events.count: must be a whole number"),
        "meta_series_names.npz": (meta_with(series=["x"] * len(meta["series"])), "series under other names",
                                  "meta.series: must name the scenario's series"),
        "meta_command_bad.npz": (meta_with(commands=[{"at": 0, "command": "Blacklist", "citizen": 999}]),
                                 "a command naming citizen 999 of 20",
                                 "meta.commands[0].citizen: must be a whole number from 0 to 19"),
        "meta_steps_negative.npz": (meta_with(steps=-1), "minus one step", "meta.steps: must be a whole number"),
        "meta_huge.npz": (npz(with_meta(good, b" " * (17 << 20))), "17 MB of metadata",
                          "meta: holds"),
    }


def write_snapshots() -> None:
    folder = HERE / "hostile_snapshots"
    folder.mkdir(exist_ok=True)
    lines = ["# file => what it is => fragment of the error it must give (written by tests/make_hostile.py)"]
    for name, (data, what, fragment) in hostile_snapshots().items():
        (folder / name).write_bytes(data)
        lines.append(f"{name} => {what} => {fragment}")
    (folder / "INDEX.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_codes()
    write_records()
    write_snapshots()
    print("wrote hostile_codes.txt, hostile_records/, hostile_snapshots/")

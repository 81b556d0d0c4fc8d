"""The class server for real: uvicorn on 127.0.0.1, several WebSocket clients, rounds played.

Each test starts its own server on a free port and talks to it only over sockets, as phones
and the teacher's console do.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import numpy as np
import pytest

from classroom_helpers import Client, join, play_round, teacher

from game.classroom import room as room_module
from game.classroom import save
from game.classroom.room import Room
from game.classroom.run import serve
from game.records.replay import loads_record, replay

PRIVATE = {"pay", "speak", "apply", "appeal", "ready", "drop", "ask", "accept", "decline"}
PERSON_KEYS = {"id", "name", "classmate", "listed", "score", "tier", "drop", "cost", "asked", "reply"}


@pytest.fixture
def running(tmp_path):
    room = Room("sesame", seed=4, seats=12)
    saved = []
    run = serve(room, autosave=lambda r: saved.append(save.save(r, tmp_path / "session")),
                export_dir=tmp_path / "session")
    yield room, run, tmp_path / "session", saved
    run.stop()


def get(port: int, path: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), b""


def test_five_students_play_three_rounds_and_their_choices_become_the_model(running):
    room, run, _, saved = running
    phones = [join(run.port, room.code, f"Student {k}") for k in range(5)]
    clients = [c for c, _ in phones]
    console = teacher(run.port, room.teacher_key)
    console.send(t="start")
    a, b = clients[0], clients[1]
    a.send(t="pay", on=False)
    a.send(t="speak", on=True)
    a.send(t="apply", service="loan", on=True)
    a.until("state", check=lambda m: m["choices"]["apply"] == ["loan"])
    friend = a.last["friends"][0]["id"]
    a.send(t="drop", citizen=friend, on=True)
    a.until("state", check=lambda m: friend in m["choices"]["drop"])
    latencies = [play_round(console, clients, k) for k in (1, 2, 3)]
    assert max(latencies) < 1.0, latencies
    me = room.seats[0].citizen
    m = room.model
    assert not m.paid[me] and m.public_dissent[me]
    assert m.friends.find(np.array([me]), np.array([friend]))[0] < 0
    names = [type(c).__name__ for _, c in m.command_log]
    assert names.count("TakeSeat") == 5 and "Unfriend" in names and names.count("SeatAct") >= 15
    for c in clients:
        assert c.last["rounds_done"] == 3 and c.last["round"] == 4 and c.last["news"]
    assert len(saved) == 3  # autosaved after every round
    # nobody's page carries anyone else's private choices
    b_view = b.last
    assert b_view["choices"]["drop"] == [] and not b_view["choices"]["apply"]
    for row in b_view["friends"] + b_view["suggest"] + b_view["requests"]:
        assert set(row) <= PERSON_KEYS and not (set(row) & (PRIVATE - {"drop", "asked"}))
    assert "Student 0" not in json.dumps(b_view["choices"])
    for c in clients + [console]:
        c.close()


def test_a_session_replays_bit_for_bit_from_its_export(running):
    room, run, folder, _ = running
    phones = [join(run.port, room.code, f"S{k}")[0] for k in range(3)]
    console = teacher(run.port, room.teacher_key)
    console.send(t="start")
    phones[0].send(t="pay", on=False)
    phones[1].send(t="speak", on=True)
    suggestion = phones[2].until("state")["suggest"][-1]["id"]
    phones[2].send(t="ask", citizen=suggestion, on=True)
    phones[2].until("state", check=lambda m: suggestion in m["choices"]["ask"])
    for k in (1, 2):
        play_round(console, phones, k)
    console.send(t="rule", path="scoring.connections_weight", value=0.6)
    console.until("console", check=lambda m: any(r["value"] == 0.6 for r in m["rules"]))
    play_round(console, phones, 3)
    console.send(t="export")
    path = console.until("exported")["path"]
    record = loads_record((folder / "export" / "record.json").read_bytes())
    assert str(folder) in path
    model, ok = replay(record)
    assert ok and model.digest() == room.model.digest()
    status, headers, body = get(run.port, f"/export/choices.csv?key={room.teacher_key}")
    assert status == 200 and body.decode().count("\n") == 1 + 3 * 3
    assert get(run.port, "/export/choices.csv?key=wrong")[0] == 403
    assert get(run.port, f"/export/..%2Froom.json?key={room.teacher_key}")[0] == 404
    for c in phones + [console]:
        c.close()


def test_a_reconnecting_phone_gets_its_citizen_back_and_a_guessed_token_nothing(running):
    room, run, _, _ = running
    c, token = join(run.port, room.code, "Wei")
    citizen = c.last["me"]["id"]
    c.close()
    again = Client(run.port)
    again.send(t="resume", token=token, lang="zh")
    again.until("welcome")
    assert again.until("state")["me"]["id"] == citizen
    stranger = Client(run.port)
    stranger.send(t="resume", token="x" * 43, lang="en")
    assert stranger.until("unknown")
    stranger.send(t="pay", on=False)  # not joined: refused, changes nothing
    assert stranger.until("refused")["reason"] == "join first"
    # the same token on a second screen: the newest wins, the older is told why
    second = Client(run.port)
    second.send(t="resume", token=token, lang="en")
    second.until("state")
    assert again.until("bye")["reason"] == "taken_over"
    # a kicked seat's token is dead
    console = teacher(run.port, room.teacher_key)
    console.send(t="kick", seat=1)
    assert second.until("bye")["reason"] == "kicked"
    late = Client(run.port)
    late.send(t="resume", token=token, lang="en")
    assert late.until("unknown")
    assert room.model.seats == {}  # the citizen lives on as a bot
    for x in (stranger, late, console):
        x.close()


def test_wrong_codes_and_bad_messages_are_refused_and_change_nothing(running):
    room, run, _, _ = running
    c = Client(run.port)
    c.send(t="join", room="ZZZZ", name="x", lang="en")
    assert c.until("refused")["reason"] == "bad_code"
    c.send(t="join", room=room.code.lower(), name="Mei", lang="en")  # case does not matter
    c.until("welcome")
    c.until("state")
    log = len(room.model.command_log)
    bad = ["not json", json.dumps([1, 2]), json.dumps({"t": "pay"}), json.dumps({"t": "pay", "on": 1}),
           json.dumps({"t": "drop", "citizen": -1, "on": True}), json.dumps({"t": "drop", "citizen": 10**9, "on": True}),
           json.dumps({"t": "pay", "on": True, "extra": 1}), '{"t": "pay", "on": NaN}', json.dumps({"t": "x" * 3000}),
           json.dumps({"t": "apply", "service": "rocket", "on": True}), json.dumps({"t": "appeal", "on": True}),
           json.dumps({"t": "drop", "citizen": 0, "on": True}) if room.seats[0].citizen != 0 else "{}"]
    reasons = []
    for raw in bad:
        c.ws.send(raw)
        reasons.append(c.until("refused")["reason"])
    assert len(reasons) == len(bad) and all(isinstance(r, str) and len(r) < 200 for r in reasons)
    assert len(room.model.command_log) == log and room.seats[0].pay is True
    c.close()


def test_one_phone_flooding_does_not_slow_the_round_for_the_others(running):
    room, run, _, _ = running
    phones = [join(run.port, room.code, f"S{k}")[0] for k in range(4)]
    flooder = phones.pop()
    console = teacher(run.port, room.teacher_key)
    console.send(t="start")
    quiet = play_round(console, phones, 1)
    msg = json.dumps({"t": "pay", "on": False})
    start = time.perf_counter()
    sent = 0
    try:
        while time.perf_counter() - start < 1.0:
            flooder.ws.send(msg)
            sent += 1
    except Exception:
        pass  # the server closed the flooding connection
    loud = play_round(console, phones, 2)
    assert loud < 1.0, (sent, quiet, loud)
    assert sent > 200 and run.server.stats["dropped"] >= 200  # dropped unread by the bucket...
    with pytest.raises(Exception):  # ...and the flooding connection was closed
        flooder.until("never", timeout=3)
    assert flooder.ws.close_code == 1008
    for c in phones + [console]:
        c.close()


def test_names_are_kept_as_text_and_limited(running):
    room, run, _, _ = running
    c, _ = join(run.port, room.code, "<img src=x onerror=alert(1)>\u202e\x00 tail that is far too long")
    assert c.last["name"] == "<img src=x onerror=a"  # plain text, control characters gone, 20 characters
    other, _ = join(run.port, room.code, "<img src=x onerror=alert(1)>")
    assert other.last["name"] == "<img src=x onerro 2"  # unique among classmates, still 20 at most
    empty, _ = join(run.port, room.code, "   ")
    assert empty.last["name"] and empty.last["name"] == room.name_of(empty.last["me"]["id"])
    for x in (c, other, empty):
        x.close()


def test_only_the_package_assets_are_served(running):
    _, run, _, _ = running
    status, headers, body = get(run.port, "/")
    assert status == 200 and b"app.js" in body
    assert "default-src 'self'" in headers["content-security-policy"] and headers["x-content-type-options"] == "nosniff"
    for path in ("/static/app.js", "/static/style.css", "/static/common.js", "/teacher", "/text/zh", "/font/sesame-sc.otf"):
        assert get(run.port, path)[0] == 200, path
    for path in ("/static/../server.py", "/static/%2e%2e%2fserver.py", "/static/..%2f..%2fmodel.py", "/static/index.html",
                 "/static/", "/text/../en", "/text/xx", "/etc/passwd", "/static/%00", "/export/choices.csv"):
        assert get(run.port, path)[0] in (403, 404), path


def test_the_console_needs_the_key_and_drives_the_session(running):
    room, run, _, _ = running
    wrong = Client(run.port, "/ws/teacher")
    wrong.send(t="auth", key="guess")
    assert wrong.until("refused")["reason"] == "wrong_key"
    phone, _ = join(run.port, room.code, "Ana")
    console = teacher(run.port, room.teacher_key)
    view = console.until("console")
    assert view["joined"] == 1 and view["phase"] == "lobby" and view["rules"]
    assert "pay" not in json.dumps(view["seats"])  # the console sees who is done, not what they chose
    console.send(t="timer", seconds=60)
    console.send(t="start")
    assert console.until("console", check=lambda m: m["phase"] == "open")["timer"] == 60
    console.send(t="rule", path="scoring.speech_penalty", value=25)
    console.until("console", check=lambda m: any(r["path"] == "scoring.speech_penalty" and r["value"] == 25
                                                  for r in m["rules"]))
    console.send(t="rule", path="population.size", value=5)  # setup, not a live rule
    assert "not a live rule" in console.until("refused")["reason"]
    target = int(np.flatnonzero(~room.model.listed)[0])
    console.send(t="list", citizen=target)
    console.until("console", check=lambda m: m["listed"] >= 1)
    assert room.model.listed[target]
    console.send(t="pause")
    phone.until("tick", check=lambda m: m["phase"] == "paused")
    phone.send(t="pay", on=False)
    assert phone.until("refused")["reason"] == "paused"
    console.send(t="scores", on=True)
    console.until("console", check=lambda m: m["scores"])
    console.send(t="end")
    final = phone.until("state", check=lambda m: m["phase"] == "ended")
    assert final["debrief"]["mine"] and final["debrief"]["class"]
    for x in (wrong, phone, console):
        x.close()


def test_an_idle_seat_is_played_by_the_model_until_its_student_returns(running, monkeypatch):
    room, run, _, _ = running
    monkeypatch.setattr(room_module, "GRACE_S", 0.0)
    a, token = join(run.port, room.code, "Away")
    b, _ = join(run.port, room.code, "Here")
    console = teacher(run.port, room.teacher_key)
    console.send(t="start")
    a.close()
    time.sleep(0.3)
    play_round(console, [b], 1)
    names = [type(c).__name__ for _, c in room.model.command_log]
    assert names[-1] != "LeaveSeat" and "LeaveSeat" in names
    assert room.seats[0].citizen not in room.model.seats
    back = Client(run.port)
    back.send(t="resume", token=token, lang="en")
    view = back.until("state")
    assert room.seats[0].citizen in room.model.seats and view["held"]
    for x in (b, back, console):
        x.close()


def test_an_autosaved_session_resumes_where_it_was(running, tmp_path):
    room, run, folder, saved = running
    phones = [join(run.port, room.code, f"S{k}") for k in range(2)]
    console = teacher(run.port, room.teacher_key)
    console.send(t="start")
    phones[0][0].send(t="pay", on=False)
    phones[0][0].until("state", check=lambda m: not m["choices"]["pay"])
    for k in (1, 2):
        play_round(console, [p for p, _ in phones], k)
    back = save.load(folder)
    assert back.round == 2 and back.phase == "paused" and back.code == room.code
    assert back.model.digest() == room.model.digest()
    assert [s.name for s in back.seats if s.token] == ["S0", "S1"] and back.seats[0].pay is False
    assert back.resume(phones[0][1]) is back.seats[0]
    # both continue the same way; on one clock, so a loaded machine's slow rounds do not make the
    # resumed room (whose phones have not reconnected) count its students as away and play them
    t0 = max(s.seen for s in room.seats)
    for r in (room, back):
        r.clock = lambda: t0
        r.phase = "open"
        r.resolve()
    assert back.model.digest() == room.model.digest()
    for p, _ in phones:
        p.close()
    console.close()


def test_a_request_to_a_classmate_waits_for_their_answer(running):
    """A classmate's friend request stays open round after round until it is answered:
    yes makes the friendship, no ends the request; the asker's news says which."""
    room, run, _, _ = running
    phones = [join(run.port, room.code, f"S{k}")[0] for k in range(12)]
    console = teacher(run.port, room.teacher_key)
    console.send(t="start")
    m = room.model
    ids = [p.last["me"]["id"] for p in phones]
    a, target = phones[0], ids[0]
    strangers = [p for p, i in zip(phones, ids) if i != target and m.friends.find(np.array([i]), np.array([target]))[0] < 0]
    assert len(strangers) >= 2, "classmates who are not friends of the first"
    asked = strangers[:2]
    for x in asked:
        x.send(t="ask", citizen=target, on=True)
        x.until("state", check=lambda v: target in v["choices"]["ask"])
    a.until("state", check=lambda v: len(v["requests"]) == 2)
    play_round(console, phones, 1)  # nobody answered: the requests stay open
    for x in asked:
        assert target in x.last["choices"]["ask"]
        assert any("S0" in line and "answered" in line for line in x.last["news"]), x.last["news"]
    assert {r["reply"] for r in a.last["requests"]} == {"open"} and len(a.last["requests"]) == 2
    replies = {x.last["me"]["id"]: reply for x, reply in zip(asked, ("yes", "no"))}
    for other, reply in replies.items():
        a.send(t="answer", citizen=other, reply=reply)
    a.until("state", check=lambda v: sorted(r["reply"] for r in v["requests"]) == ["no", "yes"])
    play_round(console, phones, 2)
    for x in asked:
        me = x.last["me"]["id"]
        assert (m.friends.find(np.array([me]), np.array([target]))[0] >= 0) == (replies[me] == "yes")
        assert target not in x.last["choices"]["ask"]  # answered: no longer open
    no = next(x for x in asked if replies[x.last["me"]["id"]] == "no")
    assert any("S0" in line and "did not accept" in line for line in no.last["news"]), no.last["news"]
    assert a.last["requests"] == []
    for x in phones + [console]:
        x.close()

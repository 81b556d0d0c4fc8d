"""``sesame classroom`` as a teacher runs it: the real command, a real port, Ctrl+C, --resume."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


sys.path.insert(0, str(Path(__file__).parent))
from classroom_helpers import Client  # noqa: E402


def test_without_the_extra_it_says_which_pip_command_to_run():
    code = ("import sys; sys.modules['starlette'] = None; from game.cli import main; "
            "sys.exit(main(['classroom', '--local', '--no-window', '--no-browser']))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    assert "classroom extra" in out.stderr and "starlette" in out.stderr
    assert re.search(r"-m pip install (-e )?\"[^\"]*\[classroom\]\"", out.stderr), out.stderr
    assert "Traceback" not in out.stderr


def _ctrl_c_works() -> None:
    """In the child: Ctrl+C (SIGINT) as a teacher's terminal delivers it. A test run started
    in the background (``cmd &`` without job control, as a CI script may be) passes SIGINT on
    ignored, and Python then never raises KeyboardInterrupt: the class would not stop."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(tmp_path, *extra) -> tuple[subprocess.Popen, dict]:
    env = {**os.environ, "SESAME_DATA": str(tmp_path / "data"), "HOME": str(tmp_path), "PYTHONUNBUFFERED": "1",
           "PYTHONFAULTHANDLER": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "game.cli", "classroom", "--local", "--port", "0", "--no-window",
                             "--no-browser", "--seats", "6", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, preexec_fn=_ctrl_c_works if os.name == "posix" else None)
    seen = {}
    deadline = time.monotonic() + 60
    while "stop" not in seen:
        line = proc.stdout.readline()
        if not line or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"no banner: {line!r} {proc.stderr.read()}")
        if m := re.search(r"open (http://127\.0\.0\.1:(\d+)) - room code ([A-Z]{4})", line):
            seen.update(url=m.group(1), port=int(m.group(2)), code=m.group(3))
        if m := re.search(r"Teacher console.*: (\S+#key=(\S+))", line):
            seen.update(console=m.group(1), key=m.group(2))
        if m := re.search(r"Saved after every round in (.+)$", line):
            seen["folder"] = m.group(1).strip()
        if "Stop:" in line:
            seen["stop"] = True
    return proc, seen


def stop(proc) -> str:
    """Ctrl+C, as a teacher ends a class: it saves and exits. Should it hang, every thread's
    stack is dumped (faulthandler, on SIGABRT) into the failure, to show where."""
    proc.send_signal(signal.SIGINT)
    try:
        out, _ = proc.communicate(timeout=60)  # seconds; about 2 on a quiet machine
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGABRT)
        out, err = proc.communicate(timeout=30)
        raise AssertionError(f"the class did not stop within 60 s of Ctrl+C; its threads:\n{err[-6000:]}") from None
    assert proc.returncode == 0
    return out


def test_start_play_stop_and_resume(tmp_path):
    proc, seen = start(tmp_path)
    try:
        with urllib.request.urlopen(seen["url"] + "/healthz", timeout=10) as r:
            assert r.read() == b"ok"
        phone = Client(seen["port"])
        phone.send(t="join", room=seen["code"], name="Li", lang="en")
        token = phone.until("welcome")["token"]
        console = Client(seen["port"], "/ws/teacher")
        console.send(t="auth", key=seen["key"])
        console.until("welcome")
        console.send(t="start")
        console.send(t="next")
        phone.until("state", check=lambda m: m["rounds_done"] == 1)
        phone.close()
        console.close()
    finally:
        out = stop(proc)
    assert "Saved:" in out and "--resume" in out
    folder = Path(seen["folder"])
    assert str(tmp_path / "data") in str(folder) and (folder / "room.json").is_file()
    assert json.loads((folder / "room.json").read_text())["round"] == 1
    proc, again = start(tmp_path, "--resume")
    try:
        assert again["code"] == seen["code"] and again["key"] == seen["key"]
        phone = Client(again["port"])
        phone.send(t="resume", token=token, lang="en")
        view = phone.until("state")
        assert view["name"] == "Li" and view["rounds_done"] == 1 and view["phase"] == "paused"
        phone.close()
    finally:
        stop(proc)


def test_a_missing_session_or_a_bad_scenario_is_one_clear_line(tmp_path):
    env = {**os.environ, "SESAME_DATA": str(tmp_path), "HOME": str(tmp_path)}
    for args, expect in ((["--resume"], "no saved class session"), (["--resume", str(tmp_path)], "room.json"),
                         (["no_such_scenario"], "no_such_scenario"), (["--seats", "99"], "--seats")):
        out = subprocess.run([sys.executable, "-m", "game.cli", "classroom", "--local", "--no-window", "--no-browser",
                              *args], capture_output=True, text=True, timeout=60, env=env)
        assert out.returncode == 1 and expect in out.stderr and "Traceback" not in out.stderr, (args, out.stderr)

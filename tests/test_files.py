"""Names typed by a player or read from a shared file never leave their folder."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.records.files import MAX_NAME_CHARS, UnsafeName, atomic_write, read_limited, safe_child


@pytest.mark.parametrize("name", ["sandbox.toml", "My scenario (v2).toml", "Ünïcødé société.toml",
                                  "a" * MAX_NAME_CHARS, "2024-05-01 run.json", "-dash-first.npz"])
def test_ordinary_names_are_kept_as_typed(tmp_path, name):
    assert safe_child(tmp_path, name) == tmp_path / name


@pytest.mark.parametrize("name,why", [
    ("", "empty"), ("   ", "empty"), (".", "dot"), ("..", "dot"), ("../evil.toml", "cannot contain /"),
    ("..\\evil.toml", "cannot contain \\"), ("/etc/passwd", "cannot contain /"), ("C:evil.toml", "cannot contain :"),
    ("sub/dir.toml", "cannot contain /"), ("evil\x00.toml", "control"), ("line\nbreak.toml", "control"),
    ("tab\there", "control"), ("bell\x07", "control"), ("rtl\u202egnp.exe", "invisible"),
    ("zero\u200bwidth", "invisible"), (".hidden", "dot"), ("CON", "reserved"), ("con.toml", "reserved"),
    ("NUL.txt", "reserved"), ("com1.npz", "reserved"), ("LPT9", "reserved"), ("trailing.", "end with a dot"),
    ("trailing ", "space"), (" leading", "space"), ("a" * (MAX_NAME_CHARS + 1), "characters"),
    ("é" * 120 + "é" * 10, "characters"), ("what?.toml", "?"), ("star*.toml", "*"), ('quote".toml', '"'),
    ("pipe|x", "|"), ("<less>", "<"),
])
def test_unsafe_names_are_refused_with_a_reason(tmp_path, name, why):
    with pytest.raises(UnsafeName, match=None) as info:
        safe_child(tmp_path, name)
    assert why in str(info.value), str(info.value)
    assert "\n" not in str(info.value)


def test_long_utf8_name_is_refused(tmp_path):
    with pytest.raises(UnsafeName, match="too long"):
        safe_child(tmp_path, "😀" * 70)  # 70 characters but 280 bytes


def test_existing_link_is_refused(tmp_path):
    (tmp_path / "link.toml").symlink_to("/etc/passwd")
    with pytest.raises(UnsafeName, match="link"):
        safe_child(tmp_path, "link.toml")


def test_non_text_is_refused(tmp_path):
    with pytest.raises(UnsafeName, match="must be text"):
        safe_child(tmp_path, b"bytes.toml")


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=140))
def test_any_accepted_name_stays_in_its_folder(tmp_path_factory, name):
    folder = tmp_path_factory.getbasetemp() / "box"
    try:
        path = safe_child(folder, name)
    except UnsafeName:
        return
    assert path.parent == folder and path.name == name
    assert os.path.normpath(path).startswith(str(folder) + os.sep)


def test_read_limited_bounds_and_refuses_devices(tmp_path):
    f = tmp_path / "f.bin"
    atomic_write(f, b"x" * 100)
    assert read_limited(f, 100) == b"x" * 100
    with pytest.raises(ValueError, match="at most 99"):
        read_limited(f, 99)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="not a regular file"):
        read_limited(fifo, 100)
    with pytest.raises(OSError):
        read_limited(tmp_path / "missing", 100)

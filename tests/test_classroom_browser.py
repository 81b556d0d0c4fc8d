"""A real browser plays a class: Debian's chromium, driven by Playwright, on the phone page.

It opens the join page at a phone's size, joins, plays three rounds (the console ends
each round) and reads the result off the page. It cannot run without the chromium binary
(``apt-get install chromium``; ``.ci/run`` installs it) or Playwright's Python package
(the test extra): the skip says which is missing.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from classroom_helpers import join, play_round, teacher  # noqa: E402

from game.classroom.room import Room  # noqa: E402
from game.classroom.run import serve  # noqa: E402

CHROMIUM = os.environ.get("SESAME_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

from playwright import sync_api  # noqa: E402  (the test extra installs it)


@pytest.fixture
def browser():
    # a missing browser fails the test rather than skipping it: .ci/run installs chromium
    assert Path(CHROMIUM).is_file(), f"no chromium at {CHROMIUM}: apt-get install -y chromium (or set SESAME_CHROMIUM)"
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_a_phone_joins_plays_three_rounds_and_reads_its_result(browser):
    room = Room("sesame", seed=6, seats=8)
    run = serve(room)
    try:
        classmate, _ = join(run.port, room.code, "Mei")
        console = teacher(run.port, room.teacher_key)
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                    locale="en-US").new_page()
        phone.goto(f"http://127.0.0.1:{run.port}/?r={room.code}")
        phone.wait_for_selector("#join:not([hidden])")
        assert phone.is_hidden("#code-label")  # the code came with the link
        phone.fill("#name", "<i>Ana</i>")
        phone.click("#join-button")
        phone.wait_for_selector("#play:not([hidden])")
        assert phone.inner_text("#who") == "You are <i>Ana</i>"  # the name is text, not markup
        assert phone.locator("#who i").count() == 0
        seat = next(s for s in room.seats if s.name == "<i>Ana</i>")
        console.send(t="start")
        phone.click("#pay-no")  # skip the bills, every round
        phone.wait_for_selector("#pay-no[aria-pressed=true]")  # (the page's CSP forbids eval: selectors only)
        scores = [int(phone.inner_text("#score"))]
        for k in (1, 2, 3):
            phone.click("#done")
            phone.wait_for_selector("#done.on")
            play_round(console, [classmate], k)
            phone.wait_for_selector(f"#status:text-is('Round {k + 1}')")
            scores.append(int(phone.inner_text("#score")))
        news = phone.inner_text("#news")
        assert f"to {scores[-1]}" in news  # "Your score went from X to Y"
        assert scores[-1] == round(float(room.model.score[seat.citizen]))
        assert scores[-1] < scores[0]  # three rounds of skipped bills cost points
        assert not room.model.paid[seat.citizen]
        console.send(t="end")
        phone.wait_for_selector("#debrief:not([hidden])")
        story = phone.inner_text("#mine")
        assert f"to {scores[-1]}" in story and "3 rounds" in story
        phone.click("#lang")  # the same page in Chinese
        phone.wait_for_selector("#mine li:has-text('轮')")
        classmate.close()
        console.close()
    finally:
        run.stop()


def test_a_reloaded_phone_comes_back_to_the_same_citizen(browser):
    room = Room("sesame", seed=7, seats=4)
    run = serve(room)
    try:
        page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
        page.goto(f"http://127.0.0.1:{run.port}/")
        page.wait_for_selector("#join:not([hidden])")
        page.fill("#code", room.code.lower())
        page.click("#join-button")
        page.wait_for_selector("#play:not([hidden])")
        who = page.inner_text("#who")
        page.reload()
        page.wait_for_selector("#play:not([hidden])")
        assert page.inner_text("#who") == who and sum(s.taken for s in room.seats) == 1
    finally:
        run.stop()

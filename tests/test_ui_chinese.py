"""In Chinese, no screen shows a scenario's English text; a Chinese scenario draws in English.

Headless (SDL dummy driver): each scene is built and drawn for real, and the words it puts
on screen (the functions that compose them) are checked for leftover English.
"""

from __future__ import annotations

import re

import numpy as np
import pygame
import pytest

from game.cli import main
from game.modes import challenge
from game.scenario.library import load
from game.scenario.tomlfile import loads
from game.sim.model import SocialCreditModel
from game.text import localized, set_language
from game.ui.drawing.text import FONT, font_path
from game.ui.scenes.sandbox import SandboxScene
from game.ui.session import Session
from test_text import is_drawn

SIZE = (1280, 720)
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")  # tier names (A-D) are single letters, never translated


@pytest.fixture
def window():
    pygame.display.init()
    pygame.font.init()
    yield pygame.display.set_mode(SIZE)
    pygame.quit()
    set_language("en")


def words(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_the_chinese_sandbox_shows_the_chinese_title(window):
    set_language("zh")
    session = Session.open("sesame", seed=1)
    session.paused = True
    scene = SandboxScene(session, SIZE)
    scene.draw(window, 0.0)
    status = scene.status_text()
    assert status.startswith("芝麻信用") and "Sesame" not in status
    assert not ENGLISH_WORD.search(status), status
    assert all(is_drawn(scene.fonts.normal, ch) for ch in "芝麻信用")


def test_g_switches_the_scenario_text_too(window):
    session = Session.open("court_blacklist", seed=1)
    session.paused = True
    scene = SandboxScene(session, SIZE)
    assert scene.status_text().startswith("Court blacklist")
    scene.do("language")
    assert scene.status_text().startswith("法院失信黑名单")
    scene.draw(window, 0.0)


def test_the_chinese_debrief_has_no_english_left(window):
    set_language("zh")
    from game.ui.drawing import debrief_page
    from game.ui.parts import debrief_window
    from game.ui.parts.challenge_view import debrief_html

    m = SocialCreditModel("challenge_speak_up", rng=0, overrides={"population.size": 300})
    m.run(20)
    outcome, progress = challenge.status(m)
    text = debrief_html(m, "lost", progress)
    plain = words(text)
    assert "挑战失败" in plain and "讨论题" in plain
    for line in m.config.translations.zh.prompts + m.config.translations.zh.objective_labels:
        assert line in plain
    assert not ENGLISH_WORD.search(plain), ENGLISH_WORD.findall(plain)
    # the exported page's words: title, objectives, what happened, prompts
    rows = debrief_page._page_text_top(m, "lost", progress, 0, "challenge_speak_up.toml",
                                       *(lambda f: (f, f.normal))(debrief_window.chart_fonts(1.0, m)))
    rows += debrief_page._page_text_bottom(m, debrief_window.chart_fonts(1.0, m))
    page_words = " ".join(r[0] for r in rows).replace("challenge_speak_up.toml", "")
    assert not ENGLISH_WORD.search(page_words), ENGLISH_WORD.findall(page_words)
    scene = SandboxScene(Session.open("challenge_speak_up", seed=0), SIZE)
    debrief_window.DebriefWindow(scene.layout.society, scene.manager, m, outcome, progress, 1.0)
    scene.draw(window, 0.0)


def test_the_chinese_report_page_has_no_english_scenario_text(tmp_path):
    from game.ui.drawing import report

    set_language("zh")
    try:
        m = SocialCreditModel("sesame", rng=1, overrides={"population.size": 300})
        m.run(20)
        page = report.page_text(m, 1, "sesame")
        assert page.title == "芝麻信用" and page.description.startswith("一座按芝麻信用")
        assert has_no_english(page.heading) and page.items and all(has_no_english(x) for x in page.items)
        assert report.render(m, 1, "sesame").get_size() == report.PAGE
    finally:
        set_language("en")


def has_no_english(text: str) -> bool:
    return not ENGLISH_WORD.search(text)


def test_the_report_command_takes_a_language(tmp_path, capsys):
    out = tmp_path / "report"
    try:
        assert main(["report", "suining", "--steps", "3", "--lang", "zh", "--out", str(out)]) == 0
    finally:
        set_language("en")
    assert (out / "report.png").is_file()
    with pytest.raises(SystemExit):
        main(["report", "suining", "--lang", "fr"])
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_the_chinese_chapters_card_has_no_english(window):
    from game.ui.scenes.chapters import ChapterScene

    set_language("zh")
    tour = ChapterScene(SIZE, seed=0)
    for index in range(len(tour.seq)):
        tour._open(index)
        for phase in ("intro", "bet", "running"):
            if phase == "bet" and tour.chapter.kind != "predict":
                continue
            tour.phase = phase
            for text, _ in tour._lines():
                assert has_no_english(text), text
            tour.draw(window, 0.0)


def test_the_chinese_journalist_is_liu_with_chinese_services(window):
    from game.ui.scenes.citizen import CitizenScene

    set_language("zh")
    session = Session.open("journalist", seed=0)
    scene = CitizenScene(session, SIZE)
    scene.draw(window, 0.0)
    labels = [b.text for k, b in scene.buttons.items() if k.startswith("apply:")]
    assert labels == ["申请：飞机", "申请：高铁", "申请：慢车", "申请：贷款", "申请：租房"]
    assert localized(session.model.config, "player.name") == "刘记者"
    scene.press("apply:fast train")  # keyed by the file's name, whatever the language shows
    assert "fast train" in scene.game.apply and scene.buttons["apply:fast train"].text == "[x] 申请：高铁"


def test_the_chinese_kiosk_captions_the_scenario_in_chinese(window, tmp_path):
    from game.ui.scenes.kiosk import Kiosk

    set_language("zh")
    k = Kiosk("court_blacklist", SIZE, log_dir=tmp_path)
    k.draw(window, 0.0)
    assert k.state == "attract"
    seen, now = set(), 0.0
    while k.scene.session.model.steps < 16 and now < 30:  # the attract loop plays at 1x
        k.update(1 / 60, now)
        k.draw(window, now)
        seen.add(k.scene.caption_text())
        lens = k.scene.stage.lens_text(k.scene.session.model, k.scene.society)
        seen.add(lens)
        now += 1 / 60
    assert "一位记者即将被列入黑名单。" in seen  # the timeline's caption
    # the listing it announces is staged: the lens opens on it with its caption, in Chinese
    assert any(s and s.startswith("人脉最广的那位公民被列入了黑名单。") for s in seen), seen


CHINESE_SCENARIO = '[meta]\ntitle = "我们班的城市"\ndescription = "老师自己写的场景。"\n\n' \
                   '[population]\nsize = 200\n\n[[tiers]]\nname = "A"\nmin_score = 700.0\nlabel = "很好"\n\n' \
                   '[[tiers]]\nname = "B"\nmin_score = -1e9\nlabel = "一般"\n'


def test_a_chinese_scenario_in_the_english_ui_draws_its_title_not_boxes(window):
    scene = SandboxScene(Session(loads(CHINESE_SCENARIO, "teacher.toml"), "teacher.toml", 0, paused=True), SIZE)
    assert scene.status_text().startswith("我们班的城市")
    assert font_path(cover=scene.cover()) == str(FONT)
    assert all(is_drawn(scene.fonts.normal, ch) for ch in "我们班的城市很好")
    scene.draw(window, 0.0)
    english = SandboxScene(Session.open("sesame", seed=0), SIZE)
    assert font_path(cover=english.cover()) is None  # English alone keeps pygame's own font


def test_the_english_picker_switches_fonts_for_a_saved_chinese_scenario(window, tmp_path, monkeypatch):
    monkeypatch.setenv("SESAME_DATA", str(tmp_path))
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "teacher.toml").write_text(CHINESE_SCENARIO, encoding="utf-8")
    scene = SandboxScene(Session.open("sesame", seed=0), SIZE)
    assert font_path(cover=scene.cover()) is None
    scene.open_picker()
    titles = [item["text"] for item in scene.windows.picker.list.item_list]
    assert "我们班的城市" in titles and "Sesame Credit" in titles
    assert font_path(cover=scene.cover()) == str(FONT)
    scene.draw(window, 0.0)


def test_play_starts_in_the_language_asked_for(tmp_path):
    shot = tmp_path / "zh.png"
    try:
        assert main(["play", "no_scoring", "--frames", "2", "--lang", "zh", "--screenshot", str(shot)]) == 0
        from game.text import current_language

        assert current_language() == "zh"
    finally:
        set_language("en")
    assert pygame.image.load(str(shot)).get_size() == SIZE
    assert load("no_scoring").translations.zh.meta.title == "不打分（对照组）"


def test_chinese_lines_never_start_with_a_closing_mark(window):
    from game.modes.chapters import CHAPTER_DIR
    from game.ui.drawing.charts import Fonts
    from game.ui.drawing.text import _NO_LINE_END, _NO_LINE_START, wrap

    set_language("zh")
    font = Fonts.default(1.0).normal
    text = load("sesame").translations.zh.meta.description + \
        load(CHAPTER_DIR / "4_sandbox.toml").translations.zh.chapter.intro  # ends "...对比（C）。"
    breaks_before_a_mark = 0
    for width in range(120, 700, 3):
        lines = wrap(text, font, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost or repeated
        assert all(line[0] not in _NO_LINE_START for line in lines[1:]), (width, lines)
        assert all(line[-1] not in _NO_LINE_END for line in lines[:-1]), (width, lines)
        assert all(font.size(line)[0] <= width for line in lines if len(line) > 3), (width, lines)
        breaks_before_a_mark += sum(line[0] in "（”" for line in lines[1:])
    assert breaks_before_a_mark  # the rule was exercised: marks moved down with their text


def test_a_refused_command_and_a_bad_share_code_are_explained_in_chinese(window):
    from game.sim.commands import Blacklist
    from game.ui.parts.share_window import ShareWindow

    set_language("zh")
    try:
        session = Session.open("sesame", seed=0)
        listed = int(np.flatnonzero(session.model.listed)[0]) if session.model.listed.any() else 5
        if not session.model.listed[listed]:
            assert session.apply(Blacklist(listed))
        assert not session.apply(Blacklist(listed))
        assert session.message == f"公民 {listed} 已在黑名单上。"
        scene = SandboxScene(session, SIZE)
        share = ShareWindow(pygame.Rect(0, 0, 900, 500), scene.manager, session)
        assert share.import_code("OS1-NOT-A-CODE") is None
        assert share.status.text.startswith("无法导入这个分享码：")
    finally:
        set_language("en")


def test_g_switches_a_staged_caption_too(window):
    """A caption staged in English is drawn in Chinese once G switches the language (it
    keeps its catalog key and numbers, not the English sentence)."""
    session = Session.open("sesame", seed=1)
    scene = SandboxScene(session, SIZE)
    now, shown = 0.0, None
    while now < 60 and shown is None:
        scene.update(1 / 60, now)
        cap = scene.stage.caption
        if cap is not None and cap.key != "look":
            shown = cap.shown()
            assert ENGLISH_WORD.search(shown), shown
            scene.do("language")
            assert scene.stage.caption is cap
            assert cap.shown() != shown and not ENGLISH_WORD.search(cap.shown()), cap.shown()
            scene.draw(window, now)
        now += 1 / 60
    assert shown is not None

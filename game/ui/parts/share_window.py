"""Sharing from the window: the code and QR of the current rules, import a code,
save the rules as a TOML file in the user's data folder, save the run's replay record."""

from __future__ import annotations

import functools
import html
import io
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIImage, UILabel, UITextBox, UITextEntryLine, UIWindow

from game.records.files import UnsafeName, safe_child
from game.records.replay import save_record
from game.records.userdirs import data_dir as user_data_dir
from game.records.userdirs import save_scenario, scenario_path
from game.records.userdirs import shown as shown_path
from game.scenario import budget
from game.scenario.qr import QR_MAX_CHARS, png, qr
from game.scenario.schema import ScenarioError
from game.scenario.share import decode, encode
from game.scenario.translations import in_language
from game.ui.drawing.text import current_language, fit_middle, renderable, t, wrap


@functools.lru_cache(maxsize=4)
def _symbol(code: str):
    """The QR symbol of ``code``, made once (segno takes a fifth of a second per code, and
    the window is reopened on every resize and language switch)."""
    return qr(code)


def qr_modules(code: str) -> int:
    """Modules across the QR code of ``code``, its 4-module quiet zone included."""
    return _symbol(code).symbol_size(scale=1, border=4)[0]


def qr_surface(code: str, side: int) -> tuple[pygame.Surface, int]:
    """The QR code of ``code`` at the largest whole number of pixels per module that fits
    ``side`` (a fractional scale gives modules of uneven width, which phones misread), and
    that number."""
    scale = max(1, side // qr_modules(code))
    return pygame.image.load(io.BytesIO(png(_symbol(code), scale=scale)), "qr.png"), scale


class Status:
    """The window's last word (saved where, or why not), wrapped over a few lines: a long
    error is read whole, a long path is shortened in the middle (~/Documents/Op…/x.toml)."""

    def __init__(self, rect: pygame.Rect, manager, container):
        self.rect, self.text = rect, ""
        self.box = UITextBox("", rect, manager, container=container, allow_split_dashes=False)
        self.font = manager.get_theme().get_font(["text_box"])

    def set_text(self, text: str) -> None:
        self.text = renderable(text, 400)  # a stranger's text (a file name, a field) drawn safely
        self.box.set_text(html.escape(self.text))

    def path_room(self) -> int:
        """How wide a file path may be to stay on one line of the box."""
        return self.rect.width - 24


class ShareWindow:
    """Code + QR of the current rules; import a code; save as; save the replay record."""

    def __init__(self, rect: pygame.Rect, manager, session):
        self.session, self.manager = session, manager
        self.window = UIWindow(rect, manager, window_display_title=t("share.title"))
        inner = self.window.get_container().get_rect()
        font = manager.get_theme().get_font(["label"])
        w, row = inner.width, font.size("Ag")[1] + 12
        pad, bh = max(8, row // 3), max(48, row + 8)
        self.font = font
        self.code, self.qr_code, problem = "", "", ""
        try:
            self.code = encode(session.model.config)  # every language the file has
            # the QR code carries the language on screen only: half the modules, so it scans
            self.qr_code = encode(in_language(session.model.config, current_language()))
        except ScenarioError as exc:  # more than a code can hold (a file at the size limit)
            problem = t("share.too_long", reason=exc.problems[0][1])
        except ValueError as exc:  # text no file could hold (never from a checked file)
            problem = t("share.too_long", reason=type(exc).__name__)
        self.confirm: Path | None = None  # a name "Save as" was pressed for that already exists
        # left: the QR code, as tall as the window allows; right: the code and the buttons
        half = w // 2 - 2 * pad
        qr_label = wrap(t("share.qr_language", n=len(self.qr_code)), font, half - 12)
        qr_side = min(inner.height - len(qr_label) * row - 3 * pad, half)
        self.qr_scale = 0
        if self.qr_code and len(self.qr_code) <= QR_MAX_CHARS and qr_side > 60:
            img, self.qr_scale = qr_surface(self.qr_code, qr_side)
            UIImage(pygame.Rect(pad + (qr_side - img.get_width()) // 2, pad, img.get_width(), img.get_height()),
                    img, manager, container=self.window)
            self._lines(qr_label, pad, pad + img.get_height() + pad // 2, half, row)
        x2, cw = w // 2 + pad, w - (w // 2 + pad) - pad
        y = self._lines(wrap(t("share.code_label", n=len(self.code)), font, cw - 12), x2, pad, cw, row)
        self.code_box = UITextEntryLine(pygame.Rect(x2, y, cw, row), manager, container=self.window)
        self.code_box.set_text(self.code)
        y += row + 2 * pad
        self.import_box = UITextEntryLine(pygame.Rect(x2, y, cw, row), manager, container=self.window,
                                          placeholder_text=t("share.paste_code"))
        self.import_btn = UIButton(pygame.Rect(x2, y + row + pad // 2, cw, bh), t("share.import"),
                                   manager, container=self.window)
        y += row + bh + 2 * pad
        self.name_box = UITextEntryLine(pygame.Rect(x2, y, cw, row), manager, container=self.window,
                                        placeholder_text=t("share.name"))
        self.save_btn = UIButton(pygame.Rect(x2, y + row + pad // 2, cw, bh), t("share.save_as"),
                                 manager, container=self.window)
        y += row + bh + 2 * pad
        self.record_btn = UIButton(pygame.Rect(x2, y, cw, bh), t("share.save_record"), manager, container=self.window)
        y += bh + pad
        # the right column's foot: what happened, in as many lines as are left
        self.status = Status(pygame.Rect(x2, y, cw, max(row, inner.height - y - pad)), manager, self.window)
        if problem:
            self.status.set_text(problem)

    def _lines(self, lines: list[str], x: int, y: int, width: int, row: int) -> int:
        """One label per line from ``y`` down; returns the y under them."""
        for line in lines:
            UILabel(pygame.Rect(x, y, width, row), line, self.manager, container=self.window)
            y += row
        return y

    @property
    def alive(self) -> bool:
        return self.window.alive()

    def handle(self, event):
        """Returns ("load", scenario, source) when a code was imported, else None."""
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return None
        if event.ui_element is self.import_btn:
            return self.import_code(self.import_box.get_text())
        if event.ui_element is self.save_btn:
            self.save_as(self.name_box.get_text())
        elif event.ui_element is self.record_btn:
            self.save_record()
        return None

    def import_code(self, code: str):
        try:
            scenario = decode(code)
        except ScenarioError as exc:  # the detail names the field, as the file spells it
            self.status.set_text(t("share.import_failed", reason=exc.first))
            return None
        fit = budget.window_fit(scenario)  # valid, but more than the window can step in time
        if fit is not None:
            self.status.set_text(t("share.too_big", n=f"{scenario.population.size:,}", fit=f"{fit:,}"))
            return None
        return ("load", scenario, "shared code")

    def _saved(self, path: Path) -> None:
        """'Saved ~/.local/share/op…/my rules.toml': on one line, shortened in the middle."""
        room = self.status.path_room() - self.status.font.size(t("share.saved", path=""))[0]
        self.status.set_text(t("share.saved", path=fit_middle(self.status.font, shown_path(path), room)))

    def save_as(self, name: str) -> Path | None:
        """Save the rules under ``name``. An existing file of that name is never replaced
        silently: the first press says so, a second press with the same name replaces it."""
        try:
            target = scenario_path(name.strip())
            if target.exists() and target != self.confirm:
                self.confirm = target
                self.status.set_text(t("share.exists", name=target.name))
                return None
            path = save_scenario(self.session.model.config, name.strip())
        except (UnsafeName, OSError) as exc:
            self.status.set_text(str(exc))
            return None
        self.confirm = None
        self._saved(path)
        return path

    def save_record(self) -> Path | None:
        s = self.session
        name = f"{s.file_stem}-seed{s.seed}-step{int(s.model.steps)}.replay.json"
        try:
            path = save_record(s.model, safe_child(user_data_dir() / "records", name))
        except (UnsafeName, OSError) as exc:
            self.status.set_text(str(exc))
            return None
        self._saved(path)
        return path

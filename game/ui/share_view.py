"""Sharing from the window: the code and QR of the current rules, import a code,
save the rules as a TOML file in the user's data folder, save the run's replay record."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIImage, UILabel, UITextEntryLine, UIWindow

from game.files import UnsafeName, atomic_write, safe_child
from game.schema import ScenarioError
from game.ui.text import t


def user_data_dir() -> Path:
    """Where saved scenarios and records go: SESAME_DATA, else the platform's data folder."""
    if os.environ.get("SESAME_DATA"):
        return Path(os.environ["SESAME_DATA"])
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "open-sesame"


def saved_scenarios() -> list[Path]:
    folder = user_data_dir() / "scenarios"
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def save_scenario(scenario, name: str) -> Path:
    """Write the rules (sandbox edits included) as ``<name>.toml`` in the data folder."""
    from game.scenario import dumps

    name = name if name.endswith(".toml") else f"{name}.toml"
    path = safe_child(user_data_dir() / "scenarios", name)
    return atomic_write(path, dumps(scenario))


class ShareWindow:
    """Code + QR of the current rules; import a code; save as; save the replay record."""

    def __init__(self, rect: pygame.Rect, manager, session):
        from game.share import QR_MAX_CHARS, encode, qr_png

        self.session = session
        self.window = UIWindow(rect, manager, window_display_title=t("share.title"))
        inner = self.window.get_container().get_rect()
        w, row, pad = inner.width, 36, 8
        self.code = encode(session.model.config)
        qr_side = min(inner.height - 5 * (row + pad) - 20, w // 2 - 2 * pad)
        y = pad
        UILabel(pygame.Rect(pad, y, w - 2 * pad, row), t("share.code_label", n=len(self.code)), manager,
                container=self.window)
        y += row
        self.code_box = UITextEntryLine(pygame.Rect(pad, y, w - 2 * pad, row), manager, container=self.window)
        self.code_box.set_text(self.code)
        y += row + pad
        if len(self.code) <= QR_MAX_CHARS and qr_side > 60:
            img = pygame.image.load(io.BytesIO(qr_png(self.code)), "qr.png")
            UIImage(pygame.Rect(pad, y, qr_side, qr_side), pygame.transform.scale(img, (qr_side, qr_side)),
                    manager, container=self.window)
        x2 = w // 2 + pad
        self.import_box = UITextEntryLine(pygame.Rect(x2, y, w - x2 - pad, row), manager, container=self.window,
                                          placeholder_text=t("share.paste_code"))
        self.import_btn = UIButton(pygame.Rect(x2, y + row + pad, w - x2 - pad, 48), t("share.import"),
                                   manager, container=self.window)
        y2 = y + row + 48 + 3 * pad
        self.name_box = UITextEntryLine(pygame.Rect(x2, y2, w - x2 - pad, row), manager, container=self.window,
                                        placeholder_text=t("share.name"))
        self.save_btn = UIButton(pygame.Rect(x2, y2 + row + pad, w - x2 - pad, 48), t("share.save_as"),
                                 manager, container=self.window)
        y3 = y2 + row + 48 + 3 * pad
        self.record_btn = UIButton(pygame.Rect(x2, y3, w - x2 - pad, 48), t("share.save_record"),
                                   manager, container=self.window)
        self.status = UILabel(pygame.Rect(pad, inner.height - row - pad, w - 2 * pad, row), "", manager,
                              container=self.window)

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
        from game.share import decode

        try:
            scenario = decode(code)
        except ScenarioError as exc:
            self.status.set_text(exc.first[:120])
            return None
        return ("load", scenario, "shared code")

    def save_as(self, name: str) -> Path | None:
        try:
            path = save_scenario(self.session.model.config, name.strip())
        except (UnsafeName, OSError) as exc:
            self.status.set_text(str(exc)[:120])
            return None
        self.status.set_text(t("share.saved", path=str(path)))
        return path

    def save_record(self) -> Path | None:
        from game.replay import save_record

        s = self.session
        name = f"{Path(s.source).stem}-seed{s.seed}-step{int(s.model.steps)}.replay.json"
        try:
            path = save_record(s.model, safe_child(user_data_dir() / "records", name))
        except (UnsafeName, OSError) as exc:
            self.status.set_text(str(exc)[:120])
            return None
        self.status.set_text(t("share.saved", path=str(path)))
        return path

"""pygame_gui widgets: the top bar, the rule panel, the scenario picker, the help window.

Widgets emit events; the scene decides what they mean (a command, a restart, a toggle).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pygame
import pygame_gui
from pygame_gui.elements import (UIButton, UICheckBox, UIDropDownMenu, UIHorizontalSlider, UILabel,
                                  UIPanel, UISelectionList, UITextBox, UIWindow)

from game.ui.text import ASSETS, t


def make_manager(size: tuple[int, int], scale: float) -> pygame_gui.UIManager:
    """A UIManager with the theme file, fonts scaled for the window (projector, 4K)."""
    theme = json.loads((ASSETS / "theme.json").read_text(encoding="utf-8"))
    points = int(round(14 * scale))
    theme["defaults"]["font"] = {"name": "noto_sans", "size": str(points)}
    manager = pygame_gui.UIManager(size, theme)
    manager.preload_fonts([{"name": "noto_sans", "point_size": points, "style": style, "antialiased": "1"}
                           for style in ("bold", "italic")])
    return manager


class TopBar:
    """Play/pause, step, speed, restart, scenarios, rules, help, fullscreen, screenshot."""

    KEYS = ("play", "step", "speed", "restart_same", "restart_new", "scenarios", "rules", "help",
            "fullscreen", "screenshot")
    TIPS = {"play": "Space", "step": "Right arrow", "speed": "1 / 2 / 3", "restart_same": "R",
            "restart_new": "N", "scenarios": "S", "rules": "L", "help": "H or F1", "fullscreen": "F11",
            "screenshot": "F12"}

    def __init__(self, rect: pygame.Rect, manager, scale: float):
        self.buttons: dict[str, UIButton] = {}
        pad = int(6 * scale)
        h = rect.height - 2 * pad
        widths = {"play": 80, "step": 64, "speed": 64, "restart_same": 84, "restart_new": 90,
                  "scenarios": 100, "rules": 70, "help": 60, "fullscreen": 100, "screenshot": 104}
        x = rect.right - pad
        for key in reversed(self.KEYS):
            w = max(int(widths[key] * scale), 48)  # touch targets >= 48 px
            x -= w
            self.buttons[key] = UIButton(pygame.Rect(x, rect.y + pad, w, max(h, 48 if scale >= 1.2 else h)),
                                         t(f"ui.{key}"), manager,
                                         tool_tip_text=f"{t('ui.' + key)} ({self.TIPS[key]})")
            x -= pad // 2
        self.left_edge = x

    def sync(self, paused: bool, speed: int) -> None:
        self.buttons["play"].set_text(t("ui.play") if paused else t("ui.pause"))
        self.buttons["speed"].set_text(f"{speed}x")

    def which(self, element) -> str | None:
        return next((k for k, b in self.buttons.items() if b is element), None)


@dataclass
class Rule:
    path: str
    label: str
    lo: float
    hi: float
    shown_scale: float = 1.0  # value shown = value * shown_scale


def live_rules(scenario) -> list[Rule]:
    """The sliders this scenario offers (only rules that mean something in it)."""
    sc = scenario.scoring
    rules = [Rule("scoring.connections_weight", t("rules.connections_weight"), 0.0, 1.0),
             Rule("scoring.speech_penalty", t("rules.speech_penalty"), 0.0, 40.0),
             Rule("scoring.blacklist_penalty", t("rules.blacklist_penalty"), 0.0, (sc.high - sc.low)),
             Rule("authorities.error_rate", t("rules.error_rate"), 0.0, 0.002, 10_000),
             Rule("behaviour.tie_value", t("rules.tie_value"), 0.0, 15.0)]
    for i, s in enumerate(scenario.services):
        if s.friends_min > -1e9:
            rules.append(Rule(f"services.{i}.friends_min", t("rules.friends_gate"), sc.low, sc.high))
    return rules


def _get(scenario, path: str):
    node = scenario
    for part in path.split("."):
        node = node[int(part)] if part.isdigit() else getattr(node, part)
    return node


class RulesPanel:
    """Sliders and toggles for the live rules; each change becomes a SetRule command."""

    def __init__(self, rect: pygame.Rect, manager, scenario, scale: float):
        self.panel = UIPanel(rect, starting_height=3, manager=manager)
        self.sliders: dict[UIHorizontalSlider, Rule] = {}
        self.labels: dict[str, UILabel] = {}
        pad, row = int(8 * scale), int(24 * scale)
        w = rect.width - 2 * pad - 4
        y = pad
        UILabel(pygame.Rect(pad, y, w, row), t("rules.title"), manager, container=self.panel)
        y += row + pad
        for rule in live_rules(scenario):
            value = float(_get(scenario, rule.path))
            self.labels[rule.path] = UILabel(pygame.Rect(pad, y, w, row), "", manager, container=self.panel)
            y += row
            lo, hi = rule.lo, max(rule.hi, value)
            s = UIHorizontalSlider(pygame.Rect(pad, y, w, max(row, 28)), min(max(value, lo), hi), (lo, hi),
                                   manager, container=self.panel, click_increment=(hi - lo) / 20)
            self.sliders[s] = rule
            self._label(rule, value)
            y += max(row, 28) + pad
        self.shaming = UICheckBox(pygame.Rect(pad, y, row, row), t("rules.public_shaming"), manager,
                                  container=self.panel, initial_state=scenario.authorities.public_shaming)
        y += row + pad
        UILabel(pygame.Rect(pad, y, w, row), t("rules.opacity"), manager, container=self.panel)
        y += row
        self.opacity = UIDropDownMenu(["exact", "noisy", "unknown"], scenario.scoring.opacity,
                                      pygame.Rect(pad, y, w, max(row, 28)), manager, container=self.panel)

    def _label(self, rule: Rule, value: float) -> None:
        self.labels[rule.path].set_text(f"{rule.label}: {value * rule.shown_scale:.3g}")

    def command_for(self, event):
        """The (path, value) a widget event asks for, or None."""
        from game.commands import SetRule

        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element in self.sliders:
            rule = self.sliders[event.ui_element]
            value = float(event.ui_element.get_current_value())
            self._label(rule, value)
            return SetRule(rule.path, round(value, 6))
        if event.type in (pygame_gui.UI_CHECK_BOX_CHECKED, pygame_gui.UI_CHECK_BOX_UNCHECKED) \
                and event.ui_element is self.shaming:
            return SetRule("authorities.public_shaming", event.type == pygame_gui.UI_CHECK_BOX_CHECKED)
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.opacity:
            return SetRule("scoring.opacity", event.text)
        return None

    def kill(self) -> None:
        self.panel.kill()


class ScenarioPicker:
    """A window listing shipped scenarios by title, with the selected one's description."""

    def __init__(self, rect: pygame.Rect, manager, entries: list[tuple[str, object]]):
        self.entries = entries  # (source, Scenario)
        self.window = UIWindow(rect, manager, window_display_title=t("ui.scenarios"))
        inner = self.window.get_container().get_rect()
        half = inner.width // 2
        titles = [sc.meta.title for _, sc in entries]
        self.list = UISelectionList(pygame.Rect(0, 0, half, inner.height - 60), titles, manager,
                                    container=self.window)
        self.text = UITextBox("", pygame.Rect(half + 4, 0, inner.width - half - 8, inner.height - 60),
                              manager, container=self.window)
        self.load = UIButton(pygame.Rect(inner.width - 130, inner.height - 54, 120, 48), t("ui.load"),
                             manager, container=self.window)
        self.chosen: int | None = None

    def handle(self, event) -> object | None:
        """Returns (source, scenario) when the player loads one."""
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            titles = [sc.meta.title for _, sc in self.entries]
            self.chosen = titles.index(event.text)
            sc = self.entries[self.chosen][1]
            self.text.set_text(f"<b>{sc.meta.title}</b><br><br>{sc.meta.description}<br><br>"
                               f"<i>{sc.meta.source}</i>")
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.load and self.chosen is not None:
            return self.entries[self.chosen]
        return None

    @property
    def alive(self) -> bool:
        return self.window.alive()


class HelpWindow:
    def __init__(self, rect: pygame.Rect, manager):
        self.window = UIWindow(rect, manager, window_display_title=t("help.title"))
        inner = self.window.get_container().get_rect()
        body = t("help.lines").replace("\n", "<br>")
        UITextBox(body, pygame.Rect(0, 0, inner.width, inner.height), manager, container=self.window)

    @property
    def alive(self) -> bool:
        return self.window.alive()

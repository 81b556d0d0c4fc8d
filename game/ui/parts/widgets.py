"""pygame_gui widgets: the top bar, the rule panel, the scenario picker, the help window.

Widgets emit events; the scene decides what they mean (a command, a restart, a toggle).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import (UIButton, UICheckBox, UIDropDownMenu, UIHorizontalSlider, UILabel, UIPanel,
                                 UIScrollingContainer, UISelectionList, UITextBox, UIWindow)

from game.scenario.live_rules import OPACITY_CHOICES
from game.scenario.live_rules import live_rules as offered
from game.sim.commands import SetRule
from game.scenario.safetext import paragraphs
from game.ui.drawing.boxes import widget_need
from game.ui.drawing.text import ASSETS, font_path, localized, renderable, t, wrap
from game.ui.keys import TOP_BAR, tip
from game.ui.parts.folding import SCROLL_BAR, folded  # noqa: F401 (re-exported)
from game.ui.parts.scenario_info import info_html, info_text


def make_manager(size: tuple[int, int], scale: float, cover: str = "") -> pygame_gui.UIManager:
    """A UIManager with the theme file, fonts scaled for the window (projector, 4K), in a
    font that draws the current language and ``cover`` (the scenario text on screen)."""
    theme = json.loads((ASSETS / "theme.json").read_text(encoding="utf-8"))
    points = int(round(14 * scale))
    path = font_path(cover=cover)
    font = {"name": "noto_sans", "size": str(points)}
    if path is not None:  # the current language's font, for every style (no CJK bold/italic shipped)
        font = {"name": "sesame_cjk", "size": str(points), "regular_path": path, "bold_path": path,
                "italic_path": path, "bold_italic_path": path}
    # pygame_gui themes take fonts per element type (its "defaults" block holds colours only)
    for element in ("button", "label", "text_box", "drop_down_menu", "selection_list", "check_box",
                    "tool_tip", "window", "title_bar", "text_entry_line", "horizontal_slider"):
        theme.setdefault(element, {})["font"] = dict(font)
    theme["horizontal_slider"]["misc"] = {"sliding_button_width": str(max(20, int(24 * scale)))}
    # a window's title and close button grow with its font (at 4K a 28 px bar cuts the title)
    theme.setdefault("window", {}).setdefault("misc", {})["title_bar_height"] = str(max(28, int(28 * scale)))
    theme["window.#close_button"] = {"misc": {"shape": "rectangle", "shadow_width": "0", "border_width": "1",
                                              "text_horiz_alignment_padding": "0"},
                                     "font": {"name": "fira_code_symbols", "size": str(points)}}
    manager = pygame_gui.UIManager(size, theme)
    _remember_theme_ids(manager.get_theme())
    manager.preload_fonts([{"name": font["name"], "point_size": points, "style": style, "antialiased": "1"}
                           for style in ("bold", "italic")])
    return manager


_THEME_IDS: dict[tuple, list[str]] = {}


def _remember_theme_ids(theme) -> None:
    """pygame_gui 0.6 looks up an element's theme ids under a key it builds with nested
    ``str.join`` calls, whose length multiplies with the element's depth: a slider in the
    rules panel's scrolling container costs milliseconds, and opening the panel took a
    second. The answer depends on the ids alone (not on the theme's colours or fonts), so
    remember it under a plain tuple key, for every manager."""
    build = theme.build_all_combined_ids

    def remembered(*ids):
        key = tuple(None if x is None else tuple(x) for x in ids)
        if key not in _THEME_IDS:
            _THEME_IDS[key] = build(*ids)
        return list(_THEME_IDS[key])
    theme.build_all_combined_ids = remembered




def _tip(action: str) -> str:
    """The key for an action as a tooltip writes it ("keys.*" are words, looked up in the catalog)."""
    key = tip(action)
    return t(key) if key.startswith("keys.") else key


class TopBar:
    """Buttons for actions of the key table (:data:`game.ui.keys.TOP_BAR`: play/pause, step,
    speed, restart, scenarios, rules, help, fullscreen, screenshot), right-aligned, each as
    wide as its words. When they would leave the status line less than ``room`` px, the
    ones with a key of their own that matter least (:data:`OPTIONAL`) stay off the bar (the
    keys still work, and Help lists them)."""

    OPTIONAL = ("screenshot", "fullscreen", "restart_new")  # first to leave a crowded bar

    def __init__(self, rect: pygame.Rect, manager, scale: float, keys: tuple[str, ...] = TOP_BAR, room: int = 0):
        self.buttons: dict[str, UIButton] = {}
        pad = int(6 * scale)
        h = rect.height - 2 * pad
        labels = {key: self._label(key) for key in keys}
        for key in keys:
            self.buttons[key] = UIButton(pygame.Rect(0, rect.y + pad, 48, h), labels[key][0], manager,
                                         tool_tip_text=f"{t('ui.' + key)} ({_tip(key)})")
        # wide enough for the longest text the button shows (Play/Pause, 16x), and a finger
        widths = {key: max(48, max(widget_need(b, x)[0] for x in labels[key]) + int(8 * scale))
                  for key, b in self.buttons.items()}
        shown = list(keys)
        for key in self.OPTIONAL:
            if rect.width - sum(widths[k] + pad // 2 for k in shown) - pad >= room:
                break
            if key in shown:
                shown.remove(key)
                self.buttons.pop(key).kill()
        x = rect.right - pad
        for key in reversed(shown):
            x -= widths[key]
            self.buttons[key].set_dimensions((widths[key], h))
            self.buttons[key].set_relative_position((x, rect.y + pad))
            x -= pad // 2
        self.left_edge = x

    @staticmethod
    def _label(key: str) -> list[str]:
        """Every text the button can show, the first one first."""
        if key == "play":
            return [t("ui.play"), t("ui.pause")]
        if key == "speed":
            return [t("ui.speed"), "16x"]
        return [t(f"ui.{key}")]

    def sync(self, paused: bool, speed: int) -> None:
        self.buttons["play"].set_text(t("ui.play") if paused else t("ui.pause"))
        if "speed" in self.buttons:
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


def rule_value(v: float) -> str:
    """A slider's value as a reader writes it: 1,000 citizens, 0.35, 20 - never 1e+03."""
    if abs(v - round(v)) < 1e-9 or abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.3g}"


def live_rules(scenario) -> list[Rule]:
    """The sliders this scenario offers (only rules that mean something in it)."""
    return [Rule(r.path, t(r.label_key), r.lo, r.hi, r.shown_scale) for r in offered(scenario)]


SETUP = (("population.size", "rules.population", 100, 5000, 100),
         ("network.mean_degree", "rules.mean_degree", 2, 30, 1))
NETWORK_KINDS = ("districts", "erdos_renyi", "watts_strogatz", "barabasi_albert")


def _get(scenario, path: str):
    node = scenario
    for part in path.split("."):
        node = node[int(part)] if part.isdigit() else getattr(node, part)
    return node


class RulesPanel:
    """Sliders and toggles for the live rules (each change becomes a SetRule command), and
    a setup section (population, network) that only applies with a restart."""

    def __init__(self, rect: pygame.Rect, manager, scenario, scale: float):
        self.panel = UIPanel(rect, starting_height=3, manager=manager)
        inner = self.panel.get_container().get_rect()
        self.scroll = UIScrollingContainer(pygame.Rect(0, 0, inner.width, inner.height), manager,
                                           container=self.panel, allow_scroll_x=False)
        box = self.scroll.get_container()
        self.manager, self.box = manager, box
        self.sliders: dict[UIHorizontalSlider, Rule] = {}
        self.labels: dict[str, UILabel] = {}  # each slider's value, right of its name
        self.font = manager.get_theme().get_font(["label"])
        self.pad = int(6 * scale)
        self.row = max(int(26 * scale), self.font.size("Ag")[1] + 8)  # a line of the label's type
        self.w = inner.width - 2 * self.pad - 22  # room for the scroll bar
        self.y = self.pad
        # where the numbers below come from (the I window): a teacher about to change them asks
        self.sources = UIButton(pygame.Rect(self.pad, self.y, self.w, max(self.row, 32)), t("provenance.button"),
                                manager, container=box)
        self.y += max(self.row, 32) + self.pad
        self._heading(t("rules.title"))
        for rule in live_rules(scenario):
            self._slider(rule, float(_get(scenario, rule.path)))
        self.shaming = UICheckBox(pygame.Rect(self.pad, self.y, self.row, self.row), "",
                                  manager, container=box, initial_state=scenario.authorities.public_shaming)
        UILabel(pygame.Rect(self.pad + self.row + self.pad, self.y, self.w - self.row - self.pad, self.row),
                t("rules.public_shaming"), manager, container=box, object_id=ObjectID(class_id="@left_label"))
        self.y += self.row + self.pad
        self._heading(t("rules.opacity"))
        options = [(t(f"rules.opacity_{o}"), o) for o in OPACITY_CHOICES]
        opacity = scenario.scoring.opacity
        self.opacity = UIDropDownMenu(options, (t(f"rules.opacity_{opacity}"), opacity),
                                      pygame.Rect(self.pad, self.y, self.w, max(self.row, 28)), manager, container=box)
        self.y += max(self.row, 28) + 2 * self.pad
        self._setup(scenario)
        self.scroll.set_scrollable_area_dimensions((inner.width - 20, self.y + self.pad))

    def _heading(self, text: str, room: int | None = None) -> None:
        """``text`` in as many rows as it needs to fit (``room`` px wide, default the panel's)."""
        for line in wrap(text, self.font, (room or self.w) - 12):
            UILabel(pygame.Rect(self.pad, self.y, self.w, self.row), line, self.manager, container=self.box,
                    object_id=ObjectID(class_id="@left_label"))
            self.y += self.row

    def _slider(self, rule: Rule, value: float) -> UIHorizontalSlider:
        """The rule's name (wrapped), its value right-aligned beside the name's last line (or
        under it, when that line is full), then the slider."""
        widest = max(self.font.size(rule_value(v * rule.shown_scale))[0] for v in (rule.lo, rule.hi, value)) + 16
        lines = wrap(rule.label, self.font, self.w - 12)
        if self.font.size(lines[-1])[0] + 12 > self.w - widest:
            lines.append("")
        for k, line in enumerate(lines):
            if line:
                width = self.w - widest if k == len(lines) - 1 else self.w
                UILabel(pygame.Rect(self.pad, self.y, width, self.row), line, self.manager,
                        container=self.box, object_id=ObjectID(class_id="@left_label"))
            if k < len(lines) - 1:
                self.y += self.row
        self.labels[rule.path] = UILabel(pygame.Rect(self.pad + self.w - widest, self.y, widest, self.row), "",
                                         self.manager, container=self.box)
        self.y += self.row
        lo, hi = rule.lo, max(rule.hi, value)
        h = max(self.row, 26)
        s = UIHorizontalSlider(pygame.Rect(self.pad, self.y, self.w, h), min(max(value, lo), hi), (lo, hi),
                               self.manager, container=self.box, click_increment=(hi - lo) / 20)
        self.sliders[s] = rule
        self._label(rule, value)
        self.y += h + self.pad
        return s

    def _setup(self, scenario) -> None:
        self._heading(t("rules.setup_title"))
        self.setup = {"network.kind": scenario.network.kind}
        for path, key, lo, hi, step in SETUP:
            value = float(_get(scenario, path))
            s = self._slider(Rule(path, t(key), lo, hi), value)
            s.increment = step
            self.setup[path] = int(value) if path == "population.size" else value
        self.kind = UIDropDownMenu([(t(f"rules.kind_{k}"), k) for k in NETWORK_KINDS],
                                   (t(f"rules.kind_{scenario.network.kind}"), scenario.network.kind),
                                   pygame.Rect(self.pad, self.y, self.w, max(self.row, 28)), self.manager,
                                   container=self.box)
        self.y += max(self.row, 28) + self.pad
        h = max(48, self.row + 8)
        self.restart = UIButton(pygame.Rect(self.pad, self.y, self.w, h), t("rules.restart_setup"),
                                self.manager, container=self.box)
        self.y += h + self.pad

    def _label(self, rule: Rule, value: float) -> None:
        self.labels[rule.path].set_text(rule_value(value * rule.shown_scale))

    def command_for(self, event):
        """What a widget event asks for: a SetRule command, ("restart", setup changes),
        ("info",) (the sources and assumptions), or None."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.sources:
            return ("info",)
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element in self.sliders:
            rule = self.sliders[event.ui_element]
            value = float(event.ui_element.get_current_value())
            self._label(rule, value)
            if rule.path in self.setup:
                self.setup[rule.path] = int(round(value)) if rule.path == "population.size" else round(value, 3)
                return None
            return SetRule(rule.path, round(value, 6))
        if event.type in (pygame_gui.UI_CHECK_BOX_CHECKED, pygame_gui.UI_CHECK_BOX_UNCHECKED) \
                and event.ui_element is self.shaming:
            return SetRule("authorities.public_shaming", event.type == pygame_gui.UI_CHECK_BOX_CHECKED)
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.opacity:
            return SetRule("scoring.opacity", getattr(event, "selected_option_id", event.text))
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.kind:
            self.setup["network.kind"] = getattr(event, "selected_option_id", event.text)
            return None
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.restart:
            return ("restart", dict(self.setup))
        return None

    def kill(self) -> None:
        self.panel.kill()


def picker_text(entries: list[tuple[str, object]]) -> str:
    """Everything the picker may show of its scenarios (for the font to cover)."""
    return "".join(localized(sc, f"meta.{k}") + info_text(sc) for _, sc in entries for k in ("title", "description"))


def picker_titles(entries: list[tuple[str, object]]) -> list[str]:
    """The picker's list: each title as one drawable line, never empty, never twice (the
    list is matched by its text)."""
    titles: list[str] = []
    for source, sc in entries:
        title = renderable(localized(sc, "meta.title")).strip() or source
        while title in titles:
            title += " \u00b7"
        titles.append(title)
    return titles


class ScenarioPicker:
    """A window listing shipped scenarios by title, with the selected one's description,
    sources and assumptions (:mod:`game.ui.parts.scenario_info`; each in the current language
    when the file carries a translation)."""

    def __init__(self, rect: pygame.Rect, manager, entries: list[tuple[str, object]], current=None):
        """``current``: the scenario running on screen; it starts selected, so the window
        never opens on an empty page (a newcomer sees at once what the right side is for)."""
        self.entries, self.manager = entries, manager  # (source, Scenario)
        self.window = UIWindow(rect, manager, window_display_title=t("ui.scenarios"))
        inner = self.window.get_container().get_rect()
        half = inner.width // 3  # the titles are short; the sources and assumptions need the room
        titles = picker_titles(entries)
        self.chosen: int | None = next((i for i, (_, sc) in enumerate(entries)
                                        if current is not None and sc == current), None)
        if self.chosen is None and current is not None:  # a changed run: the file it came from
            self.chosen = next((i for i, (_, sc) in enumerate(entries) if sc.meta == current.meta), None)
        self.load = UIButton(pygame.Rect(0, 0, -1, 48), t("ui.load"), manager, container=self.window)
        bw, bh = (max(48, v) for v in widget_need(self.load))
        bw, bh = max(bw + 24, 120), max(bh + 8, 48)
        self.load.set_dimensions((bw, bh))
        self.load.set_relative_position((inner.width - bw - 10, inner.height - bh - 6))
        body = inner.height - bh - 12
        self.list = UISelectionList(pygame.Rect(0, 0, half, body), [], manager, container=self.window)
        # pygame_gui's rows are 20 px whatever the type: as tall as the title's type needs
        self.list.list_item_height = manager.get_theme().get_font(["selection_list"]).size("Ag")[1] + 10
        self.list.set_item_list(titles)
        # Chinese has no spaces to break at: pygame_gui then cuts mid-text; without dashes
        self.text = UITextBox(folded(html.escape(t("ui.pick_hint")), manager, inner.width - half - 8),
                              pygame.Rect(half + 4, 0, inner.width - half - 8, body),
                              manager, container=self.window, allow_split_dashes=False)
        if self.chosen is None:
            self.load.disable()  # until a scenario is chosen: a button that does nothing confuses
        else:  # as pygame_gui's default_selection does, after the rows have their height
            item = self.list.item_list[self.chosen]
            item["selected"] = True
            if item["button_element"] is not None:
                item["button_element"].select()
            self.show(self.chosen)

    def show(self, i: int) -> None:
        """The scenario's title, description, sources and assumptions (escaped: a stranger's
        text), folded to the box's width."""
        self.text.set_text(folded(info_html(self.entries[i][1]), self.manager, self.text.rect.width))

    def handle(self, event) -> object | None:
        """Returns (source, scenario) when the player loads one."""
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            self.chosen = picker_titles(self.entries).index(event.text)
            self.show(self.chosen)
            self.load.enable()
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.load and self.chosen is not None:
            return self.entries[self.chosen]
        return None

    @property
    def alive(self) -> bool:
        return self.window.alive()


class HelpWindow:
    def __init__(self, rect: pygame.Rect, manager, touch: bool = False):
        # a touch screen has no keys: its help says what is on screen and what to touch
        self.window = UIWindow(rect, manager, window_display_title=t("help.touch_title" if touch else "help.title"))
        inner = self.window.get_container().get_rect()
        body = folded(html.escape(t("help.touch_lines" if touch else "help.lines")).replace("\n", "<br>"), manager,
                      inner.width)
        UITextBox(body, pygame.Rect(0, 0, inner.width, inner.height), manager, container=self.window,
                  allow_split_dashes=False)

    @property
    def alive(self) -> bool:
        return self.window.alive()

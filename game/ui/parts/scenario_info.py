"""Where a scenario's numbers come from, on screen: its title and description, then "From
the sources" (each claim with its seed and the article's own words) and "Game assumptions"
(each claim with why), and, for the run on screen, the rules the player changed.

The scenario picker shows it for the scenario selected; the I key opens it for the run on
screen (:class:`ScenarioInfo`). The text is built by :func:`info_html` from
:func:`game.lab.explain.entries`, the same structure ``sesame validate --explain``
prints, so the window, the picker and the command line never disagree. Everything a
scenario file says is escaped: it comes from strangers.
"""

from __future__ import annotations

import html

import pygame
from pygame_gui.elements import UITextBox, UIWindow

from game.scenario import provenance
from game.scenario.safetext import paragraphs
from game.lab.explain import entries, seed_title, shown
from game.ui.drawing.text import font_path, localized, t
from game.ui.parts.folding import folded

DIM = "#9aa4b2"  # the seed line and the reasons: readable, quieter than the claims
HEAD = "#8fc1ff"  # section headings: bold is not enough where the font has no bold (Chinese)


def _e(text: str) -> str:
    """A stranger's text, drawable (:func:`game.scenario.safetext.paragraphs`) and escaped."""
    return "<br>".join(html.escape(p, quote=False) for p in paragraphs(text))


def _head(text: str) -> str:
    return f"<font color='{HEAD}'><b>{_e(text)}</b></font>"


def _quote(text: str) -> str:
    """The article's words; in the Chinese font its curly apostrophe is a full-width mark
    ("It’ s"), so there it is drawn as a straight one: the same words, typeset."""
    if font_path() is not None:
        text = text.replace("\u2019", "'").replace("\u2018", "'")
    return _e(text)


def changed_rules(model) -> list[tuple[str, str, str]]:
    """``(path, value at the start, value now)`` for every rule value the run changed (the
    player's edits and the timeline's): those the sources and assumptions no longer describe."""
    before = {leaf.path: leaf.value for leaf in provenance.rule_leaves(model.initial_config)}
    return [(leaf.path, shown(before[leaf.path]), shown(leaf.value))
            for leaf in provenance.rule_leaves(model.config)
            if leaf.path in before and before[leaf.path] != leaf.value]


def info_html(scenario, changed: list[tuple[str, str, str]] | None = None) -> str:
    """The scenario's title, description, sources and assumptions as pygame_gui HTML, in the
    current language (quotes stay as the article wrote them); ``changed``: rules the run
    changed (:func:`changed_rules`), listed first."""
    description = _e(localized(scenario, "meta.description"))
    parts = [f"{_head(localized(scenario, 'meta.title'))}<br><br>{description}"]
    if changed:
        parts.append(f"<br><br>{_head(t('provenance.changed_title', n=len(changed)))}<br>"
                     f"<font color='{DIM}'>{_e(t('provenance.changed_note'))}</font>")
        for path, old, new in changed:
            parts.append(f"<br>{_e(path)}: {_e(t('provenance.changed', old=old, new=new))}")
    sources, assumptions = entries(scenario)
    if not sources and not assumptions:
        parts.append(f"<br><br><i>{_e(t('provenance.none'))}</i>")
        return "".join(parts)
    parts.append(f"<br><br>{_head(t('provenance.from_sources', n=len(sources)))}")
    for e in sources:
        # each line styled whole (the seed, then the words), so a line folded to the box's width
        # keeps its style on every piece
        parts.append(f"<br><br>{_e(e.claim)}<br><font color='{DIM}'><i>{_e(seed_title(e.seed))}:</i></font>"
                     f"<br><font color='{DIM}'>\u201c{_quote(e.quote)}\u201d</font>")
    parts.append(f"<br><br>{_head(t('provenance.assumptions', n=len(assumptions)))}")
    for e in assumptions:
        why = f"<br><font color='{DIM}'>{_e(t('provenance.why', why=e.why))}</font>" if e.why else ""
        parts.append(f"<br><br>{_e(e.claim)}{why}")
    return "".join(parts)


def info_text(scenario) -> str:
    """The text :func:`info_html` shows in the scenario's own words (claims, reasons), joined:
    what the font must draw. The quotes are the seeds' English, which the English font draws
    (curly quotes and dashes included), so they never switch the screen to another font."""
    sources, assumptions = entries(scenario)
    return "".join(e.claim + e.why for e in sources + assumptions)


class ScenarioInfo:
    """The window the I key opens: where the numbers of the run on screen come from."""

    def __init__(self, rect: pygame.Rect, manager, model):
        self.window = UIWindow(rect, manager, window_display_title=t("provenance.info_title"))
        inner = self.window.get_container().get_rect()
        # Chinese has no spaces to break at: pygame_gui then cuts mid-text; without dashes
        self.text = UITextBox(folded(info_html(model.config, changed_rules(model)), manager, inner.width),
                              pygame.Rect(0, 0, inner.width, inner.height), manager, container=self.window,
                              allow_split_dashes=False)

    @property
    def alive(self) -> bool:
        return self.window.alive()

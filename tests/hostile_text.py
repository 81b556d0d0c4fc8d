"""A corpus of hostile and odd text, and a scenario that puts one text in every text field.

``HOSTILE`` is what validation must refuse (each names the character in its message);
``ODD`` is what it must accept and every screen must draw. ``everything()`` is a valid
scenario that fills every text field a screen can show (title, description, source, tier
names and labels, service names, timeline captions, objective labels, prompts, player,
chapter, a translation); ``with_text(scenario, text)`` puts ``text`` in all of them
*without* validation, which is how the drawing layer is tested on its own.
"""

from __future__ import annotations

import dataclasses

from game.scenario.library import load
from game.scenario.provenance import without_provenance
from game.scenario.schema import dump, parse
from game.scenario.spec import Scenario

HOSTILE = {
    "nul": "Sesame\x00Credit",
    "nul_only": "\x00",
    "zero_width_space": "\u200b",
    "right_to_left_override": "\u202e",
    "left_to_right_mark": "\u200e",
    "byte_order_mark": "\ufeff",
    "zero_width_joiner": "\u200d",
    "invisible_mix": "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f",
    "override_inside": "Invoice \u202egnp.exe",
    "isolate_inside": "a\u2066b\u2069c",
    "escape_clear_screen": "\x1b[2J\x1b[HSesame",
    "escape_title_bar": "\x1b]0;owned\x07",
    "bell": "ding\x07",
    "backspace": "abc\x08\x08\x08xyz",
    "delete": "a\x7fb",
    "c1_control": "a\x9b31mb",
    "tag_characters": "hi\U000e0049\U000e0047\U000e004e",
}

ODD = {
    "zero_width_inside": "Se\u200bsa\u200dme",
    "direction_mark_inside": "Sesame\u200f",
    "line_breaks": "first line\nsecond line",
    "tab": "a\tb",
    "chinese": "芝麻信用",
    "combining": "Se\u0301same",
    "emoji": "\U0001f600 score",
    "private_use": "\ue000 mark",
    "spaces": "   ",
    "right_to_left_script": "\u05e9\u05dc\u05d5\u05dd",
}

# what a screen may draw that validation would never let through (the drawing layer's own test)
UNDRAWABLE = dict(HOSTILE, surrogate="a\ud800b", long_word="W" * 5000, very_long="word " * 2000,
                  newline_only="\n\n", empty="")


def everything() -> Scenario:
    """A valid scenario with every text field filled in (short texts: room for any test)."""
    data = dump(without_provenance(load("challenge_speak_up")))  # its sources name services renamed here
    data["meta"].update(title="Title", description="Description", source="Source")
    data["player"] = {"citizen": "hub", "name": "Name", "situation": "Situation"}
    data["chapter"].update(fact="Fact", intro="Intro", task="Task", question="Question")
    data["timeline"] = [{"step": 1, "action": "caption", "text": "Caption one"},
                        {"step": 2, "action": "blacklist", "target": "hub", "text": "Caption two"}]
    data["prompts"] = ["Prompt one", "Prompt two"]
    for i, tier in enumerate(data["tiers"]):
        tier["label"] = f"Label {i}"
    data["translations"] = {"zh": {"meta": {"title": "Title zh"}, "prompts": ["P1", "P2"]}}
    return parse(data, Scenario, "everything")


def text_fields(scenario: Scenario) -> list[str]:
    """Every text field of ``everything()``, as error messages spell them."""
    out = [f"meta.{k}" for k in ("title", "description", "source")]
    out += [f"player.{k}" for k in ("name", "situation")]
    out += [f"chapter.{k}" for k in ("fact", "intro", "task", "question")]
    for i in range(len(scenario.tiers)):
        out += [f"tiers[{i}].name", f"tiers[{i}].label"]
    out += [f"services[{i}].name" for i in range(len(scenario.services))]
    out += [f"timeline[{i}].text" for i in range(len(scenario.timeline))]
    out += [f"objectives[{i}].label" for i in range(len(scenario.objectives))]
    out += [f"prompts[{i}]" for i in range(len(scenario.prompts))]
    out += ["translations.zh.meta.title", "translations.zh.prompts[0]"]
    return out


def set_in_data(data: dict, path: str, text: str) -> None:
    """Put ``text`` at ``path`` of plain scenario data (``tiers[2].name``, ``prompts[0]``);
    a tier's new name is also given to the services and objectives that name it."""
    if path.startswith("tiers[") and path.endswith(".name"):
        old = data["tiers"][int(path[6:path.index("]")])]["name"]
        for item in data.get("services", []) + data.get("objectives", []):
            for key in ("min_tier", "tier"):
                if item.get(key) == old:
                    item[key] = text
    node: object = data
    parts = path.replace("[", ".").replace("]", "").split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node[part]
    last = parts[-1]
    node[int(last) if last.isdigit() else last] = text


def with_text(scenario: Scenario, text: str | list[str]) -> Scenario:
    """``scenario`` with ``text`` in every text field, *not validated* (a list of texts:
    each field takes the next one, round the list). Tier and service names get a distinct
    suffix each (they are keys) but keep the text's characters."""
    texts = [text] if isinstance(text, str) else list(text)
    scenario = without_provenance(scenario)  # its sources name the tiers and services renamed here
    counter = iter(range(10**6))

    def nxt() -> str:
        return texts[next(counter) % len(texts)]

    def item(obj, **fields):
        return dataclasses.replace(obj, **fields)
    rename = {t.name: nxt() + str(i) for i, t in enumerate(scenario.tiers)}  # tiers are named in
    tiers = tuple(item(t, name=rename[t.name], label=nxt()) for t in scenario.tiers)  # services, goals
    services = tuple(item(s, name=nxt() + str(i), min_tier=rename.get(s.min_tier, ""))
                     for i, s in enumerate(scenario.services))
    objectives = tuple(item(o, label=nxt(), tier=rename.get(o.tier, "")) for o in scenario.objectives)
    timeline = tuple(item(e, text=nxt()) for e in scenario.timeline)
    tr = scenario.translations
    zh = item(tr.zh, meta=item(tr.zh.meta, title=nxt()), prompts=tuple(nxt() for _ in tr.zh.prompts))
    return dataclasses.replace(
        scenario, meta=item(scenario.meta, title=nxt(), description=nxt(), source=nxt()),
        player=item(scenario.player, name=nxt(), situation=nxt()),
        chapter=item(scenario.chapter, fact=nxt(), intro=nxt(), task=nxt(), question=nxt()),
        tiers=tiers, services=services, objectives=objectives, timeline=timeline,
        prompts=tuple(nxt() for _ in scenario.prompts), translations=item(tr, zh=zh))

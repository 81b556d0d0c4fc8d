"""The rules that may change while a run goes on, as data: the window's rules panel
(:mod:`game.ui.parts.widgets`) and a class's teacher console (:mod:`game.classroom.views`)
offer the same ones (each change is a ``SetRule`` command).

Each rule is a path into the scenario, the catalog key of its label, its range and the
factor by which its value is shown (error rates read better per 10,000).
"""

from __future__ import annotations

from dataclasses import dataclass

from game.scenario.spec import OPACITY

OPACITY_CHOICES = OPACITY  # scoring.opacity: how well citizens know the rules (a choice, not a slider)


@dataclass(frozen=True)
class LiveRule:
    path: str
    label_key: str
    lo: float
    hi: float
    shown_scale: float = 1.0  # value shown = value * shown_scale


def live_rules(scenario) -> list[LiveRule]:
    """The sliders this scenario offers (only rules that mean something in it)."""
    sc = scenario.scoring
    rules = []
    if sc.family in ("weighted", "none", "blacklist_only"):
        rules += [LiveRule(f"scoring.weights.{k}", f"factors.{k}", 0.0, 1.0)
                  for k in ("history", "capacity", "characteristics", "behaviour")]
    rules += [LiveRule("scoring.connections_weight", "rules.connections_weight", 0.0, 1.0),
              LiveRule("scoring.speech_penalty", "rules.speech_penalty", 0.0, 40.0),
              LiveRule("scoring.blacklist_penalty", "rules.blacklist_penalty", 0.0, (sc.high - sc.low)),
              LiveRule("authorities.error_rate", "rules.error_rate", 0.0, 0.002, 10_000),
              LiveRule("behaviour.tie_value", "rules.tie_value", 0.0, 15.0),
              LiveRule("behaviour.conformity_threshold", "rules.conformity_threshold", 0.0, 1.0)]
    for i, s in enumerate(scenario.services):
        if s.has_friends_gate:
            rules.append(LiveRule(f"services.{i}.friends_min", "rules.friends_gate", sc.low, sc.high))
    return rules


def current(scenario, path: str):
    """The value at a rule's path (``services.2.friends_min`` indexes the list)."""
    node = scenario
    for part in path.split("."):
        node = node[int(part)] if part.isdigit() else getattr(node, part)
    return node

"""Same scenario + seed => the same run, bit for bit, on every supported interpreter.

The digests of short runs of every shipped scenario are kept in ``golden_digests.json``;
CI runs this file under Python 3.11 (Mesa 3.3) and 3.12 (Mesa 3.5), so a class whose
machines differ still sees the same run for the same seed. A change to the model that
is meant to change results regenerates the file::

    python tests/test_golden.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from game.scenario.library import shipped
from game.sim.commands import Blacklist
from game.sim.model import SocialCreditModel

GOLDEN = Path(__file__).with_name("golden_digests.json")


def run_digest(name: str) -> str:
    m = SocialCreditModel(name, rng=3, overrides={"population.size": 600})
    m.run(12)
    m.apply(Blacklist(int(np.argmax(np.where(m.listed, -1, m.friends.degree)))))  # a cascade to follow
    m.run(13)
    return m.digest()


def digests() -> dict[str, str]:
    return {p.stem: run_digest(p.stem) for p in shipped()}


def test_golden_digests_of_every_shipped_scenario():
    assert digests() == json.loads(GOLDEN.read_text())


if __name__ == "__main__":  # regenerate after a change meant to alter results
    GOLDEN.write_text(json.dumps(digests(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN}")

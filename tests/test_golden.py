"""Same scenario + seed => the same run, bit for bit, on every supported interpreter.

The digests of short runs of every shipped scenario are kept in ``golden_digests.json``;
CI runs this file under Python 3.11 (Mesa 3.3) and 3.12 (Mesa 3.5), so a class whose
machines differ still sees the same run for the same seed. A change to the model that
is meant to change results regenerates the file::

    SESAME_WRITE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from game.commands import Blacklist
from game.model import SocialCreditModel
from game.scenario import shipped

GOLDEN = Path(__file__).with_name("golden_digests.json")


def run_digest(name: str) -> str:
    m = SocialCreditModel(name, rng=3, overrides={"population.size": 600})
    m.run(12)
    m.apply(Blacklist(int(m.friends.degree.argmax())) if not m.listed[m.friends.degree.argmax()] else
            Blacklist(int(m.friends.degree.argmin())))
    m.run(13)
    return m.digest()


def test_golden_digests_of_every_shipped_scenario():
    got = {p.stem: run_digest(p.stem) for p in shipped()}
    if os.environ.get("SESAME_WRITE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n")
        pytest.skip("golden digests written")
    want = json.loads(GOLDEN.read_text())
    assert got == want

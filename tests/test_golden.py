"""Same scenario + seed => the same run, bit for bit, on every supported interpreter and CPU.

The digests of short runs of every shipped scenario are kept in ``golden_digests.json``.
CI runs this file under Python 3.11 (Mesa 3.3) and 3.12 (Mesa 3.5), and each run computes
the digests twice, in fresh processes: once with numpy choosing its CPU kernels as it
likes, once with its AVX-512 kernels switched off (``NPY_DISABLE_CPU_FEATURES``), so a
machine with AVX-512 and one without must agree with the file, and with each other.
A change to the model that is meant to change results regenerates the file::

    python tests/test_golden.py

A scenario that switches on an optional rule also keeps a digest of its run with the rule
off (``OFF``): that must equal the digest the scenario had before the rule existed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from game.scenario.library import shipped
from game.sim.commands import Blacklist
from game.sim.model import SocialCreditModel

GOLDEN = Path(__file__).with_name("golden_digests.json")
ROOT = Path(__file__).resolve().parent.parent


OFF = {  # shipped scenarios with an optional rule switched off: the run the scenario made before it
    "court_blacklist@no_paying": ("court_blacklist", {"authorities.settle_rate": 0.0}),
}


def run_digest(name: str, overrides: dict | None = None) -> str:
    m = SocialCreditModel(name, rng=3, overrides={"population.size": 600, **(overrides or {})})
    m.run(12)
    m.apply(Blacklist(int(np.argmax(np.where(m.listed, -1, m.friends.degree)))))  # a cascade to follow
    m.run(13)
    return m.digest()


def digests() -> dict[str, str]:
    out = {p.stem: run_digest(p.stem) for p in shipped()}
    return out | {key: run_digest(name, over) for key, (name, over) in OFF.items()}


def avx512_names() -> str:
    """numpy's names for its AVX-512 kernels, whatever this numpy calls them: numpy 2.4
    says ``X86_V4 AVX512_ICL AVX512_SPR``, numpy 2.0-2.3 ``AVX512F AVX512_SKX ...``. Every
    dispatch target that is AVX-512 or implies it is switched off."""
    from numpy._core._multiarray_umath import __cpu_dispatch__

    return " ".join(f for f in __cpu_dispatch__ if f.startswith("AVX512") or f == "X86_V4")


def digests_in_subprocess(env_extra: dict[str, str]) -> dict[str, str]:
    env = {**os.environ, **env_extra, "PYTHONHASHSEED": "0"}
    out = subprocess.run([sys.executable, __file__, "--print"], env=env, cwd=ROOT, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_golden_digests_with_numpys_own_choice_of_kernels():
    assert digests_in_subprocess({}) == json.loads(GOLDEN.read_text())


def test_golden_digests_with_avx512_switched_off():
    names = avx512_names()
    assert names, "numpy lists no AVX-512 kernels to switch off"
    assert digests_in_subprocess({"NPY_DISABLE_CPU_FEATURES": names}) == json.loads(GOLDEN.read_text())


if __name__ == "__main__":
    if sys.argv[1:] == ["--print"]:
        print(json.dumps(digests(), sort_keys=True))
    else:  # regenerate after a change meant to alter results
        GOLDEN.write_text(json.dumps(digests(), indent=1, sort_keys=True) + "\n")
        print(f"wrote {GOLDEN}")

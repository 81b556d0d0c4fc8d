"""Nothing read from a shared file is executed or imported: the game has no way to do it."""

from __future__ import annotations

import ast
from pathlib import Path

GAME = Path(__file__).resolve().parent.parent / "game"
RUNS_CODE = {"eval", "exec", "compile", "__import__", "breakpoint"}
LOADS_CODE = {"pickle", "cPickle", "dill", "cloudpickle", "marshal", "shelve", "yaml", "importlib", "runpy",
              "joblib", "jsonpickle"}


def offences(path: Path, base: Path = GAME) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in RUNS_CODE:
            found.append(f"calls {node.func.id}()")
        if isinstance(node, ast.Import):
            found += [f"imports {a.name}" for a in node.names if a.name.split(".")[0] in LOADS_CODE]
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in LOADS_CODE:
            found.append(f"imports {node.module}")
        if isinstance(node, ast.keyword) and node.arg == "allow_pickle" and \
                not (isinstance(node.value, ast.Constant) and node.value.value is False):
            found.append("passes allow_pickle other than False")
    return [f"{path.relative_to(base)} {what}" for what in found]


def test_no_module_can_run_or_unpickle_what_it_reads():
    files = sorted(GAME.rglob("*.py"))
    assert len(files) >= 20
    bad = [o for p in files for o in offences(p)]
    assert not bad, bad


def test_the_check_itself_finds_offences(tmp_path):
    sample = tmp_path / "offender.py"
    sample.write_text("import pickle\nfrom yaml import load\nx = eval('1')\nnp.load(f, allow_pickle=True)\n")
    found = offences(sample, tmp_path)
    assert len(found) == 4, found

"""Arrows point one way: nothing below the UI imports pygame or game.ui; the wings of game/
import downwards only; no module imports itself in a circle; and imports sit at the top
of a module, except the command line's lazy ones (each says why)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

GAME = Path(__file__).resolve().parent.parent / "game"

# The wings from the ground up: a module may import its own wing and the wings below.
# Wings on one floor (modes, records) do not import each other.
FLOORS = {
    "game.resources": 0,  # where the shipped data is (scenarios, assets)
    "game.scenario": 1,   # what defines a run
    "game.text": 2,       # the words (catalogs look up a scenario's translations)
    "game.sim": 3,        # the model
    "game.modes": 4,      # ways to play on top of the model
    "game.records": 4,    # runs saved as data
    "game.lab": 5,        # tools for modellers
    "game.classroom": 6,  # a class on phones: the room, its web server and pages (no pygame)
    "game.ui": 7,         # the window (a class's projector included)
    "game.cli": 8,        # the command
    "game.__main__": 9,   # python -m game
}
# inside the window: drawing and the session at the bottom, then parts, scenes, the app
UI_FLOORS = {"game.ui.drawing": 0, "game.ui.session": 0, "game.ui.keys": 0, "game.ui.parts": 1,
             "game.ui.scenes": 2, "game.ui.app": 3}
# optional extras ([cluster], [classroom]): imported where used, when used
OPTIONAL = ("dask", "starlette", "uvicorn", "websockets", "psutil")


def module_name(path: Path) -> str:
    parts = path.relative_to(GAME.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(dotted: str) -> bool:
    rel = Path(*dotted.split("."))
    return (GAME.parent / rel).with_suffix(".py").is_file() or (GAME.parent / rel / "__init__.py").is_file()


def imports(path: Path) -> list[tuple[ast.stmt, list[str], bool]]:
    """(node, modules it names, inside a function body) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                out.append((child, [a.name for a in child.names], in_function))
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                subs = [f"{child.module}.{a.name}" for a in child.names]
                named = [s for s in subs if s.startswith("game.") and is_module(s)]
                out.append((child, named + ([child.module] if len(named) < len(subs) else []), in_function))
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)))

    visit(tree, False)
    return out


def graph() -> dict[str, set[str]]:
    """game module -> the game modules it imports (anywhere in the file)."""
    edges = {}
    for p in GAME.rglob("*.py"):
        edges[module_name(p)] = {m for _, mods, _ in imports(p) for m in mods
                                 if m.startswith("game.") and is_module(m)} - {module_name(p)}
    return edges


def wing(dotted: str, table: dict[str, int]) -> str | None:
    return max((w for w in table if dotted == w or dotted.startswith(w + ".")), key=len, default=None)


def test_model_side_never_imports_pygame_or_ui():
    offenders = []
    # game/ui is the front end and game/cli.py the launcher that may start it; all else is model side
    files = [p for p in GAME.rglob("*.py")
             if "ui" not in p.relative_to(GAME).parts and p.name != "cli.py"]
    assert len(files) >= 15
    for p in files:
        for _, mods, _ in imports(p):
            for name in mods:
                if name.split(".")[0] in ("pygame", "pygame_gui") or name.startswith("game.ui"):
                    offenders.append(f"{p.relative_to(GAME)} imports {name}")
    assert not offenders, offenders


def test_the_command_line_imports_the_window_lazily():
    window = [(node.lineno, in_function) for node, mods, in_function in imports(GAME / "cli.py")
              if any(m.split(".")[0] == "pygame" or m.startswith("game.ui") for m in mods)]
    assert window and all(in_function for _, in_function in window), window


def test_headless_run_loads_no_pygame():
    code = ("import sys; from game.sim.model import SocialCreditModel; from game import cli; from game.lab import export;"
            "m = SocialCreditModel('sesame', rng=0, overrides={'population.size': 200}); m.run(2);"
            "print('pygame' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_validating_a_scenario_loads_neither_mesa_nor_pygame():
    code = ("import sys; from game.cli import main; main(['validate', 'sesame']);"
            "print(sorted(m for m in ('mesa', 'pygame', 'segno') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_no_module_imports_itself_in_a_circle():
    edges = graph()
    assert len(edges) > 50
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def strongconnect(v):  # Tarjan: the strongly connected components of the import graph
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            strongconnect(v)
    assert not circles, circles


def test_the_wings_import_downwards_only():
    offenders = []
    for mod, targets in graph().items():
        for table in (FLOORS, UI_FLOORS):
            here = wing(mod, table)
            if here is None:
                continue
            for target in targets:
                there = wing(target, table)
                if there is None or there == here:
                    continue
                if table[there] > table[here] or (table[there] == table[here]):
                    offenders.append(f"{mod} ({here}) imports {target} ({there})")
    assert not offenders, offenders
    assert set(wing(m, FLOORS) for m in graph() if m != "game") <= set(FLOORS), "a module outside every wing"


def test_imports_sit_at_the_top_except_the_command_lines_lazy_ones():
    offenders = []
    for p in GAME.rglob("*.py"):
        lines = p.read_text(encoding="utf-8").splitlines()
        found = imports(p)
        import_lines = {k for node, _, _ in found for k in range(node.lineno, node.end_lineno + 1)}
        for node, mods, in_function in found:
            if not in_function:
                continue
            optional = all(m.split(".")[0] in OPTIONAL for m in mods)
            if p.name != "cli.py" and not optional:
                offenders.append(f"{p.relative_to(GAME)}:{node.lineno} imports {mods} inside a function")
                continue
            # the reason: a '# lazy:' comment on the line, or above the group of imports it belongs to
            k = node.lineno
            while k > 1 and "# lazy:" not in lines[k - 1] and (k - 1 in import_lines or not lines[k - 2].strip()):
                k -= 1
            if "# lazy:" not in lines[k - 1] and "# lazy:" not in lines[k - 2]:
                offenders.append(f"{p.relative_to(GAME)}:{node.lineno} has no '# lazy:' comment saying why")
    assert not offenders, offenders

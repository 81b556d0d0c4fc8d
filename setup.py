"""Build hook: the top-level ``scenarios/`` and ``assets/`` folders go into the package.

The repository keeps them at the top (the layout people open first); an installed game
finds them as ``game/_data/scenarios`` and ``game/_data/assets`` (see ``game/resources.py``).
Everything else about the build is in ``pyproject.toml``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA = ("assets", "scenarios")
SKIP = shutil.ignore_patterns("*.py", "*.pyc", "__pycache__")  # assets/make_icons.py is a tool


class BuildPyWithData(build_py):
    def run(self):
        super().run()
        for name in DATA:
            target = Path(self.build_lib) / "game" / "_data" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(ROOT / name, target, ignore=SKIP)

    def get_outputs(self, include_bytecode=True):
        outputs = list(super().get_outputs(include_bytecode))
        for name in DATA:
            for src in sorted((ROOT / name).rglob("*")):
                if src.is_file() and not SKIP(str(src.parent), [src.name]):
                    rel = src.relative_to(ROOT)
                    outputs.append(str(Path(self.build_lib) / "game" / "_data" / rel))
        return outputs


setup(cmdclass={"build_py": BuildPyWithData})

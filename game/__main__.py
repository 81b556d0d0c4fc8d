"""``python -m game`` is the ``sesame`` command."""

import sys

from game.cli import main

sys.exit(main())

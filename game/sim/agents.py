"""Citizens as Mesa agents: thin views over one row of the model's arrays.

The model's step never loops over these objects; they exist so that Mesa's own tools
(``model.agents``, ``AgentSet`` selection and aggregation, agent reporters) and anyone
reading the code can treat a citizen as a citizen.
"""

from __future__ import annotations

import mesa
import numpy as np


class Citizen(mesa.Agent):
    """One citizen; every attribute reads the model's columns at ``row``."""

    def __init__(self, model, row: int):
        super().__init__(model)
        self.row = int(row)

    @property
    def score(self) -> float:
        return float(self.model.score[self.row])

    @property
    def tier(self) -> str:
        return self.model.tier_names[int(self.model.tier[self.row])]

    @property
    def wealth(self) -> float:
        return float(self.model.wealth[self.row])

    @property
    def blacklisted(self) -> bool:
        return bool(self.model.listed[self.row])

    @property
    def days_left(self) -> int:
        return int(self.model.days_left[self.row])

    @property
    def conforming(self) -> bool:
        return bool(self.model.conforming[self.row])

    @property
    def private_dissent(self) -> bool:
        return bool(self.model.private_dissent[self.row])

    @property
    def group(self) -> int:
        return int(self.model.group[self.row])

    def friends(self) -> np.ndarray:
        """Rows of this citizen's friends."""
        return self.model.friends.neighbours(self.row)

    def factors(self) -> dict[str, float]:
        """Each scoring factor in [0, 1] for this citizen."""
        return {k: float(v[self.row]) for k, v in self.model.factors().items()}

    def __repr__(self) -> str:
        return f"Citizen(row={self.row}, score={self.score:.0f}, tier={self.tier})"

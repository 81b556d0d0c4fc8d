"""The simulation wing: the Mesa model, its citizens and friendships, the rules of each phase,
the commands that change a run between steps, and the series it records. Never imports pygame."""

"""The rules of Open Sesame: small pure functions over numpy arrays.

Each module is one phase of the step (see :mod:`game.sim.model` for the order). None of
them imports Mesa or pygame; all randomness arrives as arguments drawn from the
model's single generator.
"""

"""The modes wing: ways to play on top of the model. Challenges (objectives judged on the
series), the guided chapters, and the debrief written from a run's own events."""

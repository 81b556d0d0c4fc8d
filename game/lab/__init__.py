"""The lab wing: tools for modellers. Parameter sweeps, Mesa batch runs, exports of a run, and
the per-agent reference model (the tests' oracle and the benchmark's yardstick)."""

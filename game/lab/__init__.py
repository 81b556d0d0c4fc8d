"""The lab wing: tools for modellers. Parameter sweeps, Mesa batch runs, exports of a run, the
per-agent reference model (the tests' oracle and the benchmark's yardstick), the lessons each
scenario teaches, measured, and where a scenario's numbers come from, explained (``explain``)."""

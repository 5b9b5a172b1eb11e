"""civic-bot's benchmark suite: one command per figure, see docs/benchmarks.md.

Nothing here runs as a timed test; `tests/test_benchmarks_smoke.py` runs each
benchmark at a tiny size so the code cannot rot.
"""

"""Where the benchmarks live and write: the checkout, its results, the demo seed.

A leaf module: both `common` (which runs benchmarks and writes results) and
`report` (which reads results into docs/benchmarks.md) need these places.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
DEMO_SEED = REPO / "data" / "demo-county.yaml"

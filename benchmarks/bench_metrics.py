"""Benchmark reading papers/metrics.json at build time: the check the build runs (compiled by
fastjsonschema) against jsonschema's, on one file of 10,000 papers' three counts each.

Run: .venv/bin/python benchmarks/bench_metrics.py [PAPERS]
Exits non-zero if a target is missed: the check >= 10x faster than jsonschema's, side by side in
one run. Also prints the whole read (JSON, check, model), as a one-off build does it.
"""

from __future__ import annotations

import json
import pathlib
import sys
import time
from datetime import date

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))  # the package is not installed in every checkout

from jsonschema import Draft202012Validator  # noqa: E402

from researchsite.imports.metrics import metrics_text  # noqa: E402
from researchsite.load import metrics as loader  # noqa: E402
from researchsite.load.schema import schema  # noqa: E402
from researchsite.structure.metrics import COUNT_SOURCES, Count, Metrics  # noqa: E402

RUNS = 3
TARGET_SPEEDUP = 10.0


def best_of(runs: int, function) -> float:
    best = float("inf")
    for _ in range(runs):
        loader._parsed.cache_clear()  # cold, as a one-off build reads it
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    papers = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    counts = {f"paper{n}": {source: Count(source, n % 300, date(2026, 12, 1), f"W{n}", "doi") for source in COUNT_SOURCES} for n in range(papers)}
    text = metrics_text(Metrics(counts))
    data = json.loads(text)
    check = loader._compiled()
    validator = Draft202012Validator(schema("metrics"))
    ours = best_of(RUNS, lambda: check(data))
    theirs = best_of(RUNS, lambda: list(validator.iter_errors(data)))
    read = best_of(RUNS, lambda: loader.parse_metrics(text))
    speedup = theirs / ours
    print(f"papers/metrics.json of {papers:,} papers ({len(text) / 1e6:.1f} MB): checked in {ours:.3f} s, by jsonschema in "
          f"{theirs:.3f} s: {speedup:.1f}x (target >= {TARGET_SPEEDUP:g}x); read whole (JSON, check, model) in {read:.3f} s, "
          f"{read / papers * 1e6:.0f} us a paper")
    return 0 if speedup >= TARGET_SPEEDUP else 1


if __name__ == "__main__":
    sys.exit(main())

"""`python -m tests.conformance [-v]`: agreement with the peers' test suites, per suite (-v: and
every difference)."""

import sys

from .harness import available, run_suite, table

outcomes = [run_suite(suite) for suite in available()]
print(table(outcomes))
if "-v" in sys.argv:
    for outcome in outcomes:
        for case_id, expected, ours in outcome.differ:
            print(f"\n{outcome.suite.area}/{outcome.suite.peer} {case_id}\n  expected: {expected!r}\n  ours:     {ours!r}")

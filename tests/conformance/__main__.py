"""`python -m tests.conformance [-v]`: agreement with the peers' test suites, per suite (-v: and
every difference, those without a reason first, then those on purpose with theirs)."""

import sys

from .harness import available, run_suite, table

outcomes = [run_suite(suite) for suite in available()]
print(table(outcomes))
if "-v" in sys.argv:
    for outcome in outcomes:
        for case_id, expected, ours in outcome.differ:
            print(f"\n{outcome.suite.area}/{outcome.suite.peer} {case_id}\n  expected: {expected!r}\n  ours:     {ours!r}")
    for outcome in outcomes:
        reasons = {case["id"]: case["by_design"] for case in outcome.suite.cases() if "by_design" in case}
        for case_id in outcome.by_design:
            print(f"\n{outcome.suite.area}/{outcome.suite.peer} {case_id} (on purpose)\n  why: {reasons[case_id]}")

"""Each peer's suite holds its agreement: a change that loses a case the peer agrees on fails
here, with the cases that now differ named (`python -m tests.conformance -v` shows them all)."""

from __future__ import annotations

import pytest

from .harness import available, run_suite


@pytest.mark.parametrize("suite", available(), ids=lambda suite: f"{suite.area}/{suite.peer}")
def test_agreement_with_the_peer(suite):
    outcome = run_suite(suite)
    assert outcome.total, f"{suite.path} holds no cases"
    differ = "\n".join(f"  {case_id}: expected {expected!r}, ours {ours!r}" for case_id, expected, ours in outcome.differ[:20])
    assert len(outcome.agree) >= suite.minimum, (
        f"{suite.area}/{suite.peer}: {len(outcome.agree)}/{outcome.total} agree, at least {suite.minimum} expected;"
        f" differing:\n{differ}"
    )


def test_every_suite_says_where_its_cases_come_from():
    for suite in available():
        provenance = suite.path.parent / "PROVENANCE"
        assert provenance.exists(), f"{suite.path.parent} has no PROVENANCE"
        text = provenance.read_text()
        for word in ("repository:", "commit:", "path"):
            assert word in text, f"{provenance} does not name its {word.rstrip(':')}"


def test_a_case_that_differs_on_purpose_says_why():
    for suite in available():
        for case in suite.cases():
            if "by_design" in case:
                assert case["by_design"].strip() and "ours" in case, f"{suite.path}: {case['id']}"

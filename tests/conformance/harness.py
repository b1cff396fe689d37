"""The peers' own test cases run against our functions, counting agreement per suite.

Each suite is a folder under tests/conformance/<area>/<peer>/ with a PROVENANCE file (the
repository, commit and paths the cases come from) and cases.json: a list of cases, each with
an `id` naming the peer's case, its input, and what the peer expects. A case where we differ
on purpose says why in `by_design`, and `ours` holds what we give instead, so that a change
there shows too. `python -m tests.conformance` prints the table; test_conformance.py holds
each suite to its threshold.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import adapters

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Suite:
    area: str  # citations, latex, names, dates, exports
    peer: str  # the folder: pandoc, pylatexenc, ...
    run: Callable[[dict], Any]  # a case -> what we give, in the form of its `expected`
    minimum: int  # agreeing cases below which the test fails
    expect: Callable[[Any], Any] = lambda expected: expected  # the peer's value as we compare it
    documented: bool = False  # every case agrees or differs on purpose: no undocumented difference

    @property
    def path(self) -> Path:
        return HERE / self.area / self.peer / "cases.json"

    def cases(self) -> list[dict]:
        return json.loads(self.path.read_text(encoding="utf-8"))["cases"]


@dataclass
class Outcome:
    suite: Suite
    agree: list[str] = field(default_factory=list)
    by_design: list[str] = field(default_factory=list)  # differ as the case's reason says
    differ: list[tuple[str, Any, Any]] = field(default_factory=list)  # id, expected, ours

    @property
    def total(self) -> int:
        return len(self.agree) + len(self.by_design) + len(self.differ)


def _normal(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False))  # tuples as lists, as in the data


def run_suite(suite: Suite) -> Outcome:
    outcome = Outcome(suite)
    for case in suite.cases():
        try:
            ours = _normal(suite.run(case))
        except Exception as error:  # a crash is a difference, named as such
            ours = f"raised {type(error).__name__}: {error}"
        expected = _normal(suite.expect(case["expected"]))
        if ours == expected:
            outcome.agree.append(case["id"])
        elif "by_design" in case and ours == case.get("ours"):
            outcome.by_design.append(case["id"])
        else:
            outcome.differ.append((case["id"], expected, ours))
    return outcome


SUITES = [
    Suite("citations", "pandoc", adapters.citations, minimum=137, expect=adapters.expected_citations),
    Suite("latex", "pylatexenc", adapters.latex_text, minimum=361, documented=True),
    Suite("latex", "bibtexparser", adapters.latex_text, minimum=7, documented=True),
    Suite("names", "bibtexparser", adapters.name_parts, minimum=158),
    Suite("names", "text-bibtex", adapters.name_parts, minimum=13),
    Suite("names", "pybtex", adapters.name_parts, minimum=104),
    Suite("names", "biber", adapters.biber_name, minimum=46, expect=adapters.expected_biber_name),
    Suite("dates", "biber", adapters.date, minimum=54),
    Suite("dates", "biblatex-manual", adapters.date, minimum=27),
    Suite("exports", "bibtex-xampl", adapters.export_fields, minimum=31),
]


def available() -> list[Suite]:
    return [suite for suite in SUITES if suite.path.exists()]


def table(outcomes: list[Outcome]) -> str:
    rows = [("suite", "peer", "agree", "by design", "differ")]
    for outcome in outcomes:
        suite = outcome.suite
        rows.append((suite.area, suite.peer, f"{len(outcome.agree)}/{outcome.total}", str(len(outcome.by_design)), str(len(outcome.differ))))
    areas: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        areas.setdefault(outcome.suite.area, []).append(outcome)
    for area, group in areas.items():
        if len(group) > 1:
            rows.append((area, "(all)", f"{sum(len(o.agree) for o in group)}/{sum(o.total for o in group)}",
                         str(sum(len(o.by_design) for o in group)), str(sum(len(o.differ) for o in group))))
    widths = [max(len(row[column]) for row in rows) for column in range(5)]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows)

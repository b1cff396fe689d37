"""Problems found in the researcher's files, each located as `path:line`.

Every stage collects problems instead of raising on the first one, so a build reports
all of them at once and stops with a single, readable error.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class ProblemsFound(Exception):
    """Raised once, at the end of a stage, with everything that stage found wrong."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the site's sources:"
        return "\n".join([header, *(f"  {problem}" for problem in self.problems)])

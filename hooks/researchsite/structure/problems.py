"""Problems found in the researcher's files, each located as `path:line`, in two severities.

An error means the site would be wrong or ambiguous: the build stops. A warning means an entry
is incomplete but can be shown: it is shown, and the warning is printed (fatal only when the
researcher asks for strictness, as CI does). Every stage collects problems instead of raising
on the first one, so a build reports all of them at once.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        # Errors read as they always have; a warning says so, as compilers write it.
        return f"{where}: {self.message}" if self.is_error else f"{where}: warning: {self.message}"


def warning(path: str, line: int | None, message: str) -> Problem:
    return Problem(path, line, message, WARNING)


def in_order(problems: list[Problem]) -> list[Problem]:
    """Each problem once, by file and line: the order a researcher fixes them in."""
    return sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.severity, p.message))


def counted(problems: list[Problem]) -> str:
    """ "2 errors and 1 warning" """
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    parts = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in ((errors, "error"), (warnings, "warning")) if n]
    return " and ".join(parts) or "no problems"


def report(problems: list[Problem]) -> str:
    ordered = in_order(problems)
    return "\n".join([f"{counted(ordered)} in the site's sources:", *(f"  {problem}" for problem in ordered)])


class ProblemsFound(Exception):
    """Raised once, at the end of loading, with every error (and every warning) found."""

    def __init__(self, problems: list[Problem]):
        self.problems = in_order(problems)
        super().__init__(self.report())

    def report(self) -> str:
        return report(self.problems)

"""Tutorial pages: each step as the reader follows it, with what the latest check says of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..tutorials.structure import ERROR, FAILED, NOT_CHECKABLE, PASSED, Step, Tutorial

# What a step's page attribute says, from its latest result (`data-step-status`).
_STATUS = {PASSED: "passed", FAILED: "failed", NOT_CHECKABLE: "not-checkable"}
WHERE = {
    "windows": "Runs on Windows only",
    "wsl": "Runs in WSL only",
    "reboot": "Needs a reboot",
    "hardware": "Needs the real hardware",
    "manual": "A manual step",
}


@dataclass(frozen=True)
class Verdict:
    """The banner: what the latest check of the whole tutorial says, in a sentence."""

    status: str  # passed, failed, unverified
    text: str
    step: int | None = None  # the step it failed at


def step_status(step: Step) -> str:
    if step.variants:
        statuses = {step_status(variant) for variant in step.variants}
        for status in ("failed", "unverified", "passed"):
            if status in statuses:
                return status
        return "not-checkable"
    if step.runs_in:
        return "not-checkable"
    return _STATUS.get(step.result.status, "unverified") if step.result else "unverified"


def verdict(tutorial: Tutorial) -> Verdict:
    report = tutorial.report
    if report is None:
        return Verdict("unverified", "Not verified yet.")
    when = _day(report.started)
    if report.image != tutorial.image:
        return Verdict("unverified", f"Not verified yet in {tutorial.image} (last checked in {report.image} on {when}).")
    if report.status == ERROR:
        return Verdict("unverified", f"Could not be checked on {when}: {report.message or 'the container did not start'}.")
    statuses = [(number, step_status(step)) for number, step in enumerate(tutorial.steps, 1)]
    failed = [number for number, status in statuses if status == "failed"]
    if report.status == FAILED or failed:
        at = failed[0] if failed else None
        where = f" at step {at}" if at else ""
        return Verdict("failed", f"Failed in {report.image} on {when}{where}.", at)
    changed = [number for number, status in statuses if status == "unverified"]
    if changed:
        steps = ", ".join(str(number) for number in changed)
        return Verdict("unverified", f"Verified in {report.image} on {when}, except steps {steps}, changed since.")
    return Verdict("passed", f"Verified in {report.image} on {when}.")


def _day(started: str) -> str:
    try:
        day = datetime.fromisoformat(started.replace("Z", "+00:00")).date()
    except ValueError:
        return started
    return f"{day.day} {day:%B %Y}"

"""Tutorial pages: each step as the reader follows it, with what the latest check says of it.

Every figure a page shows (how many steps ran, where, when, which failed) is counted here;
the templates only show it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ..tutorials.structure import ERROR, FAILED, NOT_CHECKABLE, PASSED, Step, Tutorial
from .text import DATE_FORMAT, day_text

# What a step's page attribute says, from its latest result (`data-step-status`).
_STATUS = {PASSED: "passed", FAILED: "failed", NOT_CHECKABLE: "not-checkable"}
# The chip each status shows, in words (the colour and icon only repeat them).
LABELS = {
    "passed": "Verified",
    "failed": "Failed",
    "not-checkable": "Not checkable",
    "unverified": "Not verified yet",
}
WHERE = {
    "windows": "Runs on Windows only",
    "wsl": "Runs in WSL only",
    "reboot": "Needs a reboot",
    "hardware": "Needs the real hardware",
    "manual": "A manual step",
}
# The banner's count of the steps no container can run, by where they run, one step and several
# ("1 runs on Windows", "4 run on Windows and are not checked here").
_NEEDS = {
    "windows": ("runs on Windows", "run on Windows"),
    "wsl": ("runs in WSL", "run in WSL"),
    "reboot": ("needs a reboot", "need a reboot"),
    "hardware": ("needs the real hardware", "need the real hardware"),
    "manual": ("is done by hand", "are done by hand"),
}
# A passed step's output on its page: the end of what the report kept, enough to know what to expect.
OUTPUT_LINES = 20
# The page that explains the statuses, which the banner and the list link to.
CHECKING_PAGE = "tutorials/checking.md"


@dataclass(frozen=True)
class Verdict:
    """The banner: what the latest check of the whole tutorial says, in a sentence."""

    status: str  # passed, failed, unverified, not-checkable (a key of LABELS)
    text: str
    step: int | None = None  # the step it failed at
    run: int = 0  # steps that ran in the latest check (passed, or the one that failed)
    total: int = 0  # steps in the tutorial


@dataclass(frozen=True)
class ShownStep:
    """A step as its page shows it: its number, its title without the author's own numbering,
    and its status (for a step with variants, each variant's is shown in its tab)."""

    number: int
    title: str
    status: str
    step: Step


# "Step 1: ", "Step 1 :", "step 2 -", "1. ", "3) ": numbering the page gives already. A bare number
# needs "." or ")" (not "1.5 GHz"), so a title such as "2024: a year of MPTCP" is left alone.
_OWN_NUMBER = re.compile(r"^\s*(?:step\s*\d+\s*[:.)\-–—]|\d+\s*(?:\.(?!\d)|\)))\s*", re.IGNORECASE)


def heading(title: str) -> str:
    """A step's title without a number of its own: the page numbers the steps ("3. Install")."""
    stripped = _OWN_NUMBER.sub("", title, count=1)
    return stripped if stripped.strip() else title


def shown_steps(tutorial: Tutorial) -> list[ShownStep]:
    return [ShownStep(number, heading(step.title), step_status(step), step) for number, step in enumerate(tutorial.steps, 1)]


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


def verdict(tutorial: Tutorial, date_format: str = DATE_FORMAT) -> Verdict:
    total = len(tutorial.steps)
    unrunnable = [step for step in tutorial.steps if not any(unit.checkable for unit in (step.variants or [step]))]
    if len(unrunnable) == total:
        return Verdict("not-checkable", f"No step can run in a container: {_needs(unrunnable, said=True)}.", total=total)
    report = tutorial.report
    if report is None:
        can = f"No check yet: {total - len(unrunnable)} of {total} {_plural(total, 'step')} can run in a container"
        return Verdict("unverified", "; ".join([can, _needs(unrunnable)] if unrunnable else [can]) + ".", total=total)
    when = _day(report.started, date_format)
    if report.image != tutorial.image:
        return Verdict("unverified", f"Not verified yet in {tutorial.image} (last checked in {report.image} on {when}).", total=total)
    if report.status == ERROR:
        return Verdict("unverified", f"Could not be checked on {when}: {report.message or 'the container did not start'}.", total=total)
    ran = [number for number, step in enumerate(tutorial.steps, 1) if _ran(step)]
    counted = f"{len(ran)} of {total} {_plural(total, 'step')} run in {report.image} on {when}"
    failed = [number for number, step in enumerate(tutorial.steps, 1) if step_status(step) == "failed"]
    if report.status == FAILED or failed:
        at = failed[0] if failed else None
        where = f"failed at step {at}" if at else "the check failed"
        return Verdict("failed", f"{counted}; {where}.", at, len(ran), total)
    # A variant that never ran is not verified: a step counts as run in the variant that did.
    partly = [number for number in ran if any(not _ran(unit) for unit in tutorial.steps[number - 1].variants)]
    if partly:
        counted += f" ({_steps(partly)} in one variant)"
    parts = [counted]
    # Edited since the check, or checked only after an earlier step's earlier version: not verified.
    after = [number for number, step in enumerate(tutorial.steps, 1) if any(u.after_change for u in (step.variants or [step]))]
    changed = [
        number for number, step in enumerate(tutorial.steps, 1)
        if not _ran(step) and number not in after and any(unit.checkable for unit in (step.variants or [step]))
    ]
    if changed:
        edited = f"{_steps(changed)} changed since"
        if after:
            earlier = "its earlier version" if len(changed) == 1 else "their earlier versions"
            edited += f", and {_steps(after)} {'was' if len(after) == 1 else 'were'} checked after {earlier}"
        parts.append(edited)
    if unrunnable:
        parts.append(_needs(unrunnable))
    status = "unverified" if changed or after else "passed"
    return Verdict(status, "; ".join(parts) + ".", None, len(ran), total)


def checked_in(tutorial: Tutorial, date_format: str = DATE_FORMAT) -> str | None:
    """"debian:bookworm on 29 November 2026": where and when the results shown were got."""
    report = tutorial.report
    if report is None or report.image != tutorial.image:
        return None
    return f"{report.image} on {_day(report.started, date_format)}"


def per_image(tutorial: Tutorial, date_format: str = DATE_FORMAT) -> str | None:
    """For a tutorial checked in several images, the latest result in each, in a sentence:
    "Works in debian:bookworm (checked 29 November 2026); fails in debian:trixie at step 6
    (checked 29 November 2026)." None for a tutorial with one image (the banner says it all)."""
    if len(tutorial.images) < 2:
        return None
    parts = []
    for index, image in enumerate(tutorial.images):
        if index == 0:
            report = tutorial.report if tutorial.report is not None and tutorial.report.image == image else None
            results = [(number, unit, unit.result) for number, unit in tutorial.units()]
        else:
            report = tutorial.other_reports.get(image)
            results = [(number, unit, unit.other_results.get(image)) for number, unit in tutorial.units()]
        if report is None:
            parts.append(f"not checked yet in {image}")
            continue
        when = f"(checked {_day(report.started, date_format)})"
        failed = next((number for number, _unit, result in results if result is not None and result.status == FAILED), None)
        missing = [number for number, unit, result in results if unit.checkable and result is None]
        if report.status == ERROR:
            parts.append(f"could not be checked in {image} {when}")
        elif failed is not None:
            parts.append(f"fails in {image} at step {failed} {when}")
        elif report.status == FAILED:
            parts.append(f"fails in {image} {when}")
        elif missing:
            parts.append(f"works in {image} {when}, but {_steps(sorted(set(missing)))} changed since")
        else:
            parts.append(f"works in {image} {when}")
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


def image_notes(step: Step) -> list[str]:
    """Under a step (or variant) of a tutorial checked in several images: where another image's
    latest check disagrees with the result shown (the first image's), e.g. "In debian:trixie: failed"."""
    shown = step_status(step)
    notes = []
    for image, result in step.other_results.items():
        other = _STATUS.get(result.status, "unverified") if result is not None and not step.runs_in else (
            "not-checkable" if step.runs_in else "unverified")
        if other != shown:
            why = f" ({result.reason})" if result is not None and other == "failed" and result.reason else ""
            notes.append(f"In {image}: {LABELS[other].lower()}{why}.")
    return notes


@dataclass(frozen=True)
class Output:
    """What a passed step printed in the check, as its page shows it (folded, no copy button)."""

    text: str
    left_out: int  # lines before these, not shown


def passed_output(step: Step) -> Output | None:
    """The output of a step (or variant) that passed in the latest check, if the report kept any:
    only a result of this very step, never a sibling variant's or an earlier version's."""
    result = step.result
    if result is None or result.status != PASSED or not (result.output or "").strip():
        return None
    lines = result.output.strip("\n").split("\n")
    return Output("\n".join(lines[-OUTPUT_LINES:]), max(0, len(lines) - OUTPUT_LINES))


def _ran(step: Step) -> bool:
    """Whether the latest check ran this step (or one of its variants) and it passed or failed."""
    return any(unit.result is not None and unit.result.status in (PASSED, FAILED) for unit in (step.variants or [step]))


def _needs(steps: list[Step], said: bool = False) -> str:
    """"4 run on Windows and are not checked here", "1 runs on Windows and 2 need a reboot: not
    checked here": the steps no container runs, by where they run (`said`: the sentence has
    already said that nothing was checked)."""
    by_need: dict[str, int] = {}
    for step in steps:
        where = next((unit.runs_in for unit in (step.variants or [step]) if unit.runs_in), "manual")
        by_need[where] = by_need.get(where, 0) + 1
    parts = [f"{count} {_NEEDS[where][count != 1]}" for where, count in by_need.items()]
    text = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    if said:
        return text
    if len(parts) > 1:
        return f"{text}: not checked here"
    return f"{text} and {'is' if len(steps) == 1 else 'are'} not checked here"


def _steps(numbers: list[int]) -> str:
    """"step 3", "steps 3 and 7", "steps 3, 5 and 7"."""
    if len(numbers) == 1:
        return f"step {numbers[0]}"
    return f"steps {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"


def _plural(count: int, word: str) -> str:
    return word if count == 1 else f"{word}s"


def _day(started: str, date_format: str) -> str:
    try:
        day = datetime.fromisoformat(started.replace("Z", "+00:00")).date()
    except ValueError:
        return started
    return day_text(day, date_format)

"""Tutorials written as YAML steps, checked in containers; `load_tutorials` is what the site uses.

`tutorials check` (cli.py) runs them; the site shows each step's latest result from the reports.
"""

from __future__ import annotations

from pathlib import Path

from ..structure.problems import Problem
from .load import load_tutorial_files, tutorial_paths
from .reports import read_report, report_name
from .structure import Report, Step, StepResult, Tutorial

__all__ = ["load_tutorials", "Tutorial", "Step", "StepResult", "Report"]


def load_tutorials(content_dir: Path, reports_dir: Path) -> tuple[list[Tutorial], list[Problem]]:
    """Every tutorial in `content_dir/tutorials/`, each with its latest report and, per step (or
    variant), that report's result when it was run on exactly this step in this image; else None.
    A tutorial with several images also gets each other image's latest report (other_reports)
    and results (each step's other_results)."""
    root = content_dir.resolve().parent
    tutorials, problems = load_tutorial_files(tutorial_paths(content_dir / "tutorials"), root)
    for tutorial in tutorials:
        for image in tutorial.images:
            path = reports_dir / report_name(tutorial.id, image, tutorial.images)
            if not path.exists():
                continue
            try:
                report = read_report(path)
            except ValueError as error:
                shown = path.resolve().relative_to(root).as_posix() if path.resolve().is_relative_to(root) else str(path)
                problems.append(Problem(shown, None, f"cannot read this report ({error}); check the tutorial again"))
                continue
            if image == tutorial.image:
                attach(tutorial, report)
            else:
                attach_other(tutorial, image, report)
    return tutorials, problems


def attach(tutorial: Tutorial, report: Report) -> None:
    """The report of the tutorial's first image: the results its page's steps show."""
    tutorial.report = report
    if report.image != tutorial.image:
        return  # checked in another image: it says nothing about this one
    for unit, result, after in _matched(tutorial, report):
        if after is not None:
            unit.after_change = after
        elif result is not None:
            unit.result = result


def attach_other(tutorial: Tutorial, image: str, report: Report) -> None:
    """The report of another of the tutorial's images: each step's result in it, for the page to
    note where the images disagree; the same rules as attach() say which results count."""
    if report.image != image:
        return  # not a report of this image (a file renamed by hand): it says nothing of it
    tutorial.other_reports[image] = report
    for unit, result, _after in _matched(tutorial, report):
        unit.other_results[image] = result


def _matched(tutorial: Tutorial, report: Report) -> list[tuple[Step, StepResult | None, int | None]]:
    """Per step (or variant): the report's result for exactly this step, or None; and the number
    of the earlier step edited since the check, when the result is not shown for that reason."""
    results = {(result.step, result.variant): result for result in report.steps}
    changed = None  # the first step edited since the check
    matched = []
    for number, unit in tutorial.units():
        result = results.get((number, unit.name))
        # A step edited since the check has another digest: its old result is not shown as its own.
        if result is None or result.digest != unit.digest():
            if unit.checkable and changed is None:
                changed = number
            matched.append((unit, None, None))
            continue
        # The steps after an edited one ran in the shell its earlier version left: the commands
        # shown were not the ones run, so their results are not shown either.
        if changed is not None and changed < number and unit.checkable:
            matched.append((unit, None, changed))
            continue
        matched.append((unit, result, None))
    return matched

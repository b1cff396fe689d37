"""Tutorials written as YAML steps, checked in containers; `load_tutorials` is what the site uses.

`tutorials check` (cli.py) runs them; the site shows each step's latest result from the reports.
"""

from __future__ import annotations

from pathlib import Path

from ..structure.problems import Problem
from .load import load_tutorial_files, tutorial_paths
from .reports import read_report
from .structure import Report, Step, StepResult, Tutorial

__all__ = ["load_tutorials", "Tutorial", "Step", "StepResult", "Report"]


def load_tutorials(content_dir: Path, reports_dir: Path) -> tuple[list[Tutorial], list[Problem]]:
    """Every tutorial in `content_dir/tutorials/`, each with its latest report and, per step (or
    variant), that report's result when it was run on exactly this step in this image; else None."""
    root = content_dir.resolve().parent
    tutorials, problems = load_tutorial_files(tutorial_paths(content_dir / "tutorials"), root)
    for tutorial in tutorials:
        path = reports_dir / f"{tutorial.id}.json"
        if not path.exists():
            continue
        try:
            report = read_report(path)
        except ValueError as error:
            shown = path.resolve().relative_to(root).as_posix() if path.resolve().is_relative_to(root) else str(path)
            problems.append(Problem(shown, None, f"cannot read this report ({error}); check the tutorial again"))
            continue
        attach(tutorial, report)
    return tutorials, problems


def attach(tutorial: Tutorial, report: Report) -> None:
    tutorial.report = report
    if report.image != tutorial.image:
        return  # checked in another image: it says nothing about this one
    results = {(result.step, result.variant): result for result in report.steps}
    changed = None  # the first step edited since the check
    for number, unit in tutorial.units():
        result = results.get((number, unit.name))
        # A step edited since the check has another digest: its old result is not shown as its own.
        if result is None or result.digest != unit.digest():
            if unit.checkable and changed is None:
                changed = number
            continue
        # The steps after an edited one ran in the shell its earlier version left: the commands
        # shown were not the ones run, so their results are not shown either.
        if changed is not None and changed < number and unit.checkable:
            unit.after_change = changed
            continue
        unit.result = result

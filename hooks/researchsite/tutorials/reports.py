"""Reports of tutorial checks: `reports/tutorials/<id>.json` for the site, JUnit XML for CI."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, fields
from pathlib import Path

from .load import image_slug
from .structure import FAILED, NOT_CHECKABLE, NOT_RUN, Report, StepResult

FORMAT = 1  # bump when a field changes meaning; readers ignore fields they do not know


def report_name(tutorial: str, image: str, images: list[str]) -> str:
    """`<id>.json` for the tutorial's first image (as before there were several), `<id>@<image>.json`
    for each other one (debian:trixie as debian-trixie): the site, the JUnit XML and CI read the same names."""
    if not images or image == images[0]:
        return f"{tutorial}.json"
    return f"{tutorial}@{image_slug(image)}.json"


def write_report(report: Report, reports_dir: Path, images: list[str] | None = None) -> Path:
    """Writes `report` as report_name() says, given the tutorial's images (default: the report's alone)."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / report_name(report.tutorial, report.image, images or [report.image])
    data = {"format": FORMAT, **asdict(report)}
    part = path.with_suffix(".json.part")
    part.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    part.replace(path)  # a reader (a site build) never sees half a report
    return path


def read_report(path: Path) -> Report:
    """Raises ValueError (with the reason) when the file is not a report this code can read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"report format {data.get('format')!r}, this checker writes {FORMAT}")
        steps = [StepResult(**_known(StepResult, step)) for step in data.get("steps", [])]
        return Report(**{**_known(Report, data), "steps": steps})
    except (OSError, json.JSONDecodeError, TypeError, AttributeError) as error:
        raise ValueError(str(error)) from None


def _known(cls, data: dict) -> dict:
    names = {field.name for field in fields(cls)}
    return {key: value for key, value in data.items() if key in names}


# XML 1.0 cannot carry these, and tools print them (terminal colours, carriage-return progress bars).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def junit_xml(reports: list[Report], names: list[str] | None = None) -> str:
    """One test suite per tutorial and image, one test case per step (or variant); `names` gives a
    suite's name by its report's position (default: the tutorial's id)."""
    suites = ET.Element("testsuites", name="tutorials")
    for index, report in enumerate(reports):
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=names[index] if names else report.tutorial,
            timestamp=report.started,
            time=f"{report.duration:.3f}",
            tests=str(len(report.steps)),
            failures=str(sum(step.status == FAILED for step in report.steps)),
            errors=str(int(report.status == "error")),
            skipped=str(sum(step.status in (NOT_RUN, NOT_CHECKABLE) for step in report.steps)),
        )
        ET.SubElement(ET.SubElement(suite, "properties"), "property", name="image", value=report.image)
        if report.status == "error":
            case = ET.SubElement(suite, "testcase", classname=f"tutorials.{report.tutorial}", name="start the container")
            ET.SubElement(case, "error", message=_xml(report.message) or "error")
        for step in report.steps:
            name = f"step {step.step:02d}: {_xml(step.title)}" + (f" [{step.variant}]" if step.variant else "")
            case = ET.SubElement(
                suite, "testcase", classname=f"tutorials.{report.tutorial}", name=name, time=f"{step.duration:.3f}"
            )
            if step.status == FAILED:
                ET.SubElement(case, "failure", message=_xml(step.reason) or "failed").text = _xml(step.output)
            elif step.status in (NOT_RUN, NOT_CHECKABLE):
                ET.SubElement(case, "skipped", message=_xml(step.reason) or step.status)
            if step.output and step.status != FAILED:
                ET.SubElement(case, "system-out").text = _xml(step.output)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"

"""Reports: the JSON the site reads back, and JUnit XML that CI tools parse."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from researchsite.tutorials.reports import junit_xml, read_report, write_report
from researchsite.tutorials.structure import ERROR, FAILED, NOT_CHECKABLE, NOT_RUN, PASSED, Report, StepResult


def sample() -> Report:
    return Report(
        tutorial="voo",
        image="debian:bookworm",
        engine="podman",
        started="2026-11-26T19:05:16+00:00",
        status=FAILED,
        duration=20.5,
        message="step 2 (Configure radvd) failed: exit code 1, expected 0",
        steps=[
            StepResult(1, "Install", PASSED, exit_code=0, duration=5.8, output="Setting up radvd\x1b[0m", digest="a"),
            StepResult(2, "Configure radvd", FAILED, exit_code=1, duration=0.1, output="radvd.conf:10 error: syntax error",
                       reason="exit code 1, expected 0", digest="b"),
            StepResult(3, "Restart", NOT_RUN, reason="step 2 failed", digest="c"),
            StepResult(4, "See it", NOT_CHECKABLE, variant="Wireshark", reason="a desktop application", digest="d"),
        ],
    )


def test_a_report_reads_back_as_written(tmp_path):
    path = write_report(sample(), tmp_path / "reports")
    assert path == tmp_path / "reports" / "voo.json"
    data = json.loads(path.read_text())
    assert data["format"] == 1 and data["tutorial"] == "voo" and data["steps"][1]["output"].endswith("syntax error")
    assert set(data) >= {"tutorial", "image", "engine", "started", "status", "steps"}
    assert set(data["steps"][0]) >= {"status", "exit_code", "duration", "output", "reason"}
    assert read_report(path) == sample()
    assert not list((tmp_path / "reports").glob("*.part"))


def test_an_unknown_format_is_refused(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"format": 2, "tutorial": "x"}))
    with pytest.raises(ValueError, match="report format 2"):
        read_report(path)


def test_junit_xml_has_a_case_per_step_with_failures_and_skips():
    root = ET.fromstring(junit_xml([sample()]).encode())
    suite = root.find("testsuite")
    assert suite.get("name") == "voo" and suite.get("tests") == "4"
    assert (suite.get("failures"), suite.get("skipped"), suite.get("errors")) == ("1", "2", "0")
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == [
        "step 01: Install", "step 02: Configure radvd", "step 03: Restart", "step 04: See it [Wireshark]",
    ]
    failure = cases[1].find("failure")
    assert failure.get("message") == "exit code 1, expected 0" and failure.text == "radvd.conf:10 error: syntax error"
    assert cases[2].find("skipped").get("message") == "step 2 failed"
    assert cases[0].find("system-out").text == "Setting up radvd[0m"  # no control characters in XML


def test_junit_xml_reports_a_container_that_did_not_start_as_an_error():
    report = Report("x", "debian:bookworm", "docker", "2026-11-26T00:00:00+00:00", ERROR, message="no such image")
    suite = ET.fromstring(junit_xml([report]).encode()).find("testsuite")
    assert suite.get("errors") == "1"
    assert suite.find("testcase/error").get("message") == "no such image"


def test_a_report_without_output_reads_back_with_none(tmp_path):
    """`output` is optional: a checker that keeps none (or an older one) still writes a readable report."""
    path = tmp_path / "t.json"
    step = {"step": 1, "title": "One", "status": "passed", "digest": "abc"}
    path.write_text(json.dumps({"format": 1, "tutorial": "t", "image": "debian:bookworm", "engine": "podman",
                                "started": "2026-11-29T10:00:00+00:00", "status": "passed", "steps": [step]}))
    assert read_report(path).steps[0].output == ""

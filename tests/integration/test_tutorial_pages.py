"""Tutorial pages in a real build: steps in order, and what the latest report says of each."""

from __future__ import annotations

import sys
from pathlib import Path

from researchsite.tutorials import load_tutorials
from researchsite.tutorials.reports import write_report
from researchsite.tutorials.structure import FAILED, NOT_CHECKABLE, NOT_RUN, PASSED, Report, StepResult

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import run_mkdocs  # noqa: E402
from sitecheck import broken_links, parse, text  # noqa: E402


def statuses(page: Path) -> list[str]:
    return [e.get("data-step-status") for e in parse(page).iter() if e.get("class") == "rs-step"]


def banner(page: Path) -> str:
    return text(next(e for e in parse(page).iter("p") if "rs-banner" in (e.get("class") or "")))


def report_for(project: Path, tutorial_id: str, fail_at: int | None = None) -> Report:
    """A report as the checker writes it, every checkable unit passed up to `fail_at`."""
    tutorials, problems = load_tutorials(project / "content", project / "reports" / "tutorials")
    assert problems == []
    tutorial = next(t for t in tutorials if t.id == tutorial_id)
    results = []
    for number, unit in tutorial.units():
        if not unit.checkable:
            status = NOT_CHECKABLE
        elif fail_at is None or number < fail_at:
            status = PASSED
        else:
            status = FAILED if number == fail_at else NOT_RUN
        output = "/etc/radvd.conf:2 error: syntax error" if status == FAILED else ""
        results.append(StepResult(number, unit.title, status, unit.name, 1 if status == FAILED else 0, 0.1, output, None, unit.digest()))
    return Report(tutorial_id, tutorial.image, "podman", "2026-11-20T10:00:00+00:00",
                  FAILED if fail_at else PASSED, 30.0, None, results)


def test_without_reports_every_checkable_step_is_unverified(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = tmp_path / "out" / "tutorials" / "mptcp-wsl2" / "index.html"
    assert banner(page) == "Not verified yet."
    found = statuses(page)
    assert set(found) == {"unverified", "not-checkable"}
    article = text(parse(page).find(".//article"))
    assert "Runs on Windows only" in article and "Microsoft Store" in article
    tabs = [text(label) for label in parse(page).iter("label") if (label.get("for") or "").startswith("__tabbed_")]
    assert tabs == ["WSL2", "Linux", "Wireshark", "tcpdump"]  # each step's variants, as content tabs
    variants = [e.get("data-step-status") for e in parse(page).iter("p") if e.get("data-step-status")]
    assert variants == ["not-checkable", "unverified", "not-checkable", "unverified"]
    listing = text(parse(tmp_path / "out" / "tutorials" / "index.html").find(".//article"))
    assert "MPTCP on Windows with WSL2" in listing and "Not verified yet." in listing
    assert not list((tmp_path / "out").rglob("*.yml"))  # the YAML is the source, not a download
    assert broken_links(tmp_path / "out", base_path="/tom.barbette/") == []


def test_a_failed_report_names_the_step_and_shows_its_output(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    write_report(report_for(project, "ipv6-prefix-delegation", fail_at=6), project / "reports" / "tutorials")
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = tmp_path / "out" / "tutorials" / "ipv6-prefix-delegation" / "index.html"
    assert banner(page).startswith("Failed in debian:bookworm on 20 November 2026 at step 6.")
    found = statuses(page)
    assert found[5] == "failed"
    assert "passed" in found[:5] and "failed" not in found[:5]
    assert all(status in ("unverified", "not-checkable") for status in found[6:])
    assert "/etc/radvd.conf:2 error: syntax error" in text(parse(page).find(".//article"))


def test_a_passed_report_verifies_only_the_steps_it_ran(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    write_report(report_for(project, "mptcp-wsl2"), project / "reports" / "tutorials")
    out = tmp_path / "out"
    assert run_mkdocs(project, out).returncode == 0
    page = out / "tutorials" / "mptcp-wsl2" / "index.html"
    assert banner(page) == "Verified in debian:bookworm on 20 November 2026."
    assert "unverified" not in statuses(page)

    source = project / "content" / "tutorials" / "mptcp-wsl2.yml"
    source.write_text(source.read_text().replace("sudo apt install -y iperf tcpdump", "sudo apt install -y iperf3 tcpdump"))
    assert run_mkdocs(project, tmp_path / "again").returncode == 0
    page = tmp_path / "again" / "tutorials" / "mptcp-wsl2" / "index.html"
    assert ", changed since." in banner(page)
    assert statuses(page).count("unverified") == 1

"""The banner's sentence and the steps' headings, counted in Python from the model."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from researchsite.generate.tutorials import OUTPUT_LINES, checked_in, heading, passed_output, shown_steps, step_status, verdict
from researchsite.tutorials import attach
from researchsite.tutorials.structure import FAILED, NOT_CHECKABLE, NOT_RUN, PASSED, Report, Step, StepResult, Tutorial

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import checked_status  # noqa: E402


def tutorial() -> Tutorial:
    """Five steps: one on Windows only, three to run, one with a Windows and a Linux variant."""
    return Tutorial(
        id="t", path="content/tutorials/t.yml", title="T", image="debian:bookworm",
        steps=[
            Step("Install WSL", 3, runs_in="windows", reason="The Microsoft Store."),
            Step("Install", 5, run="apt install -y radvd"),
            Step("Configure", 7, run="echo x > /etc/radvd.conf"),
            Step("Kernel", 9, variants=[
                Step("Kernel", 10, name="WSL2", run="make", runs_in="wsl", reason="WSL's kernel."),
                Step("Kernel", 11, name="Linux", run="cat /proc/sys/net/mptcp/enabled"),
            ]),
            Step("Restart", 13, run="service radvd restart"),
        ],
    )


def checked(t: Tutorial, fail_at: int | None = None, image: str = "debian:bookworm") -> Tutorial:
    """`t` with a report as the checker writes it, every unit passed up to `fail_at`."""
    results = []
    for number, unit in t.units():
        status = checked_status(unit, number, fail_at)
        results.append(StepResult(number, unit.title, status, unit.name, digest=unit.digest()))
    report = Report("t", image, "podman", "2026-11-29T10:00:00+00:00", FAILED if fail_at else PASSED, steps=results)
    attach(t, report)
    return t


def test_passed_counts_the_steps_run_and_says_what_the_others_need():
    found = verdict(checked(tutorial()))
    assert found.status == "passed"
    assert (found.run, found.total) == (4, 5)
    # Step 4 ran in its Linux variant only: its WSL2 variant is not claimed as verified.
    assert found.text == "4 of 5 steps run in debian:bookworm on 29 November 2026 (step 4 in one variant); 1 runs on Windows and is not checked here."


def test_the_date_is_written_in_the_sites_format():
    t = tutorial()
    t.steps = t.steps[1:3]
    assert verdict(checked(t), "MMMM d, y").text == "2 of 2 steps run in debian:bookworm on November 29, 2026."


def test_every_step_run_says_so_without_a_remainder():
    t = tutorial()
    t.steps = t.steps[1:3]
    assert verdict(checked(t)).text == "2 of 2 steps run in debian:bookworm on 29 November 2026."


def test_steps_that_need_other_places_are_grouped_by_what_they_need():
    t = tutorial()
    t.steps += [Step("Reboot", 20, runs_in="reboot", reason="r"), Step("Box", 21, runs_in="hardware", reason="h"),
                Step("Reboot again", 22, runs_in="reboot", reason="r")]
    assert verdict(checked(t)).text.endswith("; 1 runs on Windows, 2 need a reboot and 1 needs the real hardware: not checked here.")


def test_failed_names_the_step_and_counts_only_what_ran():
    found = verdict(checked(tutorial(), fail_at=3))
    assert found.status == "failed" and found.step == 3
    assert found.text == "2 of 5 steps run in debian:bookworm on 29 November 2026; failed at step 3."


def test_without_a_report_nothing_is_claimed():
    found = verdict(tutorial())
    assert found.status == "unverified" and found.run == 0
    assert found.text == "No check yet: 4 of 5 steps can run in a container; 1 runs on Windows and is not checked here."


def test_a_step_changed_since_the_check_is_not_verified():
    t = checked(tutorial())
    t.steps[2] = Step("Configure", 7, run="echo y > /etc/radvd.conf")  # edited: no result of its own
    found = verdict(t)
    assert found.status == "unverified"
    assert found.text == "3 of 5 steps run in debian:bookworm on 29 November 2026 (step 4 in one variant); step 3 changed since; 1 runs on Windows and is not checked here."


def test_a_check_in_another_image_says_nothing_of_this_one():
    found = verdict(checked(tutorial(), image="debian:trixie"))
    assert found.status == "unverified"
    assert found.text == "Not verified yet in debian:bookworm (last checked in debian:trixie on 29 November 2026)."


def test_a_tutorial_no_container_can_run_is_not_checkable():
    t = tutorial()
    t.steps = t.steps[:1]
    assert verdict(t).status == "not-checkable"
    assert verdict(t).text == "No step can run in a container: 1 runs on Windows."


@pytest.mark.parametrize(
    "title, shown",
    [
        ("Step 1: Install an MPTCP-compatible kernel", "Install an MPTCP-compatible kernel"),
        ("Step 2 : Install mptcpd", "Install mptcpd"),
        ("step 3 - Try it out!", "Try it out!"),
        ("1. Install radvd", "Install radvd"),
        ("2) Configure", "Configure"),
        ("1.5 GHz is enough", "1.5 GHz is enough"),
        ("2024: a year of MPTCP", "2024: a year of MPTCP"),
        ("Stepping up: MPTCP", "Stepping up: MPTCP"),
        ("Step 1:", "Step 1:"),  # nothing would be left
    ],
)
def test_a_title_loses_the_number_the_page_gives_already(title, shown):
    assert heading(title) == shown


def test_shown_steps_are_numbered_once():
    t = tutorial()
    t.steps[1].title = "Step 2: Install"
    assert [(s.number, s.title) for s in shown_steps(t)][:2] == [(1, "Install WSL"), (2, "Install")]


def test_a_variant_that_never_ran_is_not_verified_by_its_sibling():
    t = checked(tutorial())
    wsl, linux = t.steps[3].variants
    assert (step_status(wsl), step_status(linux)) == ("not-checkable", "passed")
    assert wsl.result.status == NOT_CHECKABLE  # its own result: never run, so nothing to show as seen
    # A report that ran the WSL2 variant's commands under its name says nothing of the Linux one.
    t = tutorial()
    results = [StepResult(n, u.title, PASSED, u.name, digest=u.digest()) for n, u in t.units() if u.name != "Linux"]
    attach(t, Report("t", "debian:bookworm", "podman", "2026-11-29T10:00:00+00:00", PASSED, steps=results))
    assert t.steps[3].variants[1].result is None and step_status(t.steps[3].variants[1]) == "unverified"


def test_steps_checked_after_an_edited_step_are_not_verified_either():
    """The shell carries state from step to step: a step run after an earlier step's old version
    was not run after the commands the page shows."""
    t = tutorial()
    report_steps = []
    for number, unit in t.units():
        status = PASSED if unit.checkable else NOT_CHECKABLE
        report_steps.append(StepResult(number, unit.title, status, unit.name, digest=unit.digest()))
    t.steps[1] = Step("Install", 5, run="apt install -y radvd ndisc6")  # edited since the check
    attach(t, Report("t", "debian:bookworm", "podman", "2026-11-29T10:00:00+00:00", PASSED, steps=report_steps))
    assert [step_status(step) for step in t.steps] == ["not-checkable", "unverified", "unverified", "unverified", "unverified"]
    assert t.steps[2].after_change == 2 and t.steps[3].variants[1].after_change == 2
    assert t.steps[3].variants[0].after_change is None  # never run: nothing to withhold
    found = verdict(t)
    assert found.status == "unverified" and found.run == 0
    assert found.text == (
        "0 of 5 steps run in debian:bookworm on 29 November 2026; step 2 changed since, and steps 3, 4 and 5 "
        "were checked after its earlier version; 1 runs on Windows and is not checked here."
    )


def test_a_passed_step_shows_its_own_output_trimmed():
    t = checked(tutorial())
    assert checked_in(t) == "debian:bookworm on 29 November 2026"
    install = t.steps[1]
    install.result.output = "\n".join(f"line {n}" for n in range(1, 31)) + "\n"
    shown = passed_output(install)
    assert shown.left_out == 30 - OUTPUT_LINES and shown.text.split("\n")[-1] == "line 30"
    assert len(shown.text.split("\n")) == OUTPUT_LINES
    t.steps[2].result.output = "ok"
    assert passed_output(t.steps[2]).text == "ok" and passed_output(t.steps[2]).left_out == 0
    t.steps[4].result.output = ""  # a report without output (or an older one): nothing shown
    assert passed_output(t.steps[4]) is None
    assert passed_output(t.steps[0]) is None  # not checkable
    failed = checked(tutorial(), fail_at=3)
    failed.steps[2].result.output = "error"
    assert passed_output(failed.steps[2]) is None  # a failure's output is shown as such, not as expected output
    assert checked_in(checked(tutorial(), image="debian:trixie")) is None


def in_two_images() -> Tutorial:
    t = tutorial()
    t.images = ["debian:bookworm", "debian:trixie"]
    return t


def other_report(t: Tutorial, fail_at: int | None, image: str = "debian:trixie") -> Report:
    results = []
    for number, unit in t.units():
        status = NOT_CHECKABLE if not unit.checkable else PASSED if fail_at is None or number < fail_at else (
            FAILED if number == fail_at else NOT_RUN)
        results.append(StepResult(number, unit.title, status, unit.name, reason="exit code 1" if status == FAILED else None,
                                  digest=unit.digest()))
    return Report("t", image, "podman", "2026-11-28T10:00:00+00:00", FAILED if fail_at else PASSED, steps=results)


def test_per_image_says_each_image_s_result_and_where_it_failed():
    from researchsite.generate.tutorials import image_notes, per_image
    from researchsite.tutorials import attach_other

    assert per_image(checked(tutorial())) is None  # one image: the banner says it all
    t = checked(in_two_images())
    assert per_image(t) == "Works in debian:bookworm (checked 29 November 2026); not checked yet in debian:trixie."
    attach_other(t, "debian:trixie", other_report(t, fail_at=3))
    assert per_image(t) == ("Works in debian:bookworm (checked 29 November 2026); "
                            "fails in debian:trixie at step 3 (checked 28 November 2026).")
    # The chips show the first image's results; a step notes where the other image disagrees.
    assert [image_notes(step) for step in t.steps[:3]] == [[], [], ["In debian:trixie: failed (exit code 1)."]]
    assert image_notes(t.steps[4]) == ["In debian:trixie: not verified yet."]  # not run there
    assert image_notes(t.steps[3].variants[0]) == []  # not checkable in either

    t = checked(in_two_images(), fail_at=5)
    attach_other(t, "debian:trixie", other_report(t, fail_at=None))
    assert per_image(t) == ("Fails in debian:bookworm at step 5 (checked 29 November 2026); "
                            "works in debian:trixie (checked 28 November 2026).")
    assert image_notes(t.steps[4]) == ["In debian:trixie: verified."]
    # A report filed under another image's name says nothing of this one.
    t = checked(in_two_images())
    attach_other(t, "debian:trixie", other_report(t, fail_at=2, image="ubuntu:24.04"))
    assert t.other_reports == {} and per_image(t).endswith("not checked yet in debian:trixie.")

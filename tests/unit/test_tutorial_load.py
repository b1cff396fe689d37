"""Loading tutorials: the examples are valid, bad input is reported at once with lines, reports attach to steps."""

from __future__ import annotations

import json
from pathlib import Path

from researchsite.tutorials import load_tutorials
from researchsite.tutorials.load import load_tutorial, seconds
from researchsite.tutorials.reports import write_report
from researchsite.tutorials.structure import PASSED, Report, StepResult

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "content" / "tutorials"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def messages(tmp_path: Path, text: str, name: str = "t.yml") -> list[str]:
    tutorial, problems = load_tutorial(write(tmp_path, name, text), tmp_path)
    assert tutorial is None or not problems
    return [str(problem) for problem in problems]


def test_the_example_tutorials_load_without_problems():
    tutorials, problems = load_tutorials(REPO / "content", REPO / "no-reports-here")
    assert problems == []
    by_id = {tutorial.id: tutorial for tutorial in tutorials}
    assert {"mptcp-wsl2", "ipv6-prefix-delegation"} <= by_id.keys()
    mptcp = by_id["mptcp-wsl2"]
    assert mptcp.image == "debian:bookworm" and mptcp.capabilities == ["NET_ADMIN", "NET_RAW"]
    assert mptcp.timeout == 1200
    windows = [step for step in mptcp.steps if step.runs_in == "windows"]
    assert windows and all(step.reason for step in windows)
    kernel = mptcp.steps[2]
    assert [variant.name for variant in kernel.variants] == ["WSL2", "Linux"]
    assert [variant.checkable for variant in kernel.variants] == [False, True]


def test_every_problem_is_reported_at_once_with_its_line(tmp_path):
    found = messages(
        tmp_path,
        """title: Broken
image: debian:bookworm
tilte: typo
steps:
  - title: nothing to do
    text: just words
  - title: no reason
    runs_in: windows
  - title: bad pattern
    run: echo hi
    expect:
      stdout: "([unclosed"
  - title: key typo
    run: echo hi
    expct: {exit: 1}
  - title: two actions
    run: echo hi
    service: sleep 100
""",
    )
    assert "content/tutorials/t.yml:3: unknown key 'tilte' (did you mean 'title'?)" in found
    assert "content/tutorials/t.yml:15: unknown key 'expct' (did you mean 'expect'?)" in found
    assert any(m.startswith("content/tutorials/t.yml:5: step 1: nothing to do") for m in found)
    assert "content/tutorials/t.yml:8: step 2: runs_in needs a reason, shown to the reader" in found
    assert any(m.startswith("content/tutorials/t.yml:12: step 3: expect.stdout is not a valid regular expression") for m in found)
    assert any(m.startswith("content/tutorials/t.yml:18: step 5: give one of run, file or service") for m in found)
    assert len(found) == 6


def test_wrong_values_are_named(tmp_path):
    found = messages(
        tmp_path,
        """title: T
image: debian:bookworm
capabilities: [net_admin]
timeout: soon
steps:
  - title: a
    runs_in: mars
    reason: far
  - title: b
    file: {path: x, content: y, mode: 644}
  - title: c
    run: echo
    ready: 80
""",
    )
    text = "\n".join(found)
    assert "t.yml:3: capabilities.0: 'net_admin' is not in the expected form" in text
    assert "t.yml:4: timeout: should be seconds" in text
    assert "t.yml:7: steps.0.runs_in: 'mars' is not one of windows, wsl, reboot, hardware, manual" in text
    assert "t.yml:10: steps.1.file.mode: should be text" in text
    assert "t.yml:13: step 3: ready is for a service" in text


def test_missing_keys_and_non_mappings(tmp_path):
    assert messages(tmp_path, "title: T\nsteps: []\n") == [
        "content/tutorials/t.yml:2: steps: [] should be non-empty",
        "content/tutorials/t.yml:1: the file: missing required key 'image' (or images, a list)",
    ]
    assert messages(tmp_path, "- just\n- a list\n")[0].startswith("content/tutorials/t.yml:1: the file: should be a mapping")
    assert messages(tmp_path, "") == ["content/tutorials/t.yml: the file is empty"]
    assert messages(tmp_path, "title: [unclosed\n")[0].startswith("content/tutorials/t.yml:2: invalid YAML")


def test_variants(tmp_path):
    found = messages(
        tmp_path,
        """title: T
image: debian:bookworm
steps:
  - title: install
    run: echo beside
    variants:
      - name: Debian
        run: apt-get install -y x
      - name: Ubuntu
        run: apt install -y x
""",
    )
    assert "content/tutorials/t.yml:5: step 1: 'run' goes inside each variant, not beside 'variants'" in found
    assert any("t.yml:6: step 1: only one variant can be checked" in m and "'Debian', 'Ubuntu'" in m for m in found)


def test_a_file_name_that_cannot_be_an_id(tmp_path):
    found = messages(tmp_path, "title: T\nimage: debian:bookworm\nsteps: [{title: a, run: 'true'}]\n", name="My Tutorial.yml")
    assert found == ["content/tutorials/My Tutorial.yml: the file name 'My Tutorial' is the tutorial's id: use lowercase letters, digits and dashes"]


def test_timeouts_in_seconds_minutes_hours():
    assert [seconds(90), seconds("90"), seconds("90s"), seconds("10m"), seconds("1h")] == [90, 90, 90, 600, 3600]
    assert seconds("never", 7) == 7


GOOD = """title: T
image: debian:bookworm
steps:
  - title: one
    run: echo one
  - title: two
    run: echo two
  - title: shown only
    runs_in: manual
    reason: a desktop application
"""


def test_the_latest_report_attaches_to_the_steps_it_was_run_on(tmp_path):
    write(tmp_path, "t.yml", GOOD)
    tutorials, _ = load_tutorials(tmp_path / "content", tmp_path / "reports")
    steps = [StepResult(n, step.title, PASSED, digest=step.digest()) for n, step in tutorials[0].units()]
    steps[1].digest = "edited-since"  # step 2 was changed after this report
    write_report(Report("t", "debian:bookworm", "podman", "2026-11-26T12:00:00+00:00", PASSED, steps=steps), tmp_path / "reports")

    tutorials, problems = load_tutorials(tmp_path / "content", tmp_path / "reports")
    assert problems == []
    tutorial = tutorials[0]
    assert tutorial.report.started == "2026-11-26T12:00:00+00:00"
    assert [step.result.status if step.result else None for step in tutorial.steps] == [PASSED, None, PASSED]
    assert tutorial.steps[2].after_change is None  # not run in a container: no shell state to inherit

    # Checked in another image: the report is there, but says nothing about this image's steps.
    write(tmp_path, "t.yml", GOOD.replace("debian:bookworm", "debian:trixie"))
    tutorials, _ = load_tutorials(tmp_path / "content", tmp_path / "reports")
    assert tutorials[0].report is not None
    assert all(step.result is None for step in tutorials[0].steps)


def test_an_unreadable_report_is_a_problem_not_a_crash(tmp_path):
    write(tmp_path, "t.yml", GOOD)
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "t.json").write_text("{not json")
    (tmp_path / "reports" / "u.json").write_text(json.dumps({"format": 99}))  # no such tutorial: ignored
    tutorials, problems = load_tutorials(tmp_path / "content", tmp_path / "reports")
    assert tutorials[0].report is None
    assert [p.path for p in problems] == ["reports/t.json"]
    assert "cannot read this report" in problems[0].message


def test_sources_and_adapted_steps(tmp_path):
    tutorials, problems = load_tutorials(REPO / "content", REPO / "no-reports-here")
    assert problems == []
    by_id = {tutorial.id: tutorial for tutorial in tutorials}
    ipv6 = by_id["ipv6-prefix-delegation"]
    # The seed's own credit line is kept, with what became of its link.
    assert ipv6.sources[0].author == "Tom Barbette"
    assert "Some configuration is taken and adapted from" in ipv6.sources[0].text and "lost its link" in ipv6.sources[0].text
    mptcp = by_id["mptcp-wsl2"]
    assert mptcp.steps[2].variants[1].adapted.startswith("Not in the post")
    assert [bool(step.adapted) for step in mptcp.steps[:2]] == [False, False]  # the post's own words

    found = messages(
        tmp_path,
        """title: T
image: debian:bookworm
sources:
  - title: The post
    url: not a url
    autor: Me
  - url: https://example.org/
steps:
  - title: one
    run: echo hi
    adapted: ""
  - title: two
    variants:
      - {name: A, run: echo a, adapted: 3}
      - {name: B, runs_in: manual, reason: r}
""",
    )
    assert found == [
        "content/tutorials/t.yml:6: unknown key 'autor' (did you mean 'author'?)",
        "content/tutorials/t.yml:5: sources.0.url: 'not a url' is not in the expected form. Where to read it: an http(s) address.",
        "content/tutorials/t.yml:7: sources.1: missing required key 'title'",
        "content/tutorials/t.yml:11: steps.0.adapted: '' should be non-empty",
        "content/tutorials/t.yml:14: steps.1.variants.0.adapted: should be text, not 3",
    ]
    tutorial, problems = load_tutorial(write(tmp_path, "u.yml", """title: U
image: debian:bookworm
sources: [{title: A post, url: "https://example.org/a", author: Someone, text: The config.}]
steps: [{title: one, run: echo hi, adapted: The post has `echo`.}]
"""), tmp_path)
    assert problems == []
    assert (tutorial.sources[0].url, tutorial.sources[0].author) == ("https://example.org/a", "Someone")
    assert tutorial.steps[0].adapted == "The post has `echo`."


CAPS = "title: T\nimage: debian:bookworm\n{head}steps:\n  - title: a\n    run: echo a\n"


def test_capabilities_beyond_the_allow_list_are_refused_with_their_line(tmp_path):
    said = messages(tmp_path, CAPS.format(head="network: false\ncapabilities: [NET_ADMIN, ALL, SYS_ADMIN]\n"))
    assert len(said) == 1 and said[0].startswith("content/tutorials/t.yml:4: capabilities ALL, SYS_ADMIN go beyond"), said
    assert "privileged: true" in said[0] and "NET_RAW" in said[0]


def test_privileged_needs_a_reason_and_keeps_it_for_the_page(tmp_path):
    said = messages(tmp_path, CAPS.format(head="capabilities: [SYS_ADMIN]\nprivileged: true\n"))
    assert said == ["content/tutorials/t.yml:4: privileged: true needs a privileged_reason, shown to the reader"]
    path = write(tmp_path, "p.yml", CAPS.format(
        head="capabilities: [SYS_ADMIN]\nprivileged: true\nprivileged_reason: mounts a tmpfs to show quotas\n"))
    tutorial, problems = load_tutorial(path, tmp_path)
    assert problems == [] and tutorial.privileged_reason == "mounts a tmpfs to show quotas"
    assert tutorial.capabilities == ["SYS_ADMIN"]
    allowed, problems = load_tutorial(write(tmp_path, "a.yml", CAPS.format(head="capabilities: [NET_ADMIN, NET_RAW]\n")), tmp_path)
    assert problems == [] and allowed.privileged_reason is None


def test_images_a_list_or_image_alone(tmp_path):
    steps = "steps:\n  - title: a\n    run: echo\n"
    for body, wanted in [
        ("image: debian:bookworm\n", "content/tutorials/t.yml:1: the file: missing required key 'image' (or images, a list)"),
        ("image: a\nimages: [a]\n", "content/tutorials/t.yml:3: give image (one) or images (a list), not both"),
        ("images: []\n", "content/tutorials/t.yml:2: images is empty: give at least one image"),
        ("images: [a, b, a]\n", "content/tutorials/t.yml:2: images lists a twice: list each image once"),
        ("images: ['a:b', 'a/b']\n", "content/tutorials/t.yml:2: images lists a/b and a:b, which share the report name 'a-b': list each image once"),
    ][1:]:
        assert messages(tmp_path, "title: T\n" + body + steps) == [wanted], body
    tutorial, problems = load_tutorial(write(tmp_path, "two.yml", "title: T\nimages: [debian:bookworm, debian:trixie]\n" + steps), tmp_path)
    assert problems == [] and tutorial.image == "debian:bookworm" and tutorial.images == ["debian:bookworm", "debian:trixie"]
    assert load_tutorial(write(tmp_path, "one.yml", "title: T\nimage: debian:bookworm\n" + steps), tmp_path)[0].images == ["debian:bookworm"]

"""Tutorial pages in a real build: steps in order, and what the latest report says of each."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from researchsite.tutorials import load_tutorials
from researchsite.tutorials.reports import write_report
from researchsite.tutorials.structure import FAILED, PASSED, Report, StepResult

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import checked_status, run_mkdocs  # noqa: E402
from sitecheck import broken_links, parse, text  # noqa: E402


def statuses(page: Path) -> list[str]:
    return [e.get("data-step-status") for e in parse(page).iter() if e.get("class") == "rs-step"]


def classes(element) -> list[str]:
    return (element.get("class") or "").split()


def without_copy_button(element) -> bool:
    """No copy button of ours, and none of Material's to come (its script skips `no-copy`)."""
    blocks = [e for e in element.iter("div") if "rs-code" in classes(e)]
    return bool(blocks) and all("no-copy" in classes(b) and b.find(".//button") is None for b in blocks)


def banner(page: Path) -> str:
    return text(next(e for e in parse(page).iter("div") if "rs-banner" in classes(e)))


def chips(element) -> list[str]:
    """Each status chip's class and words: colour and icon always come with text."""
    return [f"{classes(e)[1]}: {text(e)}" for e in element.iter("span") if "rs-chip" in classes(e)]


def outside_details(element) -> str:
    """What a reader sees without unfolding anything."""
    def walk(e):
        if e.tag == "details":
            return e.tail or ""
        return (e.text or "") + "".join(walk(child) for child in e) + (e.tail or "")
    return " ".join(walk(element).split())


def report_for(project: Path, tutorial_id: str, fail_at: int | None = None) -> Report:
    """A report as the checker writes it, every checkable unit passed up to `fail_at`."""
    tutorials, problems = load_tutorials(project / "content", project / "reports" / "tutorials")
    assert problems == []
    tutorial = next(t for t in tutorials if t.id == tutorial_id)
    results = []
    for number, unit in tutorial.units():
        status = checked_status(unit, number, fail_at)
        output = {FAILED: "/etc/radvd.conf:2 error: syntax error", PASSED: f"what step {number} printed"}.get(status, "")
        results.append(StepResult(number, unit.title, status, unit.name, 1 if status == FAILED else 0, 0.1, output, None, unit.digest()))
    return Report(tutorial_id, tutorial.image, "podman", "2026-11-20T10:00:00+00:00",
                  FAILED if fail_at else PASSED, 30.0, None, results)


def test_without_reports_every_checkable_step_is_unverified(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = tmp_path / "out" / "tutorials" / "mptcp-wsl2" / "index.html"
    assert banner(page) == "Not verified yet No check yet: 7 of 11 steps can run in a container; 4 run on Windows and are not checked here. How tutorials are checked"
    found = statuses(page)
    assert set(found) == {"unverified", "not-checkable"}
    article = text(parse(page).find(".//article"))
    assert "Runs on Windows only" in article and "Microsoft Store" in article
    tabs = [text(label) for label in parse(page).iter("label") if (label.get("for") or "").startswith("__tabbed_")]
    assert tabs == ["WSL2", "Linux", "Wireshark", "tcpdump"]  # each step's variants, as content tabs
    variants = [e.get("data-step-status") for e in parse(page).iter("p") if e.get("data-step-status")]
    assert variants == ["not-checkable", "unverified", "not-checkable", "unverified"]
    # Inside a content tab too, each command's copy button sits in the block's own nav, not in a <p>.
    blocks = [e for e in parse(page).iter("div") if "rs-code" in classes(e)]
    assert blocks and all(len(block.findall("./nav/button")) == 1 for block in blocks if block.find(".//button") is not None)
    assert sum(1 for block in blocks if block.find("./nav/button") is not None) >= 8
    listing = text(parse(tmp_path / "out" / "tutorials" / "index.html").find(".//article"))
    assert "MPTCP on Windows with WSL2" in listing and "No check yet: 7 of 11 steps" in listing
    index = parse(tmp_path / "out" / "tutorials" / "index.html").find(".//article")
    assert chips(index) == []  # no result, so no chip: as on the pages, its words for screen readers only
    assert "Not verified yet" in text(index)
    assert not list((tmp_path / "out").rglob("*.yml"))  # the YAML is the source, not a download
    assert broken_links(tmp_path / "out", base_path="/tom.barbette/") == []


def test_a_failed_report_names_the_step_and_shows_its_output(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    write_report(report_for(project, "ipv6-prefix-delegation", fail_at=6), project / "reports" / "tutorials")
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = tmp_path / "out" / "tutorials" / "ipv6-prefix-delegation" / "index.html"
    assert banner(page).startswith("Failed 5 of 10 steps run in debian:bookworm on 20 November 2026; failed at step 6.")
    found = statuses(page)
    assert found[5] == "failed"
    assert "passed" in found[:5] and "failed" not in found[:5]
    assert all(status in ("unverified", "not-checkable") for status in found[6:])
    article = parse(page).find(".//article")
    assert "/etc/radvd.conf:2 error: syntax error" in text(article)
    # What the check saw is output to read: folded away, and without Material's copy button.
    saw = next(d for d in article.iter("details") if "What the check saw" in text(d.find("summary")))
    assert "/etc/radvd.conf:2 error: syntax error" in text(saw)
    assert without_copy_button(saw)


def test_a_passed_report_verifies_only_the_steps_it_ran(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    write_report(report_for(project, "mptcp-wsl2"), project / "reports" / "tutorials")
    out = tmp_path / "out"
    assert run_mkdocs(project, out).returncode == 0
    page = out / "tutorials" / "mptcp-wsl2" / "index.html"
    assert banner(page) == (
        "Verified 7 of 11 steps run in debian:bookworm on 20 November 2026 (steps 3 and 11 in one variant); "
        "4 run on Windows and are not checked here. How tutorials are checked"
    )
    assert "unverified" not in statuses(page)

    source = project / "content" / "tutorials" / "mptcp-wsl2.yml"
    source.write_text(source.read_text().replace("sudo apt install -y iperf tcpdump", "sudo apt install -y iperf3 tcpdump"))
    assert run_mkdocs(project, tmp_path / "again").returncode == 0
    page = tmp_path / "again" / "tutorials" / "mptcp-wsl2" / "index.html"
    # Step 7 was edited: it and the steps run after its earlier version (8 to 11) are not verified.
    assert banner(page) == (
        "Not verified yet 2 of 11 steps run in debian:bookworm on 20 November 2026 (step 3 in one variant); "
        "step 7 changed since, and steps 8, 9, 10 and 11 were checked after its earlier version; 4 run on Windows and are not checked here. "
        "How tutorials are checked"
    )
    assert [n for n, status in enumerate(statuses(page), 1) if status == "unverified"] == [7, 8, 9, 10, 11]
    assert "what step 10 printed" not in text(parse(page).find(".//article"))  # an output not of these commands


def test_a_tutorial_page_shows_what_a_reader_types_and_folds_the_checks_away(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    write_report(report_for(project, "ipv6-prefix-delegation"), project / "reports" / "tutorials")
    out = tmp_path / "out"
    assert run_mkdocs(project, out).returncode == 0
    page = parse(out / "tutorials" / "ipv6-prefix-delegation" / "index.html")
    article = page.find(".//article")
    # A step that ran has a chip, in words; one that cannot run has none (its note says why); the
    # banner's chip says the tutorial's status.
    steps = [e for e in article.iter("div") if "rs-step" in classes(e)]
    assert [bool(chips(step)) for step in steps] == [step.get("data-step-status") == "passed" for step in steps]
    assert any(chips(step) for step in steps) and not all(chips(step) for step in steps)
    assert chips(next(e for e in article.iter("div") if "rs-banner" in classes(e))) == ["rs-chip--passed: Verified"]
    # The checker's commands and readiness conditions are inside "How this step is checked" only.
    seen = outside_details(article)
    assert "Checked with" not in seen and "dhcp6c -f -c" not in seen and "radvd --configtest" not in seen
    how = [d for d in article.iter("details") if text(d.find("summary")) == "How this step is checked"]
    assert any("radvd --configtest -C /etc/radvd.conf" in text(d) for d in how)
    assert all("rs-check" in classes(d) and d.get("open") is None for d in how)  # collapsed
    # Headings are numbered once, by the page.
    headings = [text(h).rstrip("¶") for h in article.iter("h2")]
    assert headings[0].startswith("1. The interfaces") and not any(re.match(r"\d+\. (Step )?\d", h) for h in headings)
    # Code keeps its lines: it scrolls in an element a keyboard can focus, and is not wrapped.
    scrollers = [e for e in article.iter("div") if "rs-code__scroll" in classes(e)]
    assert scrollers and all(e.get("tabindex") == "0" and e.find(".//pre/code") is not None for e in scrollers)
    folded = {id(e) for d in article.iter("details") for e in d.iter("div")}
    typed = [e for e in scrollers if id(e) not in folded]
    assert len(typed) == 8  # each command and file of the steps (a fence in the author's own text is theirs)
    assert len(scrollers) - len(typed) == 7  # and what each step that passed printed, folded away
    # What a reader types has its copy button in the page, carrying exactly the text shown (the
    # file's blank lines too); Material's script, told `no-copy`, adds none of its own.
    for scroller in typed:
        block = next(e for e in article.iter("div") if "rs-code" in classes(e) and scroller in list(e))
        assert "no-copy" in classes(block)
        buttons = block.findall("./nav/button")
        assert len(buttons) == 1 and buttons[0].get("title") == "Copy to clipboard"
        assert buttons[0].get("data-clipboard-text") == "".join(scroller.find(".//pre/code").itertext()).rstrip("\n")
    assert any("\n\n" in b.get("data-clipboard-text") for b in article.iter("button") if b.get("data-clipboard-text"))
    css = (out / "assets" / "stylesheets" / "researchsite.css").read_text()
    assert re.search(r"\.rs-code pre > code \{[^}]*white-space: pre;", css)


def test_mptcp_headings_lose_the_blog_s_step_numbers(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    out = tmp_path / "out"
    assert run_mkdocs(project, out).returncode == 0
    headings = [text(h).rstrip("¶") for h in parse(out / "tutorials" / "mptcp-wsl2" / "index.html").iter("h2")]
    assert "3. Install an MPTCP-compatible kernel (easier than it sounds!)" in headings
    assert "7. Try it out!" in headings and not any("Step" in h for h in headings)


def test_the_page_on_checking_is_linked_and_only_there_with_tutorials(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    out = tmp_path / "out"
    assert run_mkdocs(project, out).returncode == 0
    checking = out / "tutorials" / "checking" / "index.html"
    article = text(parse(checking).find(".//article"))
    assert "fresh container" in article
    assert chips(parse(checking).find(".//article")) == [
        "rs-chip--passed: Verified", "rs-chip--failed: Failed",
    ]  # the two real results; the other two statuses are words
    assert "Not checkable: the step needs" in article and "Not verified yet: no check" in article
    for linking in (out / "tutorials" / "index.html", out / "tutorials" / "mptcp-wsl2" / "index.html"):
        links = [a.get("href") for a in parse(linking).iter("a") if text(a) == "How tutorials are checked"]
        assert links == ["../checking/"] if "mptcp" in str(linking) else links == ["checking/"]
    assert broken_links(out, base_path="/tom.barbette/") == []

    shutil.rmtree(project / "content" / "tutorials")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - Tutorials: tutorials/index.md\n", ""))
    assert run_mkdocs(project, tmp_path / "none").returncode == 0
    assert not (tmp_path / "none" / "tutorials").exists()


def test_a_tutorial_cannot_take_the_address_of_the_page_on_checking(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    tutorials = project / "content" / "tutorials"
    (tutorials / "checking.yml").write_text((tutorials / "mptcp-wsl2.yml").read_text())
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode != 0
    assert "content/tutorials/checking.yml: the id 'checking' is the address of the page on how tutorials are checked" in result.stderr


def folded_note(details) -> str:
    """A maintainer's note, folded: its summary and its text, as one line."""
    assert details.get("open") is None
    summary = details.find("summary")
    return f"{text(summary)}: " + " ".join(text(e) for e in details if e is not summary)


def step_div(page: Path, number: int):
    article = parse(page).find(".//article")
    return [e for e in article.iter("div") if "rs-step" in classes(e)][number - 1]


def test_the_sources_are_credited_and_adapted_steps_say_how(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    source = project / "content" / "tutorials" / "mptcp-wsl2.yml"
    source.write_text(source.read_text().replace(
        "    author: Tom Barbette\n", "    author: Tom Barbette\n    url: https://example.org/mptcp-wsl2?a=1&b=(2)\n", 1))
    out = tmp_path / "out"
    assert run_mkdocs(project, out).returncode == 0
    page = out / "tutorials" / "ipv6-prefix-delegation" / "index.html"
    article = parse(page).find(".//article")
    credit = next(e for e in article.iter("div") if "rs-credit" in classes(e))
    assert text(credit).startswith("From VOO in bridge mode with IPv6 (optional: and prefix delegation!) by Tom Barbette.")
    assert "Some configuration is taken and adapted from" in text(credit)
    # Near the top: before the first step.
    order = [e for e in article.iter() if "rs-credit" in classes(e) or e.tag == "h2"]
    assert "rs-credit" in classes(order[0])
    notes = {n: [folded_note(e) for e in step_div(page, n).iter("details") if "rs-adapted" in classes(e)] for n in range(1, 11)}
    assert notes[1] == [] and notes[6] == []  # the post's own words and commands
    assert notes[4] == ["Adapted from the original: The post's copy of this file lost the lines that close each block "
                        "(};); they are put back, as dhcp6c needs them. The rest is the post's, comments included."]
    assert [n for n, found in notes.items() if found] == [2, 3, 4, 5, 8, 9]
    # A variant's note is in its own tab.
    mptcp = out / "tutorials" / "mptcp-wsl2" / "index.html"
    tabs = [e for e in step_div(mptcp, 3).iter("div") if "tabbed-block" in classes(e)]
    assert [len([d for d in tab.iter("details") if "rs-adapted" in classes(d)]) for tab in tabs] == [1, 1]
    assert "Not in the post" in text(tabs[1]) and "Not in the post" not in text(tabs[0])
    credit = next(e for e in parse(mptcp).find(".//article").iter("div") if "rs-credit" in classes(e))
    assert [(a.get("href"), text(a)) for a in credit.iter("a")] == [("https://example.org/mptcp-wsl2?a=1&b=(2)", "MPTCP on Windows with WSL2")]


def test_a_variant_never_run_is_not_shown_as_verified(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    write_report(report_for(project, "mptcp-wsl2"), project / "reports" / "tutorials")
    out = tmp_path / "out"
    assert run_mkdocs(project, out).returncode == 0
    page = out / "tutorials" / "mptcp-wsl2" / "index.html"
    tabs = [e for e in step_div(page, 3).iter("div") if "tabbed-block" in classes(e)]
    assert [chips(tab) for tab in tabs] == [[], ["rs-chip--passed: Verified"]]
    assert "Not checkable" in text(tabs[0])  # for screen readers
    # What the Linux variant printed is shown in its tab only.
    assert "what step 3 printed" in text(tabs[1]) and "what step 3 printed" not in text(tabs[0])
    assert "Output in" not in text(tabs[0])


def test_a_passed_step_shows_its_output_folded_without_a_copy_button(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    report = report_for(project, "ipv6-prefix-delegation")
    report.steps[8].output = "\n".join(f"line {n}" for n in range(1, 41))  # step 9: longer than a page shows
    report.steps[4].output = ""  # nothing printed: nothing to show
    write_report(report, project / "reports" / "tutorials")
    out = tmp_path / "out"
    assert run_mkdocs(project, out).returncode == 0
    page = out / "tutorials" / "ipv6-prefix-delegation" / "index.html"
    shown = {}
    for n in range(1, 11):
        found = [d for d in step_div(page, n).iter("details") if text(d.find("summary")).startswith("Output in")]
        shown[n] = found
    assert [n for n, found in shown.items() if found] == [2, 3, 4, 6, 8, 9]
    output = shown[2][0]
    assert text(output.find("summary")) == "Output in debian:bookworm on 20 November 2026"
    assert output.get("open") is None  # collapsed
    assert "what step 2 printed" in text(output)
    assert without_copy_button(output)
    long = shown[9][0]
    assert text(long.find("summary")) == "Output in debian:bookworm on 20 November 2026 (its last 20 lines)"
    assert "line 40" in text(long) and "line 20" not in text(long) and "line 21" in text(long)


def test_bad_sources_and_adapted_are_located(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    source = project / "content" / "tutorials" / "mptcp-wsl2.yml"
    yaml = source.read_text()
    yaml = yaml.replace("    author: Tom Barbette\n", "    author: Tom Barbette\n    url: www.example.org\n", 1)
    yaml = yaml.replace("    adapted: The post has `sudo tcpdump", "    adapted: [The post has `sudo tcpdump", 1).replace("without `-U`.", "without `-U`.]", 1)
    source.write_text(yaml)
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode != 0
    lines = yaml.splitlines()
    url = next(n for n, line in enumerate(lines, 1) if "url: www.example.org" in line)
    adapted = next(n for n, line in enumerate(lines, 1) if "adapted: [The post" in line)
    assert f"content/tutorials/mptcp-wsl2.yml:{url}: sources.0.url: 'www.example.org' is not in the expected form" in result.stderr
    assert f"content/tutorials/mptcp-wsl2.yml:{adapted}: steps.7.adapted: should be text" in result.stderr


def test_a_privileged_check_says_so_and_why(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    (project / "content" / "tutorials" / "quota.yml").write_text(
        "title: Disk quotas\nimage: debian:bookworm\ncapabilities: [SYS_ADMIN]\nprivileged: true\n"
        "privileged_reason: it mounts a tmpfs to show quotas.\nsteps:\n  - title: Mount\n    run: mount -t tmpfs none /mnt\n"
    )
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = tmp_path / "out" / "tutorials" / "quota" / "index.html"
    warning = next(e for e in parse(page).iter("div") if "admonition" in classes(e) and "warning" in classes(e))
    assert text(warning) == (
        "Checked with more privileges than a plain container "
        "The check gives its container SYS_ADMIN: it mounts a tmpfs to show quotas."
    )
    # An ordinary tutorial says nothing of the kind.
    plain = tmp_path / "out" / "tutorials" / "mptcp-wsl2" / "index.html"
    assert "more privileges" not in text(parse(plain).find(".//article"))


def test_a_tutorial_in_two_images_shows_each_image_s_result(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    source = project / "content" / "tutorials" / "ipv6-prefix-delegation.yml"
    source.write_text(source.read_text().replace("image: debian:bookworm", "images: [debian:bookworm, debian:trixie]", 1))
    reports = project / "reports" / "tutorials"
    images = ["debian:bookworm", "debian:trixie"]
    write_report(report_for(project, "ipv6-prefix-delegation"), reports, images)
    trixie = report_for(project, "ipv6-prefix-delegation", fail_at=6)
    trixie.image, trixie.started = "debian:trixie", "2026-11-21T10:00:00+00:00"
    for result in trixie.steps:
        result.reason = "exit code 1" if result.status == FAILED else result.reason
    assert write_report(trixie, reports, images).name == "ipv6-prefix-delegation@debian-trixie.json"
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = tmp_path / "out" / "tutorials" / "ipv6-prefix-delegation" / "index.html"
    assert banner(page).startswith("Verified ")
    assert banner(page).endswith("Works in debian:bookworm (checked 20 November 2026); "
                                 "fails in debian:trixie at step 6 (checked 21 November 2026).")
    # The chips are bookworm's; the steps where trixie disagrees say so, and only those.
    found = statuses(page)
    assert "failed" not in found and "unverified" not in found
    notes = [text(e) for e in parse(page).iter("p") if "rs-image-note" in classes(e)]
    checkable_after = sum(1 for status in found[6:] if status == "passed")
    assert notes[0] == "In debian:trixie: failed (exit code 1)."
    assert notes[1:] == ["In debian:trixie: not verified yet."] * (len(notes) - 1) and len(notes) >= 1 + checkable_after
    assert broken_links(tmp_path / "out", base_path="/tom.barbette/") == []

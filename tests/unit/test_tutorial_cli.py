"""The tutorials command line: plain messages and exit codes for bad input and for a machine without an engine."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from researchsite.tutorials import cli
from researchsite.tutorials.cli import tutorials_main

REPO = Path(__file__).resolve().parents[2]


def project(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "project" / "content" / "tutorials"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / f"{name}.yml").write_text(text)
    return tmp_path / "project"


GOOD = "title: T\nimage: debian:bookworm\nsteps:\n  - title: a\n    run: echo a\n"


def test_without_a_container_engine_it_says_so_and_exits_non_zero(tmp_path, monkeypatch, capsys):
    root = project(tmp_path, t=GOOD)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # neither podman nor docker
    assert tutorials_main(["--root", str(root), "check"]) == 3
    err = capsys.readouterr().err
    assert "Cannot check tutorials: no container engine works here." in err
    assert "podman is not installed" in err and "docker is not installed" in err
    assert "Traceback" not in err
    assert not (root / "reports").exists()


def test_a_docker_without_its_daemon_is_named(tmp_path, monkeypatch, capsys):
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    docker = fake_bin / "docker"
    docker.write_text("#!/bin/sh\necho 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.' >&2\nexit 1\n")
    docker.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake_bin))
    assert tutorials_main(["--root", str(project(tmp_path, t=GOOD)), "check", "--engine", "docker"]) == 3
    assert "docker is installed but does not work: Cannot connect to the Docker daemon" in capsys.readouterr().err


def test_a_broken_tutorial_is_reported_with_its_lines_and_the_others_are_still_checked(tmp_path, monkeypatch, capsys):
    sys.path.insert(0, str(Path(__file__).parent))
    from fake_engine import FakeEngine

    engine = FakeEngine(tmp_path / "containers")
    monkeypatch.setattr(cli, "find_engine", lambda names, runtime=None: (engine, []))
    root = project(tmp_path, t=GOOD, broken="title: B\nimage: debian:bookworm\nsteps:\n  - title: x\n    rn: echo\n")
    assert tutorials_main(["--root", str(root), "check"]) == 2  # the broken file, said in the exit code too
    out, err = capsys.readouterr()
    assert "content/tutorials/broken.yml:5: unknown key 'rn' (did you mean 'run'?)" in err
    assert "content/tutorials/broken.yml:4: step 1: nothing to do" in err
    assert "t: passed" in out and [name.split("-")[1] for name in engine.started] == ["t"]
    reports = root / "reports" / "tutorials"
    assert sorted(path.name for path in reports.iterdir()) == ["junit.xml", "t.json"]
    assert 'name="t"' in (reports / "junit.xml").read_text()


def test_junit_lists_every_tutorials_latest_report_like_the_json_files(tmp_path, monkeypatch, capsys):
    sys.path.insert(0, str(Path(__file__).parent))
    from fake_engine import FakeEngine

    monkeypatch.setattr(cli, "find_engine", lambda names, runtime=None: (FakeEngine(tmp_path / "c"), []))
    root = project(tmp_path, one=GOOD, two=GOOD.replace("echo a", "echo a; false"))
    assert tutorials_main(["--root", str(root), "check"]) == 1
    assert tutorials_main(["--root", str(root), "check", "one"]) == 0  # a partial run
    junit = (root / "reports" / "tutorials" / "junit.xml").read_text()
    # two's result from the first run is still its latest: in the JSON file, so in junit.xml.
    assert 'name="one"' in junit and 'name="two"' in junit and 'failures="1"' in junit


def test_an_unknown_id_is_named(tmp_path, capsys):
    assert tutorials_main(["--root", str(project(tmp_path, t=GOOD)), "check", "nope"]) == 2
    assert "no tutorial with id nope in content/tutorials/ (there are: t)" in capsys.readouterr().err


def test_list_and_workflow(tmp_path, capsys):
    root = tmp_path / "copy"
    shutil.copytree(REPO / "content" / "tutorials", root / "content" / "tutorials")
    assert tutorials_main(["--root", str(root), "list"]) == 0
    assert "mptcp-wsl2\tdebian:bookworm\tMPTCP on Windows with WSL2" in capsys.readouterr().out
    assert tutorials_main(["--root", str(root), "workflow"]) == 0
    assert (root / ".github" / "workflows" / "tutorials.yml").exists()


def test_a_tutorial_in_two_images_gets_a_report_per_image_and_junit_agrees(tmp_path, monkeypatch, capsys):
    sys.path.insert(0, str(Path(__file__).parent))
    from fake_engine import FakeEngine

    from researchsite.tutorials.reports import read_report

    engine = FakeEngine(tmp_path / "containers")
    monkeypatch.setattr(cli, "find_engine", lambda names, runtime=None: (engine, []))
    two = "title: T\nimages: [debian:bookworm, debian:trixie]\nsteps:\n  - title: a\n    run: echo a\n"
    root = project(tmp_path, t=two)
    assert tutorials_main(["--root", str(root), "check"]) == 0
    reports = root / "reports" / "tutorials"
    assert sorted(path.name for path in reports.glob("*.json")) == ["t.json", "t@debian-trixie.json"]
    assert read_report(reports / "t.json").image == "debian:bookworm"
    assert read_report(reports / "t@debian-trixie.json").image == "debian:trixie"
    junit = (reports / "junit.xml").read_text()
    assert 'testsuite name="t" ' in junit and 'testsuite name="t@debian-trixie" ' in junit
    assert "t in debian:trixie: passed" in capsys.readouterr().out
    # One image only (a CI matrix row): the other image's report is left as it was.
    (reports / "t.json").unlink()
    assert tutorials_main(["--root", str(root), "check", "t", "--image", "debian:bookworm"]) == 0
    assert read_report(reports / "t.json").image == "debian:bookworm"
    assert 'testsuite name="t@debian-trixie" ' in (reports / "junit.xml").read_text()
    assert tutorials_main(["--root", str(root), "check", "--image", "ubuntu:24.04"]) == 2
    assert "--image ubuntu:24.04: t is not checked in it (their images: debian:bookworm, debian:trixie)" in capsys.readouterr().err
    assert tutorials_main(["--root", str(root), "list", "--json"]) == 0
    assert '"image":"debian:trixie"' in capsys.readouterr().out


def test_tutorials_help_is_the_tutorials_own(capsys):
    # `researchsite tutorials --help` once failed with "unrecognized arguments: --help".
    from researchsite.cli import main as researchsite_main

    with pytest.raises(SystemExit) as exited:
        researchsite_main(["tutorials", "--help"])
    assert exited.value.code == 0
    assert "{check,list,summary,fetch-reports,workflow}" in capsys.readouterr().out

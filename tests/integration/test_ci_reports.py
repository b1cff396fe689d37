"""How a deploy that runs no check (site.yml) shows the latest results: it fetches the reports
that tutorials.yml kept as the artifact `tutorial-reports` (`researchsite tutorials fetch-reports`),
then builds. Here `gh` is a stand-in that answers from files, as GitHub's API would; the
selection (newest, not expired, from the default branch) runs in the real jq, as `gh --jq` does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import REPO, run_mkdocs  # noqa: E402
from sitecheck import parse  # noqa: E402

from test_tutorial_pages import report_for  # noqa: E402

from researchsite.tutorials.reports import write_report

SCRIPT = REPO / "hooks" / "researchsite" / "tutorials" / "fetch-reports.sh"

FAKE_GH = r'''#!/usr/bin/env python3
"""gh, answering from $FAKE_GH: api PATH [--jq F] and run download RUN --repo R --name N --dir D."""
import json, os, shutil, subprocess, sys
here = os.environ["FAKE_GH"]
args = sys.argv[1:]
with open(os.path.join(here, "calls"), "a") as log:
    log.write(" ".join(args) + "\n")
if os.path.exists(os.path.join(here, "offline")):
    sys.exit("error connecting to api.github.com")
if args[0] == "api":
    answer = os.path.join(here, "artifacts.json" if "/actions/artifacts" in args[1] else "repo.json")
    jq = args[args.index("--jq") + 1]
    sys.exit(subprocess.run(["jq", "-r", jq, answer]).returncode)
if args[:2] == ["run", "download"]:
    run, name, out = args[2], args[args.index("--name") + 1], args[args.index("--dir") + 1]
    source = os.path.join(here, "runs", run, name)
    if not os.path.isdir(source):
        sys.exit(f"no artifact {name} in run {run}")
    shutil.copytree(source, out, dirs_exist_ok=True)
    sys.exit(0)
sys.exit(f"fake gh: {args}")
'''


def artifact(run: int, branch: str, expired: bool = False) -> dict:
    return {"id": run * 10, "name": "tutorial-reports", "expired": expired,
            "workflow_run": {"id": run, "head_branch": branch}}


@pytest.fixture
def gh(tmp_path):
    if shutil.which("jq") is None:
        pytest.skip("jq is not installed (gh's --jq is jq; apt-get install jq)")
    fake = tmp_path / "gh-answers"
    (fake / "bin").mkdir(parents=True)
    (fake / "bin" / "gh").write_text(FAKE_GH)
    (fake / "bin" / "gh").chmod(0o755)
    (fake / "repo.json").write_text(json.dumps({"default_branch": "main"}))
    (fake / "artifacts.json").write_text(json.dumps({"total_count": 0, "artifacts": []}))
    return fake


def fetch(gh: Path, project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{gh / 'bin'}:{os.environ['PATH']}", "FAKE_GH": str(gh),
           "GITHUB_REPOSITORY": "someone/their-site", "GH_TOKEN": "not-a-token"}
    env.pop("BRANCH", None)
    return subprocess.run(["sh", str(SCRIPT)], cwd=project, env=env, capture_output=True, text=True, timeout=60)


def step_statuses(site: Path, tutorial: str) -> set[str]:
    page = site / "tutorials" / tutorial / "index.html"
    return {e.get("data-step-status") for e in parse(page).iter() if e.get("class") == "rs-step"}


def test_the_newest_reports_of_the_default_branch_reach_the_built_page(gh, new_site, tmp_path):
    project = new_site()
    kept = gh / "runs" / "42" / "tutorial-reports"
    write_report(report_for(project, "mptcp-wsl2"), kept)
    write_report(report_for(project, "ipv6-prefix-delegation", fail_at=6), gh / "runs" / "7" / "tutorial-reports")
    (gh / "artifacts.json").write_text(json.dumps({"total_count": 4, "artifacts": [
        artifact(50, "a-feature-branch"),  # newer, but not the default branch's
        artifact(42, "main"),
        artifact(7, "main"),  # older
    ]}))
    answer = fetch(gh, project)
    assert answer.returncode == 0, answer.stdout + answer.stderr
    assert "run download 42 --repo someone/their-site --name tutorial-reports" in (gh / "calls").read_text()
    assert sorted(p.name for p in (project / "reports" / "tutorials").iterdir()) == ["mptcp-wsl2.json"]

    built = run_mkdocs(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    assert "passed" in step_statuses(tmp_path / "site", "mptcp-wsl2")
    assert "passed" not in step_statuses(tmp_path / "site", "ipv6-prefix-delegation")


def test_expired_reports_are_not_fetched(gh, new_site):
    project = new_site()
    (gh / "artifacts.json").write_text(json.dumps({"total_count": 1, "artifacts": [artifact(42, "main", expired=True)]}))
    answer = fetch(gh, project)
    assert answer.returncode == 0 and "no 'tutorial-reports' artifact from main yet" in answer.stdout
    assert "run download" not in (gh / "calls").read_text()


@pytest.mark.parametrize("offline", [False, True], ids=["no-reports-yet", "github-unreachable"])
def test_without_reports_the_build_succeeds_and_says_not_verified(gh, new_site, tmp_path, offline):
    project = new_site()
    if offline:
        (gh / "offline").touch()
    answer = fetch(gh, project)
    assert answer.returncode == 0, answer.stdout + answer.stderr
    assert "building without reports" in answer.stdout if offline else "Not verified yet" in answer.stdout
    assert not (project / "reports" / "tutorials").exists()
    built = run_mkdocs(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    for tutorial in ("mptcp-wsl2", "ipv6-prefix-delegation"):
        assert step_statuses(tmp_path / "site", tutorial) <= {"unverified", "not-checkable"}

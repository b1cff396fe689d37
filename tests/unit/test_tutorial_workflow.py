"""The committed workflows: tutorials.yml is exactly what `researchsite tutorials workflow` writes,
its matrix comes from `tutorials list --json` at run time, and both files pass a schema check.
(actionlint runs on them in tests/integration/test_workflows_lint.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from researchsite.tutorials import load_tutorials
from researchsite.tutorials.cli import summary_markdown, tutorials_main
from researchsite.tutorials.reports import write_report
from researchsite.tutorials.structure import FAILED, NOT_RUN, PASSED, Report, StepResult
from researchsite.tutorials.workflow import REPORTS_ARTIFACT, WORKFLOW_PATH, matrix, workflow_yaml

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WORKFLOWS = REPO / ".github" / "workflows"
CHECK_JSONSCHEMA = [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]


@pytest.fixture
def example_tutorials(tmp_path):
    tutorials, problems = load_tutorials(REPO / "content", tmp_path)
    assert problems == [] and tutorials
    return tutorials


def test_the_committed_workflow_is_the_generators_output(example_tutorials, tmp_path):
    assert (REPO / WORKFLOW_PATH).read_text() == workflow_yaml(example_tutorials), (
        "write it again: .venv/bin/researchsite tutorials workflow"
    )
    # And the command writes that same text.
    out = tmp_path / "tutorials.yml"
    assert tutorials_main(["--root", str(REPO), "workflow", "--output", str(out)]) == 0
    assert out.read_text() == (REPO / WORKFLOW_PATH).read_text()


def test_the_workflow_does_not_depend_on_the_tutorials(example_tutorials):
    """Adding a tutorial needs no new workflow: the matrix is computed when it runs."""
    assert workflow_yaml(example_tutorials) == workflow_yaml([]) == workflow_yaml(example_tutorials[:1])


def test_the_matrix_is_computed_at_run_time_from_the_list_command():
    data = yaml.safe_load((REPO / WORKFLOW_PATH).read_text())
    jobs = data["jobs"]
    listing = "\n".join(step.get("run", "") for step in jobs["list"]["steps"])
    assert "python -m researchsite.tutorials list --json" in listing
    check = jobs["check"]
    assert check["strategy"]["matrix"] == "${{ fromJSON(needs.list.outputs.matrix) }}"
    assert check["strategy"]["fail-fast"] is False
    assert check["timeout-minutes"] == "${{ matrix.minutes }}"
    runs = [step["run"] for step in check["steps"] if "run" in step]
    assert any("researchsite.tutorials check \"$TUTORIAL\" --image \"$IMAGE\" --engine docker" in run for run in runs)
    assert any('>> "$GITHUB_STEP_SUMMARY"' in run for run in runs)
    # Triggers: a tutorial or the checker changed, weekly, by hand.
    triggers = data[True]  # YAML 1.1 reads the key `on` as true
    assert "content/tutorials/**" in triggers["push"]["paths"]
    assert {"hooks/**", "requirements.txt"} <= set(triggers["push"]["paths"])  # the checker, here or as installed
    assert triggers["schedule"] and "workflow_dispatch" in triggers


def test_list_json_gives_one_row_per_tutorial_and_image(capsys):
    assert tutorials_main(["--root", str(REPO), "list", "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1  # one line: it goes into $GITHUB_OUTPUT as it is
    rows = json.loads(out)
    assert rows == [
        {"tutorial": "ipv6-prefix-delegation", "image": "debian:bookworm",
         "artifact": "tutorial-ipv6-prefix-delegation-debian-bookworm", "minutes": rows[0]["minutes"]},
        {"tutorial": "mptcp-wsl2", "image": "debian:bookworm",
         "artifact": "tutorial-mptcp-wsl2-debian-bookworm", "minutes": rows[1]["minutes"]},
    ]
    assert all(row["minutes"] > 15 for row in rows)


def test_each_image_of_a_tutorial_is_a_job_of_its_own(example_tutorials):
    tutorial = example_tutorials[0]
    tutorial.images = ["debian:bookworm", "ubuntu:24.04"]  # as when `images:` is given
    rows = [row for row in matrix([tutorial])]
    assert [row["image"] for row in rows] == ["debian:bookworm", "ubuntu:24.04"]
    assert rows[1]["artifact"] == f"tutorial-{tutorial.id}-ubuntu-24.04"
    assert len({row["artifact"] for row in rows}) == 2


def test_the_gathered_reports_are_the_artifact_site_yml_fetches():
    tutorials = yaml.safe_load((REPO / WORKFLOW_PATH).read_text())["jobs"]
    kept = [step for step in tutorials["publish"]["steps"] if step.get("uses", "").startswith("actions/upload-artifact")]
    assert kept and kept[0]["with"]["name"] == REPORTS_ARTIFACT
    assert f"ARTIFACT={REPORTS_ARTIFACT}" in (REPO / "hooks/researchsite/tutorials/fetch-reports.sh").read_text()
    site = yaml.safe_load((WORKFLOWS / "site.yml").read_text())
    runs = [step.get("run", "") for step in site["jobs"]["build"]["steps"]]
    fetch = runs.index("python -m researchsite.tutorials fetch-reports")
    build = next(index for index, run in enumerate(runs) if "mkdocs build --strict" in run)
    assert fetch < build
    assert site["jobs"]["build"]["permissions"]["actions"] == "read"


@pytest.mark.parametrize("name", ["site.yml", "tutorials.yml"])
def test_both_deploy_to_pages_only_from_the_default_branch(name):
    jobs = yaml.safe_load((WORKFLOWS / name).read_text())["jobs"]
    deploy = jobs["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert "github.event.repository.default_branch" in deploy["if"]
    assert [step["uses"] for step in deploy["steps"]] == ["actions/deploy-pages@v4"]
    uploads = [step for job in jobs.values() for step in job["steps"]
               if step.get("uses", "").startswith("actions/upload-pages-artifact")]
    assert len(uploads) == 1 and "default_branch" in uploads[0]["if"]


def test_the_site_workflow_builds_strictly_on_every_push_and_pull_request():
    data = yaml.safe_load((WORKFLOWS / "site.yml").read_text())
    assert data[True]["push"] is None and data[True]["pull_request"] is None  # no filter: every one
    build = data["jobs"]["build"]
    runs = [step.get("run") or "" for step in build["steps"]]
    assert "python -m pip install -r requirements.txt" in runs
    assert any(run.endswith("python -m mkdocs build --strict") for run in runs)
    python = [step for step in build["steps"] if step.get("uses", "").startswith("actions/setup-python")]
    assert python[0]["with"]["python-version"] == "3.11"


@pytest.mark.parametrize("name", ["site.yml", "tutorials.yml"])
def test_the_committed_workflows_match_githubs_schema(name):
    answer = subprocess.run([*CHECK_JSONSCHEMA, str(WORKFLOWS / name)], capture_output=True, text=True, timeout=120)
    assert answer.returncode == 0, answer.stdout + answer.stderr


def test_the_schema_check_does_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "tutorials.yml"
    broken.write_text((REPO / WORKFLOW_PATH).read_text().replace("runs-on:", "run-on:"))
    answer = subprocess.run([*CHECK_JSONSCHEMA, str(broken)], capture_output=True, text=True, timeout=120)
    assert answer.returncode != 0


def test_the_summary_says_each_result_and_shows_a_failed_steps_output(tmp_path):
    steps = [StepResult(step=1, title="Install", status=PASSED, duration=1.0),
             StepResult(step=2, title="Configure", status=FAILED, duration=0.5,
                        reason="exit code 1, expected 0", output="radvd: syntax error"),
             StepResult(step=3, title="Start", status=NOT_RUN, reason="step 2 failed")]
    write_report(Report(tutorial="radvd", image="debian:bookworm", engine="docker", started="2026-11-29T08:00:00+00:00",
                        status=FAILED, duration=2.0, message="step 2 (Configure) failed: exit code 1, expected 0",
                        steps=steps), tmp_path)
    text = summary_markdown(tmp_path)
    assert "**radvd** in `debian:bookworm`" in text and "**FAILED**" in text
    assert "1 steps passed, 1 failed, 1 not run" in text
    assert "step 2 (Configure) failed: exit code 1, expected 0" in text
    assert "```text\n  radvd: syntax error\n  ```" in text


def test_the_summary_says_when_there_is_no_report(tmp_path):
    assert "No tutorial report" in summary_markdown(tmp_path / "absent")

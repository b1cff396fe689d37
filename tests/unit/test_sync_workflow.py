"""The scheduled sync workflow: the committed file is the package's own text (which a new site
gets too), it runs weekly and by hand, with the least permissions, and proposes a pull request.
(actionlint runs on it with the others in tests/integration/test_workflows_lint.py.)"""

import subprocess
import sys
from pathlib import Path

import yaml

from researchsite.imports.workflow import WORKFLOW_PATH, sync_workflow

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def test_the_committed_workflow_is_the_packages_text():
    assert (REPO / WORKFLOW_PATH).read_text() == sync_workflow(), "researchsite workflows writes it"


def test_it_runs_weekly_and_on_demand_with_the_least_permissions():
    data = yaml.safe_load(sync_workflow())
    triggers = data[True]  # YAML 1.1 reads the key `on` as True
    assert set(triggers) == {"schedule", "workflow_dispatch"} and len(triggers["schedule"]) == 1
    assert data["permissions"] == {"contents": "read"}
    job = data["jobs"]["sync"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    runs = " ".join(step.get("run", "") for step in job["steps"])
    assert "researchsite sync" in runs
    proposal = job["steps"][-1]
    assert proposal["uses"].startswith("peter-evans/create-pull-request@")
    assert proposal["with"]["add-paths"] == "papers/"  # the sync's files only
    assert proposal["if"] == "steps.sync.outputs.changed == 'true'"  # nothing changed, nothing proposed
    # (tests/integration/test_sync_workflow_runs.py runs it under a real runner, act)


def test_the_workflow_matches_githubs_schema(tmp_path):
    path = tmp_path / "sync.yml"
    path.write_text(sync_workflow())
    check = [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)]
    answer = subprocess.run(check, capture_output=True, text=True, timeout=120)
    assert answer.returncode == 0, answer.stdout + answer.stderr

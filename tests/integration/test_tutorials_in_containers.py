"""The example tutorials, checked for real in containers of their image through podman or docker.

Skipped, with the reason, where no engine or image is available; with REQUIRE_CONTAINERS=1
(CI) they must run and pass instead. `make tutorial-images` builds debian:bookworm without a
registry; TUTORIALS_RUNTIME=runc picks podman's runtime where crun does not work.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from researchsite.tutorials.engines import CliEngine, find_engine, leftovers
from researchsite.tutorials.structure import FAILED, NOT_CHECKABLE, NOT_RUN, PASSED

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "tutorials"
REQUIRED = os.environ.get("REQUIRE_CONTAINERS") == "1"
RUNTIME = os.environ.get("TUTORIALS_RUNTIME")
IMAGE = "debian:bookworm"


def unavailable(reason: str):
    if REQUIRED:
        pytest.fail(f"REQUIRE_CONTAINERS=1, but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def engine() -> CliEngine:
    found, reasons = find_engine(["podman", "docker"], RUNTIME)
    if found is None:
        unavailable("no container engine works here: " + "; ".join(reasons))
    image = subprocess.run([*found.command, "image", "inspect", IMAGE], capture_output=True, timeout=60)
    if image.returncode != 0:
        unavailable(f"{found.name} has no {IMAGE} image (make tutorial-images builds it without a registry)")
    return found


def check(engine: CliEngine, root: Path, *ids: str, timeout: int = 1800) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "researchsite.tutorials", "--root", str(root), "check", *ids, "--engine", engine.name],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **({"TUTORIALS_RUNTIME": RUNTIME} if RUNTIME else {})},
    )


def project(tmp_path: Path, *tutorials: Path) -> Path:
    folder = tmp_path / "content" / "tutorials"
    folder.mkdir(parents=True)
    for path in tutorials:
        shutil.copy(path, folder / path.name)
    return tmp_path


def report(root: Path, tutorial: str) -> dict:
    return json.loads((root / "reports" / "tutorials" / f"{tutorial}.json").read_text())


def by_title(data: dict) -> dict[tuple[str, str | None], dict]:
    return {(step["title"], step["variant"]): step for step in data["steps"]}


def test_the_example_tutorials_pass_in_their_image(engine, tmp_path):
    root = project(tmp_path, *sorted((REPO / "content" / "tutorials").glob("*.yml")))
    answer = check(engine, root)
    assert answer.returncode == 0, answer.stdout + answer.stderr

    mptcp = report(root, "mptcp-wsl2")
    assert (mptcp["status"], mptcp["image"], mptcp["engine"]) == (PASSED, IMAGE, engine.name)
    steps = by_title(mptcp)
    for title in ("Install Ubuntu in WSL2", "Shut down WSL", "Boot WSL2 in the new kernel"):
        assert steps[(title, None)]["status"] == NOT_CHECKABLE and steps[(title, None)]["reason"]
    kernel = "Step 1: Install an MPTCP-compatible kernel (easier than it sounds!)"
    assert steps[(kernel, "WSL2")]["status"] == NOT_CHECKABLE
    assert steps[(kernel, "Linux")]["status"] == PASSED
    capture = steps[("See MPTCP instead of TCP", "tcpdump")]
    assert capture["status"] == PASSED and "capable" in capture["output"]
    assert steps[("Connect to it over MPTCP", None)]["status"] == PASSED

    ipv6 = report(root, "ipv6-prefix-delegation")
    assert ipv6["status"] == PASSED
    steps = by_title(ipv6)
    assert "syntax ok" in steps[("Configure radvd", None)]["output"]
    assert steps[("Your IPv6 address", None)]["status"] == NOT_CHECKABLE
    assert steps[("Restart the client", None)]["status"] == PASSED

    junit = (root / "reports" / "tutorials" / "junit.xml").read_text()
    assert 'name="mptcp-wsl2"' in junit and 'failures="0"' in junit
    assert leftovers(engine) == []


def test_the_seeds_broken_radvd_conf_fails_at_its_step(engine, tmp_path):
    root = project(tmp_path, FIXTURES / "radvd-seed-config.yml")
    answer = check(engine, root)
    assert answer.returncode == 1, answer.stdout + answer.stderr
    data = report(root, "radvd-seed-config")
    assert data["status"] == FAILED
    assert [step["status"] for step in data["steps"]] == [PASSED, FAILED, NOT_RUN]
    failed = data["steps"][1]
    assert failed["title"] == "Configure radvd" and failed["exit_code"] == 1
    assert "/etc/radvd.conf:2 error: syntax error" in failed["output"]  # radvd: no { after interface br0
    assert data["steps"][2]["reason"] == "step 2 failed"
    assert "syntax error" in answer.stdout  # the failing step's tail is printed too
    assert leftovers(engine) == []


def test_a_hanging_step_is_killed_and_its_container_removed(engine, tmp_path):
    path = tmp_path / "hang.yml"
    path.write_text(f"""title: Hangs
image: {IMAGE}
network: false
steps:
  - title: never returns
    run: echo waiting; sleep 600
    timeout: 3
  - title: after
    run: echo never
""")
    root = project(tmp_path / "p", path)
    start = time.monotonic()
    answer = check(engine, root, timeout=300)
    assert answer.returncode == 1
    assert time.monotonic() - start < 60
    data = report(root, "hang")
    assert [step["status"] for step in data["steps"]] == [FAILED, NOT_RUN]
    assert data["steps"][0]["reason"] == "no answer within 3 s: killed at its timeout"
    assert data["steps"][0]["output"] == "waiting"
    assert leftovers(engine) == []


def test_a_missing_image_is_an_error_named_in_the_report(engine, tmp_path):
    path = tmp_path / "noimage.yml"
    path.write_text("title: No image\nimage: localhost/no-such-image:never\nnetwork: false\n"
                    "steps:\n  - title: a\n    run: echo a\n")
    root = project(tmp_path / "p", path)
    answer = check(engine, root, timeout=300)
    assert answer.returncode == 1
    data = report(root, "noimage")
    assert data["status"] == "error" and "could not start localhost/no-such-image:never" in data["message"]
    assert data["steps"][0]["status"] == NOT_RUN
    assert leftovers(engine) == []

"""The docker engine against a real Docker daemon: the example tutorials pass through it too.

GitHub's runners check the tutorials with `--engine docker` (tutorials.yml), so that path must
be run for real, not only through podman. Skipped, with the reason, where no Docker daemon
answers or it has no debian:bookworm image; with REQUIRE_DOCKER=1 (set by .ci/run when it
started dockerd) they must run and pass instead. `ENGINE=docker sh tools/tutorial-images.sh`
imports the image without a registry.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from researchsite.tutorials.engines import CliEngine, leftovers
from researchsite.tutorials.structure import NOT_CHECKABLE, PASSED

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import REPO, unavailable  # noqa: E402

IMAGE = "debian:bookworm"


@pytest.fixture(scope="module")
def docker() -> CliEngine:
    engine = CliEngine("docker")
    reason = engine.unavailable()
    if reason:
        unavailable(reason, "REQUIRE_DOCKER")
    image = subprocess.run(["docker", "image", "inspect", IMAGE], capture_output=True, timeout=60)
    if image.returncode != 0:
        unavailable(f"docker has no {IMAGE} image (ENGINE=docker sh tools/tutorial-images.sh imports one)", "REQUIRE_DOCKER")
    return engine


def test_the_example_tutorials_pass_through_docker(docker, tmp_path):
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    shutil.copytree(REPO / "content" / "tutorials", root / "content" / "tutorials")
    run = f"test-docker-{uuid.uuid4().hex}"
    answer = subprocess.run(
        [sys.executable, "-m", "researchsite.tutorials", "--root", str(root), "check", "--engine", "docker"],
        capture_output=True, text=True, timeout=1800, env={**os.environ, "TUTORIALS_RUN_ID": run},
    )
    assert answer.returncode == 0, answer.stdout + answer.stderr
    reports = root / "reports" / "tutorials"

    mptcp = json.loads((reports / "mptcp-wsl2.json").read_text())
    assert (mptcp["status"], mptcp["image"], mptcp["engine"]) == (PASSED, IMAGE, "docker")
    steps = {(step["title"], step["variant"]): step for step in mptcp["steps"]}
    capture = steps[("See MPTCP instead of TCP", "tcpdump")]
    assert capture["status"] == PASSED and "capable" in capture["output"]

    # dhcp6c binds its control socket on ::1: Docker turns IPv6 off in containers unless asked.
    ipv6 = json.loads((reports / "ipv6-prefix-delegation.json").read_text())
    assert (ipv6["status"], ipv6["engine"]) == (PASSED, "docker"), ipv6.get("message")
    steps = {(step["title"], step["variant"]): step for step in ipv6["steps"]}
    assert steps[("Restart the client", None)]["status"] == PASSED
    assert steps[("Your IPv6 address", None)]["status"] == NOT_CHECKABLE
    assert leftovers(docker, run) == []


def test_a_tutorial_without_network_has_none_under_docker(docker, tmp_path):
    root = tmp_path / "project"
    (root / "content" / "tutorials").mkdir(parents=True)
    (root / "content" / "tutorials" / "offline.yml").write_text(f"""title: Offline
summary: No network.
network: false
image: {IMAGE}
steps:
  - title: Only the loopback interface, with IPv6
    run: cat /proc/net/dev /proc/net/if_inet6
    expect: {{stdout: "lo"}}
  - title: No interface but lo
    run: "! grep -v -e '^ *lo:' -e '|' /proc/net/dev"
""")
    run = f"test-docker-{uuid.uuid4().hex}"
    answer = subprocess.run(
        [sys.executable, "-m", "researchsite.tutorials", "--root", str(root), "check", "--engine", "docker"],
        capture_output=True, text=True, timeout=600, env={**os.environ, "TUTORIALS_RUN_ID": run},
    )
    assert answer.returncode == 0, answer.stdout + answer.stderr
    report = json.loads((root / "reports" / "tutorials" / "offline.json").read_text())
    assert [step["status"] for step in report["steps"]] == [PASSED, PASSED]
    assert "00000000000000000000000000000001" in report["steps"][0]["output"]
    assert leftovers(docker, run) == []

"""The example tutorials, checked for real in containers of their image through podman or docker.

Skipped, with the reason, where no engine or image is available; with REQUIRE_CONTAINERS=1
(CI) they must run and pass instead. `make tutorial-images` builds debian:bookworm without a
registry; TUTORIALS_RUNTIME=runc picks podman's runtime where crun does not work.

Each check runs with its own TUTORIALS_RUN_ID, and "no container left behind" means none of
that run's: another checker (a CI job, a developer) may use the same engine at the same time.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from researchsite.tutorials.engines import LABEL, RUN_LABEL, CliEngine, find_engine, leftovers
from researchsite.tutorials.structure import FAILED, NOT_CHECKABLE, NOT_RUN, PASSED, Tutorial

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


@pytest.fixture
def run() -> str:
    """The id of the test's checker run: its containers, and only they, carry it."""
    return f"test-{uuid.uuid4().hex}"


def check_argv(engine: CliEngine, root: Path, *ids: str) -> list[str]:
    return [sys.executable, "-m", "researchsite.tutorials", "--root", str(root), "check", *ids, "--engine", engine.name]


def check_env(run: str, path: str | None = None) -> dict[str, str]:
    env = {**os.environ, "TUTORIALS_RUN_ID": run, **({"TUTORIALS_RUNTIME": RUNTIME} if RUNTIME else {})}
    return {**env, "PATH": path} if path else env


def check(engine: CliEngine, root: Path, run: str, *ids: str, timeout: int = 1800,
          path: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        check_argv(engine, root, *ids), capture_output=True, text=True, timeout=timeout, env=check_env(run, path)
    )


def remove(engine: CliEngine, *containers: str) -> None:
    for container in containers:
        subprocess.run([*engine.command, "rm", "--force", container], capture_output=True, timeout=120)


HANGS = f"""title: Hangs
image: {IMAGE}
network: false
steps:
  - title: never returns
    run: echo waiting; sleep 600
    timeout: 3
  - title: after
    run: echo never
"""


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


def test_the_example_tutorials_pass_in_their_image(engine, run, tmp_path):
    root = project(tmp_path, *sorted((REPO / "content" / "tutorials").glob("*.yml")))
    answer = check(engine, root, run)
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
    assert leftovers(engine, run) == []


def test_the_seeds_broken_radvd_conf_fails_at_its_step(engine, run, tmp_path):
    root = project(tmp_path, FIXTURES / "radvd-seed-config.yml")
    answer = check(engine, root, run)
    assert answer.returncode == 1, answer.stdout + answer.stderr
    data = report(root, "radvd-seed-config")
    assert data["status"] == FAILED
    assert [step["status"] for step in data["steps"]] == [PASSED, FAILED, NOT_RUN]
    failed = data["steps"][1]
    assert failed["title"] == "Configure radvd" and failed["exit_code"] == 1
    assert "/etc/radvd.conf:2 error: syntax error" in failed["output"]  # radvd: no { after interface br0
    assert data["steps"][2]["reason"] == "step 2 failed"
    assert "syntax error" in answer.stdout  # the failing step's tail is printed too
    assert leftovers(engine, run) == []


def test_a_hanging_step_is_killed_and_its_container_removed(engine, run, tmp_path):
    path = tmp_path / "hang.yml"
    path.write_text(HANGS)
    root = project(tmp_path / "p", path)
    start = time.monotonic()
    answer = check(engine, root, run, timeout=300)
    assert answer.returncode == 1
    assert time.monotonic() - start < 60
    data = report(root, "hang")
    assert [step["status"] for step in data["steps"]] == [FAILED, NOT_RUN]
    assert data["steps"][0]["reason"] == "still running at the step's timeout (3 s): killed"
    assert data["steps"][0]["output"] == "waiting"
    assert leftovers(engine, run) == []


def test_a_missing_image_is_an_error_named_in_the_report(engine, run, tmp_path):
    path = tmp_path / "noimage.yml"
    path.write_text("title: No image\nimage: localhost/no-such-image:never\nnetwork: false\n"
                    "steps:\n  - title: a\n    run: echo a\n")
    root = project(tmp_path / "p", path)
    answer = check(engine, root, run, timeout=300)
    assert answer.returncode == 1
    data = report(root, "noimage")
    assert data["status"] == "error" and "could not start localhost/no-such-image:never" in data["message"]
    assert data["steps"][0]["status"] == NOT_RUN
    assert leftovers(engine, run) == []


def test_the_leftover_check_sees_its_own_runs_containers_and_no_other_checkers(engine, run, tmp_path):
    # Another checker on the same machine, with a container of its own run.
    other = CliEngine(engine.name, RUNTIME, run=f"test-other-{uuid.uuid4().hex}")
    foreign = f"tutorial-other-{uuid.uuid4().hex[:8]}"
    other.start(foreign, Tutorial("other", "other.yml", "Other", IMAGE, [], network=False))
    path = tmp_path / "hang.yml"
    path.write_text(HANGS)
    root = project(tmp_path / "p", path)
    ours: list[str] = []
    checker = None
    try:
        assert leftovers(engine, other.run) == [foreign]
        # A checker killed mid-step leaves its container behind: the check of its run sees it.
        checker = subprocess.Popen(check_argv(engine, root), env=check_env(run), start_new_session=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while not ours and time.monotonic() < deadline and checker.poll() is None:
            time.sleep(0.5)
            ours = leftovers(engine, run)
        assert len(ours) == 1 and ours[0].startswith("tutorial-hang-"), ours
        labels = subprocess.run([*engine.command, "inspect", "--format", "{{json .Config.Labels}}", ours[0]],
                                capture_output=True, text=True, timeout=60)
        assert json.loads(labels.stdout).items() >= {LABEL: "hang", RUN_LABEL: run}.items()
        time.sleep(2)  # into its step
        os.killpg(checker.pid, signal.SIGKILL)
        checker.wait(timeout=60)
        assert leftovers(engine, run) == ours
        assert foreign not in ours and {foreign, *ours} <= set(leftovers(engine, None))
        remove(engine, *ours)
        assert leftovers(engine, run) == []

        # A whole check of another run while the foreign container is there: nothing of ours left.
        second = f"test-{uuid.uuid4().hex}"
        answer = check(engine, root, second, timeout=300)
        assert answer.returncode == 1  # the hanging step
        assert leftovers(engine, second) == []
        assert leftovers(engine, other.run) == [foreign]
    finally:
        if checker is not None and checker.poll() is None:
            os.killpg(checker.pid, signal.SIGKILL)
            checker.wait(timeout=60)
        remove(engine, foreign, *(ours or leftovers(engine, run)))
    assert leftovers(engine, other.run) == []


def test_an_rm_that_fails_is_reported_with_the_container_and_the_engines_answer(engine, run, tmp_path):
    # The engine, except that it refuses to remove containers.
    real = shutil.which(engine.name)
    folder = tmp_path / "bin"
    folder.mkdir()
    wrapper = folder / engine.name
    wrapper.write_text(f"""#!/bin/sh
skip=
for arg; do
    if [ -n "$skip" ]; then skip=; continue; fi
    case $arg in --runtime) skip=1; continue;; -*) continue;; esac
    if [ "$arg" = rm ]; then echo "Error: rm refused by the test" >&2; exit 125; fi
    break
done
exec {real} "$@"
""")
    wrapper.chmod(0o755)
    path = tmp_path / "simple.yml"
    path.write_text(f"title: Simple\nimage: {IMAGE}\nnetwork: false\nsteps:\n  - title: a\n    run: echo a\n")
    root = project(tmp_path / "p", path)
    left: list[str] = []
    try:
        answer = check(engine, root, run, timeout=300, path=f"{folder}:{os.environ['PATH']}")
        left = leftovers(engine, run)
        assert len(left) == 1 and left[0].startswith("tutorial-simple-"), (left, answer.stdout + answer.stderr)
        said = (f"container {left[0]} could not be removed: "
                f"'{engine.name} rm' failed (exit code 125): Error: rm refused by the test")
        assert said in answer.stdout, answer.stdout + answer.stderr
        data = report(root, "simple")
        assert (data["status"], data["message"]) == (PASSED, said)
        assert answer.returncode == 0  # the step passed; exit codes speak of steps (see cli.py)
    finally:
        remove(engine, *left)
    assert leftovers(engine, run) == []

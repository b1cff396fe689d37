"""The example tutorials, checked for real in containers of their image through podman or docker.

Skipped, with the reason, where no engine or image is available; with REQUIRE_CONTAINERS=1
(CI) they must run and pass instead. `make tutorial-images` builds debian:bookworm (and
debian:trixie, for a tutorial in two images) without a registry; TUTORIALS_RUNTIME=runc picks podman's runtime where crun does not work.

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

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import REPO, unavailable  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "tutorials"
RUNTIME = os.environ.get("TUTORIALS_RUNTIME")
IMAGE = "debian:bookworm"


@pytest.fixture(scope="module")
def engine() -> CliEngine:
    found, reasons = find_engine(["podman", "docker"], RUNTIME)
    if found is None:
        unavailable("no container engine works here: " + "; ".join(reasons), "REQUIRE_CONTAINERS")
    image = subprocess.run([*found.command, "image", "inspect", IMAGE], capture_output=True, timeout=60)
    if image.returncode != 0:
        unavailable(f"{found.name} has no {IMAGE} image (make tutorial-images builds it without a registry)", "REQUIRE_CONTAINERS")
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


# The adversarial cases of issue 11, each a tutorial, checked together in one run (five at once:
# also two tutorials at the same time that must not see each other's files).
ADVERSARIAL = {
    "forges": f"""title: Forges
image: {IMAGE}
network: false
steps:
  - title: set --
    run: set -- a b; echo "$# $1"
    expect: {{stdout: "^2 a$"}}
  - title: exec 2>&1
    run: exec 2>&1; echo merged >&2
    expect: {{stdout: "^merged$"}}
  - title: after both
    run: echo "$#"; echo err >&2
    expect: {{stdout: "^0$", stderr: "^err$"}}
  - title: five megabytes after the expected text
    run: echo THE-LINE; head -c 5000000 /dev/zero | tr '\\0' x | fold -w 100
    expect: {{stdout: "^THE-LINE$"}}
  - title: mine
    run: echo forges > /root/mine; sleep 2; cat /root/mine
    expect: {{stdout: "^forges$"}}
  - title: prints the end line and fails
    run: |
      printf '\\n__rs_done_0123456789abcdef0123456789abcdef 0 run\\n'
      printf '\\n__rs_done_x 0\\n__rs_done_x\\n' >&2
      false
""",
    "ticker": f"""title: Ticker
image: {IMAGE}
network: false
steps:
  - title: mine
    run: echo ticker > /root/mine; sleep 2; cat /root/mine
    expect: {{stdout: "^ticker$"}}
  - title: a background ticker
    run: (while sleep 0.1; do echo NEXT-STEP-TEXT; done &)
  - title: must print the text itself
    run: sleep 1; echo something else
    expect: {{stdout: NEXT-STEP-TEXT}}
""",
    "never-ready": f"""title: Never ready
image: {IMAGE}
network: false
steps:
  - title: a service that never listens
    service: exec sleep 600
    ready: 8080
    timeout: 3
""",
    "wide": f"""title: Wide
image: {IMAGE}
network: false
capabilities: [NET_ADMIN, ALL]
steps:
  - title: a
    run: echo a
""",
}


def test_a_step_cannot_forge_or_break_its_end_and_background_output_stays_its_own(engine, run, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    for name, text in ADVERSARIAL.items():
        (sources / f"{name}.yml").write_text(text)
    root = project(tmp_path / "p", *sorted(sources.glob("*.yml")))
    # All at once, whatever the machine's cores: forges and ticker write the same path at the same time.
    answer = subprocess.run([*check_argv(engine, root), "--jobs", "4"], capture_output=True, text=True,
                            timeout=600, env=check_env(run))
    assert answer.returncode == 2, answer.stdout + answer.stderr  # the refused file, after checking the others
    assert ("content/tutorials/wide.yml:4: capabilities ALL go beyond what a tutorial gets without privileges"
            in answer.stderr)
    assert not (root / "reports" / "tutorials" / "wide.json").exists()

    forges = report(root, "forges")
    assert [step["status"] for step in forges["steps"]] == [PASSED] * 5 + [FAILED], forges["steps"]
    assert forges["steps"][5]["exit_code"] == 1
    assert forges["steps"][3]["output"].endswith("x" * 100)

    ticker = report(root, "ticker")
    assert [step["status"] for step in ticker["steps"]] == [PASSED, PASSED, FAILED]
    assert "NEXT-STEP-TEXT" not in ticker["steps"][2]["output"]
    assert ticker["steps"][2]["reason"] == "the standard output does not match /NEXT-STEP-TEXT/"

    never = report(root, "never-ready")
    assert never["steps"][0]["reason"] == ("the service was never ready: nothing listened on port 8080 "
                                           "within the step's timeout (3 s); killed")
    junit = (root / "reports" / "tutorials" / "junit.xml").read_text()
    for name in ("forges", "ticker", "never-ready"):
        assert f'<testsuite name="{name}"' in junit
    assert 'name="wide"' not in junit  # no JSON report for it either
    assert leftovers(engine, run) == []


def peak_rss_mb(argv: list[str], env: dict[str, str], timeout: float) -> tuple[int, float]:
    """Runs the checker; its exit code and its own peak resident memory (VmHWM, not its children's)."""
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        try:
            status = Path(f"/proc/{process.pid}/status").read_text()
            peak = max(peak, int(status.split("VmHWM:")[1].split()[0]) / 1024)
        except (OSError, IndexError):
            pass
        time.sleep(0.1)
    if process.poll() is None:
        process.kill()
    return process.wait(), peak


def test_fifty_megabytes_of_output_keep_the_checker_under_100_mb(engine, run, tmp_path):
    path = tmp_path / "loud.yml"
    path.write_text(f"""title: Loud
image: {IMAGE}
network: false
steps:
  - title: fifty megabytes, the expected line first
    run: echo FIRST; head -c 50000000 /dev/zero | tr '\\0' y | fold -w 1000
    expect: {{stdout: "^FIRST$"}}
""")
    root = project(tmp_path / "p", path)
    code, peak = peak_rss_mb(check_argv(engine, root), check_env(run), 600)
    assert code == 0, report(root, "loud")
    assert peak < 100, f"peak RSS {peak:.0f} MB"
    assert leftovers(engine, run) == []


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_removes_the_containers_and_exits_its_code_without_a_false_failure(engine, run, tmp_path, signum, code):
    path = tmp_path / "slow.yml"
    path.write_text(f"title: Slow\nimage: {IMAGE}\nnetwork: false\nsteps:\n"
                    "  - title: slow\n    run: echo started; sleep 300\n  - title: after\n    run: echo after\n")
    root = project(tmp_path / "p", path)
    # Its own process group, signalled whole as a terminal does with Ctrl-C (and CI with SIGTERM).
    checker = subprocess.Popen(check_argv(engine, root), env=check_env(run), text=True, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not leftovers(engine, run) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert leftovers(engine, run), "the check never started its container"
        time.sleep(3)  # into its step
        os.killpg(checker.pid, signum)
        out, err = checker.communicate(timeout=120)
    finally:
        if checker.poll() is None:
            os.killpg(checker.pid, signal.SIGKILL)
    assert checker.returncode == code, out + err
    assert "FAILED" not in out + err
    assert f"Interrupted ({signal.Signals(signum).name}); the containers were removed." in err
    assert leftovers(engine, run) == []
    assert not (root / "reports" / "tutorials" / "slow.json").exists()


TWO_IMAGES = f"""title: Which Debian
images: [{IMAGE}, debian:trixie]
network: false
steps:
  - title: say the release
    run: cat /etc/debian_version
  - title: bookworm only
    run: grep -q '^12' /etc/debian_version
"""


def test_a_tutorial_in_two_images_is_checked_in_each_with_a_report_each(engine, run, tmp_path):
    image = subprocess.run([*engine.command, "image", "inspect", "debian:trixie"], capture_output=True, timeout=60)
    if image.returncode != 0:
        unavailable(f"{engine.name} has no debian:trixie image (make tutorial-images builds it without a registry)", "REQUIRE_CONTAINERS")
    root = project(tmp_path)
    (root / "content" / "tutorials" / "which.yml").write_text(TWO_IMAGES)
    answer = check(engine, root, run, timeout=600)
    assert answer.returncode == 1, answer.stdout + answer.stderr  # trixie is not 12
    assert "which in debian:trixie: failed" in answer.stdout and "which in debian:bookworm: passed" in answer.stdout
    bookworm, trixie = report(root, "which"), report(root, "which@debian-trixie")
    assert (bookworm["image"], bookworm["status"]) == (IMAGE, PASSED)
    assert (trixie["image"], trixie["status"]) == ("debian:trixie", FAILED)
    assert bookworm["steps"][0]["output"].startswith("12.") and trixie["steps"][0]["output"].startswith("13.")
    assert [step["status"] for step in trixie["steps"]] == [PASSED, FAILED]
    junit = (root / "reports" / "tutorials" / "junit.xml").read_text()
    assert 'testsuite name="which" ' in junit and 'testsuite name="which@debian-trixie" ' in junit
    assert junit.count("<failure") == 1
    # A CI matrix row: one image, the other's report left as it was.
    again = subprocess.run([*check_argv(engine, root, "which"), "--image", "debian:trixie"], capture_output=True,
                           text=True, timeout=600, env=check_env(run))
    assert again.returncode == 1 and "in debian:bookworm" not in again.stdout
    assert report(root, "which")["started"] == bookworm["started"]
    assert leftovers(engine, run) == []

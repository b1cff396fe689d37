"""The runner against a fake engine: shell state across steps, expectations, timeouts, services, cleanup."""

from __future__ import annotations

import json
import os
import re
import socket
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from fake_engine import FakeEngine  # noqa: E402

from researchsite.tutorials.engines import RUN_LABEL, CliEngine, EngineError, leftovers  # noqa: E402
from researchsite.tutorials.load import load_tutorial  # noqa: E402
from researchsite.tutorials.runner import Interrupted, check_all, check_tutorial  # noqa: E402
from researchsite.tutorials.structure import ERROR, FAILED, NOT_CHECKABLE, NOT_RUN, PASSED  # noqa: E402


@pytest.fixture
def engine(tmp_path):
    return FakeEngine(tmp_path / "containers")


def tutorial(tmp_path: Path, steps: str, head: str = "", name: str = "t"):
    path = tmp_path / f"{name}.yml"
    path.write_text(f"title: T\nimage: debian:bookworm\n{head}steps:\n{steps}")
    loaded, problems = load_tutorial(path, tmp_path)
    assert problems == []
    return loaded


def statuses(report) -> list[str]:
    return [step.status for step in report.steps]


def test_working_directory_variables_and_functions_carry_from_step_to_step(tmp_path, engine):
    report = check_tutorial(tutorial(tmp_path, """
  - title: set up
    run: |
      mkdir -p work/deep && cd work/deep
      export GREETING=hello
      plain=kept
      greet() { echo "$GREETING $plain from ${PWD##*/}"; }
  - title: use
    run: greet
    expect: {stdout: "^hello kept from deep$"}
"""), engine)
    assert statuses(report) == [PASSED, PASSED]
    assert report.status == PASSED and report.steps[1].output == "hello kept from deep"


def test_expectations_on_exit_code_and_both_streams(tmp_path, engine):
    report = check_tutorial(tutorial(tmp_path, """
  - title: expected failure
    run: echo out; echo err >&2; exit_with() { return $1; }; exit_with 3
    expect: {exit: 3, stdout: "^out$", stderr: "^err$"}
  - title: wrong stream
    run: echo only-on-stdout
    expect: {stderr: only-on-stdout}
"""), engine)
    assert statuses(report) == [PASSED, FAILED]
    assert report.steps[0].exit_code == 3
    assert report.steps[1].reason == "the standard error does not match /only-on-stdout/"


def test_a_failing_step_shows_its_output_tail_and_later_steps_are_not_run(tmp_path, engine):
    report = check_tutorial(tutorial(tmp_path, """
  - title: noisy failure
    run: |
      for i in $(seq 1 100); do echo "line $i"; done
      echo "the real error" >&2
      false
  - title: shown only
    runs_in: reboot
    reason: needs a reboot
  - title: after
    run: echo never
"""), engine)
    assert statuses(report) == [FAILED, NOT_CHECKABLE, NOT_RUN]
    failed = report.steps[0]
    assert failed.reason == "exit code 1, expected 0" and failed.exit_code == 1
    # A tail, not everything; stdout and stderr come through two pipes, so their relative order
    # is as good as the pipes keep it, but the error is in the tail.
    assert "line 100" in failed.output and "the real error" in failed.output
    assert "line 50\n" not in failed.output
    assert report.steps[1].reason == "needs a reboot"
    assert report.steps[2].reason == "step 1 failed"
    assert report.status == FAILED and report.message == "step 1 (noisy failure) failed: exit code 1, expected 0"


def test_a_hanging_step_is_killed_at_its_timeout_and_the_container_removed(tmp_path, engine):
    start = time.monotonic()
    report = check_tutorial(tutorial(tmp_path, """
  - title: hangs
    run: echo started; sleep 60
    timeout: 1
  - title: after
    run: echo never
"""), engine)
    assert time.monotonic() - start < 15
    assert statuses(report) == [FAILED, NOT_RUN]
    assert report.steps[0].reason == "still running at the step's timeout (1 s): killed"
    assert report.steps[0].exit_code is None and report.steps[0].output == "started"
    assert engine.removed == engine.started


def test_the_tutorial_timeout_bounds_the_steps(tmp_path, engine):
    report = check_tutorial(tutorial(tmp_path, """
  - title: slow
    run: sleep 60
""", head="timeout: 1\n"), engine)
    assert report.steps[0].status == FAILED
    assert "the tutorial's timeout (1 s) ran out during this step" in report.steps[0].reason


def test_a_step_cannot_read_the_next_one_from_stdin(tmp_path, engine):
    report = check_tutorial(tutorial(tmp_path, """
  - title: reads stdin
    run: if read -r line; then echo "stole $line"; else echo "stdin is empty"; fi
    expect: {stdout: stdin is empty}
  - title: still here
    run: echo next
    expect: {stdout: next}
"""), engine)
    assert statuses(report) == [PASSED, PASSED]


def test_a_step_that_ends_the_shell_fails_plainly(tmp_path, engine):
    report = check_tutorial(tutorial(tmp_path, """
  - title: exits
    run: exit 4
  - title: after
    run: echo never
"""), engine)
    assert statuses(report) == [FAILED, NOT_RUN]
    assert report.steps[0].reason == "the step ended the shell (exit code 4)"


def test_files_are_written_with_their_mode_and_validated(tmp_path, engine):
    report = check_tutorial(tutorial(tmp_path, """
  - title: good file
    file:
      path: conf/app.conf
      content: "key = value\\nother = 'quoted' $NOT_EXPANDED\\n"
      mode: "0600"
      validate: grep -q '^key = value$' {path} && stat -c %a {path}
    expect: {stdout: "^600$"}
  - title: home file
    file: {path: ~/dot.conf, content: "x\\n", validate: "test -f \\"$HOME/dot.conf\\""}
  - title: bad file
    file:
      path: conf/bad.conf
      content: "broken {\\n"
      validate: "grep -q '}' {path} || { echo 'conf/bad.conf:1: missing }' >&2; exit_code=2; return 2; }"
"""), engine)
    assert statuses(report) == [PASSED, PASSED, FAILED]
    home = engine.folder(engine.started[0])
    assert (home / "conf/app.conf").read_text() == "key = value\nother = 'quoted' $NOT_EXPANDED\n"
    assert (home / "conf/app.conf").stat().st_mode & 0o777 == 0o600
    assert report.steps[2].exit_code == 2 and report.steps[2].output == "conf/bad.conf:1: missing }"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_services_start_become_ready_and_are_stopped_at_the_end(tmp_path, engine):
    port = free_port()
    report = check_tutorial(tutorial(tmp_path, f"""
  - title: a logger
    service: "echo booting; sleep 0.3; echo 'ready to serve'; exec sleep 300"
    ready: ready to serve
  - title: a listener
    service: "exec {sys.executable} -m http.server {port} --bind 127.0.0.1"
    ready: {port}
  - title: use it
    run: "{sys.executable} -c 'import urllib.request; print(urllib.request.urlopen(\\"http://127.0.0.1:{port}/\\").status)'"
    expect: {{stdout: "^200$"}}
"""), engine)
    assert statuses(report) == [PASSED, PASSED, PASSED], report.steps
    assert report.steps[0].output == "booting\nready to serve"
    state = engine.folder(engine.started[0]) / ".state"
    pids = [int(path.read_text()) for path in sorted(state.glob("service-*.pid"))]
    assert len(pids) == 2
    for pid in pids:  # stopped by the checker before the container was removed
        assert not _alive(pid)


def _alive(pid: int) -> bool:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
            return False  # ended; its parent has not reaped it yet
        time.sleep(0.1)
    return True


def test_a_service_that_dies_before_it_is_ready_fails_with_its_output(tmp_path, engine):
    report = check_tutorial(tutorial(tmp_path, """
  - title: broken daemon
    service: "echo 'config error on line 3' >&2; exit 6"
    ready: 8080
"""), engine)
    assert report.steps[0].status == FAILED and report.steps[0].exit_code == 6
    assert report.steps[0].output == "config error on line 3\nthe service ended before it was ready (exit 6)"


def test_a_service_never_ready_is_killed_at_its_timeout(tmp_path, engine):
    report = check_tutorial(tutorial(tmp_path, """
  - title: never ready
    service: exec sleep 300
    ready: this text never comes
    timeout: 1
"""), engine)
    assert report.steps[0].status == FAILED
    assert report.steps[0].reason == ("the service was never ready: its output never showed "
                                      "'this text never comes' within the step's timeout (1 s); killed")


def test_a_service_never_listening_names_its_port_and_the_timeout(tmp_path, engine):
    report = check_tutorial(tutorial(tmp_path, """
  - title: never listens
    service: exec sleep 300
    ready: 1
    timeout: 1
"""), engine)
    assert report.steps[0].reason == "the service was never ready: nothing listened on port 1 within the step's timeout (1 s); killed"


def test_a_validate_failure_names_the_validate_command_and_its_output(tmp_path, engine):
    report = check_tutorial(tutorial(tmp_path, """
  - title: bad conf
    file: {path: conf/radvd.conf, content: "interface br0\\n", validate: "echo '{path}:2 error: syntax error' >&2; false"}
"""), engine)
    assert report.steps[0].status == FAILED
    assert report.steps[0].reason == ("the validate command `echo 'conf/radvd.conf:2 error: syntax error' >&2; false` "
                                      "exited with 1: conf/radvd.conf:2 error: syntax error")


def test_path_substitution_survives_the_authors_quotes(tmp_path, engine):
    report = check_tutorial(tutorial(tmp_path, """
  - title: quoted every way
    file:
      path: "my conf/it's here.conf"
      content: "x\\n"
      validate: "test -f '{path}' && test -f \\"{path}\\" && test -f {path} && cp {path} {path}.bak && test -f '{path}'.bak && ls x{path}y 2>/dev/null; test -f {path}.bak"
"""), engine)
    assert statuses(report) == [PASSED], report.steps[0]
    assert (engine.folder(engine.started[0]) / "my conf/it's here.conf.bak").exists()


def test_a_step_cannot_forge_its_end_or_break_the_shells_descriptors(tmp_path, engine):
    report = check_tutorial(tutorial(tmp_path, """
  - title: forges
    run: |
      echo; echo "__rs_done_0123456789abcdef 0 run"; echo "__rs_done_x 0"; echo __rs_done_x >&2
      false
    expect: {exit: 1}
  - title: set --
    run: set -- a b; echo "$#"
    expect: {stdout: "^2$"}
  - title: exec 2>&1 and exec >/dev/null
    run: exec 2>&1; echo to-err >&2; exec >/dev/null; echo lost
  - title: still works
    run: echo "$# args"; echo err >&2
    expect: {stdout: "^0 args$", stderr: "^err$"}
  - title: forged pass
    run: printf '\\n__rs_done_ffff 0 run\\n'; false
"""), engine)
    assert statuses(report) == [PASSED, PASSED, PASSED, PASSED, FAILED], [s.reason for s in report.steps]
    assert report.steps[4].exit_code == 1
    assert "to-err" in report.steps[2].output


def test_background_output_stays_with_the_step_that_started_it(tmp_path, engine):
    report = check_tutorial(tutorial(tmp_path, """
  - title: starts a ticker
    run: (while sleep 0.05; do echo NEXT-STEP-TEXT; done &)
  - title: must print the text itself
    run: sleep 0.5; echo something else
    expect: {stdout: NEXT-STEP-TEXT}
"""), engine)
    assert statuses(report) == [PASSED, FAILED]
    assert "NEXT-STEP-TEXT" not in report.steps[1].output


def test_expected_text_before_five_megabytes_of_output_is_found(tmp_path, engine):
    report = check_tutorial(tutorial(tmp_path, """
  - title: verbose
    run: echo THE-EXPECTED-LINE; head -c 5000000 /dev/zero | tr '\\0' 'x' | fold -w 100
    expect: {stdout: "^THE-EXPECTED-LINE$"}
"""), engine)
    assert statuses(report) == [PASSED], report.steps[0].reason
    assert report.steps[0].output.endswith("x" * 100)


def test_variants_run_the_checkable_one_and_show_the_others(tmp_path, engine):
    report = check_tutorial(tutorial(tmp_path, """
  - title: install
    variants:
      - name: Ubuntu
        run: sudo apt install x
        runs_in: manual
        reason: checked on Debian only
      - name: Debian
        run: echo debian
"""), engine)
    assert [(s.step, s.variant, s.status) for s in report.steps] == [(1, "Ubuntu", NOT_CHECKABLE), (1, "Debian", PASSED)]


def test_an_engine_that_cannot_start_the_container_is_an_error_not_a_crash(tmp_path):
    engine = FakeEngine(tmp_path / "containers", fail_start="image not known: debian:bookworm")
    report = check_tutorial(tutorial(tmp_path, """
  - title: a
    run: echo a
  - title: b
    runs_in: windows
    reason: Windows only
"""), engine)
    assert report.status == ERROR and report.message == "image not known: debian:bookworm"
    assert [(s.status, s.reason) for s in report.steps] == [(NOT_RUN, "image not known: debian:bookworm"), (NOT_CHECKABLE, "Windows only")]
    assert len(engine.removed) == 1  # removed even so: a half-created container must not stay


def test_tutorials_run_in_parallel_each_in_its_own_container(tmp_path, engine):
    tutorials = [tutorial(tmp_path, "  - title: wait\n    run: sleep 1; echo done\n", name=f"t{i}") for i in range(3)]
    start = time.monotonic()
    reports = check_all(tutorials, engine, jobs=3)
    assert time.monotonic() - start < 2.8
    assert [r.tutorial for r in reports] == ["t0", "t1", "t2"] and all(r.status == PASSED for r in reports)
    assert len(set(engine.started)) == 3 and sorted(engine.removed) == sorted(engine.started)


# Removing the container: a failure is said, with the container and the engine's answer.

REFUSED = "Error: cannot remove container: device or resource busy"


def test_a_container_that_cannot_be_removed_is_named_in_the_report(tmp_path):
    engine = FakeEngine(tmp_path / "containers", fail_remove=REFUSED)
    report = check_tutorial(tutorial(tmp_path, "  - title: a\n    run: echo a\n"), engine)
    assert engine.not_removed == engine.started and engine.removed == []
    # The steps passed: the tutorial did, even if the machine kept its container.
    assert report.status == PASSED and statuses(report) == [PASSED]
    assert report.message == f"container {engine.started[0]} could not be removed: {REFUSED}"


def test_a_failed_removal_is_added_to_what_the_report_already_says(tmp_path):
    engine = FakeEngine(tmp_path / "containers", fail_remove=REFUSED)
    breaks = tutorial(tmp_path, "  - title: breaks\n    run: exit_with() { return 3; }; exit_with\n")
    report = check_tutorial(breaks, engine)
    container = engine.started[0]
    assert report.status == FAILED
    assert report.message == (f"step 1 (breaks) failed: exit code 3, expected 0; "
                               f"container {container} could not be removed: {REFUSED}")


def test_a_failed_removal_after_a_failed_start_is_said_too(tmp_path):
    engine = FakeEngine(tmp_path / "containers", fail_start="image not known", fail_remove=REFUSED)
    report = check_tutorial(tutorial(tmp_path, "  - title: a\n    run: echo a\n"), engine)
    [container] = engine.not_removed
    assert container.startswith("tutorial-t-")
    assert report.status == ERROR
    assert report.message == f"image not known; container {container} could not be removed: {REFUSED}"


def test_the_command_line_prints_the_container_left_behind(tmp_path, monkeypatch, capsys):
    from researchsite.tutorials import cli

    engine = FakeEngine(tmp_path / "containers", fail_remove=REFUSED)
    monkeypatch.setattr(cli, "find_engine", lambda names, runtime: (engine, []))
    root = tmp_path / "project"
    (root / "content" / "tutorials").mkdir(parents=True)
    (root / "content" / "tutorials" / "t.yml").write_text(
        "title: T\nimage: debian:bookworm\nsteps:\n  - title: a\n    run: echo a\n")
    code = cli.tutorials_main(["--root", str(root), "check", "--jobs", "1"])
    out = capsys.readouterr().out
    [container] = engine.not_removed
    said = f"container {container} could not be removed: {REFUSED}"
    assert re.search(rf"^t: passed in \d+ s - {re.escape(said)}$", out, re.M), out
    assert code == 0  # exit codes speak of the steps (cli.py): they all passed
    saved = json.loads((root / "reports" / "tutorials" / "t.json").read_text())
    assert saved["message"] == f"container {container} could not be removed: {REFUSED}"


def test_interrupted_every_container_is_tried_and_those_left_are_said(tmp_path, capsys):
    engine = FakeEngine(tmp_path / "containers", fail_remove=REFUSED)
    tutorials = [tutorial(tmp_path, "  - title: quick\n    run: echo quick\n", name="quick"),
                 tutorial(tmp_path, "  - title: slow\n    run: sleep 30\n", name="slow")]

    def interrupt(checked, result):
        if checked.id == "quick":
            time.sleep(0.5)  # the slow one has its container by now
            raise KeyboardInterrupt

    start = time.monotonic()
    with pytest.raises(Interrupted):
        check_all(tutorials, engine, jobs=2, on_step=interrupt)
    assert time.monotonic() - start < 15  # removing the slow one's container ended its step
    slow = next(name for name in engine.started if name.startswith("tutorial-slow-"))
    assert engine.not_removed.count(slow) == 2  # by the interrupted checker, then by its own check
    quick = next(name for name in engine.started if name.startswith("tutorial-quick-"))
    err = capsys.readouterr().err
    # No report is written when interrupted: both are said on standard error instead.
    for container in (quick, slow):
        assert err.count(f"tutorials: container {container} could not be removed: {REFUSED}\n") == 1


def test_a_container_removed_at_the_second_try_is_not_said(tmp_path, capsys):
    class OnceRefused(FakeEngine):
        def remove(self, container):
            self.fail_remove = REFUSED if container not in self.not_removed else None
            super().remove(container)

    engine = OnceRefused(tmp_path / "containers")
    tutorials = [tutorial(tmp_path, "  - title: quick\n    run: echo quick\n", name="quick"),
                 tutorial(tmp_path, "  - title: slow\n    run: sleep 30\n", name="slow")]

    def interrupt(checked, result):
        if checked.id == "quick":
            time.sleep(0.5)
            raise KeyboardInterrupt

    with pytest.raises(Interrupted):
        check_all(tutorials, engine, jobs=2, on_step=interrupt)
    slow = next(name for name in engine.started if name.startswith("tutorial-slow-"))
    assert slow in engine.not_removed and slow in engine.removed
    quick = next(name for name in engine.started if name.startswith("tutorial-quick-"))
    err = capsys.readouterr().err
    assert slow not in err and f"container {quick} could not be removed" in err


# The podman/docker engine itself, against a stand-in program that answers as told.


def stand_in(tmp_path: Path, monkeypatch, script: str) -> Path:
    """A `podman` on PATH that logs its arguments and runs `script` (sh)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    program = folder / "podman"
    program.write_text(f'#!/bin/sh\necho "$*" >> "{tmp_path}/calls"\n{script}\n')
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}:{os.environ['PATH']}")
    return tmp_path / "calls"


def test_every_container_carries_its_tutorial_and_its_run(tmp_path, monkeypatch):
    monkeypatch.delenv("TUTORIALS_RUN_ID", raising=False)
    first, second = CliEngine("podman"), CliEngine("podman")
    assert first.run != second.run  # two checkers on one machine: two runs
    argv = first.start_argv("c", tutorial(tmp_path, "  - title: a\n    run: echo a\n"))
    labels = [argv[i + 1] for i, arg in enumerate(argv) if arg == "--label"]
    assert argv[argv.index("--memory") + 1] == "4g" and argv[argv.index("--pids-limit") + 1] == "4096"
    assert labels == ["researchsite.tutorial=t", f"{RUN_LABEL}={first.run}"]
    monkeypatch.setenv("TUTORIALS_RUN_ID", "ci-job-42")
    assert CliEngine("podman").run == "ci-job-42"


def test_a_run_id_that_cannot_be_a_label_filter_is_refused(monkeypatch):
    monkeypatch.setenv("TUTORIALS_RUN_ID", "a,b")
    assert "the run id 'a,b' ($TUTORIALS_RUN_ID)" in CliEngine("podman").unavailable()


def test_leftovers_are_those_of_one_run_and_a_failing_ps_is_no_empty_list(tmp_path, monkeypatch):
    calls = stand_in(tmp_path, monkeypatch, 'echo tutorial-t-1; echo tutorial-u-2')
    assert leftovers(CliEngine("podman", run="r1"), "r1") == ["tutorial-t-1", "tutorial-u-2"]
    assert leftovers(CliEngine("podman", run="r1"), None) == ["tutorial-t-1", "tutorial-u-2"]
    assert calls.read_text().splitlines() == [
        "ps --all --filter label=researchsite.run=r1 --format {{.Names}}",
        "ps --all --filter label=researchsite.tutorial --format {{.Names}}",
    ]
    (tmp_path / "bin" / "podman").write_text("#!/bin/sh\necho 'Error: database is locked' >&2\nexit 125\n")
    with pytest.raises(EngineError, match=r"'podman ps' failed \(exit code 125\): Error: database is locked"):
        leftovers(CliEngine("podman"), "r1")


def test_a_failing_rm_raises_with_the_engines_answer(tmp_path, monkeypatch):
    calls = stand_in(tmp_path, monkeypatch, f'echo "warning: first line" >&2; echo "{REFUSED}" >&2; exit 125')
    with pytest.raises(EngineError) as raised:
        CliEngine("podman").remove("tutorial-t-1")
    assert str(raised.value) == f"'podman rm' failed (exit code 125): {REFUSED}"
    assert calls.read_text() == "rm --force --time 0 tutorial-t-1\n"


def test_rm_of_a_container_that_never_started_is_no_failure(tmp_path, monkeypatch):
    stand_in(tmp_path, monkeypatch, 'echo "Error response from daemon: No such container: tutorial-t-1" >&2; exit 1')
    CliEngine("podman").remove("tutorial-t-1")  # does not raise


def test_an_engine_that_does_not_share_the_output_folder_is_named(tmp_path):
    class Remote(FakeEngine):  # a daemon on another machine: the mount is a folder of its own
        def start(self, container, tutorial, outputs=None):
            elsewhere = tmp_path / "elsewhere" / container
            elsewhere.mkdir(parents=True)
            super().start(container, tutorial, elsewhere)

    report = check_tutorial(tutorial(tmp_path, "  - title: a\n    run: echo a\n"), Remote(tmp_path / "containers"))
    assert report.status == ERROR and "must run on this machine, which it mounts from" in report.message
    assert statuses(report) == [NOT_RUN]

"""Check a tutorial: a fresh container, one shell fed step by step, a result per step, and the
container removed whatever happens.

One long-lived shell (not one exec per step with the state saved and restored) because it is
what the reader has: a terminal where `cd`, `export`, shell variables and functions simply
stay. Its cost is that a step that hangs leaves the shell unusable; that step fails, the
later ones are not run anyway, and removing the container ends whatever still runs.

The step's output never crosses the shell's pipe (see scripts.py): it is written to files in a
folder of the checker's mounted into the container, searched there (output.py), and only its
tail is kept. The pipe carries the end-of-step lines alone, so the checker's memory does not
grow with what a step prints.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from . import output, scripts
from .engines import Engine, EngineError
from .structure import ERROR, FAILED, NOT_CHECKABLE, NOT_RUN, PASSED, Report, Step, StepResult, Tutorial

INTERRUPTED = "interrupted"  # the message of a check cut short: its report is not written
HANDSHAKE_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
CONTROL_KEEP = 64 * 1024  # of the shell's own pipes: end-of-step lines and the wrapper's errors


@dataclass
class Outcome:
    exit_code: int | None  # None when the step did not finish
    folder: Path  # where the step's files are: <name>.out, <name>.err, <name>.all
    name: str
    duration: float
    timed_out: bool = False
    shell_ended: bool = False  # the step ended the shell itself (exit, set -e)
    phase: str = "run"  # "validate" when a file's validate command was what ran last

    def path(self, stream: str) -> Path:
        return self.folder / f"{self.name}.{ {'stdout': 'out', 'stderr': 'err', 'output': 'all'}[stream]}"

    def search(self, stream: str, pattern: str) -> bool:
        return output.search(self.path(stream), pattern)

    @property
    def output(self) -> str:
        """The tail of both streams, interleaved. Each stream goes through its own tee, so their
        order is only as good as the two keep it: a last error line written right after a burst
        of output can land in the interleaved file before the burst's end. The error is what a
        reader needs to see, so stderr's last lines are added when the tail does not show them."""
        shown = output.tail(self.path("output"))
        errors = [line for line in output.tail(self.path("stderr")).splitlines() if line.strip()][-3:]
        if errors and not shown.rstrip().endswith(errors[-1].rstrip()) and errors[-1] not in shown.splitlines()[-10:]:
            shown = output.tail_of(shown + "\n" + "\n".join(errors))
        return shown

    @property
    def stdout(self) -> str:  # small outputs only (the handshake); steps are searched, not read
        return output.head(self.path("stdout"))

    def discard(self) -> None:
        for path in (self.path("stdout"), self.path("stderr"), self.path("output"),
                     self.folder / f"{self.name}.out.done", self.folder / f"{self.name}.err.done"):
            try:
                os.remove(path)
            except OSError:
                pass


class Shell:
    """A bash process (in a container, through the engine) that runs steps one after another."""

    def __init__(self, process: subprocess.Popen, folder: Path):
        self.process = process
        self.folder = folder
        self._lock = threading.Condition()
        self._control = bytearray()  # the shell's stdout: end-of-step lines only
        self._errors = bytearray()  # the shell's stderr: the wrapper's own complaints, if any
        self._open = {"stdout": True, "stderr": True}
        self._count = 0
        for name in ("stdout", "stderr"):
            threading.Thread(target=self._read, args=(name,), daemon=True).start()
        self.alive = True

    def _read(self, name: str) -> None:
        stream = getattr(self.process, name)
        keep = self._control if name == "stdout" else self._errors
        while True:
            chunk = os.read(stream.fileno(), 65536)
            with self._lock:
                if not chunk:
                    self._open[name] = False
                    self._lock.notify_all()
                    break
                keep += chunk
                del keep[:-CONTROL_KEEP]
                self._lock.notify_all()
        stream.close()

    def send(self, text: str) -> bool:
        try:
            self.process.stdin.write(text.encode())
            self.process.stdin.flush()
            return True
        except (BrokenPipeError, OSError):
            return False

    def run(self, script: str, timeout: float) -> Outcome:
        self._count += 1
        name = f"s{self._count}"
        nonce = f"__rs_done_{secrets.token_hex(16)}"
        done = re.compile(rf"\n{nonce} (\d+) (\w+)\n".encode())
        start = time.monotonic()
        sent = self.send(scripts.step_lines(name, script, nonce))
        with self._lock:
            while True:
                finished = done.search(self._control)
                left = timeout - (time.monotonic() - start)
                # The process's end, not only the pipe's: a background subshell of a step keeps
                # bash's saved copies of the pipe open after the shell itself has gone.
                ended = not self._open["stdout"] or self.process.poll() is not None
                if finished or ended or not sent or left <= 0:
                    break
                self._lock.wait(min(left, 1.0))
        outcome = Outcome(None, self.folder, name, time.monotonic() - start)
        if finished:
            outcome.exit_code, outcome.phase = int(finished[1]), finished[2].decode()
            return outcome
        self.close()  # ended, or the step still runs: the shell cannot be trusted with another one
        if ended or not sent:
            outcome.exit_code, outcome.shell_ended = self.process.returncode, True
        else:
            outcome.timed_out = True
        return outcome

    def errors(self) -> str:
        with self._lock:
            return output.tail_of(self._errors.decode("utf-8", errors="replace"))

    def close(self) -> None:
        self.alive = False
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        try:
            self.process.stdin.close()
        except OSError:
            pass


def judge(step: Step, outcome: Outcome, timeout: float | None = None) -> tuple[str, str | None]:
    """The step's status and, when it failed, why, in words: what failed, and what was waited for."""
    timeout = step.timeout if timeout is None else timeout
    if outcome.timed_out:
        if step.service is not None and isinstance(step.ready, int):
            return FAILED, f"the service was never ready: nothing listened on port {step.ready} within the step's timeout ({timeout:g} s); killed"
        if step.service is not None and isinstance(step.ready, str):
            return FAILED, f"the service was never ready: its output never showed {step.ready!r} within the step's timeout ({timeout:g} s); killed"
        return FAILED, f"still running at the step's timeout ({timeout:g} s): killed"
    if outcome.shell_ended:
        return FAILED, f"the step ended the shell (exit code {outcome.exit_code})"
    if outcome.exit_code != step.expect.exit:
        if outcome.phase == "validate" and step.file is not None and step.file.validate:
            command = step.file.validate.replace("{path}", step.file.path)
            last = outcome.output.strip().splitlines()[-3:]
            said = (": " + " / ".join(line.strip() for line in last)) if last else " and printed nothing"
            return FAILED, f"the validate command `{command}` exited with {outcome.exit_code}{said}"
        return FAILED, f"exit code {outcome.exit_code}, expected {step.expect.exit}"
    for stream, pattern in (("stdout", step.expect.stdout), ("stderr", step.expect.stderr)):
        if pattern is not None and not outcome.search(stream, pattern):
            shown = "standard output" if stream == "stdout" else "standard error"
            return FAILED, f"the {shown} does not match /{pattern}/"
    return PASSED, None


def check_tutorial(tutorial: Tutorial, engine: Engine, on_step=None) -> Report:
    """Run every checkable step of `tutorial` in a fresh container of its image; never raises for
    what happens inside the container. `on_step(tutorial, result)` is called after each step."""
    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    clock = time.monotonic()
    deadline = clock + tutorial.timeout
    report = Report(tutorial.id, tutorial.image, engine.name, started, PASSED)
    container = f"tutorial-{tutorial.id}-{secrets.token_hex(4)}"
    shell = None
    # The steps' output, written by the container into a folder of ours (mounted there). Open to
    # all: the container's root need not be our user (a rootful docker daemon); the folder is
    # ours, so whatever it wrote can be deleted.
    folder = Path(tempfile.mkdtemp(prefix=f"tutorial-{tutorial.id}-"))
    folder.chmod(0o777)
    try:
        _live[container] = engine
        try:
            engine.start(container, tutorial, folder)
            if _stopping.is_set():
                return _errored(report, tutorial, INTERRUPTED)
            shell = Shell(engine.open_shell(container), folder)
        except (EngineError, OSError) as error:
            return _errored(report, tutorial, str(error))
        shell.send(scripts.PRELUDE)
        hello = shell.run("echo ready", HANDSHAKE_TIMEOUT)
        if hello.exit_code == 0 and not hello.path("stdout").exists():
            # The shell answered, but its output is not where it was mounted from: an engine on
            # another machine (a remote docker daemon) sees another filesystem.
            return _errored(report, tutorial, f"the container's output folder is not {folder} here: "
                            f"{engine.name} must run on this machine, which it mounts from")
        if hello.exit_code != 0 or hello.stdout.strip() != "ready":
            why = hello.output or shell.errors() or "no answer"
            return _errored(report, tutorial, f"no working bash with base64 and tee in {tutorial.image}: {why}")
        hello.discard()
        failed_at = None
        for number, unit in tutorial.units():
            if _stopping.is_set():
                return _errored(report, tutorial, INTERRUPTED)
            result = _check_unit(tutorial, number, unit, shell, failed_at, deadline)
            if _stopping.is_set():  # the step was cut short by the interruption, not failed
                return _errored(report, tutorial, INTERRUPTED)
            if result.status == FAILED and failed_at is None:
                failed_at = number
                report.status = FAILED
                report.message = f"step {number} ({unit.title}) failed: {result.reason}"
            report.steps.append(result)
            if on_step:
                on_step(tutorial, result)
        if shell.alive:
            shell.run("__rs_stop_services", STOP_TIMEOUT)
    finally:
        if shell is not None:
            shell.close()
        _remove(engine, container, report)
        _live.pop(container, None)
        shutil.rmtree(folder, ignore_errors=True)
        report.duration = round(time.monotonic() - clock, 3)
    return report


def _check_unit(tutorial, number, unit: Step, shell: Shell, failed_at, deadline) -> StepResult:
    result = StepResult(number, unit.title, NOT_RUN, variant=unit.name, digest=unit.digest())
    if not unit.checkable:
        result.status, result.reason = NOT_CHECKABLE, unit.reason
        return result
    if failed_at is not None:
        result.reason = f"step {failed_at} failed"
        return result
    left = deadline - time.monotonic()
    if left <= 0:
        result.status, result.reason = FAILED, f"the tutorial's timeout ({tutorial.timeout:.0f} s) ran out before this step"
        return result
    timeout = min(unit.timeout, left)
    outcome = shell.run(scripts.script_for(unit, number), timeout)
    result.status, result.reason = judge(unit, outcome, timeout)
    if outcome.timed_out and left < unit.timeout:
        result.reason = f"the tutorial's timeout ({tutorial.timeout:.0f} s) ran out during this step: killed"
    result.exit_code = outcome.exit_code
    result.duration = round(outcome.duration, 3)
    result.output = outcome.output
    outcome.discard()  # a background process of the step may still write: its file is gone with it
    return result


def _errored(report: Report, tutorial: Tutorial, message: str) -> Report:
    """The check could not go on: the steps not yet reported are not run, and why."""
    report.status, report.message = ERROR, message
    for number, unit in tutorial.units()[len(report.steps):]:
        result = StepResult(number, unit.title, NOT_RUN, variant=unit.name, digest=unit.digest())
        if unit.checkable:
            result.reason = message
        else:
            result.status, result.reason = NOT_CHECKABLE, unit.reason
        report.steps.append(result)
    return report


# Containers being checked, so an interrupted checker (Ctrl-C, SIGTERM) can remove them all,
# and a flag that tells the checks still running to stop.
_live: dict[str, Engine] = {}
_stopping = threading.Event()
# Containers whose latest removal failed, and the engine's answer: said by an interrupted
# check_all, whose reports (where they are said otherwise) are never written.
_not_removed: dict[str, str] = {}


def _remove(engine: Engine, container: str, report: Report | None = None) -> None:
    """Removes the container; if the engine cannot, says so in the report's message (and so in
    the checker's output). The report's status stays what the steps made it: a container left
    behind says nothing of the tutorial."""
    try:
        engine.remove(container)
    except (EngineError, OSError) as error:
        text = _not_removed[container] = f"container {container} could not be removed: {error}"
        if report is not None:
            report.message = f"{report.message}; {text}" if report.message else text
    else:
        _not_removed.pop(container, None)


def remove_live_containers() -> None:
    """Removes every container still being checked; one that cannot be removed (it is noted in
    _not_removed) does not stop the others."""
    _stopping.set()
    for container, engine in list(_live.items()):
        _remove(engine, container)
        _live.pop(container, None)


class Interrupted(BaseException):
    """SIGINT or SIGTERM during a check: `reports` are those of the tutorials finished before it."""

    def __init__(self, signum: int, reports: list[Report] | None = None):
        super().__init__(signum)
        self.signum, self.reports = signum, reports or []


def check_all(tutorials: list[Tutorial], engine: Engine, jobs: int, on_step=None) -> list[Report]:
    """Check the tutorials in parallel, `jobs` at a time; the reports in the tutorials' order.
    Interrupted, it removes every container it started before it lets the interruption through,
    as Interrupted with the reports of the tutorials that had finished."""
    _stopping.clear()
    _not_removed.clear()
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    futures = [pool.submit(check_tutorial, tutorial, engine, on_step) for tutorial in tutorials]
    try:
        return [future.result() for future in futures]
    except BaseException as error:
        remove_live_containers()
        pool.shutdown(wait=True, cancel_futures=True)  # each check's own last try at removing its container
        # No report is returned to say these: they are said here.
        for text in list(_not_removed.values()):
            print(f"tutorials: {text}", file=sys.stderr, flush=True)
        if isinstance(error, (Interrupted, KeyboardInterrupt)):
            finished = [future.result() for future in futures
                        if future.done() and not future.cancelled() and future.exception() is None]
            finished = [report for report in finished if not (report.message or "").startswith(INTERRUPTED)]
            signum = error.signum if isinstance(error, Interrupted) else signal.SIGINT
            raise Interrupted(signum, finished) from None
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _stopping.clear()  # the interruption is over with this run: a later check (same process) runs

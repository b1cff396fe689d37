"""Check a tutorial: a fresh container, one shell fed step by step, a result per step, and the
container removed whatever happens.

One long-lived shell (not one exec per step with the state saved and restored) because it is
what the reader has: a terminal where `cd`, `export`, shell variables and functions simply
stay. Its cost is that a step that hangs leaves the shell unusable; that step fails, the
later ones are not run anyway, and removing the container ends whatever still runs.
"""

from __future__ import annotations

import os
import re
import secrets
import selectors
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone

from . import scripts
from .engines import Engine, EngineError
from .structure import ERROR, FAILED, NOT_CHECKABLE, NOT_RUN, PASSED, Report, Step, StepResult, Tutorial

TAIL_LINES = 40
TAIL_CHARS = 4000
KEEP_BYTES = 4 * 1024 * 1024  # of each stream, for the expectations; apt is verbose, not this verbose
HANDSHAKE_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


@dataclass
class Outcome:
    exit_code: int | None  # None when the step did not finish
    stdout: str
    stderr: str
    output: str  # both streams, in the order they arrived
    duration: float
    timed_out: bool = False
    shell_ended: bool = False  # the step ended the shell itself (exit, set -e)


class Shell:
    """A bash process (in a container, through the engine) that runs steps one after another."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self._lock = threading.Condition()
        self._chunks: list[tuple[str, bytes]] = []
        self._open = {"stdout": True, "stderr": True}
        self._streams = {"stdout": bytearray(), "stderr": bytearray()}  # for finding end markers
        threading.Thread(target=self._read, daemon=True).start()
        self.alive = True

    def _read(self) -> None:
        # One thread polling both pipes keeps their chunks in the order they came, as far as the
        # pipes allow: an error line stays after the output that preceded it.
        with selectors.DefaultSelector() as selector:
            for name in ("stdout", "stderr"):
                selector.register(getattr(self.process, name), selectors.EVENT_READ, name)
            while selector.get_map():
                for key, _ in selector.select():
                    chunk = os.read(key.fd, 65536)
                    with self._lock:
                        if chunk:
                            self._chunks.append((key.data, chunk))
                            self._streams[key.data] += chunk
                        else:
                            selector.unregister(key.fileobj)
                            key.fileobj.close()  # here, not in close(): this thread may be reading it
                            self._open[key.data] = False
                        self._lock.notify_all()

    def send(self, text: str) -> bool:
        try:
            self.process.stdin.write(text.encode())
            self.process.stdin.flush()
            return True
        except (BrokenPipeError, OSError):
            return False

    def run(self, script: str, timeout: float) -> Outcome:
        token = f"__rs_done_{secrets.token_hex(8)}"
        start = time.monotonic()
        with self._lock:
            first = len(self._chunks)
            begin = {name: len(data) for name, data in self._streams.items()}
        sent = self.send(scripts.step_line(token, script))
        done = re.compile(rf"\n{token} (\d+)\n".encode())
        done_err = f"\n{token}\n".encode()
        seen = dict(begin)  # markers are looked for only in what is new, not in all output again
        finished = finished_err = None
        with self._lock:
            while True:
                out, err = self._streams["stdout"], self._streams["stderr"]
                finished = finished or done.search(out, max(begin["stdout"], seen["stdout"] - 64))
                if finished_err is None and err.find(done_err, max(begin["stderr"], seen["stderr"] - 64)) >= 0:
                    finished_err = True
                seen = {"stdout": len(out), "stderr": len(err)}
                left = timeout - (time.monotonic() - start)
                ended = not (self._open["stdout"] or self._open["stderr"])
                if (finished and finished_err) or ended or not sent or left <= 0:
                    break
                self._lock.wait(min(left, 1.0))
            chunks = self._chunks[first:]
            stdout = bytes(self._streams["stdout"][begin["stdout"]:])
            stderr = bytes(self._streams["stderr"][begin["stderr"]:])
        duration = time.monotonic() - start
        if finished and finished_err:
            code = int(finished[1])
            return Outcome(code, _text(_cut(stdout, token)), _text(_cut(stderr, token)), _merged(chunks, token), duration)
        if not sent or not (self._open["stdout"] or self._open["stderr"]):
            self.close()
            code = self.process.returncode
            return Outcome(code, _text(stdout), _text(stderr), _merged(chunks, token), duration, shell_ended=True)
        self.close()  # the step still runs: the shell cannot be trusted with another one
        return Outcome(None, _text(stdout), _text(stderr), _merged(chunks, token), duration, timed_out=True)

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


def _cut(data: bytes, token: str) -> bytes:
    """The step's own output: what comes before the end marker and the newline put before it."""
    at = data.rfind(f"\n{token}".encode())
    return data[:at] if at >= 0 else data


def _merged(chunks: list[tuple[str, bytes]], token: str) -> str:
    data = b"".join(chunk for _, chunk in chunks)
    return _text(re.sub(rf"\n{token}( \d+)?\n".encode(), b"", data)[-KEEP_BYTES:])


def _text(data: bytes) -> str:
    return data[-KEEP_BYTES:].decode("utf-8", errors="replace")


def tail(text: str) -> str:
    """The last lines as a terminal would show them: a progress line redrawn with \\r shows once."""
    lines = [line.rstrip("\r").rsplit("\r", 1)[-1] for line in text.rstrip("\n").split("\n")]
    return "\n".join(lines[-TAIL_LINES:])[-TAIL_CHARS:]


def judge(step: Step, outcome: Outcome) -> tuple[str, str | None]:
    """The step's status and, when it failed, why, in words."""
    if outcome.timed_out:
        return FAILED, f"no answer within {outcome.duration:.0f} s: killed at its timeout"
    if outcome.shell_ended:
        return FAILED, f"the step ended the shell (exit code {outcome.exit_code})"
    if outcome.exit_code != step.expect.exit:
        return FAILED, f"exit code {outcome.exit_code}, expected {step.expect.exit}"
    for stream, pattern in (("stdout", step.expect.stdout), ("stderr", step.expect.stderr)):
        if pattern is not None and not re.search(pattern, getattr(outcome, stream), re.MULTILINE):
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
    try:
        _live[container] = engine
        try:
            engine.start(container, tutorial)
            if _stopping.is_set():
                return _errored(report, tutorial, "interrupted")
            shell = Shell(engine.open_shell(container))
        except (EngineError, OSError) as error:
            return _errored(report, tutorial, str(error))
        shell.send(scripts.PRELUDE)
        hello = shell.run("echo ready", HANDSHAKE_TIMEOUT)
        if hello.exit_code != 0 or hello.stdout.strip() != "ready":
            why = tail(hello.output) or "no answer"
            return _errored(report, tutorial, f"no working bash with base64 in {tutorial.image}: {why}")
        failed_at = None
        for number, unit in tutorial.units():
            if _stopping.is_set():
                return _errored(report, tutorial, "interrupted")
            result = _check_unit(tutorial, number, unit, shell, failed_at, deadline)
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
    outcome = shell.run(scripts.script_for(unit, number), min(unit.timeout, left))
    result.status, result.reason = judge(unit, outcome)
    if outcome.timed_out and left < unit.timeout:
        result.reason = f"the tutorial's timeout ({tutorial.timeout:.0f} s) ran out during this step: killed"
    result.exit_code = outcome.exit_code
    result.duration = round(outcome.duration, 3)
    result.output = tail(outcome.output)
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


def check_all(tutorials: list[Tutorial], engine: Engine, jobs: int, on_step=None) -> list[Report]:
    """Check the tutorials in parallel, `jobs` at a time; the reports in the tutorials' order.
    Interrupted, it removes every container it started before it lets the interruption through."""
    _stopping.clear()
    _not_removed.clear()
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    futures = [pool.submit(check_tutorial, tutorial, engine, on_step) for tutorial in tutorials]
    try:
        return [future.result() for future in futures]
    except BaseException:
        remove_live_containers()
        pool.shutdown(wait=True, cancel_futures=True)  # each check's own last try at removing its container
        # No report is returned to say these: they are said here.
        for text in list(_not_removed.values()):
            print(f"tutorials: {text}", file=sys.stderr, flush=True)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)

"""Container engines driven through their command line: podman or docker.

The checker needs four things of an engine: say whether it works, start a container, open a
shell in it, remove it. Nothing here runs a tutorial's command on the host.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .scripts import OUTPUT
from .structure import Tutorial

# Two labels on every container, so a leftover can be found (podman ps -a --filter label=...):
# the tutorial's id, and the run that started it, so that a run (a test, a CI job) looks only at
# its own containers and not at those of another checker on the same machine.
LABEL = "researchsite.tutorial"
RUN_LABEL = "researchsite.run"
# A run's id: a fresh one per engine, unless $TUTORIALS_RUN_ID names it (the tests do, to find
# the containers of the run they started). A label value that `ps --filter` takes whole.
RUN_ID_ENV = "TUTORIALS_RUN_ID"
_RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
# Generous: starting may pull the image on a machine with a registry.
START_TIMEOUT = 900
REMOVE_TIMEOUT = 60
# Every container's ceiling: a step that leaks memory or forks without end fails alone instead
# of taking the machine (a CI runner, a laptop) with it. Generous for apt, compilers and a few
# services; the engine enforces them where it has cgroups to (rootless podman without a
# delegated cgroup accepts and ignores them).
MEMORY_LIMIT = "4g"
PIDS_LIMIT = 4096


class EngineError(Exception):
    """The engine could not do what was asked; the message says what it answered."""


class Engine(Protocol):
    name: str

    def unavailable(self) -> str | None: ...
    def start(self, container: str, tutorial: Tutorial, outputs: Path | None = None) -> None: ...
    def open_shell(self, container: str) -> subprocess.Popen: ...
    def remove(self, container: str) -> None: ...  # raises EngineError if it may still be there


@dataclass
class CliEngine:
    """podman or docker, called as a program: the same flags work for both."""

    name: str  # "podman" or "docker"
    runtime: str | None = None  # an OCI runtime to ask for, e.g. runc where crun does not work
    extra: list[str] = field(default_factory=list)
    run: str = field(default_factory=lambda: os.environ.get(RUN_ID_ENV) or uuid.uuid4().hex)

    @property
    def command(self) -> list[str]:
        return [self.name, *(["--runtime", self.runtime] if self.runtime and self.name == "podman" else [])]

    def unavailable(self) -> str | None:
        if not _RUN_ID.fullmatch(self.run):
            return f"the run id {self.run!r} (${RUN_ID_ENV}) is not letters, digits, '.', '_' and '-'"
        if shutil.which(self.name) is None:
            return f"{self.name} is not installed (no '{self.name}' command on PATH)"
        try:
            answer = subprocess.run(
                [*self.command, "info", "--format", "{{json .}}"], capture_output=True, text=True, timeout=60
            )
        except subprocess.TimeoutExpired:
            return f"{self.name} is installed but '{self.name} info' did not answer within 60 s"
        if answer.returncode != 0:
            why = _first_line(answer.stderr) or f"exit code {answer.returncode}"
            return f"{self.name} is installed but does not work: {why}"
        return None

    def start_argv(self, container: str, tutorial: Tutorial, outputs: Path | None = None) -> list[str]:
        argv = [*self.command, "run", "--detach", "--name", container]
        argv += ["--label", f"{LABEL}={tutorial.id}", "--label", f"{RUN_LABEL}={self.run}"]
        # --init: PID 1 must reap orphans, or `service x restart` waits forever on a zombie.
        argv += ["--init", "--workdir", "/root", "--env", "DEBIAN_FRONTEND=noninteractive"]
        # Small explicit limits: runc cannot raise them past the host's in some sandboxes.
        argv += ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"]
        argv += ["--memory", MEMORY_LIMIT, "--pids-limit", str(PIDS_LIMIT)]
        if outputs is not None:  # where the steps' output is written (see scripts.py)
            argv += ["--volume", f"{outputs}:{OUTPUT}"]
        for capability in tutorial.capabilities:
            argv += ["--cap-add", capability]
        if not tutorial.network:
            argv += ["--network", "none"]
        if self.name == "docker":
            # Docker turns IPv6 off in a container's network namespace, even on lo (podman does
            # not): dhcp6c's control socket on ::1 fails there. Readers' machines have IPv6.
            argv += ["--sysctl", "net.ipv6.conf.all.disable_ipv6=0", "--sysctl", "net.ipv6.conf.default.disable_ipv6=0"]
        return [*argv, *self.extra, "--entrypoint", "sleep", tutorial.image, "infinity"]

    def start(self, container: str, tutorial: Tutorial, outputs: Path | None = None) -> None:
        try:
            answer = subprocess.run(
                self.start_argv(container, tutorial, outputs), capture_output=True, text=True, timeout=START_TIMEOUT,
                start_new_session=True,
            )
        except subprocess.TimeoutExpired:
            raise EngineError(f"{self.name} did not start {tutorial.image} within {START_TIMEOUT} s") from None
        if answer.returncode != 0:
            raise EngineError(f"{self.name} could not start {tutorial.image}: {_last_line(answer.stderr)}")

    def open_shell(self, container: str) -> subprocess.Popen:
        return subprocess.Popen(
            [*self.command, "exec", "--interactive", container, "bash", "--noprofile", "--norc"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            # Ctrl-C in a terminal signals the whole foreground group: the engine's processes are
            # kept out of it, so the checker (not a dying shell seen as a failed step) decides.
            start_new_session=True,
        )

    def remove(self, container: str) -> None:
        """Raises EngineError, with the engine's answer, when the container may still be there."""
        # Killed, not stopped: nothing in a checked container is worth a grace period.
        wait = ["--time", "0"] if self.name == "podman" else []
        try:
            answer = subprocess.run(
                [*self.command, "rm", "--force", *wait, container],
                capture_output=True,
                text=True,
                timeout=REMOVE_TIMEOUT,
                start_new_session=True,  # as in open_shell: out of the terminal's Ctrl-C
            )
        except subprocess.TimeoutExpired:
            raise EngineError(f"'{self.name} rm' did not answer within {REMOVE_TIMEOUT} s") from None
        # A container that never came to be (its start failed) is no failure to remove it:
        # podman's rm --force says nothing of it, some docker versions say "No such container".
        if answer.returncode != 0 and "no such container" not in answer.stderr.lower():
            raise EngineError(f"'{self.name} rm' failed (exit code {answer.returncode}): {_last_line(answer.stderr)}")


def leftovers(engine: CliEngine, run: str | None) -> list[str]:
    """The containers of the checker's run `run` that still exist, or with None those of every
    run on this machine (for cleaning up by hand). Raises EngineError if the engine cannot tell."""
    label = f"{RUN_LABEL}={run}" if run is not None else LABEL
    answer = subprocess.run(
        [*engine.command, "ps", "--all", "--filter", f"label={label}", "--format", "{{.Names}}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if answer.returncode != 0:
        raise EngineError(f"'{engine.name} ps' failed (exit code {answer.returncode}): {_last_line(answer.stderr)}")
    return answer.stdout.split()


def find_engine(names: list[str], runtime: str | None = None) -> tuple[CliEngine | None, list[str]]:
    """The first engine of `names` that works, and why each one before it does not."""
    reasons = []
    for name in names:
        engine = CliEngine(name, runtime)
        reason = engine.unavailable()
        if reason is None:
            return engine, reasons
        reasons.append(reason)
    return None, reasons


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no message"

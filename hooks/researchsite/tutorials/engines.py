"""Container engines driven through their command line: podman or docker.

The checker needs four things of an engine: say whether it works, start a container, open a
shell in it, remove it. Nothing here runs a tutorial's command on the host.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Protocol

from .structure import Tutorial

LABEL = "researchsite.tutorial"  # on every container, so a leftover can be found: podman ps -a --filter label=...
# Generous: starting may pull the image on a machine with a registry.
START_TIMEOUT = 900
REMOVE_TIMEOUT = 60


class EngineError(Exception):
    """The engine could not do what was asked; the message says what it answered."""


class Engine(Protocol):
    name: str

    def unavailable(self) -> str | None: ...
    def start(self, container: str, tutorial: Tutorial) -> None: ...
    def open_shell(self, container: str) -> subprocess.Popen: ...
    def remove(self, container: str) -> None: ...


@dataclass
class CliEngine:
    """podman or docker, called as a program: the same flags work for both."""

    name: str  # "podman" or "docker"
    runtime: str | None = None  # an OCI runtime to ask for, e.g. runc where crun does not work
    extra: list[str] = field(default_factory=list)

    @property
    def command(self) -> list[str]:
        return [self.name, *(["--runtime", self.runtime] if self.runtime and self.name == "podman" else [])]

    def unavailable(self) -> str | None:
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

    def start_argv(self, container: str, tutorial: Tutorial) -> list[str]:
        argv = [*self.command, "run", "--detach", "--name", container, "--label", f"{LABEL}={tutorial.id}"]
        # --init: PID 1 must reap orphans, or `service x restart` waits forever on a zombie.
        argv += ["--init", "--workdir", "/root", "--env", "DEBIAN_FRONTEND=noninteractive"]
        # Small explicit limits: runc cannot raise them past the host's in some sandboxes.
        argv += ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"]
        for capability in tutorial.capabilities:
            argv += ["--cap-add", capability]
        if not tutorial.network:
            argv += ["--network", "none"]
        return [*argv, *self.extra, "--entrypoint", "sleep", tutorial.image, "infinity"]

    def start(self, container: str, tutorial: Tutorial) -> None:
        try:
            answer = subprocess.run(
                self.start_argv(container, tutorial), capture_output=True, text=True, timeout=START_TIMEOUT
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
        )

    def remove(self, container: str) -> None:
        # Killed, not stopped: nothing in a checked container is worth a grace period.
        wait = ["--time", "0"] if self.name == "podman" else []
        try:
            subprocess.run(
                [*self.command, "rm", "--force", *wait, container],
                capture_output=True,
                timeout=REMOVE_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            pass  # reported by leftovers() if it is still there


def leftovers(engine: CliEngine) -> list[str]:
    """Containers this checker started that still exist (for tests and for cleaning up by hand)."""
    answer = subprocess.run(
        [*engine.command, "ps", "--all", "--filter", f"label={LABEL}", "--format", "{{.Names}}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
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

"""A stand-in for podman in the runner's tests: the shell runs on this machine, in a temporary folder.

Only tests use it; the checker itself offers podman and docker, so it never runs a step on the host.
"""

from __future__ import annotations

import os
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from researchsite.tutorials.engines import EngineError


@dataclass
class FakeEngine:
    root: Path
    name: str = "fake"
    fail_start: str | None = None
    fail_remove: str | None = None  # what the engine answers to every `rm`, which then fails
    started: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    not_removed: list[str] = field(default_factory=list)  # each failed `rm`, in order
    _shells: dict = field(default_factory=dict)
    _outputs: dict = field(default_factory=dict)

    def unavailable(self) -> str | None:
        return None

    def folder(self, container: str) -> Path:
        return self.root / container

    def start(self, container: str, tutorial, outputs=None) -> None:
        if self.fail_start:
            raise EngineError(self.fail_start)
        self.folder(container).mkdir(parents=True)
        self._outputs[container] = outputs  # what the engine would mount
        self.started.append(container)

    def open_shell(self, container: str) -> subprocess.Popen:
        home = self.folder(container)
        env = {"PATH": os.environ["PATH"], "HOME": str(home), "TUTORIAL_CHECK_DIR": str(home / ".state"),
               "TUTORIAL_OUTPUT_DIR": str(self._outputs[container]), "LC_ALL": "C"}
        shell = subprocess.Popen(
            ["bash", "--noprofile", "--norc"],
            cwd=home,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, killed as a whole like a container
        )
        self._shells[container] = shell
        return shell

    def remove(self, container: str) -> None:
        """What removing a container does to its processes: every one of them ends. With
        fail_remove the container stays (as far as the checker can tell) and EngineError says
        why; its processes end all the same, so that a test leaves nothing running."""
        if self.fail_remove:
            self.not_removed.append(container)
        else:
            self.removed.append(container)
        state = self.folder(container) / ".state"
        for pid_file in state.glob("service-*.pid") if state.exists() else []:
            _kill_group(int(pid_file.read_text()))
        shell = self._shells.pop(container, None)
        if shell is not None:
            _kill_group(shell.pid)
        if self.fail_remove:
            raise EngineError(self.fail_remove)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass

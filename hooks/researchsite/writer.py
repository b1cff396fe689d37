"""Files written into the built site by a process of their own, while the build goes on: making
some 3,000 small files (a paper's three exports) costs a thread 0.4 s of a 1,000-paper build on a
quiet machine, and several times that while the disk is busy; the second core does it instead.

The build hands each file's path and bytes over a pipe and goes on; `wait` says which could not be
written. Run as a script (`python -I -S writer.py`), this module needs the standard library only:
the child starts in some 10 ms, without the package or its dependencies.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys

_HEADER = struct.Struct(">II")  # the path's length and the data's, in bytes
_BATCH = 1 << 20  # bytes handed over at a time: the build holds no more than this of them twice


class WriterFailed(RuntimeError):
    """The files that could not be written, each as `path: why`, one a line."""


class Writer:
    """Writes files in a child process; `add` them, then `wait` for the child (at once, or later:
    in the meantime a file may not be there yet). Each path is absolute; its folders are made."""

    def __init__(self):
        self._child: subprocess.Popen | None = None
        self._batch: list[bytes] = []
        self._batched = 0
        self._broken: str | None = None  # why the child stopped reading, if it did

    def add(self, path: str, data: bytes) -> None:
        encoded = os.fsencode(path)
        self._batch += (_HEADER.pack(len(encoded), len(data)), encoded, data)
        self._batched += len(encoded) + len(data)
        if self._batched >= _BATCH:
            self._hand_over()

    def close(self) -> None:
        """No more files: the child writes what it was given (it reads everything first)."""
        self._hand_over()
        if self._child is not None and not self._child.stdin.closed:
            try:
                self._child.stdin.close()
            except OSError as error:
                self._broken = self._broken or str(error)

    def wait(self) -> None:
        """Once every file is written; WriterFailed names those that could not be."""
        self.close()
        if self._child is None:
            return
        failures = self._child.stderr.read().decode("utf-8", errors="replace")
        code = self._child.wait()
        self._child.stderr.close()
        self._child = None
        if failures.strip():
            raise WriterFailed(failures.strip())
        if code or self._broken:
            raise WriterFailed(f"the process writing the files stopped (exit code {code}{f', {self._broken}' if self._broken else ''})")

    def _hand_over(self) -> None:
        if not self._batch:
            return
        if self._child is None:
            self._child = subprocess.Popen(
                [sys.executable, "-I", "-S", __file__], stdin=subprocess.PIPE, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL
            )
        batch, self._batch, self._batched = b"".join(self._batch), [], 0
        if self._broken is None:
            try:
                self._child.stdin.write(batch)
            except OSError as error:  # the child is gone: `wait` says how it ended
                self._broken = str(error)


def _main() -> int:
    """Reads every file before writing any: the build is never kept waiting on the pipe while a
    file is written."""
    stdin = sys.stdin.buffer
    files = []
    while header := stdin.read(_HEADER.size):
        path_length, data_length = _HEADER.unpack(header)
        files.append((os.fsdecode(stdin.read(path_length)), stdin.read(data_length)))
    made: set[str] = set()
    for path, data in files:
        try:
            folder = os.path.dirname(path)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            with open(path, "wb") as output:
                output.write(data)
        except OSError as error:
            # The folder, when it is what failed ("File exists": a file stands where it goes).
            where = f" ({os.fsdecode(error.filename)})" if error.filename and os.fsdecode(error.filename) != path else ""
            print(f"{path}: {error.strerror or error}{where}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(_main())

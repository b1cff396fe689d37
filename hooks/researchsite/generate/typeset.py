"""Typst in a process of its own: `python -m researchsite.generate.typeset` reads a template and
its inputs as JSON on stdin and writes the PDF to stdout.

The compiler keeps what it allocated (its caches) for as long as its process lives: some 45 MB
and 60 KB a paper of the CV, which a build would otherwise carry up to its peak."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path


class TypesetFailed(RuntimeError):
    """Typst refused the template: a fault of ours, not of the researcher's data (read as JSON)."""


def typeset(template: str, inputs: dict[str, str], stamp: datetime, kept_in: Path | None = None) -> bytes:
    """The PDF of `template` (Typst markup) given `inputs` (its sys.inputs), dated `stamp`; with
    `kept_in`, a folder, the PDF an earlier call made of the same request with the same Typst."""
    from .kept import keep_pdf, kept_pdf  # here: the child, which runs this module, needs neither

    request = json.dumps({"template": template, "inputs": inputs, "stamp": stamp.isoformat()}).encode()
    kept, keep_at = kept_pdf(kept_in, _compiler() + request) if kept_in else (None, None)
    if kept is not None:
        return kept
    done = subprocess.run([sys.executable, "-m", __name__], input=request, capture_output=True, check=False)
    if done.returncode:
        raise TypesetFailed(f"Typst could not typeset the PDF: {done.stderr.decode(errors='replace').strip()}")
    keep_pdf(keep_at, done.stdout)
    return done.stdout


def _compiler() -> bytes:
    """The Typst the child would load, as the files of its package (their sizes and times): its
    compiler and the fonts embedded in it, without loading it here."""
    spec = importlib.util.find_spec("typst")
    folders = spec.submodule_search_locations if spec and spec.submodule_search_locations else []
    files = sorted(path for folder in folders for path in Path(folder).iterdir() if path.is_file())
    return repr([(str(path), path.stat().st_size, path.stat().st_mtime_ns) for path in files]).encode()


# One typesetting at a time, in a thread that only waits for the child: the build's own thread goes
# on generating and rendering meanwhile (the subprocess releases the GIL while it waits).
_typesetter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="typst")


# Whether the child may start. `mkdocs serve` does not wait for the PDF: it holds the child back
# while it renders the rebuild the researcher waits for, which then has the cores to itself.
_going = threading.Event()
_going.set()


def hold() -> None:
    """Typesetting asked for from now on starts at `go()` (or when its result is asked for)."""
    _going.clear()


def go() -> None:
    _going.set()


def until_going() -> None:
    """Waits, without letting it go, until a held child may start."""
    _going.wait()


def typeset_later(template: str, inputs: dict[str, str], stamp: datetime, kept_in: Path | None = None) -> Future[bytes]:
    """`typeset`, begun now, or at `go()` when held; its result (the PDF, or TypesetFailed) when
    asked for: that lets a held child go."""
    return _Asked(_typesetter.submit(_when_going, template, inputs, stamp, kept_in))


def _when_going(*request) -> bytes:
    _going.wait()
    return typeset(*request)


class _Asked:
    """A typesetting's future whose result, once asked for, no longer waits for `go()`."""

    def __init__(self, future: Future[bytes]):
        self._future = future

    def result(self, timeout: float | None = None) -> bytes:
        go()
        return self._future.result(timeout)


def _main() -> int:
    import typst  # only here: the build's own process never loads the compiler

    request = json.load(sys.stdin)
    try:
        pdf = typst.compile(
            request["template"].encode(), sys_inputs=request["inputs"], ignore_system_fonts=True,
            timestamp=datetime.fromisoformat(request["stamp"]), format="pdf",
        )
    except typst.TypstError as error:
        print(error, file=sys.stderr)
        return 1
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(_main())

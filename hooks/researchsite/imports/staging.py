"""An import's files, written all or nothing: first into a staging folder beside the site's own
files, then moved into place once everything was read and converted without an error."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Written:
    """What a finished import did to the site's files, relative to its root."""

    created: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)


class Staging:
    """Collects an import's files; `commit()` moves them into the site, leaving a file whose
    content is already the same untouched (so a second run of the same import changes nothing).

    Used as a context manager, an exception before `commit()` leaves the site as it was.
    """

    def __init__(self, root: Path):
        self.root = root.resolve()
        self._folder: Path | None = None
        self._files: dict[Path, Path] = {}  # where in the site -> the staged copy

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc) -> None:
        self.discard()

    def write(self, path: Path | str, content: str | bytes) -> None:
        staged = self._staged(path)
        if isinstance(content, str):
            staged.write_text(content, encoding="utf-8")
        else:
            staged.write_bytes(content)

    def copy(self, path: Path | str, source: Path) -> None:
        shutil.copyfile(source, self._staged(path))

    def staged(self, path: Path | str) -> bool:
        return self._target(path) in self._files

    def commit(self) -> Written:
        written = Written()
        for target, staged in self._files.items():
            relative = target.relative_to(self.root)
            if target.is_file() and _same(target, staged):
                written.unchanged.append(relative)
                continue
            (written.changed if target.exists() else written.created).append(relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)  # same filesystem: the staging folder is under the root
        self.discard()
        return written

    def discard(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
        self._folder = None
        self._files = {}

    def _target(self, path: Path | str) -> Path:
        target = (self.root / path).resolve()
        if not target.is_relative_to(self.root):
            raise ValueError(f"{path} is outside the site's folder")
        return target

    def _staged(self, path: Path | str) -> Path:
        target = self._target(path)
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix=".researchsite-import-", dir=self.root))
        staged = self._folder / target.relative_to(self.root)
        staged.parent.mkdir(parents=True, exist_ok=True)
        self._files[target] = staged
        return staged


def _same(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()

"""Read `papers/<citekey>.yml`, the per-paper extras, checked against the paper schema."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..structure.problems import Problem
from .schema import check
from .yamlfile import Located, read_yaml


@dataclass
class Extras:
    key: str
    path: str  # relative to the project root
    data: Located  # keys carry their lines, for the model's located errors


def load_extras(paths: list[Path], root: Path) -> tuple[dict[str, Extras], list[Problem]]:
    extras: dict[str, Extras] = {}
    problems: list[Problem] = []
    for path in sorted(paths):
        shown = path.relative_to(root).as_posix()
        data, found = read_yaml(path, root)
        if data is None and not found:
            data = Located()  # an empty file says nothing, which is allowed
            data.key_lines = {}
        found = found or check(data, "paper", shown)
        problems.extend(found)
        if not found:
            extras[path.stem] = Extras(path.stem, shown, data)
    return extras, problems

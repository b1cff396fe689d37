"""Read `papers/<citekey>.yml`, the per-paper extras, checked against the paper schema."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..structure.problems import Problem
from .schema import check_keys
from .yamlfile import Located, read_yaml_text


@dataclass
class Extras:
    key: str
    path: str  # relative to the project root
    data: Located  # keys carry their lines, for the model's located errors
    # A digest of the file's text, which all of the above is made of: for the caches of a rebuild
    # (`mkdocs serve`); "" when not read from a file.
    source: str = field(default="", compare=False)


def load_extras(paths: list[Path], root: Path) -> tuple[list[Extras], list[Problem]]:
    """Each file's extras, for the key it names: its `key:`, else its file name."""
    extras: list[Extras] = []
    problems: list[Problem] = []
    for path in sorted(paths):
        shown = path.relative_to(root).as_posix()
        text, data, found = read_yaml_text(path, root)
        problems.extend(found)
        if data is None and found:  # unreadable: its own problem says why, nothing more to check
            continue
        if data is None:  # an empty file says nothing, which is allowed
            data = Located()
            data.key_lines = {}
        wrong, keys = check_keys(data, "paper", shown)
        problems.extend(wrong)
        if not isinstance(data, Located):  # not a mapping: nothing in it can be used
            continue
        # Checking goes on with the keys that are right, so one build reports every problem;
        # the build still stops, so nothing is half-applied.
        for key in keys:
            data.pop(key, None)
        key = str(data.pop("key", path.stem))
        source = hashlib.sha256(f"{shown}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
        extras.append(Extras(key, shown, data, source))
    return extras, problems

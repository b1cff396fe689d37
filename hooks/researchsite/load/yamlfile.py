"""Read a YAML file keeping the line of every key, so later stages can point at it.

PyYAML forgets positions once it builds Python objects and lets a repeated key silently win;
this loader records both, which is all it adds to yaml.SafeLoader.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable
from functools import lru_cache
from pathlib import Path

import yaml

from ..structure.problems import Problem


class Located(dict):
    """A YAML mapping that remembers the line of itself and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    line: int = 0
    item_lines: list


class _Loader(yaml.SafeLoader):
    def __init__(self, stream, path: str, first_line: int = 1):
        super().__init__(stream)
        self.path = path
        self.first_line = first_line  # lines are counted from here, duplicate-key problems included
        self.problems: list[Problem] = []

    def construct_mapping(self, node, deep=False):
        mapping = Located()
        mapping.line = node.start_mark.line + self.first_line
        mapping.key_lines = {}
        # `<<: *base` merges keys that the mapping's own keys override: not duplicates.
        explicit = {id(key_node) for key_node, _ in node.value}
        self.flatten_mapping(node)
        merged: set = set()  # keys whose value so far came from a merge
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):  # `? [a, b]`: PyYAML's error, instead of a TypeError
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
                )
            line = key_node.start_mark.line + self.first_line
            if key in mapping and key not in merged:
                self.problems.append(
                    Problem(self.path, line, f"duplicate key '{key}' (first at line {mapping.key_lines[key]})")
                )
                continue
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_lines[key] = line
            if id(key_node) in explicit:
                merged.discard(key)
            else:
                merged.add(key)
        return mapping

    def construct_sequence(self, node, deep=False):
        items = LocatedList(self.construct_object(child, deep=True) for child in node.value)
        items.line = node.start_mark.line + self.first_line
        items.item_lines = [child.start_mark.line + self.first_line for child in node.value]
        return items

    def construct_yaml_timestamp(self, node):
        # PyYAML raises a bare ValueError on `2023-13-45`: keep it as text, for the stage that
        # expects a date to report it at its line.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _Loader.construct_sequence)


def read_yaml(path: Path, root: Path) -> tuple[object, list[Problem]]:
    """The file's data (None when empty or unreadable) and what is wrong with it."""
    _, data, problems = read_yaml_text(path, root)
    return data, problems


def read_yaml_text(path: Path, root: Path) -> tuple[str | None, object, list[Problem]]:
    """The file's text (None when unreadable), its data and what is wrong with it."""
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return None, None, [Problem(shown, None, f"cannot read: {error}")]
    return (text, *parse_yaml(text, shown))


def parse_yaml(text: str, shown: str, first_line: int = 1) -> tuple[object, list[Problem]]:
    """Parse YAML text; `first_line` places text cut out of a larger file (front matter)."""
    # A copy: what a caller does to its data does not reach the next caller of the same text.
    return copy.deepcopy(_parsed(text, shown, first_line))


# PyYAML's pure-Python loader (the one that gives lines) took a third of a `mkdocs serve`
# rebuild of the example site, reading again the YAML files nobody had touched; copying what it
# made is some 20 times quicker. Bounded: a one-off build reads each file once.
@lru_cache(maxsize=1024)
def _parsed(text: str, shown: str, first_line: int) -> tuple[object, list[Problem]]:
    loader = _Loader(text, shown, first_line)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + first_line if mark else None
        reason = getattr(error, "problem", None) or str(error)
        return None, [Problem(shown, line, f"invalid YAML: {reason}")]
    finally:
        loader.dispose()
    return data, loader.problems

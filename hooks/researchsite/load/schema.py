"""Check YAML data against the JSON Schemas shipped in `schemas/`, with errors a researcher can act on.

jsonschema finds the errors; this module only words them and places them at the key's line,
suggesting the closest valid key when one is misspelt.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from ..structure.problems import Problem
from .yamlfile import Located, LocatedList

_TYPE_NAMES = {
    "object": "a mapping of keys to values",
    "array": "a list",
    "string": "text",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
}


@cache
def schema(name: str) -> dict:
    text = resources.files("researchsite").joinpath("schemas", f"{name}.schema.json").read_text()
    return json.loads(text)


def check(data: object, schema_name: str, path: str) -> list[Problem]:
    return check_keys(data, schema_name, path)[0]


def check_keys(data: object, schema_name: str, path: str) -> tuple[list[Problem], set]:
    """The problems, and the top-level keys they are about: the rest of the file can still be used."""
    validator = Draft202012Validator(schema(schema_name))
    problems, keys = [], set()
    for error in validator.iter_errors(data):
        problems.extend(_explain(error, data, path))
        if error.absolute_path:
            keys.add(error.absolute_path[0])
        elif error.validator == "additionalProperties":
            keys.update(key for key in error.instance if key not in error.schema.get("properties", {}))
    return problems, keys


def closest(word: str, choices) -> str:
    """A ' (did you mean ...?)' hint, or nothing when no choice is close."""
    match = difflib.get_close_matches(str(word), [str(choice) for choice in choices], n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def unknown_ids(path: str, values: list, key: str, known, noun: str, declared_in: str) -> list[Problem]:
    """`key:` names things by id (`projects: [fastclick]`): each id that names nothing is a
    problem at its own line (`values` as the YAML loader gives them), with the closest id there is."""
    lines = getattr(values, "item_lines", [])
    problems = []
    for index, value in enumerate(values):
        if value in known:
            continue
        line = lines[index] if index < len(lines) else getattr(values, "line", None)
        hint = closest(value, known) if known else f" ({declared_in} declares none)"
        problems.append(Problem(path, line, f"{key}: no {noun} has the id '{value}'{hint}"))
    return problems


def _explain(error: ValidationError, data: object, path: str) -> list[Problem]:
    where = list(error.absolute_path)
    name = ".".join(str(part) for part in where) or "the file"
    if error.validator == "additionalProperties":
        allowed = error.schema.get("properties", {})
        return [
            Problem(path, _line(data, [*where, key]), f"unknown key '{key}'{closest(key, allowed)}")
            for key in error.instance
            if key not in allowed
        ]
    line = _line(data, where)
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return [Problem(path, line, f"{name}: missing required key '{missing}'")]
    if error.validator == "type":
        expected = error.validator_value
        expected = [expected] if isinstance(expected, str) else expected
        wanted = " or ".join(_TYPE_NAMES.get(kind, kind) for kind in expected)
        return [Problem(path, line, f"{name}: should be {wanted}, not {error.instance!r}")]
    if error.validator == "enum":
        options = ", ".join(str(option) for option in error.validator_value)
        hint = closest(error.instance, error.validator_value)
        return [Problem(path, line, f"{name}: {error.instance!r} is not one of {options}{hint}")]
    if error.validator == "oneOf":
        described = error.schema.get("description") or "text or a list of texts"
        return [Problem(path, line, f"{name}: should be {described[0].lower()}{described[1:]}")]
    if error.validator == "pattern":
        about = error.schema.get("description", "")
        return [Problem(path, line, f"{name}: {error.instance!r} is not in the expected form. {about}".strip())]
    return [Problem(path, line, f"{name}: {error.message}")]


def _line(data: object, where: list) -> int | None:
    """The line of the deepest key or item along `where` that the loader recorded."""
    line = getattr(data, "line", None)
    node = data
    for part in where:
        if isinstance(node, Located) and part in node:
            line = node.line_of(part)
            node = node[part]
        elif isinstance(node, LocatedList) and isinstance(part, int) and part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            # The key does not exist (a missing required key): the mapping's own line.
            line = node.line_of(part) if isinstance(node, Located) else line
            break
    return line

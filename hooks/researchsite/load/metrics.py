"""Read papers/metrics.json, the citation counts `researchsite metrics` wrote: the build's only
source of counts (it never asks a service). What is wrong in it is a warning at its line, and
the rest is still shown: a broken file costs the counts, never the build."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

import fastjsonschema
from jsonschema import Draft202012Validator

from ..structure.metrics import METRICS_FILE, Count, Failure, Metrics
from ..structure.problems import Problem, warning
from .schema import schema


def load_metrics(root: Path, keys: set[str]) -> tuple[Metrics, list[Problem]]:
    """The counts of the papers `keys`; none, and no problem, before the first lookup (no file)."""
    path = root / METRICS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Metrics(), []
    except (OSError, UnicodeDecodeError) as error:
        return Metrics(), [warning(METRICS_FILE, None, f"cannot be read ({error.__class__.__name__}); no citation counts are shown")]
    metrics, problems = parse_metrics(text)
    for key in sorted(set(metrics.papers) - keys):
        del metrics.papers[key]
        problems.append(warning(METRICS_FILE, _line_of(text, key), f"no paper has the key '{key}'; `researchsite metrics` drops its counts"))
    return metrics, problems


@lru_cache(maxsize=2)  # by content: one parse per edit of the file, whatever `mkdocs serve` rebuilds
def _parsed(text: str) -> tuple[dict[str, dict[str, Count]], tuple[Problem, ...]]:
    try:
        data = json.loads(text)
    except ValueError as error:
        line = getattr(error, "lineno", None)
        message = f"not valid JSON ({getattr(error, 'msg', error)}); no citation counts are shown: restore it from git, or run `researchsite metrics`"
        return {}, (warning(METRICS_FILE, line, message),)
    problems: list[Problem] = []
    broken: set[str] = set()
    for error in _errors(data):
        where = list(error.absolute_path)
        if len(where) < 2 or where[0] != "papers":
            message = f"{'.'.join(map(str, where)) or 'the file'}: {error.message}; no citation counts are shown"
            return {}, (warning(METRICS_FILE, None, message),)
        key = str(where[1])
        broken.add(key)
        field = ".".join(map(str, where[2:])) or "its entry"
        problems.append(warning(METRICS_FILE, _line_of(text, key), f"{key}: {field}: {error.message}; its counts are not shown"))
    papers = {}
    for key, sources in data["papers"].items():
        if key in broken:
            continue
        try:
            papers[key] = {source: _count(source, value) for source, value in sources.items()}
        except (ValueError, KeyError, TypeError) as error:  # a day the pattern allows but the calendar has not: 2026-02-30
            problems.append(warning(METRICS_FILE, _line_of(text, key), f"{key}: {error}; its counts are not shown"))
    return papers, tuple(problems)


@cache
def _compiled():
    return fastjsonschema.compile(schema("metrics"))


def _errors(data) -> list:
    """jsonschema's errors (the words and the places), looked for only when the file is wrong:
    jsonschema takes some 0.4 ms an entry (12 s for 10,000 papers' three counts), the compiled
    check 0.013 ms (0.4 s)."""
    try:
        _compiled()(data)
        return []
    except fastjsonschema.JsonSchemaException:
        return list(Draft202012Validator(schema("metrics")).iter_errors(data))


def parse_metrics(text: str) -> tuple[Metrics, list[Problem]]:
    papers, problems = _parsed(text)
    return Metrics({key: dict(sources) for key, sources in papers.items()}), list(problems)


def _count(source: str, value: dict) -> Count:
    failed = value.get("failed")
    return Count(
        source,
        value["count"],
        date.fromisoformat(value["read"]) if value["read"] else None,
        value.get("id"),
        value.get("by"),
        Failure(date.fromisoformat(failed["on"]), failed["error"]) if failed else None,
    )


def _line_of(text: str, key: str) -> int | None:
    """The line where a paper's entry starts (the file is written one paper a line or more)."""
    found = re.search(rf'^\s*{re.escape(json.dumps(key))}\s*:', text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None

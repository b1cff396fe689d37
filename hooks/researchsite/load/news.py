"""Read the news posts' front matter with line numbers, checked against the post schema."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..structure.problems import Problem
from .schema import check_keys
from .yamlfile import Located, parse_yaml

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass
class PostSource:
    path: str  # relative to the project root, for problems
    docs_path: str  # relative to content/, as MkDocs names the file
    meta: Located
    body: str
    text: str  # the whole file
    body_line: int  # the line the body starts on
    heading: str | None  # the first "# ..." heading, the title when the front matter has none


def read_posts(folder: Path, root: Path, content_dir: Path) -> tuple[list[PostSource], list[Problem]]:
    posts, problems = [], []
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        shown = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8-sig")
        match = _FRONT_MATTER.match(text)
        if not match:
            problems.append(Problem(shown, 1, "a news post starts with front matter (---, date: YYYY-MM-DD, ---)"))
            continue
        meta, found = parse_yaml(match.group(1) or "", shown, first_line=2)
        if meta is None and not found:
            meta = Located()
            meta.line, meta.key_lines = 1, {}
        wrong, keys = check_keys(meta, "post", shown) if meta is not None else ([], set())
        problems += found + wrong
        if not isinstance(meta, Located):
            continue
        for key in keys:
            meta.pop(key, None)
        body = text[match.end() :]
        heading = _HEADING.search(body)
        posts.append(
            PostSource(
                path=shown,
                docs_path=path.relative_to(content_dir).as_posix(),
                meta=meta,
                body=body,
                text=text,
                body_line=text[: match.end()].count("\n") + 1,
                heading=heading.group(1) if heading else None,
            )
        )
    return posts, problems


def as_date(value) -> date | None:
    """A date as YAML gives it (a date, a datetime, or ISO text); None when it is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip()).date()
        except ValueError:
            return None
    return None

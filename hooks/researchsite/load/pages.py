"""Read the researcher's own Markdown pages under content/ (not the posts, read as news), for
what the build adds to them: the citations they make."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class PageSource:
    path: str  # relative to the project root, for problems
    docs_path: str  # relative to content/, as MkDocs names the file
    text: str


def read_pages(content_dir: Path, root: Path, skip: tuple[str, ...] = ("news/posts/",)) -> list[PageSource]:
    """The Markdown pages under content/ that may cite (an '@' in them), but those under `skip`."""
    pages = []
    for path in sorted(content_dir.rglob("*.md")) if content_dir.is_dir() else []:
        docs_path = path.relative_to(content_dir).as_posix()
        if docs_path.startswith(skip):
            continue
        text = path.read_text(encoding="utf-8-sig")
        if "@" in text:
            pages.append(PageSource(path.relative_to(root).as_posix(), docs_path, text))
    return pages

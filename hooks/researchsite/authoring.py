"""Start the files a researcher writes by hand, with valid front matter, never overwriting one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from .load.schema import closest
from .news import EXCERPT_SEPARATOR, post_slug
from .project import Project


def new_post(project: Project, title: str, papers: list[str], today: date | None = None) -> Path:
    """Write a post skeleton dated today; refuse to overwrite one or to name an unknown paper."""
    known = project.publications.by_key()
    for key in papers:
        if key not in known:
            raise ValueError(f"no paper has the key '{key}'{closest(key, known)}")
    when = today or project.news.today
    slug = post_slug(title)
    if any(post.slug == slug for post in project.news.posts):
        raise ValueError(f"a post with the slug '{slug}' exists already: choose another title")
    path = project.content_dir / "news" / "posts" / f"{when.isoformat()}-{slug}.md"
    if path.exists():
        raise ValueError(f"{path.relative_to(project.root)} exists already; not overwriting it")
    meta = {"date": when, "categories": [], "tags": []} | ({"papers": papers} if papers else {})
    matter = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=None)
    teaser = "What the news is, in a sentence or two: the news list shows this part."
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{matter}---\n\n# {title}\n\n{teaser}\n\n{EXCERPT_SEPARATOR}\n\nThe rest of the post.\n")
    return path

"""Read `site_config/redirects.yml`: the old addresses of imported posts, each with its post file."""

from __future__ import annotations

import re
from pathlib import Path

from ..structure.news import OLD_ID
from ..structure.problems import Problem
from .yamlfile import Located, read_yaml

# An old address as the site can answer it: a folder path (a page is generated there), or
# WordPress's `?p=ID` on the home page (a script there forwards it). A path the site's own
# sections use would hide a page of the site.
_OLD_PATH = re.compile(r"^(?!/)(?!.*(?:^|/)\.\.?(?:/|$))[^?#\s\\]+/$")
RESERVED = ("news/", "publications/", "tutorials/", "assets/", "search/", "tags/")


def old_address_problem(old: str) -> str | None:
    """Why `old` cannot be answered by the site, or None when it can."""
    if OLD_ID.match(old):
        return None
    if not _OLD_PATH.match(old):
        return f"'{old}' is neither a folder path such as 2022/06/15/slug/ nor ?p=123"
    if old.startswith(RESERVED):
        return f"'{old}' is under a section of the site ({old.split('/')[0]}/): its page would hide the site's"
    return None


def read_redirects(path: Path, root: Path) -> tuple[list[tuple[str, str, int]], list[Problem]]:
    """(old address, post file under content/, line) for each entry; none when there is no file."""
    if not path.is_file():
        return [], []
    data, problems = read_yaml(path, root)
    shown = path.relative_to(root).as_posix()
    if data is None:
        return [], problems
    if not isinstance(data, Located):
        return [], problems + [Problem(shown, 1, "redirects.yml maps old addresses to post files (2022/06/15/slug/: news/posts/2022-06-15-slug.md)")]
    redirects = []
    for old, target in data.items():
        line = data.line_of(old)
        why = old_address_problem(str(old))
        if why:
            problems.append(Problem(shown, line, why))
        elif not isinstance(target, str):
            problems.append(Problem(shown, line, f"'{old}' leads to {target!r}: name a post file (news/posts/....md)"))
        else:
            redirects.append((str(old), target, line))
    return redirects, problems

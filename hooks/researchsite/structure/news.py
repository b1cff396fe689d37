"""News as the site shows it: hand-written posts and the announcements generated from papers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property


@dataclass
class Post:
    path: str  # under content/: news/posts/2022-04-07-community-award.md
    source: str  # where a problem with it is reported: the post, or the paper's YAML
    line: int
    title: str
    date: date
    slug: str
    papers: list[str] = field(default_factory=list)  # citekeys the post is about
    projects: list[str] = field(default_factory=list)  # ids of the projects it is about
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    draft: bool = False
    excerpt: str = ""  # Markdown before the excerpt separator (the whole post if there is none)
    announces: str | None = None  # the key of the paper this post was generated to announce
    markdown: str = ""  # a hand-written post's file as written, front matter included
    citations: list = field(default_factory=list)  # its [@key] citations of the site's papers (load.citations.Citation)

    @property
    def is_generated(self) -> bool:
        return self.announces is not None

    def is_published(self, today: date) -> bool:
        return not self.draft and self.date <= today


# WordPress's own address of a post, on the home page: `?p=123`.
OLD_ID = re.compile(r"^\?p=(\d+)$")


@dataclass(frozen=True)
class Redirect:
    """An old address of a post (from the blog it was imported from) that still leads to it."""

    old: str  # relative to the site: "2022/06/15/slug/", or "?p=123" on the home page
    post: Post


@dataclass
class News:
    posts: list[Post]  # newest first, drafts and future posts included (the blog plugin hides them)
    today: date
    redirects: list[Redirect] = field(default_factory=list)  # of published posts only

    # Cached: every page of a build asks these, and the posts do not change within one.
    @cached_property
    def published(self) -> list[Post]:
        return [post for post in self.posts if post.is_published(self.today)]

    def about(self, key: str) -> list[Post]:
        """The published posts that name a paper: its page's "In the news"."""
        return self._about.get(key, [])

    def post_at(self, path: str) -> Post | None:
        return self._at.get(path)

    @cached_property
    def _about(self) -> dict[str, list[Post]]:
        about: dict[str, list[Post]] = {}
        for post in self.published:
            # Named in `papers:` or cited in the text: either way the post is about the paper.
            for key in dict.fromkeys([*post.papers, *(key for citation in post.citations for key in citation.keys)]):
                about.setdefault(key, []).append(post)
        return about

    @cached_property
    def _at(self) -> dict[str, Post]:
        return {post.path: post for post in self.posts}

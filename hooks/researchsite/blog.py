"""Where Material's blog plugin serves each post, worked out by the plugin's own code: what a post
shows in HTML (its papers' cards) links from that address, and MkDocs rewrites no HTML link."""

from __future__ import annotations

import posixpath
from datetime import datetime, time
from pathlib import Path
from types import SimpleNamespace

from .news import post_slug
from .structure.news import Post
from .structure.problems import Problem


def posts_placed(blog, posts: list[Post], language: str) -> dict[str, str]:
    """Each post's source path -> the page path the blog plugin gives it (news/posts/x.md ->
    news/2022/04/07/x.md), by its `_format_path_for_post`, which its own on_files calls after the
    generation, given what it reads of a post (title, date, categories, slug, file name): the
    site's post_url_format, its date format and its slugify functions count."""
    posts_dir = posixpath.normpath(blog.config.post_dir.format(blog=blog.config.blog_dir))
    config = SimpleNamespace(theme={"language": language})  # all the plugin reads of MkDocs' config here
    placed = {}
    for post in posts:
        if not post.path.startswith(f"{posts_dir}/"):
            continue
        # The front matter's slug, if it gave one; else the plugin's slugify of the title (ours is
        # its default, which a site may have changed).
        slug = None if post.slug == post_slug(post.title) else post.slug
        seen = SimpleNamespace(
            title=post.title,
            config=SimpleNamespace(categories=post.categories, date=SimpleNamespace(created=datetime.combine(post.date, time())), slug=slug),
            file=SimpleNamespace(name=posixpath.splitext(posixpath.basename(post.path))[0]),
        )
        placed[post.path] = blog._format_path_for_post(seen, config)
    return placed


def excerpt_end(blog) -> str | None:
    """The separator a post's cards are put after when the post wrote none: a blog whose excerpt
    is then the whole post (`post_excerpt: optional`, the plugin's default) would show them on
    the news list, from whose address their links lead nowhere. None under `required`, where the
    build stops naming each post that lacks one (`missing_excerpt_ends`)."""
    return None if blog.config.post_excerpt == "required" else blog.config.post_excerpt_separator


def missing_excerpt_ends(blog, posts: list[Post]) -> list[Problem]:
    """Under `post_excerpt: required`, each hand-written post without the separator, by its own
    file: the plugin's error names the copy the build wrote of a post it adds cards to."""
    if blog is None or blog.config.post_excerpt != "required":
        return []
    separator = blog.config.post_excerpt_separator
    return [
        Problem(post.source, None, f"no '{separator}' where the teaser ends, which the news list shows (post_excerpt: required in mkdocs.yml)")
        for post in posts
        if not post.is_generated and separator not in post.markdown
    ]


def blog_urls(blog, posts: list[Post], language: str) -> dict:
    """What a site's `Urls` take from its blog (none without one): where it serves each post,
    and where a post's cards end its excerpt."""
    if blog is None:
        return {}
    return {"placed": posts_placed(blog, posts, language), "excerpt_end": excerpt_end(blog)}


def blog_urls_by(config_file: Path, posts: list[Post]) -> dict:
    """The same for the blog that `config_file` (mkdocs.yml) configures, as MkDocs loads it (for
    `researchsite pages`, whose output MkDocs builds without the hook)."""
    if not posts or not config_file.is_file():
        return {}
    from mkdocs.config import load_config  # only here: the generation step does not need MkDocs

    config = load_config(str(config_file))
    return blog_urls(config.plugins.get("material/blog"), posts, config.theme["language"])

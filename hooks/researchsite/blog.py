"""Where Material's blog plugin serves each post, worked out by the plugin's own code: what a post
shows in HTML (its papers' cards) links from that address, and MkDocs rewrites no HTML link."""

from __future__ import annotations

import posixpath
from datetime import datetime, time
from pathlib import Path
from types import SimpleNamespace

from .news import post_slug
from .structure.news import Post


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


def posts_placed_by(config_file: Path, posts: list[Post]) -> dict[str, str]:
    """The same for the blog that `config_file` (mkdocs.yml) configures, as MkDocs loads it; none
    without one (for `researchsite pages`, whose output MkDocs builds without the hook)."""
    if not posts or not config_file.is_file():
        return {}
    from mkdocs.config import load_config  # only here: the generation step does not need MkDocs

    config = load_config(str(config_file))
    blog = config.plugins.get("material/blog")
    return posts_placed(blog, posts, config.theme["language"]) if blog is not None else {}

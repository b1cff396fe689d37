"""Where the blog plugin serves each post, as the papers' cards on it link from (researchsite.blog),
and the hook's warning when the blog serves a post elsewhere."""

from __future__ import annotations

import logging
from datetime import date
from types import SimpleNamespace

from material.plugins.blog.plugin import BlogPlugin

from researchsite import hooks
from researchsite.blog import excerpt_end, missing_excerpt_ends, posts_placed
from researchsite.news import post_slug
from researchsite.structure.news import Post


def post(path: str, title: str, categories=(), slug: str | None = None) -> Post:
    return Post(path, path, 1, title, date(2022, 4, 7), slug or post_slug(title), categories=list(categories))


def blog(**options) -> BlogPlugin:
    plugin = BlogPlugin()
    errors, warnings = plugin.load_config({"blog_dir": "news", **options})
    assert errors == [] and warnings == []
    return plugin


def test_a_post_is_where_the_plugins_own_format_puts_it():
    posts = [
        post("news/posts/2022-04-07-award.md", "Packet Order Matters won the NSDI '22 Community Award!", ["Awards"]),
        post("news/posts/2022-04-07-own.md", "A title", ["Career", "Awards"], slug="my-own-slug"),
        post("elsewhere/x.md", "Not a post of the blog"),
    ]
    assert posts_placed(blog(post_url_format="{date}/{slug}"), posts, "en") == {
        "news/posts/2022-04-07-award.md": "news/2022/04/07/packet-order-matters-won-the-nsdi-22-community-award.md",
        "news/posts/2022-04-07-own.md": "news/2022/04/07/my-own-slug.md",
    }
    # The site's own format, date format and number of categories in the address.
    custom = blog(post_url_format="{categories}/{date}/{file}", post_url_date_format="yyyy", post_url_max_categories=2)
    assert posts_placed(custom, posts[:2], "en") == {
        "news/posts/2022-04-07-award.md": "news/awards/2022/2022-04-07-award.md",
        "news/posts/2022-04-07-own.md": "news/career/awards/2022/2022-04-07-own.md",
    }


def test_a_post_the_blog_serves_elsewhere_than_its_cards_links_expect_is_a_warning_mkdocs_counts(caplog, monkeypatch):
    monkeypatch.setitem(hooks._build, "placed", {"news/posts/x.md": "news/2022/04/07/x/"})
    monkeypatch.delitem(hooks._build, "problems", raising=False)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="news/posts/x.md"), url="news/2022/04/07/x/")
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        assert hooks.on_page_markdown("# X", page=page, config=None, files=None) == "# X"
        assert caplog.records == []
        page.url = "news/2022/x/"
        hooks.on_page_markdown("# X", page=page, config=None, files=None)
    (record,) = caplog.records
    assert record.name.startswith("mkdocs.") and record.levelno == logging.WARNING  # --strict fails on it
    assert record.getMessage() == "news/posts/x.md: the blog serves this post at news/2022/x/, not at news/2022/04/07/x/, where the links of its papers' cards were written for"


def test_a_posts_cards_end_its_excerpt_unless_the_blog_requires_the_researchers_own_end():
    # Material's default takes a post without a separator whole: the cards go after one.
    assert excerpt_end(blog()) == "<!-- more -->"
    assert excerpt_end(blog(post_excerpt="optional", post_excerpt_separator="<!-- cut -->")) == "<!-- cut -->"
    assert excerpt_end(blog(post_excerpt="required")) is None
    written = Post("news/posts/a.md", "content/news/posts/a.md", 1, "A", date(2022, 4, 7), "a", markdown="# A\n\nNo end.\n")
    ended = Post("news/posts/b.md", "content/news/posts/b.md", 1, "B", date(2022, 4, 7), "b", markdown="# B\n\nx\n\n<!-- more -->\n")
    announced = Post("news/posts/c.md", "papers/c.yml", 3, "C", date(2022, 4, 7), "c", announces="c")
    assert [str(p) for p in missing_excerpt_ends(blog(post_excerpt="required"), [written, ended, announced])] == [
        "content/news/posts/a.md: no '<!-- more -->' where the teaser ends, which the news list shows (post_excerpt: required in mkdocs.yml)"
    ]
    assert missing_excerpt_ends(blog(), [written]) == [] and missing_excerpt_ends(None, [written]) == []

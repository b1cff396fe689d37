"""researchsite.partials: a partial is rendered again exactly when what it shows can differ: the
items marked active, a link as seen from the page, or a page the navigation names."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

import jinja2

from researchsite.partials import render_once

NAV = """{{ note(page) }}{% for item in nav.items %}<a href="{{ item.url | url }}"{% if item.active %} class="active"{% endif %}>\
{{ item.title }}</a>{% if item == page %}[{{ page.title }}]{% endif %}{% endfor %}"""


@dataclass(eq=False)
class Item:
    title: str
    url: str
    active: bool = False
    children: list = field(default_factory=list)


@dataclass
class Nav:
    items: list


@jinja2.pass_context
def url(context, value: str) -> str:
    """Relative to the page, as MkDocs' filter makes links."""
    base = context["page"].url.rstrip("/") or "."
    return posixpath.relpath(value or ".", base) + "/"


def environment() -> tuple[jinja2.Environment, list[str]]:
    """An environment whose nav.html is rendered once where it can be, and the pages it was
    rendered for (in the order it was)."""
    rendered = []

    class Loader(jinja2.BaseLoader):
        def get_source(self, env, name):
            return {"nav.html": NAV, "page.html": "{% include 'nav.html' %}"}[name], name, lambda: True

    env = jinja2.Environment(loader=Loader())
    env.filters["url"] = url
    env.globals["note"] = lambda page: rendered.append(page.url) or ""
    render_once(env, ("nav.html",))
    return env, rendered


def page_html(env, nav, page) -> str:
    return env.get_template("page.html").render(nav=nav, page=page)


def uncached(nav, page) -> str:
    env = jinja2.Environment(loader=jinja2.DictLoader({"nav.html": NAV}))
    env.filters["url"] = url
    env.globals["note"] = lambda page: ""
    return env.get_template("nav.html").render(nav=nav, page=page)


def test_pages_whose_links_come_out_the_same_share_one_rendering():
    env, rendered = environment()
    nav = Nav([Item("Home", ""), Item("News", "news/")])
    first, second = Item("A", "papers/a/"), Item("B", "papers/b/")
    assert page_html(env, nav, first) == uncached(nav, first)
    assert page_html(env, nav, second) == uncached(nav, second)
    assert rendered == ["papers/a/"]


def test_a_page_with_other_links_is_rendered_again():
    env, rendered = environment()
    nav = Nav([Item("Home", ""), Item("Papers", "papers/")])
    deeper, beside = Item("A", "papers/a/"), Item("T", "talks/t/")
    page_html(env, nav, deeper)
    assert page_html(env, nav, beside) == uncached(nav, beside)
    assert rendered == ["papers/a/", "talks/t/"]


def test_another_active_item_is_rendered_again():
    env, rendered = environment()
    news = Item("News", "news/")
    nav = Nav([Item("Home", ""), news])
    plain, post = Item("A", "x/a/"), Item("P", "x/p/")
    page_html(env, nav, plain)
    news.active = True  # as MkDocs marks a post's section while it renders the post
    assert page_html(env, nav, post) == uncached(nav, post)
    assert 'class="active"' in page_html(env, nav, post)
    assert rendered == ["x/a/", "x/p/"]


def test_a_page_the_navigation_names_is_rendered_each_time():
    env, rendered = environment()
    home = Item("Home", "")
    nav = Nav([home, Item("News", "news/")])
    assert page_html(env, nav, home) == uncached(nav, home)
    assert "[Home]" in page_html(env, nav, home)
    assert rendered == ["", ""]

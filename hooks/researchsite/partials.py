"""Material's navigation and header tabs, rendered once for all the pages they look the same on.

Every page carries the whole navigation (partials/nav.html, the drawer) and the header tabs
(partials/tabs.html); rendering them was about a tenth of rendering a paper's page (the header's
search box and colour switch, the same on every page, another tenth of what was left). What they
show depends on the page in two ways only: which items are marked active, and the links, which
are relative to the page's URL (Material's `url` filter). So a rendering is kept by the items'
state, and reused for a page on which every link its first rendering made comes out the same;
pages that the navigation names itself (which get their table of contents in it) are rendered as
ever. A rendering is kept for one build (the environment is made anew for each).
"""

from __future__ import annotations

from collections.abc import Iterator

import jinja2

# The partials, as Material's base.html and header.html include them: the navigation and the
# tabs, and the header's search box and colour switch, which show nothing of the page at all.
SHARED_PARTIALS = ("partials/nav.html", "partials/tabs.html", "partials/search.html", "partials/palette.html")


def render_once(env: jinja2.Environment, names: tuple[str, ...] = SHARED_PARTIALS) -> None:
    """Each partial of `env` named, its renderings kept while the environment lives."""
    for name in names:
        try:
            template = env.get_template(name)
        except jinja2.TemplateNotFound:
            continue
        if not isinstance(template.root_render_func, _KeptRenderings):
            template.root_render_func = _KeptRenderings(env, template.root_render_func)


class _KeptRenderings:
    """A template's render function (what `{% include %}` calls with the including page's
    context), its output kept by the navigation's state and the links it made."""

    def __init__(self, env: jinja2.Environment, render):
        self._env = env
        self._render = render
        # The navigation's state -> the values given to `url`, and per their links, the markup.
        self._made: dict[tuple, tuple[tuple, dict[tuple, str]]] = {}

    def __call__(self, context: jinja2.runtime.Context) -> Iterator[str]:
        nav, page = context.get("nav"), context.get("page")
        if nav is None or page is None or _named_by(nav, page):
            yield from self._render(context)
            return
        state = tuple((id(item), bool(getattr(item, "active", False))) for item in _items(nav.items))
        url = self._env.filters["url"]  # the blog plugin sets its own: looked up each time
        if state in self._made:
            targets, markup = self._made[state]
            links = tuple(url(context, target) for target in targets)
            if links in markup:
                yield markup[links]
                return
        # Rendered, noting every link it makes; the same links from another page give the same markup.
        targets = []

        def noted_url(context, value):
            targets.append(value)
            return url(context, value)

        self._env.filters["url"] = jinja2.pass_context(noted_url)
        try:
            made = "".join(self._render(context))
        finally:
            self._env.filters["url"] = url
        kept_targets, markup = self._made.setdefault(state, (tuple(targets), {}))
        if kept_targets == tuple(targets):
            markup[tuple(url(context, target) for target in targets)] = made
        yield made


def _items(items) -> Iterator:
    for item in items or ():
        yield item
        yield from _items(getattr(item, "children", None))


def _named_by(nav, page) -> bool:
    """Whether the navigation names `page` (an item, or a page of a blog view's pagination):
    Material then marks it and writes its table of contents into the navigation."""
    for item in _items(nav.items):
        if item is page or item == page or page in (getattr(item, "pages", None) or ()):
            return True
    return False

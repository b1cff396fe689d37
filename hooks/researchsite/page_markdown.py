"""The pages of HTML blocks (a paper's, the lists, the CV) converted by one Python-Markdown a
build, reset between pages.

MkDocs makes a new `markdown.Markdown` for every page (`Page.render`), with every extension the
site names: half a millisecond of the 1.1 ms a paper's page took from its source to its HTML,
its Markdown being only headings around HTML blocks. Python-Markdown is made to convert many
documents with one instance (`Markdown.reset()` between them, which every extension with state
of its own registers for); MkDocs' own page-bound processors (anchors, relative links, title)
are made anew for each page, as `Page.render` makes them, and the page gets what `Page.render`
gives it.
"""

from __future__ import annotations

import logging

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

_mkdocs_log = logging.getLogger("mkdocs.structure.pages")


class SharedMarkdown:
    """`Page.render` for many pages of one build (one configuration), with one Markdown, made
    at the first page."""

    def __init__(self):
        self._md: markdown.Markdown | None = None

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        if self._md is None:
            self._md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
        md = self._md
        md.reset()
        raw_html = _RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = _ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative_paths = _RelativePathTreeprocessor(page.file, files, config)
        relative_paths._register(md)
        title = _ExtractTitleTreeprocessor()
        title._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if _mkdocs_log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_paths.links_to_anchors

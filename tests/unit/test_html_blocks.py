"""The large HTML blocks of the generated lists (the publication list's years, the CV's sections,
the group) go around Python-Markdown: the page's HTML, table of contents and anchors are those
Markdown makes of the whole page, which `researchsite pages` still writes."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config
from mkdocs.structure.pages import _RawHTMLPreprocessor

from researchsite.generate.pages import GROUP_PAGE, HTML_BLOCK, LIST_PAGE, Urls, anchor_ids, site_files, with_html_blocks
from researchsite.generate import cv
from researchsite.project import load_project

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import with_group_and_teaching  # noqa: E402


def converted(text: str, project: Path) -> tuple[str, list, set[str]]:
    """A page's Markdown as MkDocs converts it, with the site's extensions: HTML, toc, raw HTML's anchors."""
    config = load_config(str(project / "mkdocs.yml"))
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})
    anchors = _RawHTMLPreprocessor()
    anchors._register(md)
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text  # MkDocs reads the front matter first
    return md.convert(body), md.toc_tokens, anchors.present_anchor_ids


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from conftest import site_skeleton

    project = with_group_and_teaching(site_skeleton(tmp_path_factory.mktemp("blocks") / "site", with_example_papers=True))
    return project, {file.path: file for file in site_files(load_project(project), Urls())}


@pytest.mark.parametrize("path", [LIST_PAGE, cv.PAGE, GROUP_PAGE])
def test_a_page_of_html_blocks_converts_as_its_whole_markdown(generated, path):
    project, files = generated
    page = files[path]
    assert page.html_blocks, "the page hands its lists over as HTML blocks"
    skeleton = page.skeleton
    assert len(skeleton) < len(page.content) / 2 and len(HTML_BLOCK.findall(skeleton)) == len(page.html_blocks)
    assert with_html_blocks(skeleton, page.html_blocks) == page.content  # what `researchsite pages` writes
    whole_html, whole_toc, whole_anchors = converted(page.content, project)
    html, toc, anchors = converted(skeleton, project)
    assert with_html_blocks(html, page.html_blocks) == whole_html
    assert toc == whole_toc
    assert anchors | anchor_ids(page.html_blocks) == whole_anchors


def test_a_paper_page_converts_as_its_whole_markdown(generated):
    """The paper pages' header, abstract, versions, talks and citation are HTML blocks: Markdown
    reads only their headings, the summary and the news links, and the page comes out the same."""
    project, files = generated
    papers = [file for path, file in files.items() if re.fullmatch(r"publications/[^/]+\.md", path) and path != LIST_PAGE]
    assert len(papers) >= 7 and all(page.html_blocks for page in papers)
    for kind in ("rs-paper-page", "rs-versions", "rs-talks", "rs-missing", "rs-abstract", "rs-bibtex", "rs-downloads"):
        assert any(kind in block for page in papers for block in page.html_blocks), f"no paper page has a {kind} block"
    for page in papers:
        whole_html, whole_toc, whole_anchors = converted(page.content, project)
        html, toc, anchors = converted(page.skeleton, project)
        assert with_html_blocks(html, page.html_blocks) == whole_html, page.path
        assert toc == whole_toc and anchors | anchor_ids(page.html_blocks) == whole_anchors, page.path


def test_the_search_entries_of_a_paper_page_are_materials_own(generated):
    from mkdocs.structure.toc import get_toc

    from researchsite import search_blocks

    project, files = generated
    for path, page in files.items():
        if re.fullmatch(r"publications/[^/]+\.md", path) and path != LIST_PAGE:
            html, toc, _ = converted(page.skeleton, project)
            shown = _Page(with_html_blocks(html, page.html_blocks), get_toc(toc), path.removesuffix(".md") + "/", "A title")
            assert entries_of(shown, page.html_blocks, search_blocks.BlockTexts()) == entries_of(shown), path


def test_the_anchors_of_html_blocks_are_those_an_html_parser_finds():
    blocks = ('<li id="a&amp;b" class="x"><a href="#" name="top">x</a><span data-id="no">id="no"</span></li>', '<a name="n2" id="i2">')
    assert anchor_ids(blocks) == {"a&b", "top", "n2", "i2"}


class _Page:
    """What the search index reads of a page: its HTML, meta, toc, URL and title."""

    def __init__(self, content: str, toc, url: str, title: str):
        self.content, self.toc, self.url, self.title, self.meta = content, toc, url, title, {"title": title}


def entries_of(page: _Page, blocks=None, texts=None) -> list[dict]:
    from material.plugins.search.plugin import SearchIndex

    from researchsite.search_blocks import add_entries

    index = SearchIndex(lang=["en"], separator=r"[\s\-]+", pipeline=[], fields={})
    if blocks is None:
        index.add_entry_from_context(page)
    else:
        add_entries(index, page, blocks, texts)
    return index.entries


@pytest.mark.parametrize("path", [LIST_PAGE, cv.PAGE, GROUP_PAGE])
def test_the_search_entries_of_a_page_read_a_block_at_a_time_are_materials_own(generated, path, monkeypatch):
    from mkdocs.structure.toc import get_toc

    from researchsite import search_blocks

    project, files = generated
    page = files[path]
    html, toc, _ = converted(page.skeleton, project)
    shown = _Page(with_html_blocks(html, page.html_blocks), get_toc(toc), path.removesuffix("index.md"), "A title")
    read_alone, in_place = [], []
    alone, place = search_blocks._alone, search_blocks._in_place
    monkeypatch.setattr(search_blocks, "_alone", lambda block: read_alone.append(block) or alone(block))
    monkeypatch.setattr(search_blocks, "_in_place", lambda parser: in_place.append(place(parser)) or in_place[-1])
    texts = search_blocks.BlockTexts()
    assert entries_of(shown, page.html_blocks, texts) == entries_of(shown)
    assert read_alone == list(page.html_blocks) and in_place == [True] * len(page.html_blocks)  # none read in place
    texts.done()
    assert entries_of(shown, page.html_blocks, texts) == entries_of(shown) and len(read_alone) == len(page.html_blocks)


def test_a_block_the_parser_would_read_otherwise_in_place_is_read_in_place():
    from researchsite import search_blocks

    blocks = (
        '<ol><li>First</li></ol>',
        '<ol><li>Second <h3 id="inner">A heading</h3> text</li></ol>',  # a heading: a section of its own
        '<div data-search-exclude="yes"><p>Hidden</p>',  # left open: what follows is excluded
    )
    content = f'<h2 id="a">A</h2>\n{blocks[0]}\n<p>Between</p>\n{blocks[1]}\n<h2 id="b">B</h2>\n{blocks[2]}\n<p>After</p>\n'
    page = _Page(content, [], "x/", "X")
    assert search_blocks._alone(blocks[1]) is None and search_blocks._alone(blocks[2]) is None
    assert entries_of(page, blocks, search_blocks.BlockTexts()) == entries_of(page)
    assert [entry["location"] for entry in entries_of(page)] == ["x/", "x/#a", "x/#inner", "x/#b"]


def test_blocks_from_a_template_are_read_as_text_and_only_where_reading_alone_serves(monkeypatch):
    """Blocks come from the templates as Markup: fed to the parser as such, the page's HTML after a
    block read in place would be escaped into its text (the next heading lost). A block the parser
    must read in place anyway is not read alone first."""
    from markupsafe import Markup

    from researchsite import search_blocks

    blocks = (
        Markup("<ol><li>First</li></ol>"),
        Markup('<ol><li>Second <h3 id="inner">A heading</h3> text</li></ol>'),  # after a <p>: not in place
        Markup('<div data-search-exclude="yes"><p>Hidden</p>'),  # in place, but left open
    )
    content = f'<h2 id="a">A</h2>\n{blocks[0]}\n<p>Between</p>\n{blocks[1]}\n<h2 id="b">B</h2>\n{blocks[2]}\n<p>After</p>\n'
    page = _Page(content, [], "x/", "X")
    read_alone, alone = [], search_blocks._alone
    monkeypatch.setattr(search_blocks, "_alone", lambda block: read_alone.append(block) or alone(block))
    entries = entries_of(page, blocks)
    assert entries == entries_of(page)
    assert [entry["location"] for entry in entries] == ["x/", "x/#a", "x/#inner", "x/#b"]
    assert read_alone == [blocks[0], blocks[2]] and all(type(block) is str for block in read_alone)


def test_a_paper_page_hands_its_own_front_matter_to_mkdocs_as_data(generated):
    """The hook gives MkDocs a paper's page without its `researchsite` front matter (the Scholar
    tags and JSON-LD, which PyYAML was slow to read back) and puts that in the page's meta: the
    meta, keys in order, and the Markdown MkDocs reads are those of the whole page."""
    from mkdocs.utils.meta import get_data

    from researchsite.hooks import MATTER_AS_DATA

    _, files = generated
    papers = [file for path, file in files.items() if path.startswith("publications/") and path.count("/") == 1 and path != LIST_PAGE and path.endswith(".md")]
    for page in papers:
        markdown, apart = page.apart_from_matter(MATTER_AS_DATA)
        assert list(apart) == ["researchsite"] and apart["researchsite"]["scholar"], page.path
        assert len(markdown) < len(page.skeleton)
        body, meta = get_data(markdown)
        whole_body, whole_meta = get_data(page.skeleton)
        meta.update(apart)  # as on_page_markdown does
        assert body == whole_body and list(meta.items()) == list(whole_meta.items()), page.path

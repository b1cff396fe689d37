"""The large HTML blocks of the generated lists (the publication list's years, the CV's sections,
the group) go around Python-Markdown: the page's HTML, table of contents and anchors are those
Markdown makes of the whole page, which `researchsite pages` still writes."""

from __future__ import annotations

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


def test_the_anchors_of_html_blocks_are_those_an_html_parser_finds():
    blocks = ('<li id="a&amp;b" class="x"><a href="#" name="top">x</a><span data-id="no">id="no"</span></li>', '<a name="n2" id="i2">')
    assert anchor_ids(blocks) == {"a&b", "top", "n2", "i2"}

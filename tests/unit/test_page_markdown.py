"""researchsite.page_markdown: pages converted in turn by one Python-Markdown get what MkDocs'
`Page.render`, a new Markdown for each, gives them, and nothing of one page reaches the next."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from researchsite import hooks
from researchsite.generate.pages import Urls, site_files
from researchsite.page_markdown import SharedMarkdown
from researchsite.project import load_project

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import site_skeleton, with_group_and_teaching  # noqa: E402


def rendered(page: Page) -> tuple:
    """Everything `Page.render` sets."""
    toc = [(item.title, item.url, item.level, len(item.children)) for item in page.toc]
    links = {file.src_uri: anchors for file, anchors in (page.links_to_anchors or {}).items()}
    return page.content, toc, page.title, page.present_anchor_ids, links


def pages_of(config, sources: dict[str, str]) -> tuple[list[Page], Files]:
    files = Files([])
    for path, source in sources.items():
        file = File(path, None, config.site_dir, config.use_directory_urls)
        file.content_string = source
        files.append(file)
    return [Page(None, file, config) for file in files], files


def both_ways(config, sources: dict[str, str]) -> tuple[list, list]:
    """Each page as MkDocs renders it, and as one SharedMarkdown renders them all in turn."""
    shared, results = SharedMarkdown(), ([], [])
    for render, found in ((Page.render, results[0]), (shared.render, results[1])):
        pages, files = pages_of(config, sources)
        for page in pages:
            page.read_source(config)
            render(page, config, files)
            found.append(rendered(page))
    return results


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return with_group_and_teaching(site_skeleton(tmp_path_factory.mktemp("markdown") / "site", with_example_papers=True))


def test_the_pages_of_html_blocks_come_out_as_mkdocs_renders_them(project):
    config = load_config(str(project / "mkdocs.yml"))
    generated = [file for file in site_files(load_project(project), Urls()) if file.is_page and not file.is_post]
    sources = {file.path: file.skeleton for file in generated}
    assert sum(bool(file.html_blocks) for file in generated) >= 10
    expected, found = both_ways(config, sources)
    for path, mine, theirs in zip(sources, found, expected):
        assert mine == theirs, path


def test_nothing_of_one_page_reaches_the_next(project):
    config = load_config(str(project / "mkdocs.yml"))
    first = (
        "# One\n\n*[NFV]: Network Function Virtualization\n\nNFV at 100 Gbps.\n\n## Cite\n\n"
        '=== "BibTeX"\n\n    ```bibtex\n    @article{x}\n    ```\n\n=== "RIS"\n\n    TY  - JOUR\n\n'
        "<div id=\"kept\" markdown>*inside*</div>\n\n[a link](other.md#cite) :smile:\n"
    )
    second = '# Two\n\nNFV again, no abbreviation here.\n\n## Cite\n\n=== "BibTeX"\n\n    text\n\n[back](one.md)\n'
    sources = {"one.md": first, "other.md": second, "three.md": first}
    expected, found = both_ways(config, sources)
    assert found == expected
    assert "<abbr" in found[0][0] and "<abbr" not in found[1][0]
    assert 'id="__tabbed_1_1"' in found[1][0] and 'id="cite"' in found[1][0]  # counters and ids start again
    assert found[1][3] == expected[1][3] and "kept" not in found[1][3]  # the anchors are the page's own


def test_the_hook_converts_only_the_pages_of_html_blocks(project, monkeypatch):
    config = load_config(str(project / "mkdocs.yml"))
    pages, _ = pages_of(config, {"publications/x.md": "# X\n", "about.md": "# About\n"})
    monkeypatch.setitem(hooks._build, "html_blocks", {"publications/x.md": ("<p>x</p>",)})
    shared, hand_written = (hooks.on_pre_page(page, config=config, files=None) for page in pages)
    assert "render" in vars(shared) and "render" not in vars(hand_written)

    class OwnRender(Page):  # a renderer's or a plugin's own page: its render is what it means
        def render(self, config, files):
            self.content = "its own"

    page = OwnRender(None, pages[0].file, config)
    assert "render" not in vars(hooks.on_pre_page(page, config=config, files=None))

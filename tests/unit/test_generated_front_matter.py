"""The hook reads a generated page's front matter, JSON, with json instead of MkDocs' PyYAML: the
Markdown and values must be those MkDocs' own reader (`mkdocs.utils.meta.get_data`) gives."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from researchsite import hooks
from researchsite.generate.pages import Urls, _front_matter, site_files
from researchsite.project import load_project

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import site_skeleton, with_group_and_teaching  # noqa: E402

TRICKY = {
    "title": "Line\u2028separator, next\x85line, C1 \x9b, tab\t, quote \" and \\ and: # not a comment",
    "description": "Kostić, Ørsted, 😀 and --- a rule\n---\nand a long line " * 20,
    "hide": ["navigation", "toc"],
    "researchsite": {"scholar": [["citation_title", "A & B <c>"]], "jsonld": {"n": 3, "x": None, "y": True, "z": -12}},
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    project = with_group_and_teaching(site_skeleton(tmp_path_factory.mktemp("matter") / "site", with_example_papers=True))
    return project, [file for file in site_files(load_project(project), Urls()) if file.is_page]


def test_every_generated_page_reads_as_mkdocs_reads_it(generated):
    _, pages = generated
    read = [page for page in pages if hooks.json_front_matter(page.skeleton) is not None]
    assert len(read) >= 20, "the generated pages' front matter is JSON"
    for page in pages:
        source = page.skeleton
        assert (hooks.json_front_matter(source) or meta.get_data(source)) == meta.get_data(source), page.path


@pytest.mark.parametrize("body", ["", "# A heading\n", "\n\n\nText after blank lines\n---\nnot front matter\n"])
def test_the_characters_json_and_yaml_read_apart_read_the_same(body):
    source = _front_matter(TRICKY) + body
    assert hooks.json_front_matter(source) == meta.get_data(source)
    assert hooks.json_front_matter(source)[1] == TRICKY


@pytest.mark.parametrize(
    "matter",
    [
        '{"n": 1e+20}',  # YAML 1.1 reads this as text
        '{"n": 1.5}',
        '{"n": NaN}',
        '{"s": "\\ud83d\\ude00"}',  # libyaml refuses it: MkDocs keeps no front matter
        '["a list"]',  # not a mapping: MkDocs keeps no front matter
        '{"broken": }',
        '{"s": "a \\\\ud83d backslash"}',  # read by YAML, to be safe
    ],
)
def test_front_matter_json_may_read_otherwise_is_left_to_mkdocs(matter):
    assert hooks.json_front_matter(f"---\n{matter}\n---\n\nText\n") is None


def test_yaml_front_matter_is_left_to_mkdocs():
    assert hooks.json_front_matter("---\ntitle: A post\ndate: 2024-05-01\n---\n\nText\n") is None
    assert hooks.json_front_matter("No front matter\n") is None


def test_the_hook_reads_the_generated_pages_only(generated, monkeypatch):
    project, pages = generated
    config = load_config(str(project / "mkdocs.yml"))
    paper = next(page for page in pages if page.path.startswith("publications/") and page.path.count("/") == 1)
    own, made = File("about.md", None, config.site_dir, True), File(paper.path, None, config.site_dir, True)
    own.content_string, made.content_string = _front_matter({"title": "Mine"}) + "Text\n", paper.skeleton
    monkeypatch.setitem(hooks._build, "generated_pages", {paper.path})
    read_by_json = []
    monkeypatch.setattr(hooks, "json_front_matter", lambda source: read_by_json.append(source) or None)
    for file in (own, made):
        page = Page(None, file, config)
        hooks.on_pre_page(page, config=config, files=None).read_source(config)
        expected = Page(None, file, config)
        expected.read_source(config)
        assert (page.markdown, page.meta) == (expected.markdown, expected.meta)
    assert read_by_json == [paper.skeleton]

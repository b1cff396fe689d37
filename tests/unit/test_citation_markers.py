"""How a citation reads once resolved: numbers by first citation, authors in the text, the
references' lines (the example's papers, loaded as the build loads them)."""

from pathlib import Path

import pytest

from researchsite.generate.citations import cite, cited_authors, reference_authors
from researchsite.generate.pages import _citation_macros
from researchsite.load.citations import find_citations
from researchsite.project import load_project

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def papers():
    return load_project(REPO).publications.by_key()


def resolved(markdown, papers):
    return cite(markdown, find_citations(markdown), papers, _citation_macros("research.md"))


def test_numbers_follow_the_first_citation_and_repeat_for_the_same_paper(papers):
    text = resolved("A [@katsikas2018metron]. B [@barbette2020cheetah; @katsikas2018metron]. C [@barbette2020cheetah].\n", papers)
    body, references = text.split("## References")
    assert body.count("[1](publications/katsikas2018metron.md") == 2
    assert body.count("[2](publications/barbette2020cheetah.md") == 2
    assert "B \\[[2](publications/barbette2020cheetah.md" in body and "), [1](publications/katsikas2018metron.md" in body
    lines = [line for line in references.splitlines() if line]
    assert lines[0].startswith("1. ") and "Metron: NFV Service Chains" in lines[0]
    assert lines[1].startswith("2. ") and "A High\\-Speed Load\\-Balancer" in lines[1]


def test_the_text_around_the_numbers_is_kept(papers):
    text = resolved("[see @barbette2020cheetah, sec. 3; also @katsikas2018metron]", papers)
    assert text.startswith("\\[see [1](")
    assert "sec. 3; also [2](" in text


def test_authors_in_the_text_and_in_the_references(papers):
    cheetah = papers["barbette2020cheetah"]
    assert cited_authors(cheetah) == "Barbette et al."
    assert reference_authors(cheetah).endswith("Marco Chiesa")
    assert not reference_authors(papers["katsikas2018metron"]).endswith("..")


def test_a_page_without_citations_is_left_alone(papers):
    assert resolved("No citation here: tom@example.org.\n", papers) == "No citation here: tom@example.org.\n"


def test_a_footnotes_citation_is_numbered_where_its_mark_stands(papers):
    # As pandoc numbers them (its test/markdown-citations.txt): the note's text comes last, but
    # a reader meets its citation at the mark.
    text = resolved("A note.[^n] Then [@barbette2020cheetah].\n\n[^n]: See [@katsikas2018metron].\n", papers)
    body, references = text.split("## References")
    assert "See \\[[1](publications/katsikas2018metron.md" in body
    assert "Then \\[[2](publications/barbette2020cheetah.md" in body
    assert [line[:2] for line in references.splitlines() if line] == ["1.", "2."]
    assert "Metron" in [line for line in references.splitlines() if line][0]

"""The papers kept from one load to the next (`mkdocs serve`: ProjectCache, papers.PaperCache).
After any edit, a load with the cache gives the papers and the problems a load from nothing
gives; each test edits one thing a paper is made of, which the cache's key must hold."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from researchsite.project import ProjectCache, load_project
from researchsite.structure.problems import ProblemsFound

TODAY = date(2026, 1, 1)
BAD_DOI = "@misc{extra2024, author = {Tom Barbette}, title = {Extra}, year = 2024, doi = {not a doi}}\n"


def loaded(project: Path, cache: ProjectCache | None):
    try:
        model = load_project(project, today=TODAY, cache=cache)
    except ProblemsFound as problems:
        return None, [str(problem) for problem in problems.problems]
    return model.publications.papers, [str(problem) for problem in model.warnings]


def same_as_from_nothing(project: Path, cache: ProjectCache):
    kept, fresh = loaded(project, cache), loaded(project, None)
    assert kept[1] == fresh[1]
    assert kept[0] == fresh[0]
    if kept[0] is not None:
        assert [repr(paper) for paper in kept[0]] == [repr(paper) for paper in fresh[0]]
    return kept


@pytest.fixture
def site(new_site):
    project = new_site(with_example_papers=True)
    (project / "papers" / "extra.bib").write_text(BAD_DOI)
    return project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_load_with_nothing_changed_keeps_every_paper(site):
    cache = ProjectCache()
    first, _ = same_as_from_nothing(site, cache)
    again, warnings = same_as_from_nothing(site, cache)
    assert all(paper is kept for paper, kept in zip(again, first))
    assert any("extra.bib:1: warning: doi 'not a doi'" in warning for warning in warnings)  # said again


EDITS = {
    "the paper's YAML": lambda site: edit(site / "papers" / "barbette2020cheetah.yml", "selected: true", "selected: true\naward: Best Paper"),
    "its BibTeX entry": lambda site: edit(site / "papers" / "barbette.bib", "Packet Order Matters!", "Packet Order Matters, Edited!"),
    "the venues' rules": lambda site: edit(site / "site_config" / "venues.yml", "- short: NSDI\n", "- short: NSDI-X\n"),
    "the people": lambda site: (site / "site_config" / "people.yml").write_text(
        (site / "site_config" / "people.yml").read_text() + "- name: Amir Roozbeh\n  url: https://example.org/amir\n"
    ),
    "another paper's extends": lambda site: edit(site / "papers" / "katsikas-metron-tocs.yml", "extends: katsikas2018metron\n", ""),
    "the lines above its entry": lambda site: (site / "papers" / "extra.bib").write_text("% Two lines\n% above it.\n" + BAD_DOI),
    "a @string its entry uses": lambda site: (site / "papers" / "extra.bib").write_text(
        '@string{me = "Tom Barbette"}\n' + BAD_DOI.replace("{Tom Barbette}", "me")
    ),
}


@pytest.mark.parametrize("what", list(EDITS))
def test_an_edit_to_what_a_paper_is_made_of_shows(site, what):
    cache = ProjectCache()
    before = same_as_from_nothing(site, cache)
    EDITS[what](site)
    after = same_as_from_nothing(site, cache)
    assert after != before or what == "a @string its entry uses"  # the same author, by a macro


def test_a_file_a_link_names_counts_once_it_is_there(site):
    """A paper's local PDF is looked for under content/: adding it is an edit of the paper."""
    cache = ProjectCache()
    edit(site / "papers" / "barbette2020cheetah.yml", "selected: true", "selected: true\npdf: files/cheetah.pdf")
    _, warnings = same_as_from_nothing(site, cache)
    assert any("cheetah.pdf" in warning for warning in warnings)
    (site / "content" / "files").mkdir(exist_ok=True)
    (site / "content" / "files" / "cheetah.pdf").write_bytes(b"%PDF-1.4\n")
    papers, warnings = same_as_from_nothing(site, cache)
    assert not any("cheetah.pdf" in warning for warning in warnings)
    cheetah = next(paper for paper in papers if paper.key == "barbette2020cheetah")
    assert cheetah.link("pdf").url == "files/cheetah.pdf"
    (site / "content" / "files" / "cheetah.pdf").unlink()
    same_as_from_nothing(site, cache)


def test_a_broken_load_and_its_repair(site):
    cache = ProjectCache()
    same_as_from_nothing(site, cache)
    (site / "papers" / "extra.bib").write_text(BAD_DOI + BAD_DOI)  # a repeated key: an error
    papers, problems = same_as_from_nothing(site, cache)
    assert papers is None and any("duplicate key 'extra2024'" in problem for problem in problems)
    (site / "papers" / "extra.bib").write_text(BAD_DOI)
    same_as_from_nothing(site, cache)


def test_the_cvs_pdf_data_kept_by_paper_is_the_data_made_anew(site):
    """cv.pdf's data keeps each paper's part by the paper and its page (generate/cv.py): after an
    edit to a paper, the data given to Typst is the data a build from nothing gives."""
    from datetime import date as day

    from researchsite.generate.cv import pdf_data, shown_sections
    from researchsite.generate.pages import GenerationCache

    def data(project, cache):
        sections = shown_sections(project)
        papers = [paper for section in sections for _, group in section.groups for paper in group]
        urls = {paper.key: f"https://example.org/publications/{paper.slug}/" for paper in papers}
        made = pdf_data(project, sections, urls, None, day(2026, 1, 1), cache=cache)
        if cache is not None:
            cache.done()
        return made

    kept, generated = ProjectCache(), GenerationCache()
    data(load_project(site, today=TODAY, cache=kept), generated)
    for what in ("the paper's YAML", "its BibTeX entry", "the venues' rules"):
        EDITS[what](site)
        assert data(load_project(site, today=TODAY, cache=kept), generated) == data(load_project(site, today=TODAY), None)

"""The CV in a real build: /cv/ in the navigation, cv.pdf beside it with the same content (read
back: searchable text, working links); a site without cv.yml has neither; a broken cv.yml stops
the build at its line."""

from __future__ import annotations

import sys
from pathlib import Path

import pypdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import REPO, run_mkdocs  # noqa: E402
from sitecheck import parse, text  # noqa: E402

from researchsite.project import load_project  # noqa: E402

CV = """\
# yaml-language-server: $schema=../hooks/researchsite/schemas/cv.schema.json
sections: [positions, education, publications, awards]
publications: selected
positions:
  - title: Assistant Professor
    institution: UCLouvain
    start: 2022-09
    end: present
    url: https://uclouvain.be/
education:
  - degree: PhD in Computer Science
    institution: Université de Liège
    advisor: Laurent Mathy
    end: 2018
awards:
  - title: Community Award
    by: USENIX NSDI '22
    date: 2022-04
"""


def pdf_links(reader: pypdf.PdfReader) -> list[str]:
    return [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link" and "/URI" in annotation.get_object().get("/A", {})
    ]


def test_the_cv_page_and_its_pdf_say_the_same_with_working_links(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    (project / "site_config" / "cv.yml").write_text(CV)
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert ": warning: " not in result.stderr
    site = tmp_path / "out"
    model = load_project(project)
    site_url = "https://perso.uclouvain.be/tom.barbette/"
    selected = [paper for paper in model.publications.papers if paper.selected]
    others = [paper for paper in model.publications.papers if not paper.selected]
    assert selected and others

    # In the navigation of every page, as a tab; the page links the PDF, which is there.
    home = parse(site / "index.html")
    assert "CV" in [text(a) for a in home.iter("a") if "md-tabs__link" in (a.get("class") or "")]
    page = parse(site / "cv" / "index.html")
    assert [text(h).rstrip("¶") for h in page.iter("h2")] == ["Positions", "Education", "Publications", "Awards and honours"]
    download = next(a for a in page.iter("a") if text(a) == "Download as PDF")
    assert (site / "cv" / download.get("href")).resolve() == (site / "cv.pdf").resolve()
    listed = {li.get("id") for li in page.iter("li") if "rs-cv-paper" in (li.get("class") or "").split()}
    assert listed == {paper.slug for paper in selected}
    assert "Université de Liège" in text(page) and "until 2018" in text(page)

    reader = pypdf.PdfReader(site / "cv.pdf")
    words = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Tom Barbette" in words and "Université de Liège" in words
    assert "Kostić" in words  # a co-author's accent survives as text, not a picture
    for paper in selected:
        assert " ".join(paper.title.split()) in words, paper.title
    for paper in others:
        assert paper.title not in words
    assert reader.metadata.title == "Curriculum vitae of Tom Barbette"

    # Each selected paper's title leads to its DOI, else its page here; the profile, the
    # position's page and the online CV are links too.
    expected = {f"https://doi.org/{paper.doi}" if paper.doi else f"{site_url}publications/{paper.slug}/" for paper in selected}
    links = pdf_links(reader)
    assert expected <= set(links)
    assert {"https://github.com/tbarbette", "https://perso.uclouvain.be/tom.barbette/", "https://uclouvain.be/", f"{site_url}cv/"} <= set(links)
    for link in links:
        if link.startswith(site_url):  # a page of this site: it was built
            path = link.removeprefix(site_url)
            assert (site / path / "index.html").is_file(), link


def test_a_site_without_cv_yml_has_no_cv_tab_and_no_pdf(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    (project / "site_config" / "cv.yml").unlink(missing_ok=True)
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "out"
    assert not (site / "cv.pdf").exists() and not (site / "cv").exists()
    home = parse(site / "index.html")
    assert "CV" not in [text(a) for a in home.iter("a") if "md-tabs__link" in (a.get("class") or "")]


def test_a_broken_cv_yml_stops_the_build_at_its_line(new_site, tmp_path):
    project = new_site()
    (project / "site_config" / "cv.yml").write_text("positions:\n  - title: Professor\n    institution: UCLouvain\n    start: 2022-09\n")
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode != 0
    assert "site_config/cv.yml:4: positions[1]: start without an end; write end: present if it goes on" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_pdf_is_typeset_again_only_when_what_it_shows_changed(monkeypatch):
    from researchsite.generate import cv, pages

    compiled = []
    typeset = cv.typeset
    monkeypatch.setattr(cv, "typeset", lambda data, built, kept_in=None: compiled.append(1) or typeset(data, built))
    project = load_project(REPO)
    cache = pages.GenerationCache()
    first = pages.cv_files(project, pages.Urls(), cache)
    cache.done()
    again = pages.cv_files(project, pages.Urls(), cache)
    cache.done()
    assert len(compiled) == 1 and first == again  # `mkdocs serve` after an edit elsewhere
    project.cv.entries["awards"] = []
    pages.cv_files(project, pages.Urls(), cache)
    assert len(compiled) == 2
    assert first[1].path == "cv.pdf" and first[1].content.startswith(b"%PDF-")

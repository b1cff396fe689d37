"""Real bibliographies from public repositories, dropped into papers/ and built by the real mkdocs.

Each one either builds with one page per entry, or stops with every problem located as
path:line and no traceback: entries in equals pages out, or the build says why.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import CORPUS, run_cli, run_mkdocs  # noqa: E402
from sitecheck import broken_links, parse, text  # noqa: E402

ENTRY = re.compile(r"^\s*@(?!string\b|comment\b|preamble\b)\w+\s*[{(]", re.IGNORECASE | re.MULTILINE)
SMALL = sorted(
    [CORPUS / "bib" / "al-folio_example_papers.bib", CORPUS / "bib" / "alfolio-site_taislab_papers_customfields.bib"]
    + list((CORPUS / "bib" / "jabref-testbib").glob("*.bib"))
    + list((CORPUS / "bib" / "python-bibtexparser-v1-testdata").glob("*.bib"))
)
LARGE = [CORPUS / "bib" / "feamster-phd-thesis_ref.bib", CORPUS / "bib" / "large_efficient-biblio_ref.bib"]


def problem_lines(stderr: str) -> list[str]:
    return [line.strip() for line in stderr.splitlines() if line.startswith("  ")]


def assert_located(stderr: str, bib_name: str) -> list[str]:
    assert "Traceback" not in stderr
    lines = problem_lines(stderr)
    assert lines, stderr
    for line in lines:
        assert re.match(rf"papers/{re.escape(bib_name)}:\d+: \S", line), line
    return lines


@pytest.mark.parametrize("bib", SMALL, ids=lambda path: path.name)
def test_small_bibliography_builds_or_says_where_it_is_wrong(bib, corpus, new_site, tmp_path):
    project = new_site()
    shutil.copy(bib, project / "papers" / bib.name)
    result = run_mkdocs(project, tmp_path / "out")
    if result.returncode == 0:
        check = run_cli(project, "check")
        containers = int(re.search(r"\((\d+) proceedings", check.stdout).group(1)) if "proceedings" in check.stdout else 0
        entries = len(ENTRY.findall(bib.read_text(encoding="utf-8-sig", errors="replace")))
        pages = list((tmp_path / "out" / "publications").glob("*/index.html"))
        assert len(pages) == entries - containers
        assert broken_links(tmp_path / "out", base_path="/tom.barbette/") == []
    else:
        assert result.returncode == 1
        assert_located(result.stderr, bib.name)


@pytest.mark.parametrize("bib", LARGE, ids=lambda path: path.name)
def test_lab_bibliography_problems_are_all_located(bib, corpus, new_site):
    project = new_site()
    shutil.copy(bib, project / "papers" / bib.name)
    result = run_cli(project, "check")
    assert result.returncode == 1
    # The example's cv.yml lists every paper: past 1,000 it says so, at its own line.
    cv_lines = [line for line in problem_lines(result.stderr) if line.startswith("site_config/cv.yml:")]
    assert len(cv_lines) == 1 and "it lists the newest 1000" in cv_lines[0], cv_lines
    lines = assert_located(result.stderr.replace(f"  {cv_lines[0]}\n", ""), bib.name)
    # Known faults of these files, found where they are.
    if bib.name.startswith("feamster"):
        assert sum("duplicate key" in line for line in lines) == 2
    else:
        assert any(re.search(r":\d+: warning: year '19999' is not a four-digit year", line) for line in lines)


def test_al_folio_bibliography_works_unchanged_once_its_files_are_moved(corpus, new_site, tmp_path):
    """The migration the README promises: al-folio's fields mean the same here."""
    project = new_site()
    shutil.copy(CORPUS / "bib" / "al-folio_example_papers.bib", project / "papers" / "papers.bib")
    (project / "content" / "assets" / "pdf").mkdir(parents=True)
    (project / "content" / "assets" / "pdf" / "example_pdf.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (project / "content" / "relativity.html").write_text("<!doctype html><title>Relativity</title>")
    previews = project / "content" / "assets" / "img" / "publication_preview"
    previews.mkdir(parents=True)
    for name in ("brownian-motion.gif", "wave-mechanics.gif"):
        (previews / name).write_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")
    first = run_mkdocs(project, tmp_path / "first")
    # The one entry without a journal is shown, with a warning that says what to do about it.
    assert first.returncode == 0, first.stderr
    warnings = [line for line in first.stderr.splitlines() if ": warning: " in line]
    assert warnings == [
        "papers/papers.bib:85: warning: @article{einstein1905electrodynamics} lacks the required field 'journal' "
        "or 'journaltitle'; add it, or say why it is unknown under 'missing:' in papers/einstein1905electrodynamics.yml"
    ]
    assert len(list((tmp_path / "first" / "publications").glob("*/index.html"))) == 9

    (project / "papers" / "einstein1905electrodynamics.yml").write_text(
        "missing:\n  journal: al-folio's example leaves it out\n"
    )
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert ": warning: " not in result.stderr
    site = tmp_path / "out"
    assert len(list((site / "publications").glob("*/index.html"))) == 9
    listing = parse(site / "publications" / "index.html")
    items = {li.get("id"): li for li in listing.iter("li") if li.get("class") == "rs-paper"}
    assert len(items) == 9
    # abbr, award and pdf as al-folio writes them
    assert "PhysRev" in text(items["physrev.47.777"])
    pdf_links = [a.get("href") for li in items.values() for a in li.iter("a") if text(a) == "PDF"]
    assert "../assets/pdf/example_pdf.pdf" in pdf_links
    # al-folio's previews, found in its folder, beside their papers (decorative: empty alt)
    pictures = {img.get("src"): img.get("alt") for li in items.values() for img in li.iter("img")}
    assert pictures == {
        "../assets/img/publication_preview/brownian-motion.gif": "",
        "../assets/img/publication_preview/wave-mechanics.gif": "",
    }
    assert broken_links(site, base_path="/tom.barbette/") == []
    exported = (site / "publications" / "all.bib").read_text()
    for field in ("bibtex_show", "preview", "selected", "abbr"):
        assert not re.search(rf"^\s*{field}\s*=", exported, flags=re.MULTILINE), field
    # al-folio's marks after names ("Einstein*†") are superscripts, not part of the names that
    # Scholar's tags and the downloads give.
    page = (site / "publications" / "physrev.47.777" / "index.html").read_text()
    assert "Einstein<sup>*†</sup>" in page
    assert re.findall(r'<meta name="citation_author" content="([^"]*)"', page) == ["Einstein, A.", "Podolsky, B.", "Rosen, N."]
    assert re.search(r"author\s*= \{Einstein, A\. and Podolsky, B\. and Rosen, N\.\}", exported)

"""The publication list: newest first, by year, split into pages per year when it is long."""

from __future__ import annotations

from researchsite.generate import pages
from researchsite.generate.pages import Urls, site_files
from researchsite.project import load_project


def site_with_papers(project, years: list[int]):
    entries = "".join(
        f"@misc{{p{number}, author = {{Tom Barbette}}, title = {{Paper {number}}}, year = {year}}}\n"
        for number, year in enumerate(years)
    )
    (project / "papers" / "papers.bib").write_text(entries)
    return load_project(project, today=None)


def test_a_long_list_keeps_its_newest_years_and_gives_each_earlier_year_a_page(new_site, monkeypatch):
    project = site_with_papers(new_site(), [2024, 2024, 2023, 2022, 2022, 2021])
    row = len(pages._list_item(project.publications.papers[0], pages.LIST_PAGE, Urls(), project.config))
    monkeypatch.setattr(pages, "LIST_BYTES", 3 * row + 50)  # room for three rows, not four
    files = {file.path: file for file in site_files(project, Urls())}
    lists = sorted(path for path in files if path.startswith("publications/") and path.endswith(".md") and "/p" not in path)
    assert lists == ["publications/by-year/2021.md", "publications/by-year/2022.md", "publications/index.md"]
    first = files["publications/index.md"].content
    assert "## 2024" in first and "## 2023" in first and "## 2022" not in first
    assert 'href="by-year/2022/">2022</a> · <a href="by-year/2021/">2021</a>' in first
    year = files["publications/by-year/2022.md"].content
    assert "# Publications of 2022" in year and year.count('class="rs-paper"') == 2
    assert '<a href="../../">The latest years</a>' in year
    assert not files["publications/by-year/2022.md"].in_nav


def test_a_list_within_the_budget_is_one_page(new_site):
    project = site_with_papers(new_site(), [2024, 2023, 2022])
    paths = [file.path for file in site_files(project, Urls())]
    assert not any(path.startswith("publications/by-year/") for path in paths)
    assert "Earlier years" not in next(file.content for file in site_files(project, Urls()) if file.path == "publications/index.md")

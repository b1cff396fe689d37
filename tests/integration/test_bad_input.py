"""Broken sources stop the real build once, listing every problem as path:line, never a traceback."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import run_cli, run_mkdocs  # noqa: E402
from sitecheck import parse, text  # noqa: E402

GOOD = """@inproceedings{good2023,
  title = {A Good Paper},
  author = {Barbette, Tom},
  booktitle = {Proceedings of Something},
  year = 2023,
}
"""

BROKEN = """@article{nojournal2020,
  title = {No Journal},
  author = {Doe, Jane},
  year = {2020},
  doi = {doi.org/not-a-doi},
}

@inproceedings{comma2021,
  title = {Missing Comma}
  author = {Doe, Jane},
  booktitle = {Workshop on Things},
  year = {2021},
}

@inproceedings{macro2021,
  title = {Undefined Macro},
  author = {Doe, Jane},
  booktitle = NOSUCHMACRO,
  year = {2021},
  url = {htp:/broken},
}

@inproceedings{good2023,
  title = {Same key as in good.bib},
  author = {Doe, Jane},
  booktitle = {Proceedings},
  year = {2022},
}
"""


def problems(stderr: str) -> list[str]:
    return re.findall(r"^\s+(\S+:\d+: .*)$", stderr, flags=re.MULTILINE)


def test_every_problem_is_reported_at_once_with_file_and_line(new_site, tmp_path):
    project = new_site()
    (project / "papers" / "good.bib").write_text(GOOD)
    (project / "papers" / "broken.bib").write_text(BROKEN)
    (project / "papers" / "good2023.yml").write_text("selected: true\nawrd: Best Paper\nslides: files/missing.pdf\n")
    (project / "papers" / "nosuchpaper.yml").write_text("selected: true\n")
    (project / "papers" / "macro2021.yml").write_text("topics: [a, b\n")
    (project / "papers" / "comma2021.yml").write_text("extends: goood2023\n")

    result = run_mkdocs(project, tmp_path / "out")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    found = "\n".join(problems(result.stderr))
    expected = [
        r"papers/broken\.bib:1: @article\{nojournal2020\} lacks the required field 'journal'",
        r"papers/broken\.bib:5: doi 'doi\.org/not-a-doi' is not a DOI",
        r"papers/broken\.bib:1[01]: .*missing comma",
        r"papers/broken\.bib:18: .*undefined macro 'nosuchmacro'",
        r"papers/broken\.bib:20: url: 'htp:/broken' is not a valid http\(s\) URL",
        r"papers/good\.bib:1: duplicate key 'good2023' \(first defined at papers/broken\.bib:23\)",
        r"papers/good2023\.yml:2: unknown key 'awrd' \(did you mean 'award'\?\)",
        r"papers/good2023\.yml:3: slides: 'files/missing\.pdf' is neither a URL nor a file under content/",
        r"papers/nosuchpaper\.yml:1: no BibTeX entry has the key 'nosuchpaper'",
        r"papers/macro2021\.yml:2: invalid YAML",
    ]
    for pattern in expected:
        assert re.search(pattern, found, flags=re.IGNORECASE), f"{pattern!r} not in:\n{found}"
    assert not (tmp_path / "out" / "publications").exists()


def test_check_command_reports_the_same_problems_without_building(new_site):
    project = new_site()
    (project / "papers" / "broken.bib").write_text(BROKEN)
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "lacks the required field 'journal'" in result.stderr
    assert all(re.match(r"\S+(:\d+)?: ", line) for line in problems(result.stderr))


def test_missing_fields_acknowledged_with_a_reason_build_and_show(new_site, tmp_path):
    project = new_site()
    (project / "papers" / "p.bib").write_text("@article{undated, title = {Undated}, journal = {J}}\n")
    (project / "papers" / "undated.yml").write_text(
        "missing:\n  author: not announced yet\n  year: in press\n"
    )
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = parse(tmp_path / "out" / "publications" / "undated" / "index.html")
    assert "Not known yet: author, year." in text(page.find(".//article"))


def test_markup_in_bibtex_is_shown_as_text_never_run(new_site, tmp_path):
    project = new_site()
    (project / "papers" / "x.bib").write_text(
        "@misc{xss, title = {<script>alert(1)</script> \"quoted\" </title>},"
        " author = {<img src=x onerror=alert(2)>}, abstract = {<b>bold</b> & more}, year = 2024}\n"
    )
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "publications" / "xss" / "index.html").read_text()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    tree = parse(tmp_path / "out" / "publications" / "xss" / "index.html")
    assert text(tree.find(".//title")).startswith('<script>alert(1)</script> "quoted" </title>')
    listing = (tmp_path / "out" / "publications" / "index.html").read_text()
    assert "<script>alert(1)" not in listing


def test_bibtex_block_shows_the_entry_as_written(new_site, tmp_path):
    project = new_site()
    (project / "papers" / "x.bib").write_text(
        "@book{amp, title = {Fish <and> Chips}, publisher = {Methuen & Co}, author = {Doe, J.}, year = 1920}\n"
    )
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    tree = parse(tmp_path / "out" / "publications" / "amp" / "index.html")
    code = next(text(c) for c in tree.iter("code") if "@book" in text(c))
    assert "{Methuen & Co}" in code and "{Fish <and> Chips}" in code

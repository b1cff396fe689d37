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
        r"papers/broken\.bib:1: warning: @article\{nojournal2020\} lacks the required field 'journal'",
        r"papers/broken\.bib:5: warning: doi 'doi\.org/not-a-doi' is not a DOI",
        r"papers/broken\.bib:1[01]: missing comma",
        r"papers/broken\.bib:18: warning: undefined macro 'nosuchmacro'",
        r"papers/broken\.bib:20: warning: url: 'htp:/broken' is not a valid http\(s\) URL",
        r"papers/good\.bib:1: duplicate key 'good2023' \(first defined at papers/broken\.bib:23",
        r"papers/good2023\.yml:2: unknown key 'awrd' \(did you mean 'award'\?\)",
        r"papers/good2023\.yml:3: warning: slides: 'files/missing\.pdf' is neither a URL nor a file under content/",
        r"papers/nosuchpaper\.yml:1: no BibTeX entry has the key 'nosuchpaper'",
        r"papers/macro2021\.yml:2: invalid YAML",
    ]
    for pattern in expected:
        assert re.search(pattern, found, flags=re.IGNORECASE), f"{pattern!r} not in:\n{found}"
    assert not (tmp_path / "out" / "publications").exists()
    # By file and line, the order they are fixed in.
    located = [re.match(r"(\S+?):(\d+):", line).groups() for line in found.splitlines()]
    assert located == sorted(located, key=lambda place: (place[0], int(place[1])))


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
    assert "Some details of this publication are not known yet: its authors and its year." in text(page.find(".//article"))


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


# --- two severities --------------------------------------------------------------------------

INCOMPLETE = "@conference{nobooktitle, author = {Doe, Jane}, title = {Incomplete}, year = 2020}\n"


def test_an_incomplete_entry_builds_with_a_located_warning_and_strict_makes_it_fail(new_site, tmp_path):
    project = new_site()
    (project / "papers" / "p.bib").write_text(GOOD + INCOMPLETE)
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "warning" in line] == [
        "papers/p.bib:7: warning: @conference{nobooktitle} lacks the required field 'booktitle'; add it, "
        "or say why it is unknown under 'missing:' in papers/nobooktitle.yml"
    ]
    assert (tmp_path / "out" / "publications" / "nobooktitle" / "index.html").is_file()

    check = run_cli(project, "check")
    assert check.returncode == 0 and "2 papers, no errors, 1 warning." in check.stdout
    strict = run_cli(project, "check", "--strict")
    assert strict.returncode == 1 and "1 warning in the site's sources:" in strict.stderr

    site_yml = project / "site_config" / "site.yml"
    site_yml.write_text(site_yml.read_text() + "strict: true\n")
    result = run_mkdocs(project, tmp_path / "strict")
    assert result.returncode == 1
    assert "papers/p.bib:7: warning: @conference{nobooktitle}" in result.stderr


def test_a_broken_site_yml_does_not_hide_the_other_problems(new_site):
    project = new_site()
    (project / "site_config" / "site.yml").write_text("owner:\n  name: [Tom\n")
    (project / "site_config" / "venues.yml").write_text("- short: NSDI\n  kind: conferance\n  match: [NSDI]\n")
    (project / "papers" / "p.bib").write_text(GOOD + "@article{twice, title={1}}\n@article{twice, title={2}, doi={}}\n")
    (project / "papers" / "nothing.yml").write_text("selected: true\n")
    (project / "content" / "news" / "posts" / "p.md").write_text("---\ndate: 2024-01-01\npapers: [nopaper]\n---\n# Hi\n")
    (project / "content" / "tutorials" / "bad.yml").write_text("title: T\nsummary: S\nimage: debian:bookworm\nsteps:\n  - title: x\n")
    result = run_cli(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    found = problems(result.stderr)
    places = [line.split(": ")[0] for line in found]
    assert places == sorted(places, key=lambda place: (place.split(":")[0], int(place.split(":")[1]) if ":" in place else 0))
    for expected in (
        "site_config/site.yml:3: invalid YAML",
        "site_config/venues.yml:2: 0.kind: 'conferance' is not one of",
        "papers/p.bib:8: duplicate key 'twice'",
        "papers/p.bib:8: warning: doi is empty",  # the repeated entry's own fields are checked too
        "papers/nothing.yml:1: no BibTeX entry has the key 'nothing'",
        "content/news/posts/p.md:3: papers: no paper has the key 'nopaper'",
        "content/tutorials/bad.yml:5: step 1: nothing to do",
    ):
        assert any(line.startswith(expected) for line in found), f"{expected!r} not in {found}"


def test_after_an_unclosed_brace_only_the_brace_is_reported(new_site):
    project = new_site()
    (project / "papers" / "p.bib").write_text(GOOD.replace("{A Good Paper}", "{A Good {Paper}") + INCOMPLETE)
    (project / "papers" / "good2023.yml").write_text("selected: true\n")
    (project / "content" / "news" / "posts" / "p.md").write_text("---\ndate: 2024-01-01\npapers: [good2023]\n---\n# Hi\n")
    result = run_cli(project, "check")
    assert result.returncode == 1
    # Not "no BibTeX entry has the key 'good2023' (did you mean 'nobooktitle'?)", nor the post.
    assert [line for line in problems(result.stderr) if "warning" not in line] == [
        "papers/p.bib:2: unclosed '{' in field 'title': the fields after it are read as its text"
    ]


def test_a_yaml_parse_error_is_reported_once(new_site):
    project = new_site()
    (project / "papers" / "p.bib").write_text(GOOD)
    (project / "papers" / "good2023.yml").write_text("topics: [a, b\n")
    result = run_cli(project, "check")
    assert [line.split(": ")[1] for line in problems(result.stderr)] == ["invalid YAML"]


def test_a_yaml_file_names_its_entry_with_key_when_the_key_cannot_be_a_file_name(new_site, tmp_path):
    project = new_site()
    (project / "papers" / "dblp.bib").write_text(GOOD.replace("good2023", "DBLP:conf/nsdi/KosticMG23"))
    (project / "papers" / "kostic.yml").write_text("key: DBLP:conf/nsdi/KosticMG23\nselected: true\n")
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "rs-selected" in (tmp_path / "out" / "publications" / "index.html").read_text()
    (project / "papers" / "kostic.yml").unlink()
    (project / "papers" / "kostic-nsdi.yml").write_text("selected: true\n")
    result = run_cli(project, "check")
    assert problems(result.stderr) == [
        "papers/kostic-nsdi.yml:1: no BibTeX entry has the key 'kostic-nsdi' (did you mean "
        "'DBLP:conf/nsdi/KosticMG23'? name the file papers/dblp-conf-nsdi-kosticmg23.yml, or add "
        "`key: DBLP:conf/nsdi/KosticMG23` to it)"
    ]


def test_a_site_without_papers_builds(new_site, tmp_path):
    project = new_site()
    (project / "papers").rmdir()
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "publications" / "index.html").is_file()

"""`[@key]` in any page or post: a numbered link to the paper's page, the references at the end,
the post in the paper's "In the news", and an unknown key reported where it is written."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import run_cli, run_mkdocs  # noqa: E402
from sitecheck import broken_links, parse, text  # noqa: E402

PAGE = """# Research

Load balancers keep connections consistent [see @barbette2020cheetah, sec. 3; @katsikas2018metron].
As @katsikas2018metron [p. 2] shows, chains run at line rate; Cheetah [@barbette2020cheetah] too.

```
[@barbette2020cheetah] in code stays as it is, as does tom@example.org.
```
"""

POST = """---
date: 2023-01-10
categories: [Papers]
---

# What we learnt from load balancing

A look back at [@barbette2020cheetah].

<!-- more -->

More text.
"""


def test_citations_link_to_papers_and_the_references_close_the_page(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    (project / "content" / "research.md").write_text(PAGE)
    (project / "content" / "news" / "posts" / "2023-01-10-look-back.md").write_text(POST)
    built = run_mkdocs(project, tmp_path / "out")
    assert built.returncode == 0, built.stderr
    out = tmp_path / "out"

    page = parse(out / "research" / "index.html")
    article = page.find(".//article")
    body = text(article)
    assert "consistent [see 1, sec. 3; 2]." in body
    assert "As Katsikas et al. [2, p. 2] shows" in body
    assert "Cheetah [1] too." in body
    assert "[@barbette2020cheetah] in code stays as it is" in body
    links = {a.get("href") for a in article.iter("a") if text(a) in ("1", "2")}
    assert links == {"../publications/barbette2020cheetah/", "../publications/katsikas2018metron/"}
    references = article.find(".//ol")
    entries = [text(li) for li in references.findall("li")]
    assert len(entries) == 2
    assert "A High-Speed Load-Balancer Design" in entries[0] and "Metron" in entries[1]

    # The post cites the paper without `papers:`: the paper's page lists it all the same.
    paper = parse(out / "publications" / "barbette2020cheetah" / "index.html")
    assert "What we learnt from load balancing" in text(paper)
    assert broken_links(out, "/tom.barbette/") == []


def test_an_unknown_key_is_a_warning_at_its_line_and_stays_as_written(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    (project / "content" / "research.md").write_text("# Research\n\nSee [@barbette2020chetah].\n")
    checked = run_cli(project, "check")
    assert "content/research.md:3: warning: [@barbette2020chetah]: no paper has the key 'barbette2020chetah' (did you mean 'barbette2020cheetah'?)" in checked.stderr
    # A warning: the page is built and shows the citation as written (`strict: true` in
    # site.yml, as CI may want, would stop the build).
    built = run_mkdocs(project, tmp_path / "out")
    assert built.returncode == 0, built.stderr
    assert "content/research.md:3: warning: [@barbette2020chetah]" in built.stderr
    assert "See [@barbette2020chetah]." in text(parse(tmp_path / "out" / "research" / "index.html"))


TUTORIAL = """title: Balancing load
summary: How the load balancer of [@barbette2020cheetah] keeps connections.
image: debian:bookworm
steps:
  - title: Look at the code
    text: The design follows @barbette2020cheetah [sec. 4].
    run: echo ok
  - title: Compare
    text: As in [@katsikas2018metrn].
    run: echo ok
"""


def test_a_tutorials_text_cites_and_an_unknown_key_names_its_step(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    (project / "content" / "tutorials" / "balancing.yml").write_text(TUTORIAL)
    built = run_mkdocs(project, tmp_path / "out")
    assert built.returncode == 0, built.stderr
    assert "content/tutorials/balancing.yml:8: warning: [@katsikas2018metrn]: no paper has the key 'katsikas2018metrn'" in built.stderr
    page = parse(tmp_path / "out" / "tutorials" / "balancing" / "index.html")
    body = text(page.find(".//article"))
    assert "How the load balancer of [1] keeps connections." in body
    assert "The design follows Barbette et al. [1, sec. 4]." in body
    assert "References" in body and "As in [@katsikas2018metrn]." in body


def test_a_projects_description_cites_and_an_unknown_key_names_its_line(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    projects = project / "site_config" / "projects.yml"
    written = projects.read_text()
    lines = written[: written.index("    Implementations for FastClick")].count("\n")
    projects.write_text(written.replace(
        "    Implementations for FastClick,",
        "    Cheetah keeps connections consistent [@barbette2020cheetah], unlike [@nobody2020].\n    Implementations for FastClick,",
    ))
    built = run_mkdocs(project, tmp_path / "out")
    assert built.returncode == 0, built.stderr
    assert f"site_config/projects.yml:{lines}: warning: [@nobody2020]: no paper has the key 'nobody2020'" in built.stderr
    body = text(parse(tmp_path / "out" / "projects" / "cheetah" / "index.html").find(".//article"))
    assert "Cheetah keeps connections consistent [1], unlike [@nobody2020]." in body
    assert "References" in body

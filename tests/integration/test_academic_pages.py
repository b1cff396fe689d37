"""Projects, talks, teaching and the group in a site built by the real mkdocs: each page type is
there when its data is (and only then), reached from the header or the profile, and linked both
ways with the papers, posts, tutorials and people it names; valid HTML, nothing from elsewhere."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import PNG, run_mkdocs, site_skeleton, with_group_and_teaching  # noqa: E402
from sitecheck import broken_links, orphans, parse, text  # noqa: E402
from test_html_valid import validator  # noqa: E402

def _hrefs(tree) -> list[str]:
    return [a.get("href") for a in tree.iter("a") if a.get("href")]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The example site with a group, a course, a project's logo and a tutorial naming a project."""
    project = with_group_and_teaching(site_skeleton(tmp_path_factory.mktemp("project") / "site", with_example_papers=True))
    (project / "content" / "img" / "npf.png").write_bytes(PNG)
    projects = project / "site_config" / "projects.yml"
    projects.write_text(projects.read_text().replace("  repository: https://github.com/tbarbette/npf\n", "  repository: https://github.com/tbarbette/npf\n  logo: img/npf.png\n"))
    tutorial = project / "content" / "tutorials" / "mptcp-wsl2.yml"
    tutorial.write_text(tutorial.read_text().replace("tags: [MPTCP", "projects: [npf]\ntags: [MPTCP", 1))
    talks = project / "site_config" / "talks.yml"
    talks.write_text(talks.read_text() + "- {title: Cheetah, event: NSDI '20, date: 2020-02-26, kind: conference talk, paper: barbette2020cheetah, video: 'https://www.youtube.com/watch?v=example'}\n")
    out = tmp_path_factory.mktemp("built")
    result = run_mkdocs(project, out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


def test_projects_and_talks_are_tabs_group_and_teaching_are_linked_from_the_profile(site):
    tree = parse(site / "index.html")
    tabs = [text(a) for a in tree.iter("a") if "md-tabs__link" in (a.get("class") or "")]
    assert tabs == ["Home", "Publications", "Projects", "Talks", "News", "Tutorials", "CV"]
    about = next(p for p in tree.iter("p") if p.get("class") == "rs-profile__about")
    assert [(text(a), a.get("href")) for a in about.iter("a")] == [("Group", "group/"), ("Teaching", "teaching/")]


def test_the_projects_list_puts_active_projects_first_and_archived_ones_last(site):
    tree = parse(site / "projects" / "index.html")
    names = [text(span) for span in tree.iter("span") if span.get("class") == "rs-project__name"]
    assert names[0] == "FastClick Active" and names[-1] == "MiddleClick Archived"
    logos = [img.get("src") for img in tree.iter("img") if "rs-project__logo" in (img.get("class") or "")]
    assert logos == ["../img/npf.png"]


def test_a_paper_and_its_project_link_each_other(site):
    paper = parse(site / "publications" / "barbette2020cheetah" / "index.html")
    assert "../../projects/cheetah/" in _hrefs(paper)
    project = parse(site / "projects" / "cheetah" / "index.html")
    rows = [li.get("id") for li in project.iter("li") if li.get("class") == "rs-paper"]
    assert rows == ["barbette2022cheetah", "barbette2020cheetah"]  # as in the publication list
    assert "../../publications/barbette2020cheetah/" in _hrefs(project)
    # Its code: the repository, then the papers' code that is elsewhere.
    assert "https://github.com/cheetahlb" in _hrefs(project) and "https://github.com/cheetahlb/cheetah-fastclick" in _hrefs(project)


def test_a_post_and_its_project_link_each_other(site):
    project = parse(site / "projects" / "middleclick" / "index.html")
    post = "../../news/2021/08/10/middleclick-in-ieeeacm-transactions-on-networking/"
    assert post in _hrefs(project)
    assert "../../../../../projects/middleclick/" in _hrefs(parse(site / post.removeprefix("../../") / "index.html"))


def test_a_tutorial_and_its_project_link_each_other(site):
    assert "../../tutorials/mptcp-wsl2/" in _hrefs(parse(site / "projects" / "npf" / "index.html"))
    assert "../../projects/npf/" in _hrefs(parse(site / "tutorials" / "mptcp-wsl2" / "index.html"))


def test_a_paper_and_its_talks_link_each_other_and_a_video_is_a_plain_link(site):
    talks = parse(site / "talks" / "index.html")
    assert [text(h) .rstrip("¶") for h in talks.iter("h2")] == ["2022", "2021", "2020"]
    assert "../publications/barbette2020cheetah/" in _hrefs(talks)
    paper = parse(site / "publications" / "barbette2020cheetah" / "index.html")
    listed = [text(li) for li in paper.iter("li") if li.get("class") == "rs-talk"]
    assert len(listed) == 1 and "26 February 2020" in listed[0] and "NSDI '20" in listed[0]
    assert "https://www.youtube.com/watch?v=example" in _hrefs(paper)
    for page in site.rglob("*.html"):
        assert not list(parse(page).iter("iframe")), page  # no player is loaded with a page


def test_the_group_lists_members_and_alumni_with_their_papers_and_papers_link_them(site):
    tree = parse(site / "group" / "index.html")
    sections = {text(h).rstrip("¶"): h for h in tree.iter("h2")}
    assert list(sections) == ["Current members", "Alumni"]
    members = {li.get("id"): li for li in tree.iter("li") if li.get("class") == "rs-member"}
    assert list(members) == ["massimo-girondi", "hamid-ghasemirahni"]
    hamid = members["hamid-ghasemirahni"]
    assert "PhD student, 2019–2023" in text(hamid) and "Now: Researcher at Example" in text(hamid)
    assert [a.get("href") for a in hamid.iter("a")] == ["https://example.org/hamid", "../publications/ghasemirahni2022packet/"]
    massimo = members["massimo-girondi"]
    assert sorted(a.get("href") for a in massimo.iter("a")) == ["../publications/ghasemirahni2022packet/", "../publications/girondi2021connection/"]
    assert [img.get("src") for img in massimo.iter("img")] == ["../img/massimo.png"]
    # The paper links back to the member's own page, as it links every co-author people.yml names.
    assert "https://example.org/hamid" in _hrefs(parse(site / "publications" / "ghasemirahni2022packet" / "index.html"))


def test_the_teaching_page_lists_the_courses(site):
    course = next(li for li in parse(site / "teaching" / "index.html").iter("li") if li.get("class") == "rs-course")
    assert text(course) == "LINFO0000 Example networks course UCLouvain, lecturer, 2022–"


def test_no_link_is_broken_no_page_is_an_orphan_and_nothing_comes_from_elsewhere(site):
    assert broken_links(site, base_path="/tom.barbette/") == []
    assert orphans(site, base_path="/tom.barbette/") == []
    for page in ("projects", "projects/npf", "talks", "group", "teaching"):
        tree = parse(site / page / "index.html")
        loaded = [e.get("src") for e in tree.iter() if e.tag in ("img", "script", "iframe") and e.get("src")]
        assert not [url for url in loaded if "://" in url], page


def test_the_new_pages_are_valid_html(site):
    command = validator()
    pages = [str(site / page / "index.html") for page in (".", "projects", "projects/cheetah", "projects/npf", "talks", "group", "teaching", "publications/barbette2020cheetah", "tutorials/mptcp-wsl2")]
    checked = subprocess.run([*command, *pages], capture_output=True, text=True, timeout=600)
    errors = [m for m in json.loads(checked.stderr)["messages"] if m["type"] == "error"]
    assert errors == [], "\n".join(f"{Path(m['url']).parent.name}: {m['message']}" for m in errors)


def test_without_their_data_the_pages_and_their_tabs_are_not_there(new_site, tmp_path):
    project = new_site()  # no papers, hence no talks; no teaching.yml, no group
    (project / "site_config" / "projects.yml").unlink()
    (project / "site_config" / "cv.yml").unlink()
    out = tmp_path / "built"
    result = run_mkdocs(project, out)
    assert result.returncode == 0, result.stderr
    for page in ("projects", "talks", "group", "teaching", "cv", "cv.pdf"):
        assert not (out / page).exists(), page
    tree = parse(out / "index.html")
    assert [text(a) for a in tree.iter("a") if "md-tabs__link" in (a.get("class") or "")] == ["Home", "Publications", "News", "Tutorials"]
    assert not [p for p in tree.iter("p") if p.get("class") == "rs-profile__about"]

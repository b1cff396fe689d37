"""projects.yml, talks.yml, teaching.yml and people.yml's group: read into plain objects, every
problem at its line; papers, posts and tutorials naming projects; what each project is named by."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from researchsite.generate.pages import GeneratedFile, with_tabs
from researchsite.project import load_project
from researchsite.structure.activities import PROJECT_STATUSES, TALK_KINDS
from researchsite.structure.problems import ProblemsFound

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "hooks" / "researchsite" / "schemas"

BIB = """@inproceedings{cheetah2020,
  title = {Cheetah},
  author = {Barbette, Tom and Tang, Chen and Kosti\\'{c}, Dejan},
  booktitle = {NSDI}, year = 2020,
}
@article{cheetah2022,
  title = {Cheetah, Extended},
  author = {Barbette, T. and Wu, Erfan},
  journal = {IEEE/ACM ToN}, year = 2022,
}
"""
PROJECTS = """\
- id: fastclick
  name: FastClick
  pitch: The Click Modular Router, faster.
  status: maintained
  repository: https://github.com/tbarbette/fastclick
- id: cheetah
  name: Cheetah
  pitch: A load balancer.
  status: active
  logo: img/cheetah.png
- id: old
  name: Old
  pitch: Done.
  status: archived
- id: quiet
  name: Quiet
  pitch: No status said.
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "site_config").mkdir()
    (tmp_path / "site_config" / "site.yml").write_text("owner:\n  name: Tom Barbette\n")
    (tmp_path / "site_config" / "projects.yml").write_text(PROJECTS)
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "p.bib").write_text(BIB)
    (tmp_path / "content" / "img").mkdir(parents=True)
    (tmp_path / "content" / "img" / "cheetah.png").write_bytes(b"\x89PNG")
    (tmp_path / "content" / "news" / "posts").mkdir(parents=True)
    return tmp_path


def load(site: Path):
    return load_project(site, today=date(2024, 6, 1))


def problems_of(site: Path) -> list[str]:
    with pytest.raises(ProblemsFound) as raised:
        load(site)
    return [str(problem) for problem in raised.value.problems]


def write(site: Path, relative: str, text: str) -> None:
    path = site / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_projects_are_read_in_order_and_listed_active_first(site):
    activities = load(site).activities
    assert [p.id for p in activities.projects] == ["fastclick", "cheetah", "old", "quiet"]
    assert [p.id for p in activities.projects_in_order] == ["cheetah", "fastclick", "quiet", "old"]
    cheetah = activities.by_id["cheetah"]
    assert (cheetah.logo, cheetah.status_label, cheetah.repository) == ("img/cheetah.png", "Active", None)
    assert activities.by_id["quiet"].status is None


def test_papers_posts_and_tutorials_name_their_projects(site):
    write(site, "papers/cheetah2020.yml", "projects: [cheetah]\n")
    write(site, "papers/cheetah2022.yml", "projects: [cheetah, fastclick]\n")
    write(site, "content/news/posts/a.md", "---\ndate: 2023-01-01\nprojects: [cheetah]\n---\n\n# Cheetah news\n")
    write(site, "content/tutorials/lb.yml", "title: Balance\nimage: debian:bookworm\nprojects: [cheetah]\nsteps:\n  - title: Look\n    run: 'true'\n")
    activities = load(site).activities
    assert activities.project_papers == {"fastclick": ["cheetah2022"], "cheetah": ["cheetah2022", "cheetah2020"], "old": [], "quiet": []}
    assert activities.project_posts["cheetah"] == ["news/posts/a.md"]
    assert activities.project_tutorials["cheetah"] == ["lb"]


def test_an_unknown_project_is_an_error_at_its_line_with_the_closest_id(site):
    write(site, "papers/cheetah2020.yml", "selected: true\nprojects:\n  - cheetah\n  - fastclik\n")
    write(site, "content/news/posts/a.md", "---\ndate: 2023-01-01\nprojects: [cheeta]\n---\n\n# News\n")
    write(site, "content/tutorials/lb.yml", "title: Balance\nimage: debian:bookworm\nprojects: [nothing-like-it]\nsteps:\n  - title: Look\n    run: 'true'\n")
    assert problems_of(site) == [
        "content/news/posts/a.md:3: projects: no project has the id 'cheeta' (did you mean 'cheetah'?)",
        "content/tutorials/lb.yml:3: projects: no project has the id 'nothing-like-it'",
        "papers/cheetah2020.yml:4: projects: no project has the id 'fastclik' (did you mean 'fastclick'?)",
    ]


def test_a_project_named_on_a_site_without_projects_says_where_they_are_declared(site):
    (site / "site_config" / "projects.yml").unlink()
    write(site, "papers/cheetah2020.yml", "projects: [cheetah]\n")
    assert problems_of(site) == ["papers/cheetah2020.yml:1: projects: no project has the id 'cheetah' (site_config/projects.yml declares none)"]


def test_projects_yml_problems_are_located_and_a_broken_file_does_not_make_every_id_unknown(site):
    write(site, "site_config/projects.yml", PROJECTS + "- id: Bad_Id\n  name: B\n  pitch: b\n  status: activ\n")
    write(site, "papers/cheetah2020.yml", "projects: [cheetah]\n")
    # The paper's `cheetah` is not reported as unknown: the file that declares it is what is wrong.
    assert problems_of(site) == [
        "site_config/projects.yml:18: 4.id: 'Bad_Id' is not in the expected form. Lower-case letters, digits and dashes: the page's address, /projects/<id>/, and what papers, posts and tutorials write under `projects:`.",
        "site_config/projects.yml:21: 4.status: 'activ' is not one of active, maintained, archived (did you mean 'active'?)",
    ]
    write(site, "site_config/projects.yml", PROJECTS + "- id: fastclick\n  name: Again\n  pitch: Twice.\n- id: index\n  name: I\n  pitch: i\n")
    assert problems_of(site) == [
        "site_config/projects.yml:18: id: 'fastclick' is the id of another project too (line 1)",
        "site_config/projects.yml:21: id: 'index' is the address of the list of projects: choose another id",
    ]


def test_a_logo_that_is_no_local_file_is_left_out_with_a_warning(site):
    write(site, "site_config/projects.yml", PROJECTS.replace("img/cheetah.png", "https://example.org/c.png"))
    project = load(site)
    assert project.activities.by_id["cheetah"].logo is None
    assert [str(w) for w in project.warnings] == [
        "site_config/projects.yml:10: warning: logo: 'https://example.org/c.png' is a URL; it must be a file under content/ (nothing is loaded from another host); it is left out"
    ]


def test_talks_are_newest_first_as_precise_as_their_dates_and_name_their_paper(site):
    write(site, "site_config/talks.yml", """\
- {title: Old, event: FOSDEM 2021, date: 2021}
- {title: Exact, event: NSDI '20, date: 2020-02-26, kind: conference talk, paper: cheetah2020, video: https://example.org/v}
- {title: Month, event: Seminar, date: 2021-03, kind: seminar, speaker: Chen Tang, slides: https://example.org/s.pdf}
""")
    talks = load(site).activities.talks
    assert [(t.title, t.date_text, t.kind_label) for t in talks] == [
        ("Month", "2021-03", "Seminar"), ("Old", "2021", "Talk"), ("Exact", "2020-02-26", "Conference talk"),
    ]
    assert load(site).activities.talks_about("cheetah2020") == [talks[2]]


def test_talk_problems_are_located(site):
    write(site, "site_config/talks.yml", """\
- title: B
  event: E
  date: 2021
  kind: keynot
""")
    # As with the other files of site_config/, a file that breaks its schema is left out whole.
    assert problems_of(site) == [
        "site_config/talks.yml:4: 0.kind: 'keynot' is not one of " + ", ".join(TALK_KINDS) + " (did you mean 'keynote'?)",
    ]
    write(site, "site_config/talks.yml", "- {title: A, event: E, date: 2021-13}\n- {title: B, event: E, date: 2021, paper: cheetah202}\n- {title: C, event: E, date: 2022, slides: nowhere/slides.pdf}\n")
    assert problems_of(site) == [
        "site_config/talks.yml:1: date: '2021-13' is not a date (YYYY-MM-DD, or YYYY-MM or YYYY)",
        "site_config/talks.yml:2: paper: no paper has the key 'cheetah202' (did you mean 'cheetah2022'?)",
        "site_config/talks.yml:3: warning: slides: 'nowhere/slides.pdf' is neither a URL nor a file under content/ (looked for content/nowhere/slides.pdf); it is left out",
    ]


def test_courses_are_read_as_written(site):
    write(site, "site_config/teaching.yml", "- {code: LINFO1341, title: Computer networks, institution: UCLouvain, role: Lecturer, years: 2022, link: https://example.org/c}\n- {title: Systems, institution: KTH}\n")
    courses = load(site).activities.courses
    assert [(c.code, c.title, c.years, c.link) for c in courses] == [
        ("LINFO1341", "Computer networks", "2022", "https://example.org/c"), (None, "Systems", None, None),
    ]
    write(site, "site_config/teaching.yml", "- {title: Systems, institutin: KTH}\n")
    assert problems_of(site) == [
        "site_config/teaching.yml:1: 0: missing required key 'institution'",
        "site_config/teaching.yml:1: unknown key 'institutin' (did you mean 'institution'?)",
    ]


def test_the_group_is_people_yml_with_a_group_and_their_papers_are_found_by_name(site):
    write(site, "site_config/people.yml", """\
- name: Dejan Kostić
  url: https://example.org/dejan
- name: Chen Tang
  group: {role: PhD student, since: 2019}
- name: Erfan Wu
  url: https://example.org/erfan
  group: {role: Post-doc, since: 2020, until: 2022, now: Engineer at Example}
""")
    project = load(site)
    group = project.config.group
    assert [(m.name, m.role, m.years, m.is_current(2024)) for m in group] == [
        ("Chen Tang", "PhD student", "since 2019", True), ("Erfan Wu", "Post-doc", "2020–2022", False),
    ]
    # "T. Barbette and Wu, Erfan" and "Tang, Chen" match as the author lists' links do.
    assert project.activities.member_papers == {"Chen Tang": ["cheetah2020"], "Erfan Wu": ["cheetah2022"]}
    # A co-author without a page of their own is named but not linked.
    paper = project.publications.by_key()["cheetah2020"]
    assert [(a.name, a.url) for a in paper.authors][1:] == [("Chen Tang", None), ("Dejan Kostić", "https://example.org/dejan")]


def test_people_yml_as_it_was_stays_valid_and_a_person_giving_nothing_is_warned_of(site):
    write(site, "site_config/people.yml", "- name: Alireza Farshin\n  url: https://aliireza.github.io/\n- name: Nobody\n")
    project = load(site)
    assert [p.url for p in project.config.people] == ["https://aliireza.github.io/", None] and project.config.group == []
    assert [str(w) for w in project.warnings] == [
        "site_config/people.yml:3: warning: Nobody: give their page (url:) or their place in your group (group:); this entry does nothing"
    ]
    write(site, "site_config/people.yml", "- name: A\n  group: {role: PhD student, since: 2022, until: 2020, photo: nope.jpg}\n")
    assert problems_of(site) == [
        "site_config/people.yml:2: group.until: 2020 is before since: 2022",
        "site_config/people.yml:2: warning: group.photo: 'nope.jpg' is not a file under content/ (looked for content/nope.jpg); a placeholder is shown",
    ]


def test_statuses_and_talk_kinds_are_declared_once():
    projects = json.loads((SCHEMAS / "projects.schema.json").read_text())
    talks = json.loads((SCHEMAS / "talks.schema.json").read_text())
    assert projects["items"]["properties"]["status"]["enum"] == list(PROJECT_STATUSES)
    assert talks["items"]["properties"]["kind"]["enum"] == list(TALK_KINDS)


def test_tabs_are_added_after_publications_unless_the_navigation_lists_the_page():
    nav = [{"Home": "index.md"}, {"Publications": "publications/index.md"}, {"News": ["news/index.md", {"Tags": "news/tags.md"}]}]
    files = [GeneratedFile("projects/index.md", "", tab="Projects"), GeneratedFile("talks/index.md", "", tab="Talks"), GeneratedFile("group/index.md", "")]
    assert with_tabs(nav, files) == [nav[0], nav[1], {"Projects": "projects/index.md"}, {"Talks": "talks/index.md"}, nav[2]]
    placed = [*nav, {"My talks": "talks/index.md"}]
    assert with_tabs(placed, files) == [nav[0], nav[1], {"Projects": "projects/index.md"}, nav[2], placed[3]]
    assert with_tabs(None, files) is None  # without nav: MkDocs lists every page already

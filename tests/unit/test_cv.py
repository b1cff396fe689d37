"""cv.yml: its schema written from the one declaration, read into a Cv, problems at their lines;
the dates as a CV prints them; the sections shown in the chosen order."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from types import SimpleNamespace

import pytest

from researchsite.generate.cv import SECTION_ENTRIES, publication_groups, shown_sections, when_text
from researchsite.load.cv import load_cv
from researchsite.structure.cv import CV_SECTIONS, PUBLICATION_GROUPS, Cv, CvEntry, Month, When, cv_schema
from researchsite.structure.paper import KINDS, Paper

REPO = Path(__file__).resolve().parents[2]
from researchsite.structure.problems import Problem, warning

CV = """\
# yaml-language-server: $schema=../hooks/researchsite/schemas/cv.schema.json
positions:
  - title: Post-doctoral researcher
    institution: KTH
    start: 2017-10
    end: 2020
  - title: Assistant Professor
    institution: UCLouvain
    department: ICTEAM
    place: Louvain-la-Neuve, Belgium
    start: 2022-09
    end: present
    url: https://uclouvain.be/
education:
  - degree: PhD in Computer Science
    institution: University of Liège
    thesis: Architecture for programmable network infrastructure
    advisor: [Laurent Mathy, Guy Leduc, Someone Else]
    start: 2013
    end: 2018
awards:
  - title: Community Award
    by: USENIX NSDI '22
    date: 2022-04
grants:
  - title: Fast networks
    funder: F.R.S.-FNRS
    role: Principal investigator
    amount: € 250,000
    start: 2023
    end: 2027
"""


def load(tmp_path: Path, text: str, papers=()) -> tuple[Cv | None, list[Problem]]:
    path = tmp_path / "site_config" / "cv.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return load_cv(path, tmp_path, list(papers))


def paper(key: str, kind: str = "conference", selected: bool = False) -> Paper:
    return Paper(key, kind, f"Title {key}", [], False, None, 2020, None, None, selected=selected)


def test_the_shipped_schema_is_the_declared_one():
    shipped = json.loads(resources.files("researchsite").joinpath("schemas", "cv.schema.json").read_text())
    # If this fails after a change to CV_SECTIONS: .venv/bin/python -m researchsite.structure.cv
    assert shipped == cv_schema()
    assert shipped["properties"]["sections"]["items"]["enum"] == [section.name for section in CV_SECTIONS]
    # A section whose entries come from elsewhere has no key of its own in cv.yml.
    assert "publications" not in [name for name, schema in shipped["properties"].items() if schema.get("type") == "array"]


def test_every_kind_of_paper_has_its_group_on_the_cv():
    assert set(PUBLICATION_GROUPS) == set(KINDS)


def test_cv_yml_becomes_entries_newest_first_with_their_parts(tmp_path):
    cv, problems = load(tmp_path, CV)
    assert problems == []
    professor, postdoc = cv.entries["positions"]  # what goes on first, whatever the file's order
    assert professor == CvEntry(
        When(Month(2022, 9), None, ongoing=True), "Assistant Professor", ("UCLouvain", "ICTEAM", "Louvain-la-Neuve, Belgium"), (), "https://uclouvain.be/"
    )
    assert postdoc.when == When(Month(2017, 10), Month(2020))
    (phd,) = cv.entries["education"]
    assert phd.details == (("Thesis", "Architecture for programmable network infrastructure"), ("Advisor", "Laurent Mathy, Guy Leduc and Someone Else"))
    (grant,) = cv.entries["grants"]
    assert grant.where == ("F.R.S.-FNRS",) and grant.details == (("Role", "Principal investigator"), ("Amount", "€ 250,000"))
    assert cv.entries["awards"][0].when == When(Month(2022, 4), point=True)
    assert cv.publications == "all" and cv.sections == tuple(section.name for section in CV_SECTIONS)


@pytest.mark.parametrize(
    "when, shown",
    [
        (When(Month(2022, 9), None, ongoing=True), "Sep 2022 – present"),
        (When(Month(2013), Month(2018)), "2013 – 2018"),
        (When(Month(2019), Month(2019)), "2019"),
        (When(Month(2022, 4), point=True), "Apr 2022"),
        (When(None, Month(2022, 8)), "until Aug 2022"),  # no source gave the start
    ],
)
def test_dates_as_a_cv_prints_them(when, shown):
    assert when_text(when) == shown


def test_a_cvs_dates_follow_the_sites_date_format():
    assert when_text(When(Month(2022, 9), None, ongoing=True), "dd.MM.y") == "09.2022 – present"
    assert when_text(When(None, Month(2022, 8)), "MMMM d, y") == "until Aug 2022"
    assert when_text(When(Month(2013), Month(2018)), "dd.MM.y") == "2013 – 2018"


def test_no_cv_yml_means_no_cv_and_a_comment_only_file_a_cv_of_profile_and_papers(tmp_path):
    assert load_cv(tmp_path / "site_config" / "cv.yml", tmp_path, []) == (None, [])
    cv, problems = load(tmp_path, "# nothing yet\n")
    assert problems == [] and cv.entries == {}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("positions:\n  - title: X\n    institution: Y\n    start: 2020\n    end: present\n    instituton: Z\n",
         Problem("site_config/cv.yml", 6, "unknown key 'instituton' (did you mean 'institution'?)")),
        ("positions:\n  - title: X\n    start: 2020\n    end: present\n",
         Problem("site_config/cv.yml", 2, "positions.0: missing required key 'institution'")),
        ("awards:\n  - title: X\n    date: 2022-13\n",
         Problem("site_config/cv.yml", 3, "awards.0.date: should be a year (2021) or a year and month (2021-09).")),
        ("awards:\n  - title: X\n    date: 2022-04-07\n",
         Problem("site_config/cv.yml", 3, "awards.0.date: should be a year (2021) or a year and month (2021-09).")),
        ("positions:\n  - title: X\n    institution: Y\n    start: 2020\n    end: now\n",
         Problem("site_config/cv.yml", 5, "positions.0.end: should be a year (2021), a year and month (2021-09), or present.")),
        ("sections: [positions, grnts]\n",
         Problem("site_config/cv.yml", 1, "sections.1: 'grnts' is not one of positions, education, awards, grants, publications, talks, teaching, supervision, service (did you mean 'grants'?)")),
        ("publications: some\n",
         Problem("site_config/cv.yml", 1, "publications: 'some' is not one of all, selected")),
        ("awards:\n  - title: X\n    date: 2020\n    url: www.example.org\n",
         Problem("site_config/cv.yml", 4, "awards.0.url: 'www.example.org' is not in the expected form. An address that starts with https:// (or http://).")),
        ("service:\n  - role: PC member\n    organisation: CoNEXT\n",
         Problem("site_config/cv.yml", 2, "service[1]: needs a date (date: 2022) or a period (start: 2019-09, end: 2022 or present)")),
        ("service:\n  - role: PC member\n    organisation: CoNEXT\n    start: 2021\n",
         Problem("site_config/cv.yml", 4, "service[1]: start without an end; write end: present if it goes on")),
        ("service:\n  - role: PC member\n    organisation: CoNEXT\n    date: 2021\n    end: 2022\n",
         Problem("site_config/cv.yml", 4, "service[1]: a date or a period (start, end), not both")),
        ("positions:\n  - title: X\n    institution: Y\n    start: 2020-05\n    end: 2020-02\n",
         Problem("site_config/cv.yml", 5, "positions[1]: ends (2020-02) before it starts (2020-05)")),
        ("positions:\n  - title: X\n    institution: Y\n    start: 2021\n    end: 2020-12\n",
         Problem("site_config/cv.yml", 5, "positions[1]: ends (2020-12) before it starts (2021)")),
        ("positions: [\n", Problem("site_config/cv.yml", 2, "invalid YAML: expected the node content, but found '<stream end>'")),
    ],
)
def test_a_mistake_is_reported_at_its_line(tmp_path, text, expected):
    _, problems = load(tmp_path, text)
    assert problems == [expected]


def test_a_year_alone_spans_its_months(tmp_path):
    cv, problems = load(tmp_path, "positions:\n  - title: X\n    institution: Y\n    start: 2020-05\n    end: 2020\n")
    assert problems == [] and when_text(cv.entries["positions"][0].when) == "May 2020 – 2020"


def test_a_broken_entry_is_reported_and_the_rest_still_read(tmp_path):
    text = "awards:\n  - title: A\n  - title: B\n    date: 2021\npositions:\n  - title: X\n    institution: Y\n    end: 2019\n"
    cv, problems = load(tmp_path, text)
    assert [problem.line for problem in problems] == [2]
    assert [entry.what for entry in cv.entries["awards"]] == ["B"]
    assert [entry.what for entry in cv.entries["positions"]] == ["X"]


def test_what_is_chosen_but_empty_is_a_warning(tmp_path):
    text = "sections: [grants, publications, awards]\npublications: selected\nawards:\n  - title: A\n    date: 2021\n"
    _, problems = load(tmp_path, text, [paper("a")])
    assert problems == [
        warning("site_config/cv.yml", 2, "publications: selected, but no paper's YAML says selected: true; the CV lists no publications"),
        warning("site_config/cv.yml", 1, "sections: 'grants' has nothing to show (cv.yml has no grants); it is left out"),
    ]
    _, problems = load(tmp_path, "sections: [publications]\n", [])
    assert problems == [warning("site_config/cv.yml", 1, "sections: 'publications' has nothing to show (papers/ has none); it is left out")]


def project(cv: Cv, papers) -> SimpleNamespace:
    return SimpleNamespace(cv=cv, publications=SimpleNamespace(papers=list(papers)))


def test_sections_come_in_the_chosen_order_and_empty_ones_are_left_out(tmp_path):
    cv, _ = load(tmp_path, CV + "sections: [publications, awards, service, positions]\n")
    shown = shown_sections(project(cv, [paper("a")]))
    assert [section.title for section in shown] == ["Publications", "Awards and honours", "Positions"]


def test_publications_are_grouped_by_kind_and_may_be_only_the_selected(tmp_path):
    papers = [paper("c1", selected=True), paper("j1", "journal"), paper("w1", "workshop", selected=True), paper("j2", "journal", selected=True)]
    cv = Cv()
    grouped, earlier = publication_groups(project(cv, papers))
    assert earlier == 0
    assert [(title, [p.key for p in group]) for title, group in grouped] == [
        ("Journal articles", ["j1", "j2"]), ("Conference papers", ["c1"]), ("Workshop papers", ["w1"]),
    ]
    cv.publications = "selected"
    grouped, _ = publication_groups(project(cv, papers))
    assert [[p.key for p in group] for _, group in grouped] == [["j2"], ["c1"], ["w1"]]


def test_a_section_from_elsewhere_plugs_in_with_one_function(monkeypatch):
    # How talks (talks.yml) will join: a declared section, and a function giving its entries.
    talk = CvEntry(When(Month(2023, 5), point=True), "Packet order matters", ("Invited talk, KTH",))
    monkeypatch.setitem(SECTION_ENTRIES, "service", lambda project: [talk])
    shown = shown_sections(project(Cv(sections=("service",)), []))
    assert [(section.name, section.entries) for section in shown] == [("service", [talk])]


def test_talks_and_teaching_come_from_their_own_files(tmp_path):
    """The CV's talks are talks.yml's and its teaching is teaching.yml's: one source of truth."""
    from researchsite.generate.cv import course_entries, shown_sections, talk_entries, when_text
    from researchsite.project import load_project
    from researchsite.structure.activities import Course

    project = load_project(REPO)
    talks = talk_entries(project)
    assert [entry.what for entry in talks] == [talk.title for talk in project.activities.talks]
    assert talks and all(when_text(entry.when) for entry in talks)
    assert any(dict(entry.details).get("Given by") for entry in talks)  # a talk a co-author gave
    assert "Talks" in [section.title for section in shown_sections(project)]

    project.activities.courses = [
        Course("Computer networks", "UCLouvain", code="LINFO1341", role="Lecturer", years="2022–"),
        Course("Systems", "KTH", years="2019–2021"),
        Course("A course", "Somewhere", years="every spring"),
    ]
    courses = course_entries(project)
    assert [(entry.what, when_text(entry.when)) for entry in courses] == [
        ("LINFO1341: Computer networks", "2022 – present"),
        ("Systems", "2019 – 2021"),
        ("A course", ""),
    ]
    assert courses[0].details == (("Role", "Lecturer"),)


def test_past_the_limit_the_cv_lists_the_newest_papers_and_links_the_list(tmp_path):
    from researchsite.structure.cv import CV_PAPERS

    papers = [paper(f"c{number}", selected=number < 3) for number in range(CV_PAPERS + 5)]  # newest first
    cv, problems = load(tmp_path, "positions: []\npublications: all\n", papers)
    assert [str(problem) for problem in problems] == [
        f"site_config/cv.yml:2: warning: the CV would list {CV_PAPERS + 5} papers: it lists the newest {CV_PAPERS} "
        "and links the publication list for the others; `publications: selected` lists only the papers whose YAML "
        "says selected: true"
    ]
    grouped, earlier = publication_groups(project(cv, papers))
    assert earlier == 5 and [p.key for _, group in grouped for p in group] == [f"c{n}" for n in range(CV_PAPERS)]
    cv, problems = load(tmp_path, "publications: selected\n", papers)
    assert problems == [] and publication_groups(project(cv, papers))[1] == 0
    cv, problems = load(tmp_path, "# nothing but a comment\n", papers)
    assert "cv.yml:1: warning: the CV would list" in str(problems[0])


def test_the_page_and_the_pdf_say_how_many_earlier_papers_the_list_has(monkeypatch):
    import io

    import pypdf

    from researchsite.generate import cv as generate_cv
    from researchsite.generate.pages import Urls, cv_files
    from researchsite.project import load_project

    project = load_project(REPO)
    monkeypatch.setattr(generate_cv, "CV_PAPERS", 2)
    page, pdf = cv_files(project, Urls(site_url="https://example.org/"))
    earlier = len(project.publications.papers) - 2
    assert f'<p class="rs-cv-earlier">And {earlier} earlier publications, on <a href="../publications/">the publication list</a>.</p>' in page.content
    words = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    assert f"And {earlier} earlier publications, on the publication list." in words

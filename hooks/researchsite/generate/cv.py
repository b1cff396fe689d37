"""What the CV shows, composed once for its two renderings: the /cv/ page (templates/cv.md.j2)
and cv.pdf, typeset by Typst from templates/cv.typ with the same sections, entries and links."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from importlib import resources
from pathlib import Path

from ..project import Project
from ..structure.activities import TALK_KINDS
from ..structure.cv import CV_PAPERS, PUBLICATION_GROUPS, SECTIONS, CvEntry, Month, When
from ..structure.paper import Paper
from . import text
from .venue import venue_line
from .typeset import typeset_later

PAGE = "cv/index.md"
PDF = "cv.pdf"


@dataclass(frozen=True)
class ShownSection:
    name: str
    title: str
    entries: list[CvEntry] = field(default_factory=list)
    groups: list[tuple[str, list[Paper]]] = field(default_factory=list)  # publications: by kind
    earlier: int = 0  # publications: the older papers past CV_PAPERS, which the publication list has


def talk_entries(project: Project) -> list[CvEntry]:
    """talks.yml's talks, newest first, as the CV lists them: the kind and event where they were."""
    return [
        CvEntry(
            When(Month(talk.year, talk.day.month if talk.day else talk.month or 0), point=True),
            talk.title,
            tuple(part for part in (TALK_KINDS.get(talk.kind, talk.kind.capitalize()), talk.event, talk.place) if part),
            (("Given by", talk.speaker),) if talk.speaker else (),
            _address(talk.slides) or _address(talk.video),
        )
        for talk in project.activities.talks
    ]


def course_entries(project: Project) -> list[CvEntry]:
    """teaching.yml's courses, as written there (their years are text: "2019–2021", "2022–")."""
    return [
        CvEntry(
            _years(course.years),
            f"{course.code}: {course.title}" if course.code else course.title,
            (course.institution,),
            (("Role", course.role),) if course.role else (),
            _address(course.link),
        )
        for course in project.activities.courses
    ]


# Sections whose entries come from elsewhere than cv.yml, each a function of the project: the one
# place a new source plugs in (with its row, without fields, in structure/cv.py's CV_SECTIONS);
# the page and the PDF show them with nothing else to change.
SECTION_ENTRIES: dict[str, Callable[[Project], list[CvEntry]]] = {"talks": talk_entries, "teaching": course_entries}


def shown_sections(project: Project) -> list[ShownSection]:
    """The sections cv.yml chose, in its order, less those with nothing in them."""
    cv = project.cv
    shown = []
    for name in cv.sections:
        section = SECTIONS[name]
        if name == "publications":
            groups, earlier = publication_groups(project)
            if groups:
                shown.append(ShownSection(name, section.title, groups=groups, earlier=earlier))
            continue
        entries = SECTION_ENTRIES[name](project) if name in SECTION_ENTRIES else cv.entries.get(name, [])
        if entries:
            shown.append(ShownSection(name, section.title, entries=entries))
    return shown


def publication_groups(project: Project) -> tuple[list[tuple[str, list[Paper]]], int]:
    """The papers the CV lists (all, or the selected ones; the newest CV_PAPERS of them), by kind,
    each kind newest first; and how many older ones it leaves to the publication list."""
    papers = project.publications.papers  # newest first
    if project.cv.publications == "selected":
        papers = [paper for paper in papers if paper.selected]
    listed = papers[:CV_PAPERS]
    groups = [(title, group) for kind, title in PUBLICATION_GROUPS.items() if (group := [p for p in listed if p.kind == kind])]
    return groups, len(papers) - len(listed)


def when_parts(when: When, date_format: str = text.DATE_FORMAT) -> list[tuple[str, str | None]]:
    """The date or period as pieces of text, each date with its ISO form (for <time>): 'Sep 2022 –
    present', '2014 – 2018', 'Apr 2022', 'until Aug 2022' (when no source gives the start); a
    month as `date_format` writes one, its name shortened (the column is 10em wide)."""
    if when.start is None and when.end is None and not when.ongoing:
        return []  # a course whose years say no year

    def shown(month: Month) -> tuple[str, str]:
        return (text.short_month_text(month.year, month.month, date_format) if month.month else str(month.year)), month.iso

    if when.point or (when.start is not None and when.start == when.end):
        return [shown(when.start)]
    end = ("present", None) if when.ongoing else shown(when.end)
    if when.start is None:
        return [("until ", None), end]
    return [shown(when.start), (" – ", None), end]


def when_text(when: When, date_format: str = text.DATE_FORMAT) -> str:
    return "".join(part for part, _ in when_parts(when, date_format))


def paper_url(paper: Paper, page_url: str | None) -> str | None:
    """Where the CV's title of a paper leads: its DOI, else its page on the site, else its own URL."""
    if paper.doi:
        return f"https://doi.org/{paper.doi}"
    return page_url or paper.url


def pdf_data(
    project: Project, sections: list[ShownSection], page_urls: dict[str, str | None], cv_url: str | None, built: date,
    list_url: str | None = None,
    citations: str | None = None,
    cache=None,
) -> dict:
    """Everything cv.pdf shows, as plain JSON for templates/cv.typ: Typst reads it as data, so no
    text of the researcher's is ever read as Typst markup. `page_urls`: each paper's page, by key.
    `cache` (pages.GenerationCache, in `mkdocs serve`) keeps each paper's part by the paper and
    its page: a rebuild makes again the parts of the papers an edit changed."""
    owner = project.config.owner

    def paper_data(paper: Paper) -> dict:
        url = page_urls.get(paper.key)
        if cache is None:
            return _paper_data(paper, url)
        return cache.get(f"cv.pdf paper\0{url}\0{paper!r}", lambda: _paper_data(paper, url))

    return {
        "name": owner.name,
        "position": owner.position,
        "affiliation": owner.affiliation,
        "profiles": [
            {"label": profile.label, "url": profile.url, "text": shown_address(profile.url)}
            for profile in owner.profiles
        ],
        "web": cv_url,
        "updated": text.day_text(built, project.config.date_format),
        "citations": citations,  # "345 citations, h-index 5 (OpenAlex, 7 December 2026)"
        "sections": [
            {
                "title": section.title,
                "entries": [_entry_data(entry, project.config.date_format) for entry in section.entries],
                "groups": [{"title": title, "papers": [paper_data(paper) for paper in papers]} for title, papers in section.groups],
                "earlier": f"{section.earlier:,}" if section.earlier else None,
                "list": list_url,
            }
            for section in sections
        ],
    }


def typeset(data: dict, built: date, kept_in: Path | None = None) -> Future[bytes]:
    """cv.pdf, begun in Typst's child process, ready when its result is asked for (the build goes on
    meanwhile). Typst's own fonts only (Libertinus Serif, embedded in the wheel): the same PDF on
    every machine, nothing fetched; dated by the build's day, so that two builds give the same file
    (and a build finds in `kept_in` the PDF an earlier one typeset of the same data that day)."""
    template = resources.files("researchsite").joinpath("templates", "cv.typ").read_text(encoding="utf-8")
    stamp = datetime(built.year, built.month, built.day, tzinfo=timezone.utc)
    return typeset_later(template, {"cv": json.dumps(data, ensure_ascii=False)}, stamp, kept_in)


def _entry_data(entry: CvEntry, date_format: str) -> dict:
    return {
        "when": when_text(entry.when, date_format),
        "what": entry.what,
        "where": ", ".join(entry.where),
        "details": [[label, detail] for label, detail in entry.details],
        "url": entry.url,
    }


def _paper_data(paper: Paper, page_url: str | None) -> dict:
    people = paper.authors or paper.editors
    parts = venue_line(paper)
    return {
        "year": paper.year_label,
        "authors": [{"name": person.name, "owner": person.is_owner, "marks": person.marks} for person in people],
        "et_al": paper.authors_et_al if paper.authors else paper.editors_et_al,
        "title": text.plain(paper.heading),
        "short": paper.venue.short if paper.venue else None,
        # The venue's name set apart from its volume, pages, publisher; the year has its column.
        "venue": text.plain(", ".join(part.text for part in parts if part.role == "venue")),
        "venue_rest": text.plain(", ".join(part.text for part in parts if part.role not in ("venue", "date"))),
        "awards": list(paper.awards),
        "url": paper_url(paper, page_url),
        "doi": paper.doi,
    }


def _address(target: str | None) -> str | None:
    """A link the CV can carry: a web address (a local file's page address is not known here)."""
    return target if target and target.startswith(("https://", "http://")) else None


def _years(years: str | None) -> When:
    """ "2019–2021", "2019-2021", "2022–", "since 2022", "2021": a period or a year; else no date."""
    found = [int(year) for year in re.findall(r"\b(\d{4})\b", years or "")]
    if not found:
        return When()
    if len(found) == 1 and re.search(r"[–—-]\s*$|since|present|now", years, re.IGNORECASE):
        return When(Month(found[0]), ongoing=True)
    if len(found) == 1:
        return When(Month(found[0]), point=True)
    return When(Month(found[0]), Month(found[-1]))


def shown_address(url: str) -> str:
    """A profile's address as printed: without the scheme (an e-mail without mailto:)."""
    return url.removeprefix("mailto:").removeprefix("https://").removeprefix("http://").removeprefix("www.").rstrip("/")

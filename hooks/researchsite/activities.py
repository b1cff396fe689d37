"""Read site_config/projects.yml, talks.yml and teaching.yml into plain objects, checking what
they name (papers, local files), and index which papers, posts and tutorials name each project."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .load.config import read_checked
from .load.entries import Name
from .load.extras import Extras
from .load.links import link_target
from .load.news import PostSource
from .load.schema import closest, unknown_ids
from .load.yamlfile import Located
from .papers import Publications
from .people import parse_written_name, same_person
from .structure.activities import Activities, Course, Member, ResearchProject, Talk
from .structure.news import News
from .structure.paper import Author
from .structure.problems import Problem, warning
from .tutorials import Tutorial

PROJECTS_FILE = "projects.yml"
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def read_projects(folder: Path, root: Path, content_dir: Path) -> tuple[list[ResearchProject], list[Problem]]:
    """The projects of projects.yml, in its order; none when the file is absent or broken."""
    problems: list[Problem] = []
    path = folder / PROJECTS_FILE
    shown = _shown(path, root)
    projects, seen = [], {}
    for raw in read_checked(path, "projects", root, problems) or []:
        if raw["id"] == "index":  # projects/index.md is the list of projects
            problems.append(Problem(shown, raw.line_of("id"), "id: 'index' is the address of the list of projects: choose another id"))
            continue
        if raw["id"] in seen:
            problems.append(Problem(shown, raw.line_of("id"), f"id: '{raw['id']}' is the id of another project too (line {seen[raw['id']]})"))
            continue
        seen[raw["id"]] = raw.line_of("id")
        links = {key: _target(raw, key, shown, content_dir, problems, files=False) for key in ("repository", "website")}
        projects.append(
            ResearchProject(
                id=raw["id"],
                name=raw["name"],
                pitch=" ".join(raw["pitch"].split()),
                status=raw.get("status"),
                description=raw.get("description", ""),
                description_line=raw.line_of("description") if "description" in raw else None,
                logo=_target(raw, "logo", shown, content_dir, problems, urls=False),
                people=tuple(raw.get("people", ())),
                **links,
            )
        )
    return projects, problems


def read_talks(folder: Path, root: Path, content_dir: Path, publications: Publications) -> tuple[list[Talk], list[Problem]]:
    """The talks of talks.yml, newest first; a talk naming no paper is an error at its line."""
    problems: list[Problem] = []
    path = folder / "talks.yml"
    shown = _shown(path, root)
    papers = publications.by_key()
    talks = []
    for raw in read_checked(path, "talks", root, problems) or []:
        when = _talk_date(raw.get("date"))
        if when is None:
            problems.append(Problem(shown, raw.line_of("date"), f"date: {raw.get('date')!r} is not a date (YYYY-MM-DD, or YYYY-MM or YYYY)"))
            continue
        key = raw.get("paper")
        if key is not None and key not in papers and key not in publications.unreadable:
            problems.append(Problem(shown, raw.line_of("paper"), f"paper: no paper has the key '{key}'{closest(key, papers)}"))
            key = None
        year, month, day = when
        talks.append(
            Talk(
                title=raw["title"],
                event=raw["event"],
                day=date(year, month, day) if day else None,
                year=year,
                month=month,
                kind=raw.get("kind", "talk"),
                place=raw.get("place"),
                speaker=raw.get("speaker"),
                slides=_target(raw, "slides", shown, content_dir, problems),
                video=_target(raw, "video", shown, content_dir, problems, files=False),
                paper=key,
            )
        )
    talks.sort(key=lambda talk: (talk.year, talk.month or 0, talk.day or date(talk.year, 1, 1), talk.title), reverse=True)
    return talks, problems


def read_courses(folder: Path, root: Path, content_dir: Path) -> tuple[list[Course], list[Problem]]:
    problems: list[Problem] = []
    path = folder / "teaching.yml"
    shown = _shown(path, root)
    courses = [
        Course(
            title=raw["title"],
            institution=raw["institution"],
            code=raw.get("code"),
            role=raw.get("role"),
            years=str(raw["years"]) if "years" in raw else None,
            link=_target(raw, "link", shown, content_dir, problems, files=False),
        )
        for raw in read_checked(path, "teaching", root, problems) or []
    ]
    return courses, problems


def build_activities(projects, talks, courses, group: list[Member], publications: Publications, news: News, tutorials: list[Tutorial]) -> Activities:
    """The objects, and for each project what names it (papers and posts newest first); for each
    member of the group, their papers, found by the name matching that links co-authors."""
    activities = Activities(projects, talks, courses)
    for member in group:
        names = [parse_written_name(name) for name in (member.name, *member.variants)]
        activities.member_papers[member.name] = [
            paper.key
            for paper in publications.papers
            if any(same_person(_name(author), known) for author in paper.authors for known in names)
        ]
    for project in projects:
        activities.project_papers[project.id] = [paper.key for paper in publications.papers if project.id in paper.projects]
        activities.project_posts[project.id] = [post.path for post in news.published if project.id in post.projects]
        activities.project_tutorials[project.id] = [tutorial.id for tutorial in tutorials if project.id in tutorial.projects]
    return activities


def check_projects_named(projects: list[ResearchProject], extras: list[Extras], posts: list[PostSource], tutorials: list[Tutorial]) -> list[Problem]:
    """Each project id a paper's YAML, a post or a tutorial names must be one projects.yml declares."""
    known = [project.id for project in projects]
    named = [
        *((extra.path, extra.data.get("projects") or []) for extra in extras),
        *((post.path, post.meta.get("projects") or []) for post in posts),
        *((tutorial.path, tutorial.projects) for tutorial in tutorials),
    ]
    declared_in = f"site_config/{PROJECTS_FILE}"
    return [problem for path, ids in named for problem in unknown_ids(path, ids, "projects", known, "project", declared_in)]


def _name(author: Author) -> Name:
    return Name(first=author.first, von=author.von, last=author.last, jr=author.jr)


def _talk_date(value) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) from YAML's date, a bare year, or 'YYYY-MM'; None when it is none."""
    if isinstance(value, date):
        return value.year, value.month, value.day
    match = _PARTIAL_DATE.match(str(value)) if isinstance(value, (int, str)) else None
    if not match:
        return None
    month = int(match.group(2)) if match.group(2) else None
    if month is not None and not 1 <= month <= 12:
        return None
    return int(match.group(1)), month, None


def _target(raw: Located, key: str, shown: str, content_dir: Path, problems: list[Problem], files=True, urls=True) -> str | None:
    if key not in raw:
        return None
    target, why = link_target(raw[key].strip(), content_dir, files=files, urls=urls)
    if why:
        problems.append(warning(shown, raw.line_of(key), f"{key}: {why}; it is left out"))
    return target


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()

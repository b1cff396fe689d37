"""The researcher's work besides papers, as plain objects: projects, talks, courses and the group,
and which papers, posts and tutorials name which project."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .paper import paper_slug

# A project's status, in the order /projects/ lists them: what is worked on first.
PROJECT_STATUSES = {"active": "Active", "maintained": "Maintained", "archived": "Archived"}

# What a talk was, as the talks' list labels it (talks.schema.json lists the same keys: a unit
# test holds them equal).
TALK_KINDS = {
    "keynote": "Keynote",
    "invited talk": "Invited talk",
    "conference talk": "Conference talk",
    "workshop talk": "Workshop talk",
    "seminar": "Seminar",
    "lecture": "Lecture",
    "tutorial": "Tutorial",
    "panel": "Panel",
    "poster": "Poster",
    "demo": "Demo",
    "talk": "Talk",
}


@dataclass(frozen=True)
class ResearchProject:
    """A project: software, a system, a line of work; papers, posts and tutorials name it by `id`."""

    id: str
    name: str
    pitch: str  # one line, under the name
    status: str | None = None  # a key of PROJECT_STATUSES; None: not said
    description: str = ""  # Markdown, on its page
    repository: str | None = None
    website: str | None = None
    logo: str | None = None  # a file under content/
    people: tuple[str, ...] = ()  # names, linked as in author lists
    description_line: int | None = None  # in projects.yml, for the problems of its citations

    @property
    def status_label(self) -> str | None:
        return PROJECT_STATUSES.get(self.status)


@dataclass(frozen=True)
class Talk:
    title: str
    event: str
    day: date | None  # None when only the year (or the year and month) is known
    year: int
    month: int | None = None
    kind: str = "talk"  # a key of TALK_KINDS
    place: str | None = None
    speaker: str | None = None  # when not the owner: a co-author presented it
    slides: str | None = None  # a URL, or a file under content/
    video: str | None = None  # a URL, shown as a plain link: no player is loaded with the page
    paper: str | None = None  # the citekey of the paper it presents

    @property
    def kind_label(self) -> str:
        return TALK_KINDS[self.kind]

    @property
    def date_text(self) -> str:
        """As precise as it is known: 2021, 2021-02 or 2021-02-06 (a <time> element's datetime)."""
        if self.day:
            return self.day.isoformat()
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"


@dataclass(frozen=True)
class Course:
    title: str
    institution: str
    code: str | None = None
    role: str | None = None  # lecturer, teaching assistant, ...
    years: str | None = None  # as written: "2022–", "2019–2021"
    link: str | None = None


@dataclass(frozen=True)
class Member:
    """Someone of the owner's group, current or former, from people.yml's `group:`."""

    name: str
    role: str  # PhD student, post-doc, ...
    since: int | None = None
    until: int | None = None  # absent: still in the group
    url: str | None = None
    photo: str | None = None  # a file under content/
    now: str | None = None  # where a former member went
    variants: tuple[str, ...] = ()

    def is_current(self, year: int) -> bool:
        return self.until is None or self.until >= year

    @property
    def years(self) -> str:
        if self.since and self.until:
            return f"{self.since}–{self.until}" if self.since != self.until else str(self.since)
        if self.since:
            return f"since {self.since}"
        return f"until {self.until}" if self.until else ""

    @property
    def anchor(self) -> str:
        return paper_slug(self.name)  # the same rule makes an id of a name as of a citekey


@dataclass
class Activities:
    """Everything besides papers, posts and tutorials; the indexes say who names what."""

    projects: list[ResearchProject] = field(default_factory=list)  # as projects.yml lists them
    talks: list[Talk] = field(default_factory=list)  # newest first
    courses: list[Course] = field(default_factory=list)
    # project id -> the citekeys, post paths and tutorial ids that name it (filled by the loader)
    project_papers: dict[str, list[str]] = field(default_factory=dict)
    project_posts: dict[str, list[str]] = field(default_factory=dict)
    project_tutorials: dict[str, list[str]] = field(default_factory=dict)
    # a group member's name -> the citekeys of the papers they wrote (newest first)
    member_papers: dict[str, list[str]] = field(default_factory=dict)

    @cached_property
    def by_id(self) -> dict[str, ResearchProject]:
        return {project.id: project for project in self.projects}

    def projects_of(self, ids) -> list[ResearchProject]:
        return [self.by_id[name] for name in ids if name in self.by_id]

    def talks_about(self, key: str) -> list[Talk]:
        return [talk for talk in self.talks if talk.paper == key]

    @property
    def projects_in_order(self) -> list[ResearchProject]:
        """Active first, then maintained, those whose status is not said, archived last; each
        group in projects.yml's order."""
        rank = {"active": 0, "maintained": 1, None: 2, "archived": 3}
        return sorted(self.projects, key=lambda project: rank[project.status])

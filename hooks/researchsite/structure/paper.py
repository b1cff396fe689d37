"""A paper as the site shows it: the BibTeX entry joined with its YAML extras and the site's config."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..load.entries import BibEntry

# The order in which kinds are offered as filters and links appear in a paper's row.
KINDS = ("journal", "conference", "workshop", "thesis", "report", "preprint", "book", "other")
KIND_LABELS = {
    "journal": "Journal",
    "conference": "Conference",
    "workshop": "Workshop",
    "thesis": "Thesis",
    "report": "Report",
    "preprint": "Preprint",
    "book": "Book",
    "other": "Other",
}


def paper_slug(key: str) -> str:
    """The key as a URL path and file name: DBLP's `DBLP:conf/nsdi/X22` would nest folders and look
    like a URL scheme. Lower case, so keys differing only in case collide here and are reported."""
    return re.sub(r"[^a-z0-9._-]+", "-", key.lower()).strip("-.") or "paper"


@dataclass(frozen=True)
class Author:
    name: str  # as displayed: "Dejan Kostić"
    last: str  # for sorting and exports
    first: str
    is_owner: bool = False
    url: str | None = None  # the co-author's page, from people.yml


@dataclass(frozen=True)
class Venue:
    name: str  # in full: "19th USENIX Symposium on Networked Systems Design and Implementation (NSDI 22)"
    short: str | None = None  # "NSDI '22"


@dataclass(frozen=True)
class Link:
    kind: str  # pdf, doi, arxiv, code, slides, video, poster, dataset, publisher, web, ...
    label: str
    url: str  # absolute, or site-relative for a file under content/

    @property
    def is_local(self) -> bool:
        return "://" not in self.url


@dataclass(frozen=True)
class Badge:
    """An artifact-evaluation badge: who awarded it (acm, usenix) and which one."""

    body: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.body.upper()} Artifacts {self.name.capitalize()}"


@dataclass
class Paper:
    key: str
    kind: str  # one of KINDS
    title: str  # Unicode, math kept as $...$
    authors: list[Author]
    authors_et_al: bool
    venue: Venue | None
    year: int | None
    month: int | None
    day: int | None
    entry: BibEntry  # what the .bib file says, for exports and error locations
    volume: str | None = None
    number: str | None = None
    pages: tuple[str, str | None] | None = None  # first, last
    publisher: str | None = None
    doi: str | None = None
    arxiv: str | None = None
    abstract: str | None = None
    summary: str | None = None  # Markdown from the YAML
    awards: list[str] = field(default_factory=list)
    badges: list[Badge] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    selected: bool = False
    topics: list[str] = field(default_factory=list)
    extends: str | None = None  # key of the paper this one is an extended version of
    extended_by: list[str] = field(default_factory=list)  # derived from the others' `extends`
    missing: dict[str, str] = field(default_factory=dict)  # required fields knowingly absent: why

    @property
    def date(self) -> date | None:
        if self.year is None:
            return None
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def date_text(self) -> str | None:
        """The date to the precision the entry gives it: 2022, 2022-04 or 2022-04-05."""
        if self.year is None:
            return None
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def slug(self) -> str:
        return paper_slug(self.key)

    def link(self, kind: str) -> Link | None:
        return next((link for link in self.links if link.kind == kind), None)

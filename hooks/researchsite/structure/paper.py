"""A paper as the site shows it: the BibTeX entry joined with its YAML extras and the site's config."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import MAXYEAR, MINYEAR, date


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

# The venue badge's colour for each kind, unless venues.yml sets it: dark enough for white text
# (at least 4.5:1) on the light and the dark scheme, and told apart by hue.
KIND_COLOURS = {
    "journal": "#1b6e3a",
    "conference": "#1f4fa8",
    "workshop": "#6a3d9a",
    "thesis": "#8a4a00",
    "report": "#4b5563",
    "preprint": "#a3344a",
    "book": "#00646e",
    "other": "#5c5c5c",
}

# The links that lead to the paper's text, the first found shown first and foremost.
READING_KINDS = ("pdf", "open_access", "arxiv")

KIND_NOUNS = {
    "journal": "journal article",
    "conference": "conference paper",
    "workshop": "workshop paper",
    "thesis": "thesis",
    "report": "report",
    "preprint": "preprint",
    "book": "book",
    "other": "publication",
}


def paper_slug(key: str) -> str:
    """The key as a URL path and file name: DBLP's `DBLP:conf/nsdi/X22` would nest folders and look
    like a URL scheme. Lower case, so keys differing only in case collide here and are reported."""
    return re.sub(r"[^a-z0-9._-]+", "-", key.lower()).strip("-.") or "paper"


# al-folio marks authors with these after their names ("Einstein*†, A."), explained by the
# entry's `annotation`: equal contribution, the corresponding author. They are not part of the
# name: Scholar's tags, the downloads and the owner's matching need it without them.
AUTHOR_MARKS = "*†‡§¶‖"
# Where they stand: after a name, before its comma, the next `and` of a name list, or the end.
MARKS_AFTER_NAME = re.compile(rf"[{AUTHOR_MARKS}]+(?=\s*,|\s+and\s|\s*$)")
NAME_FIELDS = ("author", "editor", "translator")


@dataclass(frozen=True)
class Author:
    """A person of a paper (author, editor or translator), the name split the BibTeX way."""

    name: str  # as displayed: "Gerald Q. Maguire Jr.", "Ludwig van Beethoven"
    last: str  # "Maguire", "Beethoven"
    first: str  # "Gerald Q.", "Ludwig"
    is_owner: bool = False
    url: str | None = None  # the co-author's page, from people.yml
    von: str = ""  # "van"
    jr: str = ""  # "Jr."
    marks: str = ""  # "*†": superscripts after the name (al-folio's), not part of it

    @property
    def family(self) -> str:
        """The family name with its particle, as Scholar and schema.org want it: "van Beethoven"."""
        return f"{self.von} {self.last}" if self.von else self.last

    @property
    def is_corporate(self) -> bool:
        # BibTeX splits unbraced words into first and last, so a last name of several words and
        # nothing else was braced as one unit: "{Internet Engineering Task Force}".
        return not (self.first or self.von or self.jr) and " " in self.last.strip()


@dataclass(frozen=True)
class Venue:
    name: str  # in full: "19th USENIX Symposium on Networked Systems Design and Implementation (NSDI 22)"
    short: str | None = None  # "NSDI '22"
    colour: str | None = None  # of its badge, when venues.yml gives this venue its own


@dataclass(frozen=True)
class Link:
    kind: str  # pdf, doi, arxiv, code, slides, video, poster, dataset, publisher, web, ...
    label: str
    url: str  # absolute, or site-relative for a file under content/

    @property
    def is_local(self) -> bool:
        return "://" not in self.url


@dataclass(frozen=True)
class BadgeKind:
    """One artifact-evaluation badge as its body names it, and how the site draws it."""

    title: str  # the official name: "Artifacts Evaluated — Reusable"
    group: str  # the drawing's small line: "Artifacts evaluated"
    word: str  # the drawing's big word: "Reusable"
    colour: str  # the badge's colour; text is drawn in it on white, or white on it: >= 4.5:1 either way


@dataclass(frozen=True)
class BadgeBody:
    name: str  # "ACM"
    url: str | None  # what its badges mean; None: no stable page known
    kinds: dict[str, BadgeKind]  # in the order of the body's scale


# The one declaration of the badges: the schema's names (structure/fields.py), the labels, the
# links and the colours of the drawings (templates/badges.html.j2) all come from here.
# Colours: the tones of the official badges (ACM: green for Available, reds for Evaluated,
# blues for Results; USENIX: an orange, blue and purple band), darkened where needed so that
# white on them and them on white keep 4.5:1 (USENIX's own orange, #f15e24, gives 3.3:1).
BADGE_BODIES = {
    "acm": BadgeBody("ACM", "https://www.acm.org/publications/policies/artifact-review-and-badging-current", {
        "available": BadgeKind("Artifacts Available", "Artifacts", "Available", "#0b6e4f"),
        "functional": BadgeKind("Artifacts Evaluated — Functional", "Artifacts evaluated", "Functional", "#b3261e"),
        "reusable": BadgeKind("Artifacts Evaluated — Reusable", "Artifacts evaluated", "Reusable", "#a33b0b"),
        "reproduced": BadgeKind("Results Reproduced", "Results", "Reproduced", "#1d4f91"),
        "replicated": BadgeKind("Results Replicated", "Results", "Replicated", "#0d6ea8"),
    }),
    "usenix": BadgeBody("USENIX", None, {
        "available": BadgeKind("Artifacts Available", "Artifact evaluated", "Available", "#c2410c"),
        "functional": BadgeKind("Artifacts Functional", "Artifact evaluated", "Functional", "#1475bc"),
        "reproduced": BadgeKind("Results Reproduced", "Artifact evaluated", "Reproduced", "#6e4199"),
    }),
}


@dataclass(frozen=True)
class Badge:
    """An artifact-evaluation badge: who awarded it (acm, usenix) and which one."""

    body: str
    name: str

    @property
    def kind(self) -> BadgeKind:
        return BADGE_BODIES[self.body].kinds[self.name]

    @property
    def title(self) -> str:
        return self.kind.title

    @property
    def body_name(self) -> str:
        return BADGE_BODIES[self.body].name

    @property
    def label(self) -> str:
        """The full name, as screen readers say it: "ACM badge: Artifacts Evaluated — Reusable"."""
        return f"{self.body_name} badge: {self.kind.title}"

    @property
    def url(self) -> str | None:
        return BADGE_BODIES[self.body].url


@dataclass
class Paper:
    key: str
    kind: str  # one of KINDS
    title: str  # Unicode, math kept as $...$; biblatex's subtitle and titleaddon joined to it
    authors: list[Author]
    authors_et_al: bool
    venue: Venue | None
    year: int | None
    month: int | None
    day: int | None
    end_year: int | None = None  # where a range of years ends (biblatex's `date = {1988/1992}`)
    entry_type: str = "misc"  # lower case, as the .bib file says: "inproceedings", "thesis", ...
    # The entry's fields as the .bib file writes them (LaTeX intact, crossref inlined), in its
    # order, less the site's own fields: what the BibTeX a visitor downloads is made of.
    bibtex: dict[str, str] = field(default_factory=dict)
    editors: list[Author] = field(default_factory=list)
    editors_et_al: bool = False
    translators: list[Author] = field(default_factory=list)
    genre: str | None = None  # "PhD thesis", "Technical Report 42", "U.S. patent 1234"
    volume: str | None = None
    number: str | None = None  # an issue's; a report's or patent's number is in its genre
    pages: str | None = None  # as shown: "807–827", "431–456, 791–823", "e1234"
    first_page: str | None = None  # None when `pages` is not page numbers
    last_page: str | None = None  # the end of a single range
    publisher: str | None = None  # None when it is the venue already (a book's publisher)
    place: str | None = None  # address or location: where it was published or held
    isbn: str | None = None
    issn: str | None = None
    url: str | None = None
    doi: str | None = None
    arxiv: str | None = None
    abstract: str | None = None
    summary: str | None = None  # Markdown from the YAML
    awards: list[str] = field(default_factory=list)
    badges: list[Badge] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    preview: str | None = None  # a picture under content/, beside the paper in the lists
    selected: bool = False
    topics: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)  # ids of site_config/projects.yml
    extends: str | None = None  # key of the paper this one is an extended version of
    extended_by: list[str] = field(default_factory=list)  # derived from the others' `extends`
    missing: dict[str, str] = field(default_factory=dict)  # required fields knowingly absent: why

    # The generated pages are kept by their papers' repr in `mkdocs serve` (generate/pages.py),
    # several times per build: it is made once, and made again only after a field is assigned. A
    # paper's fields are assigned, never changed in place, once it is made (papers.py keeps it
    # from one build to the next).
    def __repr__(self) -> str:
        made = self.__dict__.get("_repr")
        if made is None:
            shown = ", ".join(f"{each.name}={getattr(self, each.name)!r}" for each in fields(self))
            made = self.__dict__["_repr"] = f"{type(self).__qualname__}({shown})"
        return made

    def __setattr__(self, name: str, value) -> None:
        self.__dict__.pop("_repr", None)
        super().__setattr__(name, value)

    @property
    def date(self) -> date | None:
        if self.year is None or not MINYEAR <= self.year <= MAXYEAR:  # biblatex allows 380 BCE
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
    def is_forthcoming(self) -> bool:
        """No year yet, and the researcher said why (`missing: {year: in press}`)."""
        return self.year is None and bool({"year", "date"} & self.missing.keys())

    @property
    def year_label(self) -> str:
        """The heading the paper is listed under."""
        return str(self.year) if self.year else "Forthcoming" if self.is_forthcoming else "Undated"

    @property
    def heading(self) -> str:
        """The title, or for an entry without one what it is ("Untitled PhD thesis"): a visitor
        always has something to read and click (the build warned about the missing title)."""
        return self.title or f"Untitled {self.genre or KIND_NOUNS[self.kind]}"

    @property
    def slug(self) -> str:
        return paper_slug(self.key)

    def link(self, kind: str) -> Link | None:
        return next((link for link in self.links if link.kind == kind), None)

    @property
    def reading_link(self) -> Link | None:
        """Where to read the paper itself: its PDF, else a free copy, else arXiv's."""
        return next((link for kind in READING_KINDS for link in self.links if link.kind == kind), None)


def names_year(text: str | None, year: int) -> bool:
    """Whether `text` (a venue's name) names the year: "2021 IEEE 22nd HPSR", "NSDI '22",
    "SIGCOMM ’20". Not "NSDI 22": a bare number may be an edition or a volume."""
    return bool(text) and re.search(rf"(?<![\w'’]){year}(?!\w)|['’]{year % 100:02d}(?!\w)", text) is not None

"""Join each BibTeX entry with its YAML extras and the site config into a Paper, checking both.

Every problem is collected with its file and line; the caller stops the build once, with all
of them. An entry either becomes a paper or is named in a problem: none is dropped silently.
A process that builds again (`mkdocs serve`) keeps a `PaperCache`: a paper whose entry, YAML,
site config and files looked for are as before is the same paper, its problems said again.
"""

from __future__ import annotations

import calendar
import difflib
import html
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import markdown

from .load.dates import days_in, parse_date
from .load.entries import BibEntry
from .load.extras import Extras
from .load.links import is_published, link_target
from .load.schema import closest
from .load.yamlfile import Located
from .people import people_directory
from .structure.fields import FILE_LINKS, HOST_LABELLED, HOST_LABELS, LINK_KINDS, is_exported
from .structure.paper import Badge, Link, Paper, Venue, paper_slug
from .structure.problems import ERROR, WARNING, Problem
from .structure.site import SiteConfig, VenueRule

# BibTeX's and biblatex's required fields per entry type; a tuple lists fields of which one is
# enough (biblatex's `date` stands for `year`, `journaltitle` for `journal`). Every type needs a
# title: it names the paper's page. A missing one is a warning: the entry is shown with what it has.
_YEAR = ("year", "date")
_LOCATOR = ("doi", "eprint", "url")
REQUIRED: dict[str, tuple] = {
    "article": (("author",), ("title",), ("journal", "journaltitle"), _YEAR),
    "inproceedings": (("author",), ("title",), ("booktitle",), _YEAR),
    "conference": (("author",), ("title",), ("booktitle",), _YEAR),
    "incollection": (("author",), ("title",), ("booktitle",), _YEAR),
    "inbook": (("author", "editor"), ("title",), ("chapter", "pages", "booktitle"), _YEAR),
    "book": (("author", "editor"), ("title",), _YEAR),
    "collection": (("editor", "author"), ("title",), _YEAR),
    "phdthesis": (("author",), ("title",), ("school", "institution"), _YEAR),
    "mastersthesis": (("author",), ("title",), ("school", "institution"), _YEAR),
    "thesis": (("author",), ("title",), ("school", "institution"), _YEAR),
    "techreport": (("author",), ("title",), ("institution",), _YEAR),
    "report": (("author",), ("title",), ("institution",), _YEAR),
    "unpublished": (("author",), ("title",)),
    "proceedings": (("title",), _YEAR),
    "patent": (("author",), ("title",), ("number",), _YEAR),
    "online": (("title",), _LOCATOR),
    "software": (("title",), _LOCATOR),
    "dataset": (("title",), _LOCATOR),
    "set": (("entryset",),),
}
# Every other type BibTeX or biblatex defines, and the aliases biblatex maps to them. An entry of
# another type is shown as "other", with a warning: a typo such as @inproceeding is likely.
KNOWN_TYPES = frozenset(REQUIRED) | frozenset(
    """booklet manual misc mvbook bookinbook suppbook mvcollection suppcollection periodical
    suppperiodical mvproceedings reference mvreference inreference xdata electronic www artwork
    audio bibnote commentary image jurisdiction legislation legal letter movie music performance
    review standard video customa customb customc customd custome customf""".split()
)
REQUIRED_BY_DEFAULT = (("title",),)


# al-folio's `pdf = {paper.pdf}` names a file in its assets/pdf/ folder: moved under content/
# as it is, such a bibliography works without rewriting a single field.
_ALFOLIO_FOLDERS = {"pdf": "assets/pdf", "preview": "assets/img/publication_preview"}

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# Older exports give the DOI as a URL of a resolver or a library proxy: http://doi.acm.org/10.1145/...
_DOI_IN_URL = re.compile(r"^https?://[^/\s]+/(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?")
_FILE_NAME = re.compile(r"[\w.+-]+")
# biblatex's (EDTF) dates: 2004, 2004-05, 2004-05-17, uncertain 2004?, approximate 2004~,
# a time after T, and ranges 2004-05-17/2004-05-20 or 2004/ (open): the start dates the paper.
_NOOPSORT = re.compile(r"\\noopsort\s*\{[^{}]*\}")
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_PAGES = re.compile(r"^\s*([^\s\-–—]+)\s*(?:[-–—]+\s*([^\s\-–—]+))?\s*$")
# Entry types that hold other entries; referenced through crossref, they are not papers but the
# venue their children name. biblatex's @xdata only ever holds fields for others.
_CONTAINER_TYPES = {
    "proceedings", "book", "collection", "mvproceedings", "mvbook", "mvcollection", "reference",
    "mvreference", "periodical",
}


@dataclass
class Publications:
    papers: list[Paper]  # newest first
    containers: list[BibEntry]  # proceedings only referenced through crossref: no page of their own
    sets: list[BibEntry] = field(default_factory=list)  # biblatex @set: its members have the pages
    # Keys of entries that could not be read or repeat a key: an error names each, so nothing
    # that names them (a YAML file, a post) is reported again as naming nothing.
    unreadable: set[str] = field(default_factory=set)

    def by_key(self) -> dict[str, Paper]:
        return {paper.key: paper for paper in self.papers}


class PaperCache:
    """The papers of the last build, each by everything it was made of: its BibTeX entry (as the
    loader's `source` says it, or its whole content), its YAML file, the site's config and the
    content folder; and the files its links looked for, found or not, still so. What making it
    said (its problems) is kept with it, and said again, at its entry's new line if it moved.
    One per process that rebuilds, handed in by its owner; only the latest build's is kept."""

    def __init__(self):
        self._made: dict[tuple, _Made] = {}
        self._next: dict[tuple, _Made] = {}

    def paper(self, key: tuple, entry: BibEntry, make) -> tuple[Paper, list[Problem]]:
        made = self._next.get(key) or self._made.get(key)
        if made is None or not all(is_published(path, folder) == found for path, folder, found in made.looked):
            looked: list[tuple[Path, Path, bool]] = []
            paper, problems = make(looked)
            made = _Made(paper, problems, entry.path, entry.line, looked)
        elif made.line != entry.line:
            moved = entry.line - made.line
            problems = [replace(problem, line=problem.line + moved) if problem.path == made.path and problem.line else problem for problem in made.problems]
            made = _Made(made.paper, problems, made.path, entry.line, made.looked)
        self._next[key] = made
        return made.paper, made.problems

    def done(self) -> None:
        self._made, self._next = self._next, {}


@dataclass
class _Made:
    paper: Paper
    problems: list[Problem]
    path: str  # the entry's file and line, from which its problems' lines are counted
    line: int
    looked: list[tuple[Path, Path, bool]]  # each file looked for, under which folder, and whether it was published


def _entry_made_of(entry: BibEntry) -> object:
    """What of an entry makes its paper: the loader's digest of its text, else all of it, with
    the lines of its fields counted from its own."""
    if entry.source:
        return entry.source, entry.duplicate
    lines = {key: line - entry.line for key, line in entry.field_lines.items()}
    return repr(replace(entry, line=0, field_lines=lines))


def build_publications(
    entries: list[BibEntry],
    extras: list[Extras],
    config: SiteConfig,
    content_dir: Path,
    cache: PaperCache | None = None,
) -> tuple[Publications, list[Problem]]:
    problems: list[Problem] = []
    directory = people_directory(config)
    problems += _unmatched_extras(entries, extras)
    referenced = {entry.fields["crossref"].lower() for entry in entries if "crossref" in entry.fields}
    containers = [
        entry
        for entry in entries
        if entry.entry_type == "xdata" or (entry.entry_type in _CONTAINER_TYPES and entry.key.lower() in referenced)
    ]
    sets = [entry for entry in entries if entry.entry_type == "set"]
    not_papers = {id(entry) for entry in containers + sets}
    by_paper = extras_for_paper(extras)
    papers = []
    slugs: dict[str, BibEntry] = {}
    site = repr((config, str(content_dir)))  # the venues' rules and the people, among the rest
    for entry in entries:
        if entry.unreadable or id(entry) in not_papers:
            continue
        slug = paper_slug(entry.key)
        if slug in slugs and not entry.duplicate:
            other = slugs[slug]
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    f"key '{entry.key}' and '{other.key}' ({other.path}:{other.line}) would share the page "
                    f"publications/{slug}/: rename one",
                )
            )
        slugs.setdefault(slug, entry)
        extra = by_paper.get(slug)
        if cache is None or (extra is not None and not extra.source):
            paper = _paper(entry, extra, config, directory, content_dir, problems)
        else:
            key = (_entry_made_of(entry), extra.source if extra else None, site)

            def make(looked, entry=entry, extra=extra):
                found: list[Problem] = []
                return _paper(entry, extra, config, directory, content_dir, found, looked), found

            paper, found = cache.paper(key, entry, make)
            problems.extend(found)
        if not entry.duplicate:  # checked all the same: its own problems are reported too
            papers.append(paper)
    for entry in sets:
        _check_set(entry, slugs, problems)

    problems.extend(_link_extensions(papers, by_paper))
    papers.sort(key=_newest_first)
    unreadable = {entry.key for entry in entries if entry.unreadable or entry.duplicate}
    if cache is not None:
        cache.done()
    return Publications(papers, containers, sets, unreadable), problems


def _unmatched_extras(entries: list[BibEntry], extras: list[Extras]) -> list[Problem]:
    """A YAML file for no entry is an error (what it says would be lost); two for one entry too."""
    problems = []
    keys = {paper_slug(entry.key): entry.key for entry in entries}
    found: dict[str, Extras] = {}
    for extra in extras:
        slug = paper_slug(extra.key)
        line = extra.data.line_of("key") if "key" in extra.data.key_lines else 1
        if slug not in keys:
            problems.append(Problem(extra.path, line, f"no BibTeX entry has the key '{extra.key}'{_key_hint(extra, keys)}"))
        elif slug in found:
            other = found[slug].path
            problems.append(Problem(extra.path, line, f"{other} is for the same paper ('{keys[slug]}'): merge the two"))
        found[slug] = extra
    return problems


def _key_hint(extra: Extras, keys: dict[str, str]) -> str:
    """The key the file most likely means, matched by its slug or by the last part of a DBLP
    key (`KosticMG23` in `DBLP:conf/nsdi/KosticMG23`), and the file name that would match it."""
    match = difflib.get_close_matches(paper_slug(extra.key), keys, n=1, cutoff=0.6)
    if match:
        key = keys[match[0]]
    else:  # a DBLP key's last part is the part people name their files after
        ends = {key.rsplit("/", 1)[-1].lower(): key for key in keys.values() if "/" in key}
        match = difflib.get_close_matches(paper_slug(extra.key), ends, n=1, cutoff=0.5)
        if not match:
            return ""
        key = ends[match[0]]
    if "key" in extra.data.key_lines:
        return f" (did you mean '{key}'?)"
    return f" (did you mean '{key}'? name the file papers/{extras_file_name(key)}, or add `key: {key}` to it)"


def _check_set(entry: BibEntry, entries: dict[str, BibEntry], problems: list[Problem]) -> None:
    """A @set has no page of its own: its members have theirs. A member it names must exist."""
    for member in (key.strip() for key in entry.fields.get("entryset", "").split(",")):
        if member and paper_slug(member) not in entries:
            line = entry.field_lines.get("entryset", entry.line)
            problems.append(Problem(entry.path, line, f"entryset: no entry has the key '{member}'", WARNING))


def extras_for_paper(extras: list[Extras]) -> dict[str, Extras]:
    """Extras by the slug of the key they are for. BibTeX keys ignore case, and a DBLP key such
    as DBLP:conf/nsdi/X22 cannot be a file name: papers/<key in any case>.yml or <slug>.yml."""
    return {paper_slug(extra.key): extra for extra in extras}


def _newest_first(paper: Paper):
    # Forthcoming papers (no year yet, and the YAML says why) first, as the most recent; then
    # the dated ones; an undated one the researcher said nothing of last, where it stands out
    # least (the build warned about it).
    group = 0 if paper.is_forthcoming else 1 if paper.year else 2
    return (group, -(paper.year or 0), -(paper.month or 13), -(paper.day or 32), paper.key)


class _Where:
    """Points a problem at the YAML key when the YAML said it, else at the BibTeX field; and
    notes each file a link looked for (`looked`: the file, its folder, whether it was there)."""

    def __init__(self, entry: BibEntry, extra: Extras | None, problems: list[Problem], looked: list | None = None):
        self.entry, self.extra, self.problems = entry, extra, problems
        self.looked = looked

    def bib(self, field: str | None, message: str, severity: str = ERROR) -> None:
        line = self.entry.field_lines.get(field, self.entry.line) if field else self.entry.line
        self.problems.append(Problem(self.entry.path, line, message, severity))

    def yaml(self, key: str | tuple[str, str], message: str, severity: str = ERROR) -> None:
        """`key` is a top-level key, or (key, nested key) to point inside a mapping such as missing:."""
        assert self.extra is not None
        data = self.extra.data
        if isinstance(key, tuple):
            key, inner = key
            nested = data.get(key)
            line = nested.line_of(inner) if isinstance(nested, Located) else data.line_of(key)
        else:
            line = data.line_of(key)
        self.problems.append(Problem(self.extra.path, line, message, severity))

    def either(self, key: str, from_yaml: bool, message: str, severity: str = ERROR) -> None:
        if from_yaml:
            self.yaml(key, message, severity)
        else:
            self.bib(key, message, severity)


def _paper(entry, extra, config, directory, content_dir, problems, looked=None) -> Paper:
    where = _Where(entry, extra, problems, looked)
    data = extra.data if extra else {}
    fields, text = entry.fields, entry.text

    missing = dict(data.get("missing", {}))
    _check_type(entry, where)
    _check_required(entry, missing, where)

    year, month, day, end_year = _date(entry, where)
    venue_name = _venue_name(entry)
    rule = _venue_rule(venue_name, config.venues)
    kind = data.get("kind") or (rule.kind if rule else None) or _kind(entry, venue_name)
    short = data.get("abbr") or text.get("abbr") or fields.get("abbr") or (rule.short if rule else None)
    # The year is added to an `abbr` as to a rule's short name (the schema promises it), unless
    # the abbr already carries a year ("NSDI 2022").
    if short and year and kind in ("conference", "workshop") and not any(c.isdigit() for c in short):
        short = f"{short} '{year % 100:02d}"

    doi = _doi(fields.get("doi"), where)
    arxiv = data.get("arxiv") or _arxiv(entry, where)
    awards = [_markdown_text(award) for award in (_as_list(data["award"]) if "award" in data else _as_list(text.get("award")))]
    selected = data["selected"] if "selected" in data else _truthy(fields.get("selected"))
    pages, first_page, last_page = _pages(text.get("pages"), where)

    return Paper(
        key=entry.key,
        kind=kind,
        title=_title(text),
        authors=[directory.author(name) for name in entry.authors],
        authors_et_al=entry.authors_et_al,
        editors=[directory.author(name) for name in entry.editors],
        editors_et_al=entry.editors_et_al,
        translators=[directory.author(name) for name in entry.translators],
        venue=Venue(venue_name, short, rule.colour if rule else None) if venue_name else None,
        year=year,
        month=month,
        day=day,
        end_year=end_year,
        entry_type=entry.entry_type,
        bibtex={name: value for name, value in fields.items() if is_exported(name)},
        genre=_genre(entry),
        volume=text.get("volume"),
        number=text.get("number") or text.get("issue"),
        pages=pages,
        first_page=first_page,
        last_page=last_page,
        publisher=_publisher(entry),
        place=text.get("address") or text.get("location"),
        isbn=fields.get("isbn", "").strip() or None,
        issn=fields.get("issn", "").strip() or None,
        url=fields.get("url", "").strip() or None,
        doi=doi,
        arxiv=arxiv,
        abstract=text.get("abstract"),
        summary=data.get("summary"),
        awards=awards,
        badges=[Badge(body, name) for body, names in data.get("badges", {}).items() for name in names],
        links=_links(entry, data, doi, arxiv, where, content_dir),
        preview=_preview(entry, data, where, content_dir),
        selected=bool(selected),
        topics=list(data.get("topics", [])),
        projects=list(data.get("projects", [])),
        extends=data.get("extends"),
        missing=missing,
    )


def _title(text: dict[str, str]) -> str:
    """biblatex's title, subtitle and titleaddon as one title: "Title: Subtitle. Addon"."""
    return _joined(text.get("title", ""), text.get("subtitle"), text.get("titleaddon"))


def _joined(title: str, subtitle: str | None, addon: str | None) -> str:
    if subtitle:
        title = f"{title}: {subtitle}" if title else subtitle
    if addon:
        title = f"{title.rstrip('.')}. {addon}" if title else addon
    return title


def _check_type(entry: BibEntry, where: _Where) -> None:
    if entry.entry_type not in KNOWN_TYPES:
        hint = closest(entry.entry_type, sorted(KNOWN_TYPES))
        where.bib(None, f"unknown entry type '@{entry.entry_type}'{hint}; shown as 'other'", WARNING)


def _check_required(entry: BibEntry, missing: dict, where: _Where) -> None:
    present = {name for name, value in entry.fields.items() if str(value).strip()}
    for group in REQUIRED.get(entry.entry_type, REQUIRED_BY_DEFAULT):
        # Acknowledging any field of the group will do: "'year' or 'date'" asks for either.
        if present.intersection(group) or missing.keys() & set(group):
            continue
        wanted = " or ".join(f"'{name}'" for name in group)
        where.bib(
            None,
            f"@{entry.entry_type}{{{entry.key}}} lacks the required field {wanted}; add it, or say why "
            f"it is unknown under 'missing:' in papers/{extras_file_name(entry.key)}",
            WARNING,
        )
    for name in missing:
        if name in present:
            where.yaml(("missing", name), f"missing.{name}: the entry has '{name}' after all; remove it here", WARNING)


def extras_file_name(key: str) -> str:
    """The YAML file for a key: the key itself where it can be a file name, else its slug."""
    stem = key if _FILE_NAME.fullmatch(key) else paper_slug(key)
    return f"{stem}.yml"


def _date(entry: BibEntry, where: _Where) -> tuple[int | None, int | None, int | None, int | None]:
    """Year, month, day and the year a range ends in: from biblatex's `date` when it has one
    (as biber reads it: a range counts from its start, or from its end when the start is
    open), else `year`, `month`, `day`. A value that is not a date is a warning: the paper is
    shown undated (or to the year)."""
    fields = entry.fields
    raw_date = _unbraced(fields.get("date", ""))
    if raw_date:
        found = parse_date(raw_date)
        if found is not None:
            if found.year is None:  # `/1997`, `../1997`: only its end is known
                return found.end_year, found.end_month, found.end_day, None
            return found.year, found.month, found.day, found.end_year if found.end_year != found.year else None
        # Where the form is right but the day is not (2021-13-40), its year still counts.
        year = re.match(r"^(-?\d{4})-\d{2}(?:-\d{2})?$", raw_date)
        if year:
            where.bib("date", f"date '{raw_date}' is not a real date (YYYY-MM-DD); only its year is used", WARNING)
            return int(year.group(1)), None, None, None
        where.bib("date", f"date '{raw_date}' is not of the form YYYY, YYYY-MM, YYYY-MM-DD or a range of them", WARNING)
    year = month = day = None
    # `{\noopsort{1973c}}1981` (BibTeX's own trick for sorting) prints, and is, 1981.
    raw = _unbraced(_NOOPSORT.sub("", fields.get("year", "")))
    if raw:  # an empty year is a missing one, reported as such
        if re.fullmatch(r"\d{4}", raw):
            year = int(raw)
        else:
            where.bib("year", f"year '{raw}' is not a four-digit year; the paper is shown undated", WARNING)
    if _unbraced(fields.get("month", "")):
        month, day = _month(_unbraced(fields["month"]))
        if month is None:
            where.bib("month", f"month '{fields['month']}' is not a month (jan..dec or 1..12)", WARNING)
    if _unbraced(fields.get("day", "")).isdigit() and month:
        day = int(_unbraced(fields["day"]))
    if year and month and day and not _is_day(year, month, day):  # Feb 30 made Paper.date raise
        name = "day" if "day" in fields else "month"
        message = f"{name} '{fields[name]}': there is no day {day} in {calendar.month_name[month]} {year}"
        where.bib(name, message, WARNING)
        day = None
    return year, month, day, None


def _unbraced(value: str) -> str:
    return value.replace("{", "").replace("}", "").strip()


def _is_day(year: int, month: int, day: int) -> bool:
    return 1 <= day <= days_in(year, month)


def _month(raw: str) -> tuple[int | None, int | None]:
    """The month, and the day when one is given: "apr", "4", "April 6," or "Sep/Oct" (the first)."""
    match = re.match(r"^\s*([A-Za-z]+|\d{1,2})\.?(?:\s+(\d{1,2}))?\s*(?:[,/–-].*)?$", raw)
    if not match:
        return None, None
    word, day = match.groups()
    month = int(word) if word.isdigit() else _MONTHS.get(word.lower())
    if month is None or not 1 <= month <= 12:
        return None, None
    return month, int(day) if day and 1 <= int(day) <= 31 else None


# Where a part of a book appeared is its `booktitle`, even when a lab's export also filled in
# `journal` (with the conference's city, in one real file).
_PARTS_OF_A_BOOK = frozenset({"inproceedings", "incollection", "conference", "inbook", "bookinbook", "inreference", "suppbook", "suppcollection"})
_VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "school", "institution", "howpublished")
_VENUE_FIELDS_IN_A_BOOK = ("booktitle", "journal", "journaltitle", "school", "institution", "howpublished")


def _venue_name(entry: BibEntry) -> str | None:
    text = entry.text
    for name in _VENUE_FIELDS_IN_A_BOOK if entry.entry_type in _PARTS_OF_A_BOOK else _VENUE_FIELDS:
        if text.get(name):
            # biblatex's parts of a title: booksubtitle, journalsubtitle, booktitleaddon.
            stem = name.removesuffix("title") if name.endswith("title") else None
            return _joined(text[name], text.get(f"{stem}subtitle"), text.get(f"{stem}titleaddon")) if stem else text[name]
    if entry.entry_type in ("book", "misc", "online", "software", "dataset") and text.get("publisher"):
        return text["publisher"]
    return text.get("organization") if entry.entry_type in ("online", "software", "dataset", "manual") else None


def _publisher(entry: BibEntry) -> str | None:
    """Who published it (a book's venue line shows it once, as its venue)."""
    return entry.text.get("publisher") or entry.text.get("organization")


# What a thesis, report or patent is, as biblatex's `type` keys say it (standard.bbx's strings).
_GENRES = {
    "phdthesis": "PhD thesis", "mastersthesis": "Master's thesis", "mathesis": "Master's thesis",
    "bathesis": "Bachelor's thesis", "candthesis": "Candidate thesis", "techreport": "Technical Report",
    "resreport": "Research Report", "software": "Software", "datacd": "Data CD", "audiocd": "Audio CD",
    "patent": "Patent", "patentus": "U.S. patent", "patenteu": "European patent", "patentuk": "British patent",
    "patentde": "German patent", "patentfr": "French patent", "patentjp": "Japanese patent",
}
_NUMBERED_GENRES = ("techreport", "report", "patent")  # their `number` is the genre's, not an issue


def _genre(entry: BibEntry) -> str | None:
    """ "PhD thesis", "Technical Report 42", "U.S. patent 1234": what the entry is, from its type."""
    kind = entry.entry_type
    given = entry.fields.get("type", "").strip()
    genre = (_GENRES.get(given.lower()) or entry.text.get("type")) if given else None
    if genre is None:  # what the entry type says itself: @phdthesis, @techreport, @patent, ...
        genre = _GENRES.get("techreport" if kind == "report" else kind)
    number = entry.text.get("number")
    if kind in _NUMBERED_GENRES and number:
        return f"{genre} {number}" if genre else number
    return genre


def _venue_rule(venue_name: str | None, rules: list[VenueRule]) -> VenueRule | None:
    if not venue_name:
        return None
    folded = venue_name.lower()
    return next((rule for rule in rules if any(m.lower() in folded for m in rule.match)), None)


def _kind(entry: BibEntry, venue_name: str | None) -> str:
    kind = entry.entry_type
    venue = (venue_name or "").lower()
    is_preprint = "arxiv" in venue or "corr" == venue.strip() or "preprint" in venue
    if kind == "article":
        return "preprint" if is_preprint else "journal"
    if kind in ("inproceedings", "conference"):
        return "workshop" if "workshop" in venue else "conference"
    if kind in ("phdthesis", "mastersthesis", "thesis"):
        return "thesis"
    if kind in ("techreport", "report"):
        return "report"
    if kind in ("book", "inbook", "incollection", "proceedings", "collection", "bookinbook", "mvbook"):
        return "book"
    if is_preprint or _arxiv(entry):
        return "preprint"
    return "other"


def _doi(raw: str | None, where: _Where) -> str | None:
    if raw is None:
        return None
    if not raw.strip():
        where.bib("doi", "doi is empty; remove the field or give the DOI", WARNING)
        return None
    doi = _DOI_PREFIX.sub("", raw.strip())
    in_url = _DOI_IN_URL.match(doi)
    if in_url:
        doi = in_url.group(1)
    if not _DOI.match(doi):
        where.bib("doi", f"doi '{raw}' is not a DOI (expected 10.<registrant>/<suffix>); left out", WARNING)
        return None
    if doi != raw.strip():
        where.bib("doi", f"doi '{raw}' is a link, not a DOI: '{doi}' is used; write doi = {{{doi}}}", WARNING)
    return doi


def _arxiv(entry: BibEntry, where: _Where | None = None) -> str | None:
    fields = entry.fields
    archive = (fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    for name in ("eprint", "arxiv"):
        if name in fields and (name == "arxiv" or archive == "arxiv"):
            identifier = fields[name].strip().removeprefix("arXiv:")
            if _ARXIV_ID.fullmatch(identifier):
                return identifier
            if where:
                message = f"{name} '{fields[name]}' is not an arXiv identifier (such as 2101.01234); left out"
                where.bib(name, message, WARNING)
            return None
    journal = fields.get("journal", "")
    if "arxiv" in journal.lower():
        match = _ARXIV_ID.search(journal)
        return match.group(0) if match else None
    return None


def _pages(text: str | None, where: _Where) -> tuple[str | None, str | None, str | None]:
    """The pages as shown ("807–827", "431–456, 791–823"), and the first and last page of a
    single range for the citation formats that want them apart."""
    if not text or not text.strip():
        return None, None, None
    ranges = [_PAGES.match(part) for part in text.split(",")]
    if not all(ranges):
        where.bib("pages", f"pages '{text}' is not a page, a range such as 807--827, or a list of them; shown as written", WARNING)
        return " ".join(text.split()), None, None
    shown = ", ".join(f"{m.group(1)}–{m.group(2)}" if m.group(2) else m.group(1) for m in ranges)
    first, last = ranges[0].group(1), ranges[-1].group(2) if len(ranges) == 1 else None
    return shown, first, last


def _links(entry, data, doi, arxiv, where: _Where, content_dir: Path) -> list[Link]:
    links = []
    for kind, label in LINK_KINDS:
        if kind == "doi":
            values, from_yaml = ([f"https://doi.org/{doi}"] if doi else []), False
        elif kind == "arxiv":
            values, from_yaml = ([f"https://arxiv.org/abs/{arxiv}"] if arxiv else []), "arxiv" in data
        elif kind in data:
            values, from_yaml = _as_list(data[kind]), True
        elif kind in entry.fields:
            values, from_yaml = _as_list(entry.fields[kind]), False
        else:
            continue
        for number, value in enumerate(values, start=1):
            url = _target(kind, value.strip(), from_yaml, where, content_dir)
            if url:
                named = _host_label(url) if kind in HOST_LABELLED else None
                links.append(Link(kind, named or (label if len(values) == 1 else f"{label} {number}"), url))
    return links


def _preview(entry, data, where: _Where, content_dir: Path) -> str | None:
    from_yaml = "preview" in data
    if not from_yaml and "preview" not in entry.fields:
        return None
    value = (data["preview"] if from_yaml else entry.fields["preview"]).strip()
    if "://" in value:  # the list would load it from another host, for every visitor
        where.either("preview", from_yaml, f"preview: '{value}' is a URL; the picture must be a file under {content_dir.name}/ (it is left out)", WARNING)
        return None
    return _target("preview", value, from_yaml, where, content_dir)


def _host_label(url: str) -> str | None:
    """ "IEEE Xplore" for https://ieeexplore.ieee.org/document/1: where the link goes."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    while host:
        if host in HOST_LABELS:
            return HOST_LABELS[host]
        host = host.partition(".")[2] if host.count(".") > 1 else ""
    return None


def _target(kind: str, value: str, from_yaml: bool, where: _Where, content_dir: Path) -> str | None:
    """The link's URL, or its path under content/ for a local file; None (and a warning: the
    paper is shown without the link) when it is neither."""
    folders = (_ALFOLIO_FOLDERS[kind],) if kind in _ALFOLIO_FOLDERS else ()
    looked: list[tuple[Path, bool]] = []
    target, why = link_target(value, content_dir, files=kind in FILE_LINKS, urls=kind != "preview", folders=folders, looked=looked)
    if where.looked is not None:
        where.looked.extend((path, content_dir, found) for path, found in looked)
    if why:
        what = "picture" if kind == "preview" else "link"
        said = f"{kind} {why}" if why == "is empty" else f"{kind}: {why}"
        where.either(kind, from_yaml, f"{said}; the {what} is left out", WARNING)
    return target


def _link_extensions(papers: list[Paper], by_paper: dict[str, Extras]) -> list[Problem]:
    """Derive "extended in" from each journal version's `extends`, checking the key it names.
    A paper kept from the last build (PaperCache) has last build's: each is given anew, and
    assigned only where it changed (its repr is kept until a field is assigned)."""
    problems = []
    by_key = {paper.key: paper for paper in papers}
    extended_by: dict[str, list[str]] = {paper.key: [] for paper in papers}
    for paper in papers:
        if paper.extends is None:
            continue
        extra = by_paper[paper.slug]
        line = extra.data.line_of("extends")
        if paper.extends == paper.key:
            problems.append(Problem(extra.path, line, "extends: a paper cannot extend itself"))
        elif paper.extends not in by_key:
            hint = closest(paper.extends, by_key)
            problems.append(Problem(extra.path, line, f"extends: no paper has the key '{paper.extends}'{hint}"))
        else:
            extended_by[paper.extends].append(paper.key)
    for paper in papers:
        if paper.extended_by != extended_by[paper.key]:
            paper.extended_by = extended_by[paper.key]
    return problems


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def _markdown_text(value: str) -> str:
    """An award as the plain text it is shown as (a chip, a line of the CV's PDF): al-folio's
    `award` field is Markdown ("received the **Nobel Prize in Physics** 1921 *for ...*")."""
    if not re.search(r"[*_`\[<&]", value):
        return value
    rendered = markdown.markdown(value)  # well-formed HTML: its tags can go by pattern
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).split())


def _truthy(value: str | None) -> bool:
    return str(value).strip().lower() in ("true", "yes", "1") if value is not None else False

"""Join each BibTeX entry with its YAML extras and the site config into a Paper, checking both.

Every problem is collected with its file and line; the caller stops the build once, with all
of them. An entry either becomes a paper or is named in a problem: none is dropped silently.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .load.entries import BibEntry, Name
from .load.extras import Extras
from .load.schema import closest
from .load.yamlfile import Located
from .people import Directory
from .structure.paper import Author, Badge, Link, Paper, Venue, paper_slug
from .structure.problems import Problem
from .structure.site import SiteConfig, VenueRule

# BibTeX's required fields per entry type; a tuple lists fields of which one is enough
# (biblatex's `date` stands for `year`, `journaltitle` for `journal`). Every type needs a title:
# it names the paper's page.
REQUIRED: dict[str, tuple] = {
    "article": (("author",), ("title",), ("journal", "journaltitle"), ("year", "date")),
    "inproceedings": (("author",), ("title",), ("booktitle",), ("year", "date")),
    "conference": (("author",), ("title",), ("booktitle",), ("year", "date")),
    "incollection": (("author",), ("title",), ("booktitle",), ("publisher",), ("year", "date")),
    "inbook": (("author", "editor"), ("title",), ("chapter", "pages"), ("publisher",), ("year", "date")),
    "book": (("author", "editor"), ("title",), ("publisher",), ("year", "date")),
    "phdthesis": (("author",), ("title",), ("school", "institution"), ("year", "date")),
    "mastersthesis": (("author",), ("title",), ("school", "institution"), ("year", "date")),
    "thesis": (("author",), ("title",), ("school", "institution"), ("year", "date")),
    "techreport": (("author",), ("title",), ("institution",), ("year", "date")),
    "report": (("author",), ("title",), ("institution",), ("year", "date")),
    "unpublished": (("author",), ("title",), ("note",)),
    "proceedings": (("title",), ("year", "date")),
    "online": (("author", "editor"), ("title",), ("url",)),
}
REQUIRED_BY_DEFAULT = (("title",),)

# Links in the order they appear in a paper's row: (kind, label). BibTeX fields of the same
# name (al-folio's pdf, code, slides, ...) mean the same as the YAML keys; the YAML wins.
LINK_KINDS = (
    ("pdf", "PDF"),
    ("doi", "DOI"),
    ("arxiv", "arXiv"),
    ("open_access", "Open access"),
    ("code", "Code"),
    ("slides", "Slides"),
    ("video", "Video"),
    ("poster", "Poster"),
    ("dataset", "Dataset"),
    ("supp", "Supplementary material"),
    ("website", "Website"),
    ("blog", "Blog post"),
    ("html", "Publisher"),
    ("url", "Web page"),
)
_FILE_LINKS = {"pdf", "code", "slides", "video", "poster", "dataset", "supp", "website", "blog", "html"}

# al-folio's `pdf = {paper.pdf}` names a file in its assets/pdf/ folder: moved under content/
# as it is, such a bibliography works without rewriting a single field.
_ALFOLIO_FOLDERS = {"pdf": "assets/pdf"}

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# Older exports give the DOI as a URL of a resolver or a library proxy: http://doi.acm.org/10.1145/...
_DOI_IN_URL = re.compile(r"^https?://[^/\s]+/(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?")
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_PAGES = re.compile(r"^\s*([^\s\-–—]+)\s*(?:[-–—]+\s*([^\s\-–—]+))?\s*$")
# Entry types that hold other entries; referenced through crossref, they are not papers.
_CONTAINER_TYPES = {"proceedings", "book", "collection", "mvproceedings", "mvbook"}


@dataclass
class Publications:
    papers: list[Paper]  # newest first
    containers: list[BibEntry]  # proceedings only referenced through crossref: no page of their own

    def by_key(self) -> dict[str, Paper]:
        return {paper.key: paper for paper in self.papers}


def build_publications(
    entries: list[BibEntry],
    extras: dict[str, Extras],
    config: SiteConfig,
    content_dir: Path,
) -> tuple[Publications, list[Problem]]:
    problems: list[Problem] = []
    directory = Directory(
        [config.owner.name, *config.owner.name_variants],
        [([person.name, *person.variants], person.url) for person in config.people],
    )
    keys = {paper_slug(entry.key): entry.key for entry in entries}
    found: dict[str, Extras] = {}
    for extra in extras.values():
        slug = paper_slug(extra.key)
        if slug not in keys:
            hint = closest(extra.key, keys.values())
            problems.append(Problem(extra.path, 1, f"no BibTeX entry has the key '{extra.key}'{hint}"))
        elif slug in found:
            other = found[slug].path
            problems.append(Problem(extra.path, 1, f"{other} is for the same paper ('{keys[slug]}'): merge the two"))
        found[slug] = extra

    referenced = {entry.fields["crossref"].lower() for entry in entries if "crossref" in entry.fields}
    containers = [e for e in entries if e.entry_type in _CONTAINER_TYPES and e.key.lower() in referenced]
    container_keys = {entry.key for entry in containers}
    by_paper = extras_for_paper(extras)
    papers = []
    slugs: dict[str, BibEntry] = {}
    for entry in entries:
        if entry.key in container_keys:
            continue
        slug = paper_slug(entry.key)
        if slug in slugs:
            other = slugs[slug]
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    f"key '{entry.key}' and '{other.key}' ({other.path}:{other.line}) would share the page "
                    f"publications/{slug}/: rename one",
                )
            )
        slugs[slug] = entry
        extra = by_paper.get(slug)
        papers.append(_paper(entry, extra, config, directory, content_dir, problems))

    problems.extend(_link_extensions(papers, by_paper))
    papers.sort(key=_newest_first)
    return Publications(papers, containers), problems


def extras_for_paper(extras: dict[str, Extras]) -> dict[str, Extras]:
    """Extras by the slug of the key they are for. BibTeX keys ignore case, and a DBLP key such
    as DBLP:conf/nsdi/X22 cannot be a file name: papers/<key in any case>.yml or <slug>.yml."""
    return {paper_slug(extra.key): extra for extra in extras.values()}


def _newest_first(paper: Paper):
    # Undated papers (forthcoming, or a date not yet known) come first, as the most recent.
    return (-(paper.year or 10_000), -(paper.month or 13), -(paper.day or 32), paper.key)


class _Where:
    """Points a problem at the YAML key when the YAML said it, else at the BibTeX field."""

    def __init__(self, entry: BibEntry, extra: Extras | None, problems: list[Problem]):
        self.entry, self.extra, self.problems = entry, extra, problems

    def bib(self, field: str | None, message: str) -> None:
        line = self.entry.field_lines.get(field, self.entry.line) if field else self.entry.line
        self.problems.append(Problem(self.entry.path, line, message))

    def yaml(self, key: str | tuple[str, str], message: str) -> None:
        """`key` is a top-level key, or (key, nested key) to point inside a mapping such as missing:."""
        assert self.extra is not None
        data = self.extra.data
        if isinstance(key, tuple):
            key, inner = key
            nested = data.get(key)
            line = nested.line_of(inner) if isinstance(nested, Located) else data.line_of(key)
        else:
            line = data.line_of(key)
        self.problems.append(Problem(self.extra.path, line, message))

    def either(self, key: str, from_yaml: bool, message: str) -> None:
        if from_yaml:
            self.yaml(key, message)
        else:
            self.bib(key, message)


def _paper(entry, extra, config, directory, content_dir, problems) -> Paper:
    where = _Where(entry, extra, problems)
    data = extra.data if extra else {}
    fields, text = entry.fields, entry.text

    missing = dict(data.get("missing", {}))
    _check_required(entry, missing, where)

    year, month, day = _date(entry, where)
    venue_name = _venue_name(entry)
    rule = _venue_rule(venue_name, config.venues)
    kind = data.get("kind") or (rule.kind if rule else None) or _kind(entry, venue_name)
    short = data.get("abbr") or text.get("abbr") or fields.get("abbr") or (rule.short if rule else None)
    # The year is added to an `abbr` as to a rule's short name (the schema promises it), unless
    # the abbr already carries a year ("NSDI 2022").
    if short and year and kind in ("conference", "workshop") and not any(c.isdigit() for c in short):
        short = f"{short} '{year % 100:02d}"

    authors = [_author(name, directory) for name in entry.authors or entry.editors]
    et_al = entry.authors_et_al if entry.authors else entry.editors_et_al

    doi = _doi(fields.get("doi"), where)
    arxiv = data.get("arxiv") or _arxiv(entry, where)
    awards = _as_list(data["award"]) if "award" in data else _as_list(text.get("award"))
    selected = data["selected"] if "selected" in data else _truthy(fields.get("selected"))

    return Paper(
        key=entry.key,
        kind=kind,
        title=text.get("title", ""),
        authors=authors,
        authors_et_al=et_al,
        venue=Venue(venue_name, short) if venue_name else None,
        year=year,
        month=month,
        day=day,
        entry=entry,
        volume=fields.get("volume"),
        number=fields.get("number") or fields.get("issue"),
        pages=_pages(fields.get("pages"), where),
        publisher=text.get("publisher"),
        doi=doi,
        arxiv=arxiv,
        abstract=text.get("abstract"),
        summary=data.get("summary"),
        awards=awards,
        badges=[Badge(body, name) for body, names in data.get("badges", {}).items() for name in names],
        links=_links(entry, data, doi, arxiv, where, content_dir),
        selected=bool(selected),
        topics=list(data.get("topics", [])),
        extends=data.get("extends"),
        missing=missing,
    )


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
            f"it is unknown under 'missing:' in papers/{_extras_name(entry.key)}.yml",
        )
    for name in missing:
        if name in present:
            where.yaml(("missing", name), f"missing.{name}: the entry has '{name}' after all; remove it here")


def _extras_name(key: str) -> str:
    return key if re.fullmatch(r"[\w.+-]+", key) else paper_slug(key)


def _date(entry: BibEntry, where: _Where) -> tuple[int | None, int | None, int | None]:
    fields = entry.fields
    if "date" in fields and "year" not in fields:
        match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", fields["date"].strip())
        if not match:
            where.bib("date", f"date '{fields['date']}' is not of the form YYYY, YYYY-MM or YYYY-MM-DD")
            return None, None, None
        year, month, day = (int(part) if part else None for part in match.groups())
        # 2021-13-40 matched the pattern, and Paper.date then raised ValueError mid-build.
        if (month and not 1 <= month <= 12) or (month and day and not _is_day(year, month, day)):
            where.bib("date", f"date '{fields['date']}' is not a real date (YYYY-MM-DD)")
            return year, None, None
        return year, month, day
    year = month = day = None
    if str(fields.get("year", "")).strip():  # an empty year is a missing one, reported as such
        raw = str(fields["year"]).strip()
        if re.fullmatch(r"\d{4}", raw):
            year = int(raw)
        else:
            where.bib("year", f"year '{raw}' is not a four-digit year")
    if str(fields.get("month", "")).strip():
        month, day = _month(str(fields["month"]))
        if month is None:
            where.bib("month", f"month '{fields['month']}' is not a month (jan..dec or 1..12)")
    if "day" in fields and str(fields["day"]).strip().isdigit() and month:
        day = int(str(fields["day"]).strip())
    if year and month and day and not _is_day(year, month, day):  # Feb 30 made Paper.date raise
        field = "day" if "day" in fields else "month"
        where.bib(field, f"{field} '{fields[field]}': there is no day {day} in {calendar.month_name[month]} {year}")
        day = None
    return year, month, day


def _is_day(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]


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


def _venue_name(entry: BibEntry) -> str | None:
    text = entry.text
    for field in ("journal", "journaltitle", "booktitle", "school", "institution", "howpublished"):
        if text.get(field):
            return text[field]
    if entry.entry_type in ("book", "misc") and text.get("publisher"):
        return text["publisher"]
    return None


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
    if kind in ("book", "inbook", "incollection", "proceedings"):
        return "book"
    if is_preprint or _arxiv(entry):
        return "preprint"
    return "other"


def _author(name: Name, directory: Directory) -> Author:
    return Author(
        name=name.display,
        last=" ".join(part for part in (name.von, name.last) if part),
        first=name.first,
        is_owner=directory.is_owner(name),
        url=directory.page_of(name),
    )


def _doi(raw: str | None, where: _Where) -> str | None:
    if not raw:
        return None
    doi = _DOI_PREFIX.sub("", raw.strip())
    in_url = _DOI_IN_URL.match(doi)
    if in_url:
        doi = in_url.group(1)
    if not _DOI.match(doi):
        where.bib("doi", f"doi '{raw}' is not a DOI (expected 10.<registrant>/<suffix>)")
        return None
    return doi


def _arxiv(entry: BibEntry, where: _Where | None = None) -> str | None:
    fields = entry.fields
    archive = (fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    for field in ("eprint", "arxiv"):
        if field in fields and (field == "arxiv" or archive == "arxiv"):
            identifier = fields[field].strip().removeprefix("arXiv:")
            if _ARXIV_ID.fullmatch(identifier):
                return identifier
            if where:
                where.bib(field, f"{field} '{fields[field]}' is not an arXiv identifier (such as 2101.01234)")
            return None
    journal = fields.get("journal", "")
    if "arxiv" in journal.lower():
        match = _ARXIV_ID.search(journal)
        return match.group(0) if match else None
    return None


def _pages(raw: str | None, where: _Where) -> tuple[str, str | None] | None:
    if not raw:
        return None
    match = _PAGES.match(str(raw))
    if not match:
        where.bib("pages", f"pages '{raw}' is not a page or a range such as 807--827")
        return None
    return match.group(1), match.group(2)


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
                links.append(Link(kind, label if len(values) == 1 else f"{label} {number}", url))
    return links


def _target(kind: str, value: str, from_yaml: bool, where: _Where, content_dir: Path) -> str | None:
    """The link's URL, or its path under content/ for a local file; None (and a problem) if bad."""
    parts = urlsplit(value)
    if parts.scheme:
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
            where.either(kind, from_yaml, f"{kind}: '{value}' is not a valid http(s) URL")
            return None
        return value
    if kind not in _FILE_LINKS:
        hint = f" (did you mean 'https://{value}'?)" if re.match(r"^[\w-]+(\.[\w-]+)+/", value) else ""
        where.either(kind, from_yaml, f"{kind}: '{value}' is not a URL{hint}")
        return None
    local = value.lstrip("/")
    if not (content_dir / local).is_file() and (content_dir / _ALFOLIO_FOLDERS.get(kind, "") / local).is_file():
        local = f"{_ALFOLIO_FOLDERS[kind]}/{local}"
    # '../README.md' exists but MkDocs publishes only content/: the link would be broken.
    inside = (content_dir / local).resolve().is_relative_to(content_dir.resolve())
    if not inside or not (content_dir / local).is_file():
        where.either(
            kind,
            from_yaml,
            f"{kind}: '{value}' is neither a URL nor a file under {content_dir.name}/ "
            f"(looked for {content_dir.name}/{local})",
        )
        return None
    return local


def _link_extensions(papers: list[Paper], by_paper: dict[str, Extras]) -> list[Problem]:
    """Derive "extended in" from each journal version's `extends`, checking the key it names."""
    problems = []
    by_key = {paper.key: paper for paper in papers}
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
            by_key[paper.extends].extended_by.append(paper.key)
    return problems


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def _truthy(value: str | None) -> bool:
    return str(value).strip().lower() in ("true", "yes", "1") if value is not None else False

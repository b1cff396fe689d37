"""A person's works from ORCID's public API (v3.0): the list of works, then the works themselves in
bulk; each becomes a BibTeX entry, from the BibTeX citation it carries or from its fields."""

from __future__ import annotations

import re
import unicodedata

from .fetch import ImportFailed, Network, base_url, get
from .records import Record, escape, parse_bibtex

_ORCID = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")
_JSON = "application/vnd.orcid+json"
BULK = 100  # ORCID reads at most 100 put-codes a request

# ORCID's work types as BibTeX entry types, and the field its `journal-title` fills.
_TYPES = {
    "journal-article": ("article", "journal"),
    "conference-paper": ("inproceedings", "booktitle"),
    "conference-proceedings": ("proceedings", None),
    "book": ("book", None),
    "edited-book": ("book", None),
    "book-chapter": ("incollection", "booktitle"),
    "dissertation": ("phdthesis", None),
    "dissertation-thesis": ("phdthesis", None),
    "report": ("techreport", None),
    "working-paper": ("techreport", None),
    "preprint": ("misc", None),
    "software": ("software", None),
    "data-set": ("dataset", None),
}
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def orcid_id(text: str) -> str:
    """The ORCID iD in `text` (also https://orcid.org/...), checked by its ISO 7064 11,2 check digit."""
    bare = text.strip().removeprefix("https://orcid.org/").removeprefix("http://orcid.org/").upper()
    found = _ORCID.match(bare)
    if not found:
        raise ImportFailed(f"'{text}' is not an ORCID iD: it looks like 0000-0002-1825-0097")
    digits = "".join(found.groups())
    if check_digit(digits[:15]) != digits[15]:
        raise ImportFailed(f"'{text}' is not an ORCID iD: its last character should be {check_digit(digits[:15])} (the checksum does not match; a typo?)")
    return "-".join(found.groups())


def check_digit(base: str) -> str:
    """ISO 7064 MOD 11-2, as ORCID computes it over the first 15 digits."""
    total = 0
    for digit in base:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def works(person: str, network: Network) -> list[dict]:
    """Every public work of `person`, in full: one per group of versions (ORCID's preferred one)."""
    url = f"{base_url('orcid')}/{person}/works"
    summary = _json(get(url, network, accept=_JSON, not_found=f"ORCID has no record with the iD {person}"), url)
    try:
        codes = [str(group["work-summary"][0]["put-code"]) for group in summary.get("group") or []]
    except (KeyError, IndexError, TypeError, AttributeError):
        raise ImportFailed(f"{url}: not the list of works ORCID sends (no work-summary with a put-code)") from None
    found: list[dict] = []
    for start in range(0, len(codes), BULK):
        bulk_url = f"{url}/{','.join(codes[start:start + BULK])}"
        bulk = _json(get(bulk_url, network, accept=_JSON), bulk_url)
        items = bulk.get("bulk") if isinstance(bulk, dict) else None
        if not isinstance(items, list):
            raise ImportFailed(f"{bulk_url}: not the works ORCID sends (no 'bulk' list)")
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("work"), dict):
                found.append(item["work"])
            elif isinstance(item, dict) and "error" in item:
                error = item["error"] or {}
                raise ImportFailed(f"{bulk_url}: ORCID could not give a work: {error.get('developer-message') or error.get('user-message') or error}")
    return found


def publications(person: str, network: Network, taken: set[str]) -> list[Record]:
    """The works of `person` as entries; keys are made unique against `taken` (and added to it)."""
    return [work_record(work, person, taken) for work in works(person, network)]


def work_record(work: dict, person: str, taken: set[str]) -> Record:
    where = f"ORCID {person}"
    code = work.get("put-code")
    citation = work.get("citation") or {}
    if (citation.get("citation-type") or "").lower() == "bibtex" and (citation.get("citation-value") or "").strip():
        try:
            record = parse_bibtex(citation["citation-value"], f"ORCID work {code}")[0]
        except ImportFailed:
            record = None  # a broken citation: the work's own fields still say enough
        if record is not None:
            record.where = where
            _add_identifiers(record.fields, work)
            record.key = _unique(record.key, taken)
            return record
    entry_type, venue_field = _TYPES.get(work.get("type") or "", ("misc", None))
    fields: dict[str, str] = {}
    authors = [
        _value(contributor.get("credit-name"))
        for contributor in (work.get("contributors") or {}).get("contributor") or []
        if ((contributor.get("contributor-attributes") or {}).get("contributor-role") or "author") == "author"
    ]
    if authors := [escape(name) for name in authors if name]:
        fields["author"] = " and ".join(authors)
    title = _value((work.get("title") or {}).get("title"))
    subtitle = _value((work.get("title") or {}).get("subtitle"))
    if not title:
        raise ImportFailed(f"ORCID work {code} of {person}: it has no title")
    fields["title"] = escape(f"{title}: {subtitle}" if subtitle else title)
    venue = _value(work.get("journal-title"))
    if venue:
        fields[venue_field or ("journal" if entry_type == "article" else "howpublished")] = escape(venue)
    date = work.get("publication-date") or {}
    if year := _value(date.get("year")):
        fields["year"] = year
    if (month := _value(date.get("month"))) and month.isdigit() and 1 <= int(month) <= 12:
        fields["month"] = _MONTHS[int(month) - 1]
    _add_identifiers(fields, work)
    if url := _value(work.get("url")):
        fields.setdefault("url", url)
    key = _unique(_key(authors, year, title), taken)
    return Record(key, entry_type, fields, where)


def _add_identifiers(fields: dict[str, str], work: dict) -> None:
    for identifier in (work.get("external-ids") or {}).get("external-id") or []:
        if identifier.get("external-id-relationship") not in (None, "self"):
            continue  # "version-of", "part-of": another work's identifier
        kind = (identifier.get("external-id-type") or "").lower()
        value = (identifier.get("external-id-value") or "").strip()
        if kind == "doi" and value and "doi" not in fields:
            fields["doi"] = value
        elif kind == "arxiv" and value and "eprint" not in fields:
            fields["eprinttype"] = "arXiv"
            fields["eprint"] = value.removeprefix("arXiv:").removeprefix("arxiv:")


def _key(authors: list[str], year: str | None, title: str) -> str:
    """barbette2022packet: the first author's family name, the year, the title's first long word."""
    first = authors[0] if authors else ""
    family = first.split(",")[0] if "," in first else (first.split() or [""])[-1]
    word = next((w for w in re.findall(r"[^\W\d_]+", title) if len(w) > 3), "")
    return (_ascii(family) + (year or "") + _ascii(word)) or "work"


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", text.encode("ascii", "ignore").decode().lower())


def _unique(key: str, taken: set[str]) -> str:
    candidate, suffix = key, ord("a")
    while candidate.lower() in taken:
        candidate, suffix = f"{key}{chr(suffix)}", suffix + 1
    taken.add(candidate.lower())
    return candidate


def _value(node) -> str | None:
    if isinstance(node, dict):
        node = node.get("value")
    return node.strip() if isinstance(node, str) and node.strip() else None


def _json(answer, url: str):
    try:
        return answer.json()
    except ValueError:
        raise ImportFailed(f"{url}: not JSON (it starts with {answer.text.strip()[:40]!r})") from None

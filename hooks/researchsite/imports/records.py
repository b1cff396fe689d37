"""Publications as imports handle them: BibTeX entries read from a source or from papers/, what
says two of them are one paper (DOI, arXiv id, title and year), and BibTeX written DBLP's way."""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass

import bibtexparser
from bibtexparser.model import Entry, ParsingFailedBlock

from .fetch import ImportFailed

# bibtexparser logs each block it cannot read; the import reports the first one itself, located.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ARXIV = re.compile(r"(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
_MONTHS = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())
_LATEX_COMMAND = re.compile(r"\\[a-zA-Z]+|\\.")


@dataclass
class Record:
    """One entry: its key and type, its fields (names in lower case, values as BibTeX has them,
    without the outer braces), and where it was read, for the messages."""

    key: str
    entry_type: str
    fields: dict[str, str]
    where: str  # papers/barbette.bib:14, or the source: DBLP 144/5003
    line: int | None = None
    mine: bool = False  # the researcher's own, in a file of papers/ that sync does not write

    @property
    def doi(self) -> str | None:
        raw = self.fields.get("doi", "")
        found = _DOI.search(raw)
        return found.group(0).rstrip(".,;").lower() if found else None

    @property
    def arxiv(self) -> str | None:
        fields = self.fields
        archive = (fields.get("eprinttype") or fields.get("archiveprefix") or "").lower()
        candidates = [fields.get("arxiv", "")]
        if archive == "arxiv" or not archive:
            candidates.append(fields.get("eprint", ""))
        if (doi := self.doi) and (found := _ARXIV_DOI.match(doi)):
            candidates.append(found.group(1))
        if _is_arxiv_journal(fields):  # DBLP's CoRR entries: volume = {abs/2101.01234}
            candidates.append(fields.get("volume", ""))
        for value in candidates:
            if found := _ARXIV.search(value):
                return found.group(1)
        return None

    @property
    def year(self) -> str | None:
        found = re.search(r"\d{4}", self.fields.get("year") or self.fields.get("date") or "")
        return found.group(0) if found else None

    @property
    def title(self) -> str:
        return normalised_title(self.fields.get("title", ""))

    @property
    def preprint(self) -> bool:
        """arXiv's copy (DBLP's CoRR entries, ORCID's preprints) rather than a published version."""
        if _is_arxiv_journal(self.fields):
            return True
        venue = self.fields.get("booktitle") or self.fields.get("journal") or self.fields.get("journaltitle")
        return venue is None and self.entry_type in ("misc", "unpublished", "online", "article") and self.arxiv is not None

    @property
    def label(self) -> str:
        return f"{self.key} ({self.where})"


def _is_arxiv_journal(fields: dict[str, str]) -> bool:
    journal = (fields.get("journal") or fields.get("journaltitle") or "").strip().lower()
    return journal == "corr" or journal.startswith("arxiv")


def normalised_title(title: str) -> str:
    """Lower case letters and digits only, accents and LaTeX dropped: the same title however typed."""
    text = _LATEX_COMMAND.sub("", title)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def same_paper(a: Record, b: Record) -> str | None:
    """Why `a` and `b` are one paper (in words for the report), or None."""
    if a.doi and a.doi == b.doi:
        return f"same DOI {a.doi}"
    if a.arxiv and a.arxiv == b.arxiv:
        return f"same arXiv id {a.arxiv}"
    if a.title and a.title == b.title:
        if a.year == b.year:
            return "same title and year"
        if a.preprint != b.preprint:  # the preprint often comes a year before the paper
            return "same title, one the arXiv preprint"
    return None


def parse_bibtex(text: str, where: str) -> list[Record]:
    """The entries of `text`, or ImportFailed naming the first block that is not BibTeX."""
    library = bibtexparser.parse_string(text)
    for block in library.blocks:
        if isinstance(block, ParsingFailedBlock):
            line = block.start_line + 1
            raise ImportFailed(f"{where}:{line}: not BibTeX the parser can read ({_first_line(block.raw)!r})")
    entries = [block for block in library.blocks if isinstance(block, Entry)]
    if not entries:
        raise ImportFailed(f"{where}: not BibTeX: no entry in it (it starts with {_first_line(text)!r})")
    return [_record(entry, where) for entry in entries]


def _record(entry: Entry, where: str) -> Record:
    fields = {name.lower(): value for name, value in ((f.key, f.value) for f in entry.fields) if isinstance(value, str)}
    return Record(entry.key, entry.entry_type.lower(), fields, where, entry.start_line + 1)


def _first_line(text: str) -> str:
    stripped = text.strip()
    return stripped.splitlines()[0][:60] if stripped else ""


# DBLP's layout: the value column at 15, `@type{key,`, one field a line, no trailing comma.
def format_entry(record: Record) -> str:
    lines = [f"@{record.entry_type}{{{record.key},"]
    items = [(name, " ".join(value.split())) for name, value in record.fields.items() if value.strip()]
    for number, (name, value) in enumerate(items):
        comma = "," if number < len(items) - 1 else ""
        # A month as BibTeX's macro (jan, ...), as DBLP and Crossref write it; anything else braced.
        shown = value.lower() if name == "month" and value.lower() in _MONTHS else f"{{{value}}}"
        lines.append(f"  {name:<12} = {shown}{comma}")
    return "\n".join(lines) + "\n}"


_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}"}


def escape(text: str) -> str:
    """Plain text (ORCID's titles and names) as a BibTeX value: braces and backslashes stay text."""
    return "".join(_ESCAPES.get(char, char) for char in " ".join(text.split()))


def digest(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


def field_digests(record: Record) -> dict[str, str]:
    return {name: hashlib.sha256(" ".join(value.split()).encode("utf-8")).hexdigest()[:10] for name, value in record.fields.items()}

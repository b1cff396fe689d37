"""Citation exports of the papers: BibTeX as the file says it (minus site-only fields), RIS and
CSL-JSON from the decoded paper, for reference managers and citation processors.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterable

from ..structure.paper import MARKS_AFTER_NAME, NAME_FIELDS, Author, Paper
from .text import plain

# Who, what, where, when, then identifiers: the order bibliographies and DBLP write them in.
_FIELD_ORDER = (
    "author", "editor", "title", "subtitle",
    "booktitle", "journal", "journaltitle", "school", "institution", "organization",
    "howpublished", "type", "chapter", "edition",
    "year", "month", "day", "date", "volume", "number", "issue", "pages",
    "publisher", "address", "location", "series",
    "isbn", "issn", "doi", "url", "urldate",
    "eprint", "eprinttype", "archiveprefix", "primaryclass", "eprintclass", "arxiv", "note",
)  # then unknown fields alphabetically, then the abstract
_RANK = {name: rank for rank, name in enumerate(_FIELD_ORDER)}

_MONTH_MACROS = {number: calendar.month_abbr[number].lower() for number in range(1, 13)}
_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH_NUMBERS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTH_NUMBERS |= {str(number): number for number in range(1, 13)}
_MONTH_NUMBERS |= {f"{number:02d}": number for number in range(1, 13)}

# A backslash pair, a brace, a run of other text, or a lone backslash ending the value.
_TOKENS = re.compile(r"\\.|[{}]|[^\\{}]+|\\$", re.DOTALL)


def bibtex_entry(paper: Paper, leave_out: frozenset[str] = frozenset()) -> str:
    """One paper as BibTeX: as its file writes it, LaTeX intact, without the site's own fields
    (nor `leave_out`), in a stable order."""
    fields = {name: value for name, value in paper.bibtex.items() if name not in leave_out}
    names = sorted(fields, key=_field_sort_key)
    width = max((len(name) for name in names), default=0)
    lines = [f"@{paper.entry_type}{{{paper.key},"]
    for name in names:
        lines.append(f"  {name.ljust(width)} = {_bibtex_value(name, fields[name])},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def bibtex_file(papers: Iterable[Paper]) -> str:
    """Papers as one .bib file; crossref parents need not be included, their fields are inlined."""
    return "\n".join(bibtex_entry(paper) for paper in papers)


def joined_bibtex(entries: list[str]) -> str:
    """Entries made by bibtex_entry as one file, as bibtex_file writes it."""
    return "\n".join(entries)


def _field_sort_key(name: str) -> tuple[int, str]:
    if name == "abstract":
        return len(_FIELD_ORDER) + 1, name
    return _RANK.get(name, len(_FIELD_ORDER)), name


def _bibtex_value(name: str, value: str) -> str:
    if name in NAME_FIELDS:
        # al-folio's marks ("Einstein*†") would be read as part of the names.
        value = MARKS_AFTER_NAME.sub("", value)
    if name == "month":
        number = _MONTH_NUMBERS.get(value.strip().lower().rstrip("."))
        if number:
            # The macro, not `{April}`: styles abbreviate or translate it as they need.
            return _MONTH_MACROS[number]
    return "{" + (value if _brace_safe(value) else _make_brace_safe(value)) + "}"


def _brace_safe(value: str) -> bool:
    """Whether `{value}` reads back as `value` both in BibTeX and in bibtexparser.

    BibTeX counts every brace, `\\{` included; bibtexparser 2 skips any brace right after a
    backslash, even the second one of `\\\\`. Both readings must balance.
    """
    bibtex = parser = 0
    previous = ""
    for token in _TOKENS.findall(value):
        if token in ("{", "}"):
            if previous == "\\\\":
                return False
            step = 1 if token == "{" else -1
            bibtex, parser = bibtex + step, parser + step
        elif token in ("\\{", "\\}"):
            bibtex += 1 if token == "\\{" else -1
        elif token == "\\":
            return False  # would escape the closing brace
        if bibtex < 0 or parser < 0:
            return False
        previous = token
    return bibtex == parser == 0 and previous != "\\\\"  # nor may `\\` touch the closing brace


def _make_brace_safe(value: str) -> str:
    """The value rewritten to balance: rare, since the source .bib had to parse too.

    Quoting with `"` would only fool bibtexparser: BibTeX requires balanced braces inside
    quotes as well. So escaped braces become their text commands, stray braces are dropped.
    """
    tokens = _TOKENS.findall(value)
    if tokens and tokens[-1] == "\\":
        tokens.pop()  # a lone backslash at the end would escape the closing brace
    out: list[str] = []
    open_at: list[int] = []  # positions in `out` of braces not closed yet
    for index, token in enumerate(tokens):
        if token == "\\{":
            out.append(r"\textbraceleft{}")
        elif token == "\\}":
            out.append(r"\textbraceright{}")
        elif token == "{":
            open_at.append(len(out))
            out.append(token)
        elif token == "}":
            if open_at:
                open_at.pop()
                out.append(token)
            else:
                out.append("")
        elif token == "\\\\" and (index + 1 == len(tokens) or tokens[index + 1] in ("{", "}")):
            out.append("\\\\ ")  # LaTeX skips spaces after \\; bibtexparser then sees the brace
        else:
            out.append(token)
    for position in open_at:
        out[position] = ""
    return "".join(out)


# --- RIS -------------------------------------------------------------------------------------

# Conference papers are CPAPER ("conference paper"), not CONF (the proceedings volume); Zotero
# reads both as a conference paper. RIS has no preprint type: UNPB ("unpublished work") is what
# EndNote offers, and Zotero reads it as a journal article, as it would JOUR.
_RIS_TYPES = {
    "journal": "JOUR",
    "conference": "CPAPER",
    "workshop": "CPAPER",
    "thesis": "THES",
    "report": "RPRT",
    "preprint": "UNPB",
    "book": "BOOK",
    "other": "GEN",
}
# Where the entry type says more than the kind. Keyed by both: a kind set in the YAML or by a
# venue rule (an @incollection that is really a journal paper) wins over the entry type.
_RIS_TYPES_BY_ENTRY = {
    ("book", "inbook"): "CHAP",
    ("book", "incollection"): "CHAP",
    ("other", "unpublished"): "UNPB",
    ("other", "online"): "ELEC",
    ("other", "electronic"): "ELEC",
    ("other", "www"): "ELEC",
}


def ris_record(paper: Paper) -> str:
    """One paper as an RIS record, in decoded Unicode.

    Lines end in CRLF, as the RIS specification says and as EndNote and Zotero write it;
    both read LF too. Values are single lines: RIS has no continuation lines that all
    importers agree on, so newlines (paragraphs of an abstract) become spaces.
    """
    lines = [("TY", _ris_type(paper))]
    authors, editors = _people(paper)
    # "Last, First, Suffix" as the spec says; a corporate name has no comma to split on.
    lines += [("AU", _ris_name(name)) for name in authors]
    lines += [("ED", _ris_name(name)) for name in editors]  # Zotero reads ED as editor for all types
    lines.append(("TI", plain(paper.title)))
    container, publisher = _container_and_publisher(paper)
    lines.append(("T2", container))
    if paper.year is not None:
        lines.append(("PY", f"{paper.year:04d}"))
        if paper.month:
            # YYYY/MM/DD/other, empty parts kept: the form Zotero and EndNote parse.
            day = f"{paper.day:02d}" if paper.day else ""
            lines.append(("DA", f"{paper.year:04d}/{paper.month:02d}/{day}/"))
    is_report = paper.kind == "report"
    lines += [("VL", paper.volume), ("IS", None if is_report else paper.number)]
    if paper.first_page:
        lines += [("SP", paper.first_page), ("EP", paper.last_page)]
    elif paper.pages:  # a list of ranges, or text: RIS has only SP for it
        lines.append(("SP", paper.pages))
    lines += [
        ("PB", publisher),
        ("CY", paper.place),
        ("M3", paper.genre if paper.kind == "thesis" else None),
        # SN is the ISSN, ISBN or report number depending on the type.
        ("SN", paper.number if is_report else _serial(paper)),
        ("DO", paper.doi),
        ("UR", _url(paper)),
        ("AB", plain(paper.abstract)),
    ]
    out = [f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines if value and _one_line(value)]
    out.append("ER  - \r\n")
    return "".join(out)


def ris_file(papers: Iterable[Paper]) -> str:
    return "\r\n".join(ris_record(paper) for paper in papers)


def joined_ris(records: list[str]) -> str:
    """Records made by ris_file, one paper each, as one file, as ris_file writes it."""
    return "\r\n".join(records)


def _ris_type(paper: Paper) -> str:
    by_entry = _RIS_TYPES_BY_ENTRY.get((paper.kind, paper.entry_type))
    return by_entry or _RIS_TYPES.get(paper.kind, "GEN")


def _ris_name(person: Author) -> str:
    if person.is_corporate:
        return person.last
    return ", ".join(part for part in (person.family, person.first, person.jr) if part)


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


# --- CSL-JSON --------------------------------------------------------------------------------

_CSL_TYPES = {
    "journal": "article-journal",
    "conference": "paper-conference",
    "workshop": "paper-conference",
    "thesis": "thesis",
    "report": "report",
    "preprint": "article",  # CSL 1.0.2: "article" is the preprint / working paper type
    "book": "book",
    "other": "document",
}
_CSL_TYPES_BY_ENTRY = {
    ("book", "inbook"): "chapter",
    ("book", "incollection"): "chapter",
    ("other", "unpublished"): "manuscript",
    ("other", "online"): "webpage",
    ("other", "electronic"): "webpage",
    ("other", "www"): "webpage",
    ("other", "software"): "software",
    ("other", "dataset"): "dataset",
}


def csl_item(paper: Paper) -> dict:
    """One paper as a CSL-JSON item (valid against the CSL 1.0.2 csl-data schema).

    `and others` is dropped here and in RIS: neither format has an et-al marker, and a name
    `{"literal": "others"}` would be printed as an author called "others" by processors that
    do not special-case it. The style's own et-al rules shorten the list as it wants.
    """
    item: dict = {"id": paper.key, "type": _csl_type(paper), "title": plain(paper.title)}
    authors, editors = _people(paper)
    if authors:
        item["author"] = [_csl_name(name) for name in authors]
    if editors:
        item["editor"] = [_csl_name(name) for name in editors]
    container, publisher = _container_and_publisher(paper)
    optional = {
        "container-title": container,
        "genre": paper.genre if paper.kind == "thesis" else None,
        "volume": paper.volume,
        "issue": None if paper.kind == "report" else paper.number,
        "number": paper.number if paper.kind == "report" else None,  # the report's number
        "page": paper.pages.replace("–", "-") if paper.pages else None,
        "publisher": publisher,
        "publisher-place": paper.place,
        "ISBN": paper.isbn,
        "ISSN": paper.issn,
        "DOI": paper.doi,
        "URL": _url(paper),
        "abstract": plain(paper.abstract, paragraphs=True),
    }
    if paper.year is not None:
        # To the precision the paper has: [2022], [2022, 4] or [2022, 4, 5].
        parts = [paper.year, paper.month, paper.day if paper.month else None]
        item["issued"] = {"date-parts": [[part for part in parts if part]]}
    # An unknown year leaves `issued` out: processors print "n.d.", which is the truth.
    item |= {name: value for name, value in optional.items() if value}
    return item


def csl_json(papers: Iterable[Paper]) -> str:
    # Keys stay in the order csl_item builds them (id, type, title first, for a human reading
    # the file): that order is fixed by the code, so the output is reproducible without
    # sort_keys, which would put DOI and URL first.
    return json.dumps([csl_item(paper) for paper in papers], ensure_ascii=False, indent=2) + "\n"


def joined_csl_json(files: list[str]) -> str:
    """Files made by csl_json, one paper each, as one file, as csl_json writes it: each holds
    `[`, its item indented by two, `]`."""
    if not files:
        return csl_json([])
    return "[\n" + ",\n".join(text.removeprefix("[\n").removesuffix("\n]\n") for text in files) + "\n]\n"


def _csl_type(paper: Paper) -> str:
    by_entry = _CSL_TYPES_BY_ENTRY.get((paper.kind, paper.entry_type))
    return by_entry or _CSL_TYPES.get(paper.kind, "document")


def _csl_name(person: Author) -> dict[str, str]:
    if person.is_corporate:
        return {"literal": person.last}
    parts = {
        "family": person.last,
        "given": person.first,
        "non-dropping-particle": person.von,
        "suffix": person.jr,
    }
    return {key: value for key, value in parts.items() if value}


# --- shared ----------------------------------------------------------------------------------


def _people(paper: Paper) -> tuple[list[Author], list[Author]]:
    """Authors and editors, roles kept apart (a translator has no place in either format's
    core fields)."""
    return paper.authors, paper.editors


# Publications of their own: what their venue line shows (the publisher, how it was published)
# is never a container, unless the researcher's venue rule or YAML made one a journal paper.
_WHOLE_PUBLICATIONS = frozenset(
    "book booklet manual misc mvbook collection mvcollection proceedings mvproceedings reference mvreference periodical".split()
)


_VOLUMES = frozenset("book mvbook collection mvcollection proceedings mvproceedings reference mvreference periodical".split())


def _container_and_publisher(paper: Paper) -> tuple[str | None, str | None]:
    """Where the paper appeared, and who published it.

    A thesis's school and a report's institution are its publisher in both formats (Zotero's
    RIS reads PB as university/institution; CSL styles print `publisher` for them). A book,
    booklet, manual, misc or proceedings volume has no container: its publisher is its
    publisher (or organization), else how it was published (`howpublished`).
    """
    venue = plain(paper.venue.name) if paper.venue else None
    publisher = plain(paper.publisher) if paper.publisher else None
    if paper.kind in ("thesis", "report"):
        return None, venue or publisher
    if paper.entry_type in _WHOLE_PUBLICATIONS and paper.kind not in ("journal", "conference", "workshop"):
        fields = paper.bibtex
        if "journal" in fields or "journaltitle" in fields:  # a @misc that is a journal's article
            return venue, publisher
        if "booktitle" in fields:
            # A volume's own `booktitle` is its title; a @misc's is where it appeared.
            return (None if paper.entry_type in _VOLUMES else venue), publisher
        return None, publisher or venue  # who published it, or how: school, howpublished
    return venue, publisher


def _serial(paper: Paper) -> str | None:
    return paper.issn if paper.kind == "journal" else paper.isbn


def _url(paper: Paper) -> str | None:
    if paper.url:
        return paper.url
    return f"https://arxiv.org/abs/{paper.arxiv}" if paper.arxiv else None

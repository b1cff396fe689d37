"""The venue line: where and when a paper appeared, composed once for every page, the CV and
its PDF, its date in the site's `date_format` (hence here, not in structure/: it is shown text)."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..structure.paper import Paper, names_year
from . import text


class Part(NamedTuple):
    """A piece of a paper's venue line; `role` says which (venue, genre, volume, number, pages,
    publisher, date), for the templates to mark up."""

    role: str
    text: str


def venue_line(paper: Paper, date_format: str = text.DATE_FORMAT) -> list[Part]:
    """Where and when the paper appeared, in the order citations give it, each piece once:
    "PhD thesis, KTH", "J. of X, vol. 3, no. 2, pp. 1–9, ACM, April 2022", "RFC 8457, 2018".

    The one composition the list, the paper page, the home page, the announcements and the
    meta descriptions share, so that they all say the same. The short name ("NSDI '22") is not
    a part: it is shown apart, as a badge.
    """
    parts: list[Part] = []
    venue = paper.venue.name if paper.venue else None
    if paper.genre and paper.kind == "thesis":
        parts.append(Part("genre", paper.genre))
    if venue:
        parts.append(Part("venue", venue))
    elif paper.arxiv:  # a preprint appeared there, whatever the entry's fields say
        parts.append(Part("venue", f"arXiv:{paper.arxiv}"))
    if paper.genre and paper.kind != "thesis" and not _says(venue, paper.genre):
        parts.append(Part("genre", paper.genre))
    if paper.volume:
        parts.append(Part("volume", f"vol. {paper.volume}"))
    said = " ".join(part.text for part in parts)
    if paper.number and not _says(said, paper.number):  # "RFC 8457" or "Technical Report 42" said it
        parts.append(Part("number", f"no. {paper.number}"))
    if paper.pages:
        if paper.first_page is None:  # not page numbers: as written
            parts.append(Part("pages", paper.pages))
        else:
            several = "–" in paper.pages or "," in paper.pages
            parts.append(Part("pages", f"{'pp.' if several else 'p.'} {paper.pages}"))
    if paper.publisher and not _says(said, paper.publisher):
        parts.append(Part("publisher", paper.publisher))
    if paper.year:
        until = f"–{paper.end_year}" if paper.end_year else ""
        # "Proc. of HPSR 2021" and "NSDI '22" said the year already: the month alone, if any
        # (a range of years is still written whole: the venue names only its start).
        if names_year(venue, paper.year) and not until:
            when = text.month_alone(paper.month, date_format) if paper.month else ""
        elif paper.month:  # as a talk known to the month: `date_format` less its day
            when = text.month_text(paper.year, paper.month, date_format) + until
        else:
            when = f"{paper.year}{until}"
        if when:
            parts.append(Part("date", when))
    # A field that ends in its own separator ("American Physical Society," in al-folio's
    # example) would print two commas in a row.
    return [Part(part.role, part.text.rstrip(" ,;")) for part in parts]


def venue_text(paper: Paper, date_format: str = text.DATE_FORMAT) -> str:
    """The venue line as one line of text, short name first."""
    short = paper.venue.short if paper.venue else None
    line = ", ".join(part.text for part in venue_line(paper, date_format))
    return f"{short} · {line}" if short and line else short or line


def _says(text: str | None, value: str) -> bool:
    """Whether `value` already stands in `text` as whole words ("RFC 8457" says 8457)."""
    return bool(text) and re.search(rf"(?<!\w){re.escape(value.strip())}(?!\w)", text) is not None

"""Decide whether a name in a paper is the owner or a known co-author, across spellings.

"T. Barbette", "Tom Barbette" and "Barbette, Tom" are one person; "Dejan Kostić" and
"Dejan Kostic" too. Two full given names that differ are two people.
"""

from __future__ import annotations

import re
import unicodedata

from .load.entries import Name
from .load.names import parse_name
from .structure.paper import Author
from .structure.site import SiteConfig

_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed: the form names are compared in."""
    decomposed = unicodedata.normalize("NFKD", text)
    # Lower case first: "Ø", "Ł" and "Đ" have no decomposition either, and were left unfolded.
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    plain = plain.replace("ø", "o").replace("ł", "l").replace("ß", "ss").replace("đ", "d")
    return " ".join(re.sub(r"[^\w\s]", " ", plain).split())


def parse_written_name(text: str) -> Name:
    """A name as written in the site's config: "Last, First" or "First von Last", split as BibTeX
    splits the papers' names (a hand-made split put "van" of "Ludwig van Beethoven" in the first
    name, so he never matched the BibTeX "van Beethoven")."""
    return parse_name(text) or Name(last=text.strip())


def _without_trailing_suffix(name: Name) -> Name:
    # BibTeX reads "Gerald Q. Maguire Jr." as last name "Jr.": the surname is the word before.
    if fold(name.last) in _SUFFIXES and not name.von and name.first.split():
        *first, last = name.first.split()
        return Name(first=" ".join(first), last=last, jr=name.last)
    return name


def same_person(a: Name, b: Name) -> bool:
    a, b = _without_trailing_suffix(a), _without_trailing_suffix(b)
    if _surname(a) != _surname(b) or not _surname(a):
        return False
    given_a, given_b = _given(a), _given(b)
    for x, y in zip(given_a, given_b):
        if len(x) > 1 and len(y) > 1 and x != y:
            return False
        if x[0] != y[0]:
            return False
    return True


def _surname(name: Name) -> str:
    words = fold(f"{name.von} {name.last}").split()
    return " ".join(word for word in words if word not in _SUFFIXES)


def _given(name: Name) -> list[str]:
    # "G. Q." and "Gerald Q." split to initials and names; a hyphen joins "Jean-Luc" as "jean luc".
    return [word for word in fold(name.first).split() if word not in _SUFFIXES]


class Directory:
    """The owner's names and the co-authors' pages, looked up by a paper's author names."""

    def __init__(self, owner_names: list[str], people: list[tuple[list[str], str]]):
        self._owner = [parse_written_name(name) for name in owner_names]
        self._people = [([parse_written_name(name) for name in names], url) for names, url in people]
        # Co-authors recur from paper to paper: each name is compared with everyone once.
        self._is_owner: dict[Name, bool] = {}
        self._pages: dict[Name, str | None] = {}

    def is_owner(self, name: Name) -> bool:
        if name not in self._is_owner:
            self._is_owner[name] = any(same_person(name, known) for known in self._owner)
        return self._is_owner[name]

    def author(self, name: Name | str) -> Author:
        """A name as a paper's author list shows it: bold when it is the owner's, linked when
        people.yml gives their page. A written name ("Dejan Kostić") is split as BibTeX would."""
        name = parse_written_name(name) if isinstance(name, str) else name
        return Author(
            name=name.display,
            last=name.last,
            first=name.first,
            von=name.von,
            jr=name.jr,
            marks=name.marks,
            is_owner=self.is_owner(name),
            url=self.page_of(name),
        )

    def page_of(self, name: Name) -> str | None:
        if name not in self._pages:
            self._pages[name] = next(
                (url for names, url in self._people if any(same_person(name, known) for known in names)),
                None,
            )
        return self._pages[name]


def people_directory(config: SiteConfig) -> Directory:
    """The owner's names and every co-author people.yml links, as the site's pages match them."""
    return Directory(
        [config.owner.name, *config.owner.name_variants],
        [([person.name, *person.variants], person.url) for person in config.people],
    )

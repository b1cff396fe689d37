"""What the BibTeX loader hands to the model: entries as the files say them, decoded for display."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Name:
    """One person's name split the BibTeX way, each part decoded to Unicode."""

    first: str = ""
    von: str = ""
    last: str = ""
    jr: str = ""
    marks: str = ""  # al-folio's superscript marks written after the name ("Einstein*†"), apart from it

    @property
    def display(self) -> str:
        """The name as a reader writes it: "Gerald Q. Maguire Jr.", "Ludwig van Beethoven"."""
        main = " ".join(part for part in (self.first, self.von, self.last) if part)
        return f"{main} {self.jr}" if self.jr else main  # "Maguire Jr.": current styles drop the comma


@dataclass
class BibEntry:
    key: str
    entry_type: str  # lower case: "article", "inproceedings", ...
    path: str  # as the researcher sees it, relative to the project root
    line: int  # 1-based line of the `@type{` that opens the entry
    # Values after @string, `#` and crossref resolution, outer braces/quotes removed, LaTeX intact:
    # what BibTeX exports are written from. Keys lower case, in the file's order.
    fields: dict[str, str] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)  # 1-based
    inherited: frozenset[str] = frozenset()  # fields that came from the crossref parent
    # Displayed fields only, decoded to Unicode; math kept as `$...$` for the page's renderer.
    text: dict[str, str] = field(default_factory=dict)
    authors: list[Name] = field(default_factory=list)
    editors: list[Name] = field(default_factory=list)
    translators: list[Name] = field(default_factory=list)
    authors_et_al: bool = False  # the list ended in "and others"
    editors_et_al: bool = False
    duplicate: bool = False  # a second entry with a key already used: checked, never shown
    unreadable: bool = False  # the parser gave up on it (a problem says why): only the key is known
    # What it was made from (its file, text and the @strings), as a digest, for the caches of a
    # rebuild (`mkdocs serve`); "" when that is not known (an entry in a crossref, a failed load).
    source: str = field(default="", compare=False)

"""A page's `[@key]` citations as numbered links to the papers' pages, and its references at the
end, in the order of first citation. The markup is the `citations.md.j2` template's."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..load.citations import Citation, in_reading_order
from ..structure.paper import Paper


@dataclass(frozen=True)
class Numbered:
    """One cited paper as the marker shows it."""

    paper: Paper
    number: int
    prefix: Markup  # the researcher's own Markdown, as written
    suffix: Markup


@dataclass(frozen=True)
class Marker:
    items: list[Numbered]
    in_text: bool
    authors: str  # for a citation in the text: "Barbette et al."

    @property
    def annotated(self) -> bool:
        """With words around a number, the items are told apart by ';' as pandoc writes them."""
        return any(item.prefix or item.suffix for item in self.items)


def cite(markdown: str, citations: list[Citation], papers: dict[str, Paper], macros) -> str:
    """`markdown` with each citation replaced by its marker, and the references appended.

    `macros` is citations.md.j2 made into a module for the page (its links are relative to it)."""
    if not citations:
        return markdown
    numbers: dict[str, int] = {}
    for citation in in_reading_order(citations):  # a footnote's citations where its mark is
        for key in citation.keys:
            numbers.setdefault(key, len(numbers) + 1)
    pieces, end = [], len(markdown)
    for citation in reversed(citations):  # from the end, so that earlier offsets stay right
        pieces.append(markdown[citation.end : end])
        pieces.append(str(macros.marker(_marker(citation, numbers, papers))))
        end = citation.start
    pieces.append(markdown[:end])
    cited = sorted(numbers, key=numbers.get)
    references = str(macros.references([Reference(papers[key], reference_authors(papers[key])) for key in cited]))
    return "".join(reversed(pieces)).rstrip() + "\n\n" + references.strip() + "\n"


@dataclass(frozen=True)
class Reference:
    paper: Paper
    authors: str


def reference_authors(paper: Paper) -> str:
    """Every author, as the publication list names them, without a doubled full stop after "Jr."."""
    names = [person.name for person in paper.authors]
    if not names:
        return ""
    listed = ", ".join(names) + (" et al." if paper.authors_et_al else "")
    return listed.removesuffix(".")


def cited_authors(paper: Paper) -> str:
    """The authors as a citation in the text names them: "Barbette", "Barbette and Katsikas",
    "Barbette et al."."""
    people = paper.authors or paper.editors
    if not people:
        return paper.heading
    if len(people) > 2 or paper.authors_et_al:
        return f"{people[0].family} et al."
    return " and ".join(person.family for person in people)


def _marker(citation: Citation, numbers: dict[str, int], papers: dict[str, Paper]) -> Marker:
    items = [Numbered(papers[item.key], numbers[item.key], Markup(item.prefix), Markup(item.suffix)) for item in citation.items]
    return Marker(items, citation.in_text, cited_authors(items[0].paper) if citation.in_text else "")

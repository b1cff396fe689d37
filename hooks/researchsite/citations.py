"""Which papers a page or post cites (`[@key]`), checked against the site's papers: a cited key
that no paper has is a located warning, and that citation is left as written."""

from __future__ import annotations

from dataclasses import dataclass, field

from .load.citations import Citation, find_citations
from .load.pages import PageSource
from .load.schema import closest
from .papers import Publications
from .structure.problems import Problem, warning


@dataclass
class CitingPage:
    """A page of the researcher's own (not a post) that cites papers."""

    path: str  # under content/, as MkDocs names it
    source: str  # the file, for problems
    markdown: str  # as written
    citations: list[Citation] = field(default_factory=list)

    @property
    def cited(self) -> list[str]:
        return cited_keys(self.citations)


def cited_keys(citations: list[Citation]) -> list[str]:
    """The keys cited, each once, in the order they are first cited (the references' order)."""
    return list(dict.fromkeys(key for citation in citations for key in citation.keys))


def checked_citations(markdown: str, source: str, publications: Publications, first_line: int = 1) -> tuple[list[Citation], list[Problem]]:
    """The citations of `markdown` that name papers of the site. A bracketed one naming another
    key is a warning; `@word` in the text that names no paper is just text (a handle, say)."""
    papers = publications.by_key()
    kept, problems = [], []
    for citation in find_citations(markdown, first_line):
        unknown = [key for key in citation.keys if key not in papers]
        if not unknown:
            kept.append(citation)
        elif not citation.in_text:
            for key in unknown:
                if key not in publications.unreadable:  # an unreadable entry has its own error
                    problems.append(warning(source, citation.line, f"[@{key}]: no paper has the key '{key}'{closest(key, papers)}"))
    return kept, problems


def citing_pages(sources: list[PageSource], publications: Publications) -> tuple[list[CitingPage], list[Problem]]:
    pages, problems = [], []
    for source in sources:
        citations, found = checked_citations(source.text, source.path, publications)
        problems += found
        if citations:
            pages.append(CitingPage(source.docs_path, source.path, source.text, citations))
    return pages, problems


def tutorial_citation_problems(tutorials: list, publications: Publications) -> list[Problem]:
    """Unknown keys cited in a tutorial's text (its summary, steps, notes and sources), at the
    line of the step or the file's first line (the text's own lines are not kept)."""
    problems = []
    for tutorial in tutorials:
        texts = [(tutorial.summary, 1), *((source.text or "", 1) for source in tutorial.sources)]
        for step in tutorial.steps:
            for unit in (step, *step.variants):
                texts += [(unit.text or "", unit.line), (unit.adapted or "", unit.line)]
        for text, line in texts:
            problems += [
                Problem(problem.path, line, problem.message, problem.severity)
                for problem in checked_citations(text, tutorial.path, publications)[1]
            ]
    return problems

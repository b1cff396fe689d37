"""Which papers a page or post cites (`[@key]`), checked against the site's papers: a cited key
that no paper has is a located warning, and that citation is left as written."""

from __future__ import annotations

from dataclasses import dataclass, field

from .load.citations import Citation, find_citations, in_reading_order
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
    return list(dict.fromkeys(key for citation in in_reading_order(citations) for key in citation.keys))


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


def text_citation_problems(texts: list[tuple[str, str, int]], publications: Publications) -> list[Problem]:
    """Unknown keys cited in Markdown kept in YAML (text, file, line of its field): each problem
    at the field's line, since the text's own lines are not kept."""
    problems = []
    for text, path, line in texts:
        for problem in checked_citations(text, path, publications)[1]:
            problems.append(Problem(problem.path, line, problem.message, problem.severity))
    return problems


def tutorial_citation_problems(tutorials: list, publications: Publications) -> list[Problem]:
    """In a tutorial's summary, steps, notes and sources, at the step's line (or the file's first)."""
    texts = []
    for tutorial in tutorials:
        texts += [(tutorial.summary, tutorial.path, 1), *((source.text or "", tutorial.path, 1) for source in tutorial.sources)]
        for step in tutorial.steps:
            for unit in (step, *step.variants):
                texts += [(unit.text or "", tutorial.path, unit.line), (unit.adapted or "", tutorial.path, unit.line)]
    return text_citation_problems(texts, publications)


def project_citation_problems(projects: list, path: str, publications: Publications) -> list[Problem]:
    """In the projects' descriptions (projects.yml), at each description's line."""
    return text_citation_problems([(p.description, path, p.description_line or 1) for p in projects if p.description], publications)

"""Citation counts as plain objects: the services they are read from, declared once, and what
papers/metrics.json says of each paper (written by `researchsite metrics`, read by the build)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

METRICS_FILE = "papers/metrics.json"


@dataclass(frozen=True)
class CountSource:
    """An open bibliographic service that counts the citations of a paper."""

    label: str  # as a visitor reads it: "OpenAlex"
    record_url: str  # the matched record's page, `{}` for its id as metrics.json keeps it
    base_url: str  # its API, unless RESEARCHSITE_<KEY>_URL says otherwise


# Every service `researchsite metrics` can read, in the order a site lists them by default; the
# first a site lists is the one its pages show. The schemas of site.yml and metrics.json name
# the same keys (tests/unit/test_metrics.py holds them equal).
COUNT_SOURCES = {
    "openalex": CountSource("OpenAlex", "https://openalex.org/works/{}", "https://api.openalex.org"),
    "crossref": CountSource("Crossref", "https://api.crossref.org/works/{}", "https://api.crossref.org"),
    "semantic_scholar": CountSource("Semantic Scholar", "https://www.semanticscholar.org/paper/{}", "https://api.semanticscholar.org"),
}


@dataclass(frozen=True)
class Failure:
    """The latest lookup that did not answer: the count beside it is the last good one."""

    on: date
    error: str  # one line


@dataclass(frozen=True)
class Count:
    """What one service said of one paper. `count` None: it has no such paper (`id` None too)."""

    source: str  # a key of COUNT_SOURCES
    count: int | None
    read: date | None  # when `count` was read; None when no lookup has answered yet
    id: str | None = None  # the service's id of the matched record: W2741809807, a DOI, a paperId
    by: str | None = None  # how it was matched: doi, arxiv or title
    failed: Failure | None = None

    @property
    def found(self) -> bool:
        return self.count is not None

    @property
    def label(self) -> str:
        return COUNT_SOURCES[self.source].label

    @property
    def url(self) -> str | None:
        return COUNT_SOURCES[self.source].record_url.format(self.id) if self.id else None


@dataclass
class Metrics:
    """papers/metrics.json: per paper key, per source, its count."""

    papers: dict[str, dict[str, Count]] = field(default_factory=dict)

    def count(self, key: str, source: str) -> Count | None:
        return self.papers.get(key, {}).get(source)


@dataclass(frozen=True)
class CitationSettings:
    """`citation_counts:` in site.yml: which services, and where the pages show their counts."""

    sources: tuple[str, ...] = tuple(COUNT_SOURCES)  # looked up; the first is shown
    in_list: bool = False  # the publication list's rows too, not only the paper pages
    totals: bool = True  # the CV and the home page: total citations and h-index

    @property
    def shown(self) -> str:
        return self.sources[0]

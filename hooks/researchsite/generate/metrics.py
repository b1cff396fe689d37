"""What the pages say of citation counts, from the model and papers/metrics.json: a paper's
"Cited by 123 (OpenAlex, 1 December 2026)" with its other versions beside it, and the totals and
h-index of the CV and the home page, where a conference and a journal version are one work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..structure.metrics import COUNT_SOURCES, Count, Metrics
from ..structure.paper import Paper
from . import text


@dataclass(frozen=True)
class Shown:
    """One count as a visitor reads it."""

    count: int
    url: str | None  # the service's record
    version: str | None  # None: this paper; else which other version ("its IEEE/ACM ToN version")


@dataclass(frozen=True)
class CitedBy:
    """A paper's line: its count and its other versions' (a record both matched counted once)."""

    counts: tuple[Shown, ...]
    total: int | None  # of the versions together, when there are several
    source: str  # "OpenAlex"
    read: str  # the day, in the site's format, or the first and the last when the counts' differ
    read_iso: str  # the latest
    failed: bool  # the latest lookup failed: these are the last good counts


@dataclass(frozen=True)
class Totals:
    citations: int
    h_index: int
    works: int  # works with a count (versions of one work are one)
    source: str
    read: str  # the day, or "24 November – 1 December 2026" when the counts were read on several
    read_iso: str  # the latest

    @property
    def plain(self) -> str:
        """As plain text, for cv.pdf."""
        return f"{self.citations:,} citation{'s' if self.citations != 1 else ''}, h-index {self.h_index} ({self.source}, {self.read})"


def works(papers: list[Paper]) -> list[list[Paper]]:
    """The papers as works: each with the versions its `extends:` links join to it."""
    by_key = {paper.key: paper for paper in papers}
    groups: dict[str, list[Paper]] = {}
    for paper in papers:
        first, seen = paper, {paper.key}
        while first.extends in by_key and first.extends not in seen:  # a cycle is the loader's error, not a hang here
            seen.add(first.extends)
            first = by_key[first.extends]
        groups.setdefault(first.key, []).append(paper)
    return list(groups.values())


def _counts(versions: list[Paper], metrics: Metrics, source: str) -> list[tuple[Paper, Count]]:
    """The versions that have a count, each record once (a service may hold two versions as one)."""
    found, records = [], set()
    for paper in versions:
        count = metrics.count(paper.key, source)
        if count and count.found and count.read and count.id not in records:  # a count of no known day is not shown
            records.add(count.id)
            found.append((paper, count))
    return found


def cited_by(paper: Paper, versions: list[Paper], metrics: Metrics, source: str, date_format: str) -> CitedBy | None:
    """The line for `paper`, with `versions` (the other versions of its work); None when no
    service count is known for any of them."""
    found = _counts([paper, *versions], metrics, source)
    if not found:
        return None
    counts = tuple(Shown(count.count, count.url, None if other is paper else _version_name(other, paper)) for other, count in found)
    read, latest = _days([count.read for _, count in found], date_format)
    return CitedBy(
        counts,
        sum(shown.count for shown in counts) if len(counts) > 1 else None,
        COUNT_SOURCES[source].label,
        read,
        latest,
        any(count.failed for _, count in found),
    )


def _days(days: list[date], date_format: str) -> tuple[str, str]:
    """When counts were read, as a visitor reads it ("24 November 2026 – 1 December 2026" when a
    lookup failed and kept an older count), and the latest day as ISO."""
    first, last = min(days), max(days)
    shown = text.day_text(last, date_format) if first == last else f"{text.day_text(first, date_format)} – {text.day_text(last, date_format)}"
    return shown, last.isoformat()


def _version_name(other: Paper, paper: Paper) -> str:
    venue = other.venue.short if other.venue and other.venue.short else None
    if venue:
        return f"its {venue} version"
    return "its extended version" if other.extends == paper.key else "its first version"


def totals(papers: list[Paper], metrics: Metrics, source: str, date_format: str) -> Totals | None:
    """All citations and the h-index, a work counted once (its versions' records added)."""
    per_work, days = [], []
    for versions in works(papers):
        found = _counts(versions, metrics, source)
        if found:
            per_work.append(sum(count.count for _, count in found))
            days += [count.read for _, count in found]
    if not per_work:
        return None
    ranked = sorted(per_work, reverse=True)
    h_index = sum(1 for rank, citations in enumerate(ranked, 1) if citations >= rank)
    read, latest = _days(days, date_format)
    return Totals(sum(per_work), h_index, len(per_work), COUNT_SOURCES[source].label, read, latest)
